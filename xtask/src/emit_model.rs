//! Renders the model's generated code: one module per operation (request, response, the
//! structures only it uses) in the operations crates, `shapes.rs` (open enums and the
//! structures several operations share, each behind the features of the groups that use it)
//! and `codes.rs` (error codes) in the runtime crate, and the model's `mod.rs` re-exporting
//! them. Each structure gets a static field table and a jump table to its fields; the generic
//! reading and writing lives in the runtime's `shape` and `walk` modules.
//! Output is plain Rust text; `files::format` runs rustfmt over it afterwards.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::emit_shared::{render_codes, render_shapes};
use crate::emit_types::{doc_link, field_doc, field_ty, render_struct, setters, shape_impl};
use crate::ir::{Api, Field, Op, Ty};
use crate::naming::pascal;
use crate::share::Shared;

/// The crate of the runtime and the shared shapes.
pub(crate) const CORE: &str = "alicloud-ecs-model-core";

/// The crate everything is used through.
pub(crate) const MODEL: &str = "alicloud-ecs-model";

/// How many crates the operations are split into, so that they compile side by side (and no
/// compiler process needs the memory of all of them).
const PARTS: usize = 3;

/// The crate holding part `n` (counting from 1) of the operations.
fn part_crate(n: usize) -> String {
    format!("alicloud-ecs-model-ops{n}")
}

/// Files keyed by path relative to a crate's `src/generated/`.
pub(crate) type Files = BTreeMap<String, String>;

/// Render every file, per crate: `(crate name, its files)`. With `split`, as the project's
/// crates (runtime and shared shapes, operations in parts, the model re-exporting them);
/// otherwise all in one folder, to be compiled inside one crate that depends on the model.
pub(crate) fn render(api: &Api, header: &str, split: bool) -> Result<Vec<(String, Files)>, String> {
    let shared = crate::share::shared(api);
    let mut ops = Vec::new();
    for op in &api.ops {
        let mut text = render_op(api, op, &shared, header);
        text.push_str(&crate::emit_paging::paginated_impl(op)?);
        ops.push((op, text));
    }
    if !split {
        let mut files = BTreeMap::new();
        files.insert("mod.rs".to_owned(), render_mod(api, &shared, None, header));
        files.insert("shapes.rs".to_owned(), render_shapes(api, &shared, header));
        files.insert("codes.rs".to_owned(), render_codes(api, header));
        for (op, text) in ops {
            files.insert(format!("{}.rs", op.module), text);
        }
        return Ok(vec![(MODEL.to_owned(), files)]);
    }
    // Consecutive operations, split into parts of about the same size.
    let total: usize = ops.iter().map(|(_, text)| text.len()).sum::<usize>().max(1);
    let mut parts: Vec<Vec<(&Op, String)>> = (0..PARTS).map(|_| Vec::new()).collect();
    let mut before = 0;
    for (op, text) in ops {
        let middle = before + text.len() / 2;
        before += text.len();
        parts[(middle * PARTS / total).min(PARTS - 1)].push((op, text));
    }
    let mut part_of = BTreeMap::new();
    let mut crates = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        let name = part_crate(i + 1);
        let mut files = BTreeMap::new();
        files.insert("lib.rs".to_owned(), render_part_root(&part, i + 1, header));
        for (op, text) in part {
            part_of.insert(op.name.clone(), name.replace('-', "_"));
            files.insert(format!("{}.rs", op.module), text);
        }
        crates.push((name, files));
    }
    let mut core = BTreeMap::new();
    core.insert(
        "mod.rs".to_owned(),
        format!("{header}\n//! The generated part of the runtime crate: shared shapes and error codes.\n\npub mod codes;\npub mod shapes;\n"),
    );
    core.insert("shapes.rs".to_owned(), render_shapes(api, &shared, header));
    core.insert("codes.rs".to_owned(), render_codes(api, header));
    crates.push((CORE.to_owned(), core));
    let mut model = BTreeMap::new();
    model.insert(
        "mod.rs".to_owned(),
        render_mod(api, &shared, Some(&part_of), header),
    );
    crates.push((MODEL.to_owned(), model));
    Ok(crates)
}

/// The root of an operations crate: its modules, with the model's paths to the runtime.
fn render_part_root(part: &[(&Op, String)], n: usize, header: &str) -> String {
    let mut out = format!(
        "{header}\n//! Operations of `alicloud-ecs-model`, part {n} of {PARTS}: use `alicloud-ecs-model`, which re-exports them.\n\n#![forbid(unsafe_code)]\n\n"
    );
    out.push_str("// The generated code names the runtime `alicloud_ecs_model`, as inside the model.\n#[allow(unused_extern_crates)]\nextern crate alicloud_ecs_model_core as alicloud_ecs_model;\n\n#[allow(unused_imports)]\nuse alicloud_ecs_model::shapes;\n\n");
    for (op, _) in part {
        let _ = writeln!(
            out,
            "#[cfg(feature = {:?})]\npub mod {};",
            op.feature, op.module
        );
    }
    out
}

fn render_mod(
    api: &Api,
    shared: &Shared,
    part_of: Option<&BTreeMap<String, String>>,
    header: &str,
) -> String {
    let mut out = format!(
        "{header}\n//! The generated model: one module per operation (behind its group's feature), shared shapes and error codes.\n\n"
    );
    match part_of {
        // The modules come from the crates that compile them.
        Some(part_of) => {
            out.push_str("pub use alicloud_ecs_model_core::{codes, shapes};\n");
            for op in &api.ops {
                let part = part_of.get(&op.name).map_or("", String::as_str);
                let _ = writeln!(
                    out,
                    "#[cfg(feature = {:?})]\n#[doc(inline)]\npub use {part}::{};",
                    op.feature, op.module
                );
            }
        }
        None => {
            out.push_str("pub mod codes;\npub mod shapes;\n");
            for op in &api.ops {
                let _ = writeln!(
                    out,
                    "#[cfg(feature = {:?})]\npub mod {};",
                    op.feature, op.module
                );
            }
        }
    }
    // Empty when no group that shares shapes is enabled.
    out.push_str("\n#[allow(unused_imports, unreachable_pub)]\npub use shapes::*;\n");
    // Inside the model the registry is `crate::registry`; a crate of one folder uses the model's.
    let registry = if part_of.is_some() {
        "crate::registry"
    } else {
        "alicloud_ecs_model::registry"
    };
    out.push_str(&crate::emit_paging::registry_table(api, registry));
    // Re-export each operation's own structures at the top when the name is unique.
    let mut owners: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &api.ops {
        for s in op.structs.iter().filter(|s| !shared.is_shared(s)) {
            *owners.entry(&s.name).or_default() += 1;
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
                    !shared.is_shared(s)
                        && owners.get(s.name.as_str()) == Some(&1)
                        && !api.enums.contains_key(&s.name)
                        && !shared.names.contains(&s.name)
                })
                .map(|s| s.name.clone()),
        );
        let _ = writeln!(
            out,
            "#[cfg(feature = {:?})]\npub use {}::{{{}}};",
            op.feature,
            op.module,
            names.join(", ")
        );
    }
    out
}

fn render_op(api: &Api, op: &Op, shared: &Shared, header: &str) -> String {
    let name = pascal(&op.name);
    let link = doc_link(&op.name);
    let mut out = format!("{header}\n");
    let _ = writeln!(
        out,
        "//! `{}` ({}): the request, the response and the structures only they use.\n//!\n//! Official documentation: <{link}>\n",
        op.name,
        api.groups
            .get(&op.feature)
            .map_or("Other", |g| g.name.as_str())
    );
    out.push_str("#![allow(unused_imports)]\n\n");
    out.push_str("use alicloud_ecs_model::shape::{Field, Fields, ReadError, Shape, Sink, Slot, Style, WriteError, read_all, write_all};\n");
    out.push_str("use alicloud_ecs_model::tree::Doc;\n");
    out.push_str("use alicloud_ecs_model::{ErrorCodeInfo, Operation, OperationInfo, Timestamp};\n");
    out.push_str("use super::shapes::*;\n");
    let shared_here: Vec<&str> = op
        .structs
        .iter()
        .filter(|s| shared.is_shared(s))
        .map(|s| s.name.as_str())
        .collect();
    if !shared_here.is_empty() {
        let _ = writeln!(
            out,
            "pub use super::shapes::{{{}}};",
            shared_here.join(", ")
        );
    }
    out.push('\n');

    // Request.
    let _ = writeln!(
        out,
        "/// The parameters of [`{}`]({link}).\n///\n/// {}; build it with the setters, then send it with a client or flatten it with [`Operation::to_params`].",
        op.name,
        if op.idempotent {
            "A read-only or repeatable operation"
        } else if op.client_token.is_some() {
            "Made repeatable by its `ClientToken`"
        } else {
            "Not idempotent: a client never repeats it once it may have been sent"
        }
    );
    out.push_str("#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n");
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
    shape_impl(&mut out, &format!("{name}Request"), &op.request, false, "");
    render_operation_impl(&mut out, api, op, &name);

    // Response.
    let _ = writeln!(out, "/// The response of [`{}`]({link}).", op.name);
    if op.raw_response {
        out.push_str("///\n/// The spec describes no fields for this response: `request_id` is read, and the whole body is kept in `body` as JSON (XML converted: repeated elements become arrays, every value text).\n");
    }
    out.push_str("#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n");
    let _ = writeln!(out, "pub struct {name}Response {{");
    let mut response = op.response.clone();
    if op.raw_response {
        response.push(Field {
            wire: "RequestId".into(),
            ident: "request_id".into(),
            doc: "Type `string`.".into(),
            ty: Ty::Str,
            required: false,
            joined: false,
            style: String::new(),
            max_items: 0,
            aliases: vec![],
            deprecated: false,
        });
    }
    for f in &response {
        field_doc(&mut out, f);
        let _ = writeln!(out, "pub {}: {},", f.ident, field_ty(&f.ty));
    }
    if op.raw_response {
        out.push_str("/// The whole response body.\npub body: serde_json::Value,\n");
    }
    out.push_str("}\n\n");
    shape_impl(
        &mut out,
        &format!("{name}Response"),
        &response,
        op.raw_response,
        "",
    );
    for s in op.structs.iter().filter(|s| !shared.is_shared(s)) {
        render_struct(&mut out, s, &op.name, "");
    }
    out
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
            "\nfn default_region(&mut self, region: &str) {{ alicloud_ecs_model::operation::set_default(&mut self.{id}, region) }}"
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
            "\nfn default_idempotency_token(&mut self, token: &str) {{ alicloud_ecs_model::operation::set_default(&mut self.{id}, token) }}"
        );
    }
    out.push_str("}\n\n");
}
