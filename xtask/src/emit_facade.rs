//! Renders the facade crate's `src/generated/`: one `Client` method per operation and its
//! parameter setters on `Call<Request>`, plus the waiter facts from the overlay. Only the
//! project's own spec is rendered here; everything else in the facade is hand-written.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::emit_types::doc;
use crate::ir::{Api, Op, Ty};
use crate::naming::{bare, pascal, screaming};

/// Methods of `Call` that generated setters must not shadow.
const CALL_METHODS: &[&str] = &[
    "new",
    "map",
    "set_request",
    "request",
    "timeout",
    "retry",
    "send",
    "into_parts",
    "into_paginator",
];

pub(crate) fn render(api: &Api, header: &str) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let mut module = format!(
        "{header}\n//! Generated client methods and call setters, one module per operation.\n\n"
    );
    for op in &api.ops {
        let _ = writeln!(
            module,
            "#[cfg(feature = {:?})]\nmod {};",
            op.feature, op.module
        );
        files.insert(format!("{}.rs", op.module), render_op(op, header));
    }
    module.push_str("\nmod waiters;\n");
    files.insert(
        "waiters.rs".to_owned(),
        crate::emit_waiters::render(api, header)?,
    );
    for w in api.waiters.iter().filter(|w| w.name == "TaskFinished") {
        let list = |values: &[String]| {
            values
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let name = screaming(&w.name);
        let _ = writeln!(
            module,
            "\n/// `{}` of `{}` values that end the `{}` wait successfully.",
            w.field, w.operation, w.name
        );
        let _ = writeln!(
            module,
            "#[cfg(feature = \"tasks\")]\npub(crate) const {name}_SUCCESS: &[&str] = &[{}];",
            list(&w.success)
        );
        let _ = writeln!(
            module,
            "/// `{}` of `{}` values that end the `{}` wait with a failure.",
            w.field, w.operation, w.name
        );
        let _ = writeln!(
            module,
            "#[cfg(feature = \"tasks\")]\npub(crate) const {name}_FAILURE: &[&str] = &[{}];",
            list(&w.failure)
        );
        let _ = writeln!(
            module,
            "/// The first polling interval of the `{}` wait, in seconds.",
            w.name
        );
        let _ = writeln!(
            module,
            "#[cfg(feature = \"tasks\")]\npub(crate) const {name}_INTERVAL_SECONDS: u64 = {};",
            w.interval_seconds
        );
    }
    files.insert("mod.rs".to_owned(), module);
    Ok(files)
}

fn render_op(op: &Op, header: &str) -> String {
    let request = format!("{}Request", pascal(&op.name));
    let method = &op.module;
    let mut out = format!(
        "{header}\n//! `{}`: the client method and the call setters.\n\n",
        op.name
    );
    let _ = writeln!(
        out,
        "use alicloud_ecs_model::{request};\n\nuse crate::{{Call, Client}};\n"
    );
    out.push_str("impl Client {\n");
    let summary = op.summary.lines().next().unwrap_or("").trim();
    let _ = writeln!(
        out,
        "/// Prepare a `{}` call{}",
        op.name,
        if summary.is_empty() {
            ".".to_owned()
        } else {
            format!(": {summary}")
        }
    );
    let _ = writeln!(
        out,
        "///\n/// Set its parameters on the returned [`Call`], then `.send().await` it. {}\n///\n/// Official documentation: <{}>",
        if op.idempotent {
            "Retried on transient failures (a read-only or repeatable operation)."
        } else if op.client_token.is_some() {
            "Retried on transient failures: a `ClientToken` is set unless you set one."
        } else {
            "Never repeated once it may have been sent."
        },
        crate::emit_types::doc_link(&op.name)
    );
    let _ = writeln!(
        out,
        "pub fn {method}(&self) -> Call<{request}> {{ Call::new(self, {request}::new()) }}\n}}\n"
    );
    let _ = writeln!(out, "impl Call<{request}> {{");
    for f in &op.request {
        let name = bare(&f.ident);
        let setter = if CALL_METHODS.contains(&name) {
            format!("set_{name}")
        } else {
            f.ident.clone()
        };
        let mut text = String::new();
        doc(&mut text, &f.doc);
        out.push_str(&text);
        if !text.is_empty() {
            out.push_str("///\n");
        }
        let _ = writeln!(
            out,
            "/// Sets `{}`{}.",
            f.wire,
            if f.required { " (required)" } else { "" }
        );
        match &f.ty {
            Ty::List(inner) => {
                let item = crate::emit_types::rust_ty_public(inner, &op.module);
                let _ = writeln!(
                    out,
                    "pub fn {setter}<I>(self, values: I) -> Self where I: IntoIterator, I::Item: Into<{item}> {{ self.map(|r| r.{}(values)) }}",
                    f.ident
                );
            }
            ty => {
                let _ = writeln!(
                    out,
                    "pub fn {setter}(self, value: impl Into<{}>) -> Self {{ self.map(|r| r.{}(value)) }}",
                    crate::emit_types::rust_ty_public(ty, &op.module),
                    f.ident
                );
            }
        }
    }
    out.push_str("}\n");
    out
}
