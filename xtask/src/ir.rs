//! The generator's model of a spec: operations, fields, structs and enums with their Rust
//! names, built from an api-docs file (ours or an official one) plus the optional overlay.

use std::collections::BTreeMap;

use crate::json::Json;
use crate::naming::{pascal, snake};

/// Everything the emitters need.
#[derive(Debug)]
pub(crate) struct Api {
    pub(crate) version: String,
    pub(crate) ops: Vec<Op>,
    /// Shared open enums by type name.
    pub(crate) enums: BTreeMap<String, EnumDef>,
    pub(crate) codes: Vec<CodeDef>,
    pub(crate) throttling_codes: Vec<String>,
    pub(crate) transient_codes: Vec<String>,
    pub(crate) waiters: Vec<Waiter>,
    /// Groups by feature name.
    pub(crate) groups: BTreeMap<String, Group>,
}

/// How a paged operation pages: by page number or by token.
#[derive(Debug, Clone)]
pub(crate) enum Paginator {
    /// `PageNumber`/`PageSize` with a `TotalCount` in the response.
    Numbered {
        page_number: String,
        page_size: String,
        total_count: Option<String>,
        items: String,
    },
    /// `NextToken`/`MaxResults`.
    Token {
        next_token: String,
        /// Absent where the operation takes no page size.
        max_results: Option<String>,
        /// Where the response holds the next token, when not under the request's name.
        output_token: Option<String>,
        items: String,
    },
}

/// An API group: its English name and cargo feature.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) feature: String,
}

/// A waiter from the overlay: poll `operation` until `field` takes a success or failure value.
#[derive(Debug)]
pub(crate) struct Waiter {
    pub(crate) name: String,
    pub(crate) operation: String,
    /// The request parameter naming the resource, and how it is written.
    pub(crate) id_param: Option<String>,
    pub(crate) id_encoding: String,
    pub(crate) field: String,
    pub(crate) success: Vec<String>,
    pub(crate) failure: Vec<String>,
    pub(crate) interval_seconds: u64,
}

#[derive(Debug)]
pub(crate) struct Op {
    pub(crate) name: String,
    /// The cargo feature of the operation's API group.
    pub(crate) feature: String,
    /// The operation has no response schema: its response keeps the body as raw JSON.
    pub(crate) raw_response: bool,
    /// Paginator facts from the overlay.
    pub(crate) paginator: Option<Paginator>,
    pub(crate) module: String,
    pub(crate) summary: String,
    pub(crate) idempotent: bool,
    pub(crate) client_token: Option<String>,
    pub(crate) request: Vec<Field>,
    pub(crate) response: Vec<Field>,
    /// Nested structs of this operation, in first-use order.
    pub(crate) structs: Vec<StructDef>,
    pub(crate) errors: Vec<(String, u16, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StructDef {
    pub(crate) name: String,
    pub(crate) doc: String,
    pub(crate) fields: Vec<Field>,
    pub(crate) input: bool,
    pub(crate) output: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub(crate) wire: String,
    pub(crate) ident: String,
    pub(crate) doc: String,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    /// Request lists written as one comma-separated value.
    pub(crate) joined: bool,
    /// The parameter style (`json`, `simple`, `repeatList`, `flat`) of a top-level parameter.
    pub(crate) style: String,
    /// At most this many list items (0: no limit).
    pub(crate) max_items: u32,
    pub(crate) aliases: Vec<String>,
    pub(crate) deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    Str,
    I32,
    I64,

    F64,
    Bool,
    Timestamp,
    Json,
    Enum(String),
    Struct(String),
    List(Box<Ty>),
    /// A response list inside a wrapper object holding `item` elements.
    Wrapped {
        item: String,
        inner: Box<Ty>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnumDef {
    pub(crate) name: String,
    pub(crate) values: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct CodeDef {
    pub(crate) code: String,
    pub(crate) status: u16,
    pub(crate) message: String,
}

/// Names no generated type may take: they would shadow what generated code refers to.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Deserialize",
    "Serialize",
    "Params",
    "ParamError",
    "Timestamp",
    "Operation",
    "OperationInfo",
    "ErrorCodeInfo",
    "WriteParams",
];

pub(crate) fn build(spec: &Json, overlay: &Json) -> Result<Api, String> {
    let mut spec = spec.clone();
    crate::corrections::apply(&mut spec, overlay)?;
    let spec = &spec;
    let (groups, group_of) = crate::corrections::groups(spec, overlay);
    let version = spec
        .get("info")
        .and_then(|i| i.text("version"))
        .ok_or("spec has no info.version")?;
    let apis = spec.get("apis").ok_or("spec has no apis")?;
    let mut enums = BTreeMap::new();
    let mut ops = Vec::new();
    for (name, api) in apis.members() {
        let mut b = OpBuilder {
            op: name,
            overlay,
            enums: &mut enums,
            structs: Vec::new(),
        };
        let ov = overlay.get("operations").and_then(|o| o.get(name));
        let mut request = Vec::new();
        for param in api.get("parameters").map(Json::items).unwrap_or_default() {
            let wire = param
                .text("name")
                .ok_or_else(|| format!("{name}: parameter without name"))?;
            let schema = param.get("schema").unwrap_or(&Json::Null);
            let style = param.text("style").unwrap_or_default();
            let path = format!("{name}.{wire}");
            let mut field = b.field(&wire, schema, &path, true, "Request")?;
            field.joined = style == "simple" && matches!(field.ty, Ty::List(_));
            field.style = style.clone();
            if style == "json" {
                field.ty = Ty::Json;
            }
            request.push(field);
        }
        dedupe_idents(&mut request);
        let response_schema = api
            .get("responses")
            .and_then(|r| r.get("200"))
            .and_then(|r| r.get("schema"));
        let mut response = Vec::new();
        if let Some(schema) = response_schema {
            for (wire, prop) in schema
                .get("properties")
                .map(Json::members)
                .unwrap_or_default()
            {
                let path = format!("{name}.response.{wire}");
                response.push(b.field(wire, prop, &path, false, "Response")?);
            }
        }
        dedupe_idents(&mut response);
        let mut errors = Vec::new();
        for (status, list) in api.get("errorCodes").map(Json::members).unwrap_or_default() {
            let status: u16 = status.parse().unwrap_or(400);
            for e in list.items() {
                if let Some(code) = e.text("errorCode") {
                    errors.push((code, status, e.text("errorMessage").unwrap_or_default()));
                }
            }
        }
        let op_type = api
            .get("systemTags")
            .and_then(|t| t.text("operationType"))
            .or_else(|| api.text("operationType"))
            .unwrap_or_default();
        let idempotent = match ov.and_then(|o| o.get("idempotent")) {
            Some(Json::Bool(b)) => *b,
            _ => {
                op_type == "get"
                    || op_type == "read"
                    || name.starts_with("Describe")
                    || name.starts_with("List")
            }
        };
        let client_token = ov.and_then(|o| o.text("clientToken")).or_else(|| {
            request
                .iter()
                .any(|f| f.wire == "ClientToken")
                .then(|| "ClientToken".to_owned())
        });
        let structs = b.structs;
        let feature = group_of
            .get(name.as_str())
            .cloned()
            .unwrap_or_else(|| "other".to_owned());
        let raw_response = response_schema.is_none();
        let paginator = ov.and_then(|o| o.get("paginator")).and_then(|p| {
            let items = p.text("items")?;
            match (p.text("pageNumber"), p.text("nextToken")) {
                (Some(page_number), _) => Some(Paginator::Numbered {
                    page_number,
                    page_size: p.text("pageSize").unwrap_or_else(|| "PageSize".into()),
                    total_count: p.text("totalCount"),
                    items,
                }),
                (None, Some(next_token)) => Some(Paginator::Token {
                    next_token,
                    max_results: p.text("maxResults"),
                    output_token: p.text("outputToken"),
                    items,
                }),
                _ => None,
            }
        });
        ops.push(Op {
            feature,
            raw_response,
            paginator,
            module: snake(name).trim_start_matches("r#").to_owned(),
            name: name.clone(),
            summary: String::new(),
            idempotent,
            client_token,
            request,
            response,
            structs,
            errors,
        });
    }
    let mut codes: BTreeMap<String, CodeDef> = BTreeMap::new();
    for e in overlay
        .get("commonErrors")
        .map(Json::items)
        .unwrap_or_default()
    {
        if let Some(code) = e.text("code") {
            let status = e
                .text("httpStatus")
                .and_then(|s| s.parse().ok())
                .unwrap_or(400);
            let message = e.text("message").unwrap_or_default();
            codes.entry(code.clone()).or_insert(CodeDef {
                code,
                status,
                message,
            });
        }
    }
    for op in &ops {
        for (code, status, message) in &op.errors {
            codes.entry(code.clone()).or_insert_with(|| CodeDef {
                code: code.clone(),
                status: *status,
                message: message.clone(),
            });
        }
    }
    let list = |key: &str| -> Vec<String> {
        overlay
            .get("retry")
            .and_then(|r| r.get(key))
            .map(|l| l.items().iter().filter_map(Json::as_text).collect())
            .unwrap_or_default()
    };
    let texts = |v: Option<&Json>| -> Vec<String> {
        v.map(|l| l.items().iter().filter_map(Json::as_text).collect())
            .unwrap_or_default()
    };
    let waiters = overlay
        .get("waiters")
        .map(Json::members)
        .unwrap_or_default()
        .iter()
        .map(|(name, w)| Waiter {
            name: name.clone(),
            operation: w.text("operation").unwrap_or_default(),
            id_param: w.text("idParam"),
            id_encoding: w.text("idEncoding").unwrap_or_else(|| "plain".into()),
            field: w.text("field").unwrap_or_default(),
            success: texts(w.get("success")),
            failure: texts(w.get("failure")),
            interval_seconds: w
                .text("intervalSeconds")
                .and_then(|s| s.parse().ok())
                .unwrap_or(5),
        })
        .collect();
    Ok(Api {
        groups,
        waiters,
        version,
        ops,
        enums,
        codes: codes.into_values().collect(),
        throttling_codes: list("throttlingCodes"),
        transient_codes: list("transientCodes"),
    })
}

struct OpBuilder<'a> {
    op: &'a str,
    overlay: &'a Json,
    enums: &'a mut BTreeMap<String, EnumDef>,
    structs: Vec<StructDef>,
}

impl OpBuilder<'_> {
    fn field(
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
fn dedupe_idents(fields: &mut [Field]) {
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
