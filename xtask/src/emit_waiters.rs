//! Renders the facade's `src/generated/waiters.rs`: one `Client::wait_until_*` method per
//! waiter the overlay declares (the task waiter is hand-written), each building its polling
//! request and reading the watched field by a path resolved against the response's types,
//! so a wrong path fails codegen.

use std::fmt::Write as _;

use crate::ir::{Api, Field, Op, Ty, Waiter};
use crate::naming::{pascal, snake};

/// The waiters module, or an error naming the waiter whose facts do not resolve.
pub(crate) fn render(api: &Api, header: &str) -> Result<String, String> {
    let mut out = format!(
        "{header}\n//! Generated waiters: one `Client::wait_until_*` method per waiter of the overlay.\n\n#![allow(unused_imports)]\n\nuse std::time::Duration;\n\nuse crate::{{Client, StateRule, StateWaiter}};\n"
    );
    for w in api.waiters.iter().filter(|w| w.name != "TaskFinished") {
        let op = api
            .ops
            .iter()
            .find(|op| op.name == w.operation)
            .ok_or_else(|| format!("waiter {}: no operation {}", w.name, w.operation))?;
        out.push_str(&render_one(w, op)?);
    }
    Ok(out)
}

fn render_one(w: &Waiter, op: &Op) -> Result<String, String> {
    let request = format!(
        "alicloud_ecs_model::{}::{}Request",
        op.module,
        pascal(&op.name)
    );
    let response = format!(
        "alicloud_ecs_model::{}::{}Response",
        op.module,
        pascal(&op.name)
    );
    let states = states_expr(w, op)?;
    let id_param = w
        .id_param
        .as_deref()
        .ok_or_else(|| format!("waiter {} names no idParam", w.name))?;
    let id_field = find(&op.request, id_param)
        .ok_or_else(|| format!("waiter {}: {} has no parameter {id_param}", w.name, op.name))?;
    let set_id = match (w.id_encoding.as_str(), &id_field.ty) {
        ("list", Ty::List(_)) => format!(".{}([id])", id_field.ident),
        ("plain", Ty::Str) => format!(".{}(id)", id_field.ident),
        ("jsonArray", Ty::Str) => format!(
            ".{}(serde_json::Value::from(vec![id]).to_string())",
            id_field.ident
        ),
        (encoding, ty) => {
            return Err(format!(
                "waiter {}: idEncoding {encoding:?} does not fit {id_param} ({ty:?})",
                w.name
            ));
        }
    };
    let mut extra = String::new();
    for (name, value) in &w.extra_params {
        let field = find(&op.request, name)
            .ok_or_else(|| format!("waiter {}: {} has no parameter {name}", w.name, op.name))?;
        let _ = write!(extra, ".{}({value:?})", field.ident);
    }
    let list = |values: &[String]| {
        values
            .iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let states_fn = format!("{{ fn states(r: &{response}) -> Vec<&str> {{ {states} }} states }}");
    let method = format!("wait_until_{}", snake(&w.name).trim_start_matches("r#"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n#[cfg(feature = {feature:?})]\nimpl Client {{\n/// Wait until `{field}` of `{operation}` for `id` is {success}{failure}.\n///\n/// Polls every {interval} s at first; see [`StateWaiter`] for the schedule and the rules.\npub fn {method}(&self, id: impl Into<String>) -> StateWaiter<{request}> {{\nlet id: String = id.into();\nlet request = {request}::new(){set_id}{extra};\nStateWaiter::new(self, request, StateRule {{ name: {name:?}, states: {states_fn}, success: &[{s}], failure: &[{f}], interval: Duration::from_secs({interval}) }})\n}}\n}}",
        feature = op.feature,
        field = w.field,
        operation = w.operation,
        success = w
            .success
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(" or "),
        failure = if w.failure.is_empty() {
            String::new()
        } else {
            format!(
                " (failing on {})",
                w.failure
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        interval = w.interval_seconds,
        name = w.name,
        states_fn = states_fn,
        s = list(&w.success),
        f = list(&w.failure),
    );
    Ok(out)
}

fn find<'a>(fields: &'a [Field], wire: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.wire == wire)
}

/// An expression over `r` collecting the watched field of every listed resource as `&str`.
fn states_expr(w: &Waiter, op: &Op) -> Result<String, String> {
    let segments: Vec<&str> = w.field.split('.').collect();
    let mut fields = op.response.as_slice();
    let mut expr = String::from("std::iter::once(r)");
    let mut i = 0;
    while i < segments.len() {
        let seg = segments[i];
        let field = find(fields, seg)
            .ok_or_else(|| format!("waiter {}: no field {seg} in {}", w.name, w.field))?;
        let last = i + 1 == segments.len();
        let inner = match &field.ty {
            Ty::Wrapped { item, inner } => {
                if segments.get(i + 1) == Some(&item.as_str()) {
                    i += 1;
                }
                let _ = write!(expr, ".flat_map(|v| v.{}.iter())", field.ident);
                inner.as_ref()
            }
            Ty::List(inner) => {
                let _ = write!(expr, ".flat_map(|v| v.{}.iter())", field.ident);
                inner.as_ref()
            }
            other => {
                let _ = write!(expr, ".filter_map(|v| v.{}.as_ref())", field.ident);
                other
            }
        };
        i += 1;
        if last || i == segments.len() {
            if !matches!(inner, Ty::Str | Ty::Enum(_)) {
                return Err(format!("waiter {}: {} is not text", w.name, w.field));
            }
            return Ok(format!("{expr}.map(|s| s.as_str()).collect()"));
        }
        let Ty::Struct(name) = inner else {
            return Err(format!("waiter {}: {seg} is not a structure", w.name));
        };
        fields = &op
            .structs
            .iter()
            .find(|s| &s.name == name)
            .ok_or_else(|| format!("waiter {}: structure {name} not found", w.name))?
            .fields;
    }
    Err(format!("waiter {}: empty field path", w.name))
}
