//! Renders what every generated structure is made of: field types and docs, setters, the
//! static field table with its `Shape` and jump-table impls, and doc text made safe for
//! rustdoc. Used by the model's emitter for requests, responses and shared structures.

use std::fmt::Write as _;

use crate::ir::{Field, StructDef, Ty};

/// Turn spec prose into `///` lines (fenced blocks become `text` so they are never doctests).
pub(crate) fn doc(out: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    for line in text.lines() {
        let line = line.trim_end();
        let line = if line.trim_start().starts_with("```") {
            "```text"
        } else {
            line
        };
        if line.is_empty() {
            out.push_str("///\n");
        } else {
            let _ = writeln!(out, "/// {line}");
        }
    }
}

/// Free text made safe for rustdoc: brackets are not links, angle brackets not HTML.
pub(crate) fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' | ']' | '\\' | '`' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The Rust type of a value (without the `Option` of optional fields).
pub(crate) fn rust_ty(ty: &Ty) -> String {
    match ty {
        Ty::Str => "String".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::Timestamp => "Timestamp".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Enum(name) => format!("super::shapes::{name}"),
        Ty::Struct(name) => name.clone(),
        Ty::List(inner) | Ty::Wrapped { inner, .. } => format!("Vec<{}>", rust_ty(inner)),
    }
}

/// The type as seen from outside the model crate (`alicloud_ecs_model::…` paths).
pub(crate) fn rust_ty_public(ty: &Ty, module: &str) -> String {
    match ty {
        Ty::Timestamp => "alicloud_ecs_model::Timestamp".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Enum(name) => format!("alicloud_ecs_model::{name}"),
        Ty::Struct(name) => format!("alicloud_ecs_model::{module}::{name}"),
        Ty::List(inner) | Ty::Wrapped { inner, .. } => {
            format!("Vec<{}>", rust_ty_public(inner, module))
        }
        other => rust_ty(other),
    }
}

pub(crate) fn field_ty(ty: &Ty) -> String {
    match ty {
        Ty::List(_) | Ty::Wrapped { .. } => rust_ty(ty),
        _ => format!("Option<{}>", rust_ty(ty)),
    }
}

pub(crate) fn field_doc(out: &mut String, f: &Field) {
    let mut notes = vec![format!("Wire name `{}`", f.wire)];
    if f.required {
        notes.push("required".into());
    }
    if f.joined {
        notes.push("sent as one comma-separated value".into());
    }
    if f.style == "json" {
        notes.push("sent as one JSON text".into());
    }
    if f.deprecated {
        notes.push("deprecated".into());
    }
    let _ = writeln!(out, "/// {}.", notes.join("; "));
    if !f.doc.is_empty() {
        out.push_str("///\n");
        doc(out, &f.doc);
    }
}

/// The operation's page in Alibaba's documentation.
pub(crate) fn doc_link(op: &str) -> String {
    format!(
        "https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-{}",
        op.to_ascii_lowercase()
    )
}

/// The static field table of a structure and its `Shape` implementation; `cfg` (an
/// attribute line, or empty) goes before every item.
pub(crate) fn shape_impl(out: &mut String, name: &str, fields: &[Field], raw: bool, cfg: &str) {
    let table = format!("{}_FIELDS", crate::naming::screaming(name));
    out.push_str(cfg);
    let _ = writeln!(out, "static {table}: [Field; {}] = [", fields.len());
    for f in fields {
        let mut e = format!("Field::new({:?})", f.wire);
        if f.required {
            e.push_str(".required()");
        }
        match f.style.as_str() {
            "json" => e.push_str(".style(Style::Json)"),
            _ if f.joined => e.push_str(".style(Style::Joined)"),
            "repeatList" => e.push_str(".style(Style::RepeatList)"),
            "flat" => e.push_str(".style(Style::Flat)"),
            _ => {}
        }
        if f.max_items > 0 {
            let _ = write!(e, ".max_items({})", f.max_items);
        }
        if let Ty::Wrapped { item, .. } = &f.ty {
            let _ = write!(e, ".wrapped({item:?})");
        }
        if !f.aliases.is_empty() {
            let _ = write!(e, ".aliases(&{:?})", f.aliases);
        }
        let _ = writeln!(out, "{e},");
    }
    out.push_str("];\n\n");
    // `Default` from a constant: a copy, where the derive calls each field's `default` (with
    // an unwinding path per field).
    out.push_str(cfg);
    let _ = writeln!(
        out,
        "impl Default for {name} {{\nfn default() -> Self {{\nconst EMPTY: {name} = {name} {{"
    );
    for f in fields {
        let empty = match f.ty {
            Ty::List(_) | Ty::Wrapped { .. } => "Vec::new()",
            _ => "None",
        };
        let _ = writeln!(out, "{}: {empty},", f.ident);
    }
    if raw {
        out.push_str("body: serde_json::Value::Null,\n");
    }
    out.push_str("};\nEMPTY\n}\n}\n\n");
    out.push_str(cfg);
    let _ = writeln!(out, "impl Shape for {name} {{");
    out.push_str(
        "fn read_fields(&mut self, doc: &Doc<'_>, node: usize) -> Result<(), ReadError> {\n",
    );
    if raw {
        out.push_str("read_all(self, doc, node)?;\nself.body = doc.to_value(node);\nOk(())\n}\n");
    } else {
        out.push_str("read_all(self, doc, node)\n}\n");
    }
    out.push_str("fn write_fields(&self, sink: &mut dyn Sink) -> Result<(), WriteError> {\n");
    if raw {
        out.push_str(
            "alicloud_ecs_model::shape::write_raw_members(&self.body, sink, &[\"RequestId\"])?;\n",
        );
    }
    out.push_str("write_all(self, sink)\n}\n}\n\n");
    // Field access by index: the walkers loop over the table, so per structure there is one
    // jump table each way instead of a call and an error check per field.
    out.push_str(cfg);
    let _ = writeln!(out, "impl Fields for {name} {{");
    let _ = writeln!(out, "fn table(&self) -> &'static [Field] {{ &{table} }}");
    for (method, recv, borrow) in [("field", "&self", "&"), ("field_mut", "&mut self", "&mut ")] {
        let dyn_ty = if borrow == "&" {
            "&dyn Slot"
        } else {
            "&mut dyn Slot"
        };
        let _ = writeln!(
            out,
            "fn {method}({recv}, i: usize) -> Option<{dyn_ty}> {{\nmatch i {{"
        );
        for (i, f) in fields.iter().enumerate() {
            let _ = writeln!(out, "{i} => Some({borrow}self.{}),", f.ident);
        }
        out.push_str("_ => None,\n}\n}\n");
    }
    out.push_str("}\n\n");
}

pub(crate) fn setters(out: &mut String, fields: &[Field]) {
    for f in fields {
        let setter = &f.ident;
        let field = &f.ident;
        let _ = writeln!(out, "/// Sets `{}`.", f.wire);
        if f.deprecated {
            out.push_str("///\n/// Deprecated by the API.\n");
        }
        out.push_str("#[must_use]\n");
        match &f.ty {
            Ty::List(inner) | Ty::Wrapped { inner, .. } => {
                let _ = writeln!(
                    out,
                    "pub fn {setter}<I>(mut self, values: I) -> Self where I: IntoIterator, I::Item: Into<{}> {{ self.{field} = values.into_iter().map(Into::into).collect(); self }}",
                    rust_ty(inner)
                );
            }
            ty => {
                let _ = writeln!(
                    out,
                    "pub fn {setter}(mut self, value: impl Into<{}>) -> Self {{ self.{field} = Some(value.into()); self }}",
                    rust_ty(ty)
                );
            }
        }
    }
}

/// A structure, its setters, its field table and `Shape`; `cfg` (an attribute line, or
/// empty) goes before every item.
pub(crate) fn render_struct(out: &mut String, s: &StructDef, op: &str, cfg: &str) {
    out.push_str(cfg);
    if op.is_empty() {
        let _ = writeln!(
            out,
            "/// The `{}` structure, shared by several operations.",
            s.name
        );
    } else {
        let _ = writeln!(out, "/// A `{}` structure of `{op}`.", s.name);
    }
    out.push_str("#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n");
    let _ = writeln!(out, "pub struct {} {{", s.name);
    for f in &s.fields {
        field_doc(out, f);
        let _ = writeln!(out, "pub {}: {},", f.ident, field_ty(&f.ty));
    }
    out.push_str("}\n\n");
    out.push_str(cfg);
    let _ = writeln!(
        out,
        "impl {} {{\n/// A value with no fields set.\npub fn new() -> Self {{ Self::default() }}\n",
        s.name
    );
    setters(out, &s.fields);
    out.push_str("}\n\n");
    shape_impl(out, &s.name, &s.fields, false, cfg);
    out.push_str(cfg);
    let _ = writeln!(out, "alicloud_ecs_model::shape_item!({});\n", s.name);
}
