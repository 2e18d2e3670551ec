//! Turning one operation's parameters and response schema into fields: Rust names, types,
//! styles and facts for the docs, nested structures and shared enums, and identifiers made
//! unique (the canonical spelling of a wire name keeps the plain one).

use std::collections::BTreeMap;

use crate::ir::{EnumDef, Field, RESERVED_TYPES, StructDef, Ty};
use crate::json::Json;
use crate::naming::{pascal, snake};

/// Builds the fields of one operation, collecting its nested structures and shared enums.
pub(crate) struct OpBuilder<'a> {
    pub(crate) op: &'a str,
    pub(crate) overlay: &'a Json,
    pub(crate) enums: &'a mut BTreeMap<String, EnumDef>,
    pub(crate) structs: Vec<StructDef>,
}

impl OpBuilder<'_> {
    pub(crate) fn field(
        &mut self,
        wire: &str,
        schema: &Json,
        path: &str,
        input: bool,
        parent: &str,
    ) -> Result<Field, String> {
        let ty = self.ty(wire, schema, path, input, parent, true)?;
        let aliases = self
            .overlay
            .get("aliases")
            .and_then(|a| a.get(path))
            .map(|l| l.items().iter().filter_map(Json::as_text).collect())
            .unwrap_or_default();
        let mut ident = snake(wire);
        if ident == "new" {
            ident.push('_');
        }
        Ok(Field {
            wire: wire.to_owned(),
            ident,
            doc: facts(schema),
            ty,
            required: schema.flag("required"),
            joined: false,
            style: String::new(),
            max_items: schema
                .text("maxItems")
                .and_then(|m| m.parse().ok())
                .unwrap_or(0),
            aliases,
            deprecated: schema.flag("deprecated"),
        })
    }

    fn ty(
        &mut self,
        wire: &str,
        schema: &Json,
        path: &str,
        input: bool,
        parent: &str,
        is_field: bool,
    ) -> Result<Ty, String> {
        let kind = schema.text("type").unwrap_or_else(|| "string".to_owned());
        let format = schema.text("format").unwrap_or_default();
        Ok(match kind.as_str() {
            "integer" if format == "int32" => Ty::I32,
            "integer" => Ty::I64,
            "number" => Ty::F64,
            "boolean" => Ty::Bool,
            "array" => {
                let items = schema.get("items").unwrap_or(&Json::Null);
                Ty::List(Box::new(self.ty(wire, items, path, input, parent, false)?))
            }
            "object" => {
                let props = schema
                    .get("properties")
                    .map(Json::members)
                    .unwrap_or_default();
                if props.is_empty() {
                    return Ok(Ty::Json);
                }
                if !input
                    && is_field
                    && props.len() == 1
                    && props[0].1.text("type").as_deref() == Some("array")
                {
                    let (item, array) = &props[0];
                    let items = array.get("items").unwrap_or(&Json::Null);
                    let inner =
                        self.ty(item, items, &format!("{path}.{item}"), input, parent, false)?;
                    return Ok(Ty::Wrapped {
                        item: item.clone(),
                        inner: Box::new(inner),
                    });
                }
                let name = pascal(wire);
                let mut fields = Vec::new();
                let struct_name_hint = name.clone();
                for (pw, ps) in props {
                    fields.push(self.field(
                        pw,
                        ps,
                        &format!("{path}.{pw}"),
                        input,
                        &struct_name_hint,
                    )?);
                }
                dedupe_idents(&mut fields);
                let def = StructDef {
                    name,
                    doc: String::new(),
                    fields,
                    input,
                    output: !input,
                };
                Ty::Struct(self.register_struct(def, parent))
            }
            _ => {
                let values: Vec<String> = schema
                    .get("enum")
                    .map(|e| e.items().iter().filter_map(Json::as_text).collect())
                    .unwrap_or_default();
                if !values.is_empty() {
                    Ty::Enum(self.register_enum(wire, path, values))
                } else if format == "date-time" {
                    Ty::Timestamp
                } else {
                    Ty::Str
                }
            }
        })
    }

    /// Add a struct to the operation, reusing an identical one and renaming on a clash.
    fn register_struct(&mut self, mut def: StructDef, parent: &str) -> String {
        let base = def.name.clone();
        let mut candidates = vec![base.clone(), format!("{parent}{base}")];
        candidates.extend((2..).take(50).map(|n| format!("{parent}{base}{n}")));
        for candidate in candidates {
            if RESERVED_TYPES.contains(&candidate.as_str())
                || candidate == format!("{}Request", pascal(self.op))
                || candidate == format!("{}Response", pascal(self.op))
            {
                continue;
            }
            if self.enums.contains_key(&candidate) {
                continue;
            }
            match self.structs.iter_mut().find(|s| s.name == candidate) {
                Some(existing) if existing.fields == def.fields => {
                    existing.input |= def.input;
                    existing.output |= def.output;
                    return candidate;
                }
                Some(_) => continue,
                None => {
                    def.name = candidate.clone();
                    self.structs.push(def);
                    return candidate;
                }
            }
        }
        base
    }

    /// Add an open enum, shared by every operation using the same name and values.
    fn register_enum(&mut self, wire: &str, path: &str, values: Vec<String>) -> String {
        let named = self.overlay.get("enumNames").and_then(|n| n.text(path));
        let base = named.unwrap_or_else(|| pascal(wire));
        let mut name = base.clone();
        let mut n = 1;
        loop {
            let taken_by_struct = self.structs.iter().any(|s| s.name == name);
            match self.enums.get(&name) {
                Some(existing) if existing.values == values && !taken_by_struct => return name,
                None if !taken_by_struct && !RESERVED_TYPES.contains(&name.as_str()) => {
                    self.enums.insert(
                        name.clone(),
                        EnumDef {
                            name: name.clone(),
                            values,
                        },
                    );
                    return name;
                }
                _ => {
                    n += 1;
                    name = format!(
                        "{}{base}{}",
                        pascal(self.op),
                        if n > 2 { n.to_string() } else { String::new() }
                    );
                }
            }
        }
    }
}

/// The documentation of a field, written from the spec's facts only.
fn facts(schema: &Json) -> String {
    let mut notes = Vec::new();
    let ty = schema.text("type").unwrap_or_else(|| "string".into());
    let format = schema.text("format");
    notes.push(match format {
        Some(f) => format!("Type `{ty}` ({f})"),
        None => format!("Type `{ty}`"),
    });
    if let Some(values) = schema.get("enum") {
        let list: Vec<String> = values
            .items()
            .iter()
            .filter_map(Json::as_text)
            .map(|v| format!("`{v}`"))
            .collect();
        if !list.is_empty() {
            notes.push(format!("documented values {}", list.join(", ")));
        }
    }
    match (schema.text("minimum"), schema.text("maximum")) {
        (Some(lo), Some(hi)) => notes.push(format!("range {lo} to {hi}")),
        (Some(lo), None) => notes.push(format!("at least {lo}")),
        (None, Some(hi)) => notes.push(format!("at most {hi}")),
        _ => {}
    }
    if let Some(n) = schema.text("maxItems") {
        notes.push(format!("at most {n} items"));
    }
    if let Some(n) = schema.text("maxLength") {
        notes.push(format!("at most {n} characters"));
    }
    if let Some(d) = schema.text("default") {
        notes.push(format!("default `{}`", d.replace('`', "'")));
    }
    if let Some(e) = schema.text("example") {
        let e = e.replace(['\n', '\r'], " ");
        if !e.trim().is_empty() && e.len() <= 120 {
            notes.push(format!("example `{}`", e.trim().replace('`', "'")));
        }
    }
    notes.join("; ") + "."
}

/// Give fields whose Rust names collide distinct names. A canonical wire name (starting
/// with a capital) keeps the plain name over a legacy lower-case one (`Key` over `key`, whose
/// field becomes `legacy_key`); other clashes (`DiskImSize` vs `DiskImsize`) get a number.
pub(crate) fn dedupe_idents(fields: &mut [Field]) {
    let canonical = |f: &Field| f.wire.starts_with(|c: char| c.is_ascii_uppercase());
    let mut taken = BTreeMap::<String, usize>::new();
    for pass in [true, false] {
        for field in fields.iter_mut().filter(|f| canonical(f) == pass) {
            let count = taken.entry(field.ident.clone()).or_default();
            *count += 1;
            if *count > 1 {
                let base = crate::naming::bare(&field.ident).to_owned();
                field.ident = if pass {
                    format!("{base}_{count}")
                } else {
                    format!("legacy_{base}")
                };
            }
        }
    }
}
