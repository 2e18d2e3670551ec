//! Renders the model crate's `src/generated/`: one module per operation (request, response,
//! nested structs), `shapes.rs` (shared open enums) and `codes.rs` (error-code constants).
//! Output is plain Rust text; `files::format` runs rustfmt over it afterwards.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::ir::{Api, EnumDef, Field, Op, StructDef, Ty};
use crate::naming::{bare, pascal, screaming};

/// Render every file, keyed by path relative to the output directory.
pub(crate) fn render(api: &Api, header: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    files.insert("mod.rs".to_owned(), render_mod(api, header));
    files.insert(
        "shapes.rs".to_owned(),
        render_shapes(api.enums.values(), header),
    );
    files.insert("codes.rs".to_owned(), render_codes(api, header));
    for op in &api.ops {
        files.insert(format!("{}.rs", op.module), render_op(api, op, header));
    }
    files
}

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

fn render_mod(api: &Api, header: &str) -> String {
    let mut out = format!(
        "{header}\n//! The generated model: one module per operation, shared enums and error codes.\n\n"
    );
    out.push_str("pub mod codes;\npub mod shapes;\n");
    for op in &api.ops {
        let _ = writeln!(out, "pub mod {};", op.module);
    }
    out.push_str("\npub use shapes::*;\n");
    // Re-export each operation's types at the top when the name is unique across modules.
    let mut owners: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for op in &api.ops {
        for s in &op.structs {
            owners.entry(s.name.clone()).or_default().push(&op.module);
        }
    }
    for op in &api.ops {
        let mut names = vec![
            format!("{}Request", pascal(&op.name)),
            format!("{}Response", pascal(&op.name)),
        ];
        names.extend(
            op.structs
                .iter()
                .filter(|s| {
                    owners.get(&s.name).is_some_and(|o| o.len() == 1)
                        && !api.enums.contains_key(&s.name)
                })
                .map(|s| s.name.clone()),
        );
        let _ = writeln!(out, "pub use {}::{{{}}};", op.module, names.join(", "));
    }
    out
}

fn render_shapes<'a>(enums: impl Iterator<Item = &'a EnumDef>, header: &str) -> String {
    let mut out = format!("{header}\n//! Open enums shared by the operations.\n\n");
    for e in enums {
        let _ = writeln!(out, "alicloud_ecs_model::open_enum! {{");
        let _ = writeln!(
            out,
            "/// `{}`: one of {}.",
            e.name,
            e.values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(out, "pub enum {} {{", e.name);
        let mut used = BTreeMap::<String, usize>::new();
        for v in &e.values {
            let mut variant = pascal(v);
            if variant == "Unknown" {
                // `Unknown(..)` holds undocumented values; a documented "unknown" gets a name of its own.
                variant = "DocumentedUnknown".to_owned();
            }
            let n = used.entry(variant.clone()).or_default();
            *n += 1;
            if *n > 1 {
                variant = format!("{variant}{n}");
            }
            let _ = writeln!(out, "/// `{v}`\n{variant} = {v:?},");
        }
        out.push_str("}\n}\n\n");
    }
    out
}

fn render_codes(api: &Api, header: &str) -> String {
    let mut out = format!(
        "{header}\n//! Error codes the spec knows, to compare with `Error::code()`; never match on messages.\n\n"
    );
    let mut used = BTreeMap::<String, usize>::new();
    for c in &api.codes {
        let mut name = screaming(&c.code);
        let n = used.entry(name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            name = format!("{name}_{n}");
        }
        let message = c.message.replace('\n', " ");
        let _ = writeln!(
            out,
            "/// `{}` (HTTP {}): {}",
            c.code,
            c.status,
            message.trim()
        );
        let _ = writeln!(out, "pub const {name}: &str = {:?};", c.code);
    }
    let list = |codes: &[String]| {
        codes
            .iter()
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "\n/// Codes meaning the request was throttled: retry any operation after a backoff."
    );
    let _ = writeln!(
        out,
        "pub const THROTTLING_CODES: &[&str] = &[{}];",
        list(&api.throttling_codes)
    );
    let _ = writeln!(
        out,
        "\n/// Codes of transient server failures: retry idempotent operations after a backoff."
    );
    let _ = writeln!(
        out,
        "pub const TRANSIENT_CODES: &[&str] = &[{}];",
        list(&api.transient_codes)
    );
    out
}

/// The Rust type of a value (without the `Option` of optional fields).
fn rust_ty(ty: &Ty) -> String {
    match ty {
        Ty::Str => "String".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F32 => "f32".into(),
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

fn field_ty(ty: &Ty) -> String {
    match ty {
        Ty::List(_) | Ty::Wrapped { .. } => rust_ty(ty),
        _ => format!("Option<{}>", rust_ty(ty)),
    }
}

fn field_doc(out: &mut String, f: &Field) {
    doc(out, &f.doc);
    if !f.doc.is_empty() {
        out.push_str("///\n");
    }
    let mut notes = vec![format!("Wire name `{}`", f.wire)];
    if f.required {
        notes.push("required".into());
    }
    if f.joined {
        notes.push("sent as one comma-separated value".into());
    }
    if f.deprecated {
        notes.push("deprecated".into());
    }
    let _ = writeln!(out, "/// {}.", notes.join("; "));
}

fn render_op(api: &Api, op: &Op, header: &str) -> String {
    let name = pascal(&op.name);
    let mut out = format!("{header}\n");
    let summary = op.summary.lines().next().unwrap_or("").trim();
    let _ = writeln!(
        out,
        "//! `{}`{}\n",
        op.name,
        if summary.is_empty() {
            String::new()
        } else {
            format!(": {summary}")
        }
    );
    out.push_str("#![allow(unused_imports, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]\n\n");
    out.push_str("use alicloud_ecs_model::params::{self, ParamError, Params, WriteParams};\n");
    out.push_str("use alicloud_ecs_model::{ErrorCodeInfo, Operation, OperationInfo, Timestamp, lenient, wrapped};\n\n");

    // Request.
    let _ = writeln!(out, "/// The parameters of `{}`.", op.name);
    if !summary.is_empty() {
        let _ = writeln!(out, "///\n/// {summary}");
    }
    out.push_str("#[derive(Debug, Clone, Default, PartialEq)]\n#[non_exhaustive]\n");
    let _ = writeln!(out, "pub struct {name}Request {{");
    for f in &op.request {
        field_doc(&mut out, f);
        let _ = writeln!(out, "pub {}: {},", f.ident, field_ty(&f.ty));
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "impl {name}Request {{\n/// A request with no parameters set.\npub fn new() -> Self {{ Self::default() }}\n"
    );
    setters(&mut out, &op.request);
    out.push_str("}\n\n");
    render_operation_impl(&mut out, api, op, &name);

    // Response.
    render_output_struct(
        &mut out,
        &format!("{name}Response"),
        &format!("The response of `{}`.", op.name),
        &op.response,
    );
    for s in &op.structs {
        render_struct(&mut out, s);
    }
    out
}

fn setters(out: &mut String, fields: &[Field]) {
    for f in fields {
        let setter = &f.ident;
        let field = &f.ident;
        let _ = writeln!(out, "/// Sets `{}`.", f.wire);
        if f.deprecated {
            out.push_str("///\n/// Deprecated by the API.\n");
        }
        out.push_str("#[must_use]\n");
        match &f.ty {
            Ty::List(inner) => {
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

fn render_operation_impl(out: &mut String, api: &Api, op: &Op, name: &str) {
    out.push_str("const ERRORS: &[ErrorCodeInfo] = &[\n");
    for (code, status, message) in &op.errors {
        let _ = writeln!(out, "ErrorCodeInfo::new({code:?}, {status}, {message:?}),");
    }
    out.push_str("];\n\n");
    let _ = writeln!(out, "impl Operation for {name}Request {{");
    let _ = writeln!(out, "type Response = {name}Response;");
    let _ = writeln!(
        out,
        "const INFO: OperationInfo = OperationInfo::new({:?}, {:?}, {}, {:?}, ERRORS);",
        op.name, api.version, op.idempotent, op.client_token
    );
    let _ = writeln!(
        out,
        "\nfn to_params(&self) -> Result<Params, ParamError> {{"
    );
    for f in op.request.iter().filter(|f| f.required) {
        let _ = writeln!(out, "params::required(&self.{}, {:?})?;", f.ident, f.wire);
    }
    let _ = writeln!(
        out,
        "let mut out = Params::with_capacity({});",
        op.request.len().max(1)
    );
    for f in &op.request {
        if f.joined {
            let _ = writeln!(
                out,
                "params::write_joined(&self.{}, {:?}, &mut out);",
                f.ident, f.wire
            );
        } else {
            let _ = writeln!(
                out,
                "self.{}.write_params_static({:?}, &mut out)?;",
                f.ident, f.wire
            );
        }
    }
    out.push_str("Ok(out)\n}\n");
    let string_param = |wire: &str| {
        op.request
            .iter()
            .find(|f| f.wire == wire && f.ty == Ty::Str)
    };
    if let Some(f) = string_param("RegionId") {
        let id = &f.ident;
        let _ = writeln!(
            out,
            "\nfn region(&self) -> Option<&str> {{ self.{id}.as_deref() }}"
        );
        let _ = writeln!(
            out,
            "\nfn default_region(&mut self, region: &str) {{ if self.{id}.is_none() {{ self.{id} = Some(region.to_owned()); }} }}"
        );
    }
    if let Some(f) = op.client_token.as_deref().and_then(string_param) {
        let id = &f.ident;
        let _ = writeln!(
            out,
            "\nfn idempotency_token(&self) -> Option<&str> {{ self.{id}.as_deref() }}"
        );
        let _ = writeln!(
            out,
            "\nfn default_idempotency_token(&mut self, token: &str) {{ if self.{id}.is_none() {{ self.{id} = Some(token.to_owned()); }} }}"
        );
    }
    out.push_str("}\n\n");
}

/// The `deserialize_with` helper of a response field's type.
fn lenient_fn(ty: &Ty) -> Option<&'static str> {
    Some(match ty {
        Ty::Str => "lenient::opt_string",
        Ty::I32 => "lenient::opt_i32",
        Ty::I64 => "lenient::opt_i64",
        Ty::F32 => "lenient::opt_f32",
        Ty::F64 => "lenient::opt_f64",
        Ty::Bool => "lenient::opt_bool",
        Ty::Timestamp | Ty::Enum(_) => "lenient::opt_parsed",
        _ => return None,
    })
}

fn render_output_struct(out: &mut String, name: &str, doc_text: &str, fields: &[Field]) {
    doc(out, doc_text);
    out.push_str("#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]\n");
    out.push_str(
        "#[cfg_attr(feature = \"serialize\", derive(serde::Serialize))]\n#[non_exhaustive]\n",
    );
    let _ = writeln!(out, "pub struct {name} {{");
    let mut helpers = String::new();
    for f in fields {
        field_doc(out, f);
        let mut attrs = vec![format!("rename = {:?}", f.wire), "default".to_owned()];
        attrs.extend(f.aliases.iter().map(|a| format!("alias = {a:?}")));
        match &f.ty {
            Ty::Wrapped { item, inner } => {
                let helper = format!(
                    "{}_{}",
                    crate::naming::snake(name).trim_start_matches("r#"),
                    bare(&f.ident)
                );
                attrs.push(format!("deserialize_with = \"de_{helper}\""));
                attrs.push(format!("serialize_with = \"ser_{helper}\""));
                let item_ty = rust_ty(inner);
                let _ = writeln!(
                    helpers,
                    "fn de_{helper}<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<{item_ty}>, D::Error> {{ wrapped::deserialize(d, {item:?}) }}\n"
                );
                let _ = writeln!(
                    helpers,
                    "#[cfg(feature = \"serialize\")]\nfn ser_{helper}<S: serde::Serializer>(v: &[{item_ty}], s: S) -> Result<S::Ok, S::Error> {{ wrapped::serialize(v, {item:?}, s) }}\n"
                );
            }
            Ty::List(_) => {}
            ty => {
                if let Some(func) = lenient_fn(ty) {
                    attrs.push(format!("deserialize_with = \"{func}\""));
                }
                attrs.push("skip_serializing_if = \"Option::is_none\"".to_owned());
            }
        }
        let _ = writeln!(out, "#[serde({})]", attrs.join(", "));
        let _ = writeln!(out, "pub {}: {},", f.ident, field_ty(&f.ty));
    }
    out.push_str("}\n\n");
    out.push_str(&helpers);
}

fn render_struct(out: &mut String, s: &StructDef) {
    let doc_text = if s.doc.is_empty() {
        format!("`{}`.", s.name)
    } else {
        s.doc.clone()
    };
    if s.output {
        render_output_struct(out, &s.name, &doc_text, &s.fields);
    } else {
        doc(out, &doc_text);
        out.push_str("#[derive(Debug, Clone, Default, PartialEq)]\n#[non_exhaustive]\n");
        let _ = writeln!(out, "pub struct {} {{", s.name);
        for f in &s.fields {
            field_doc(out, f);
            let _ = writeln!(out, "pub {}: {},", f.ident, field_ty(&f.ty));
        }
        out.push_str("}\n\n");
    }
    if s.input {
        let _ = writeln!(
            out,
            "impl {} {{\n/// A value with no fields set.\npub fn new() -> Self {{ Self::default() }}\n",
            s.name
        );
        setters(out, &s.fields);
        out.push_str("}\n\n");
        let _ = writeln!(out, "impl WriteParams for {} {{", s.name);
        out.push_str(
            "fn write_params(&self, prefix: &str, out: &mut Params) -> Result<(), ParamError> {\n",
        );
        for f in &s.fields {
            let _ = writeln!(
                out,
                "params::write_field(&self.{}, prefix, {:?}, {}, out)?;",
                f.ident, f.wire, f.required
            );
        }
        out.push_str("Ok(())\n}\n}\n\n");
    }
}
