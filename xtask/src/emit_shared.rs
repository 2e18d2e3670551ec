//! Renders the runtime crate's shared files: `shapes.rs` (open enums and the structures several
//! operations share, every item behind the features of the groups using it) and `codes.rs`
//! (error-code constants, named so that the dot-less spelling of a code keeps the plain name).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::emit_types::{md_escape, render_struct};
use crate::ir::Api;
use crate::naming::{pascal, screaming};
use crate::share::Shared;

fn cfg_any(features: &std::collections::BTreeSet<String>) -> String {
    let list: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {f:?}"))
        .collect();
    match list.as_slice() {
        [one] => format!("#[cfg({one})]\n"),
        _ => format!("#[cfg(any({}))]\n", list.join(", ")),
    }
}

pub(crate) fn render_shapes(api: &Api, shared: &Shared, header: &str) -> String {
    let mut out = format!(
        "{header}\n//! Open enums and the structures several operations share.\n\n#![allow(unused_imports)]\n\nuse alicloud_ecs_model::shape::{{Field, Fields, ReadError, Shape, Sink, Slot, Style, WriteError, read_all, write_all}};\nuse alicloud_ecs_model::tree::Doc;\nuse alicloud_ecs_model::Timestamp;\n\n"
    );
    for e in api.enums.values() {
        let Some(features) = shared.enum_features.get(&e.name) else {
            continue;
        };
        out.push_str(&cfg_any(features));
        let _ = writeln!(out, "alicloud_ecs_model::open_enum! {{");
        let _ = writeln!(
            out,
            "/// `{}`: one of {}; other values are kept as `Unknown`.",
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
    for (s, features) in &shared.structs {
        // Every item of the structure (the struct, its impls, its table) behind the features.
        render_struct(&mut out, s, "", &cfg_any(features));
    }
    out
}

pub(crate) fn render_codes(api: &Api, header: &str) -> String {
    let mut out = format!(
        "{header}\n//! Error codes the spec knows, to compare with `Error::code()`; never match on messages.\n\n"
    );
    // Names are given in order of fewest dots, so that of `InvalidParameter` and
    // `Invalid.Parameter` the first keeps `INVALID_PARAMETER` and the other gets a suffix.
    let mut by_dots: Vec<&str> = api.codes.iter().map(|c| c.code.as_str()).collect();
    by_dots.sort_by_key(|code| (code.matches('.').count(), *code));
    let mut used = BTreeMap::<String, usize>::new();
    let mut names = BTreeMap::<&str, String>::new();
    for code in by_dots {
        let mut name = screaming(code);
        let n = used.entry(name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            name = format!("{name}_{n}");
        }
        names.insert(code, name);
    }
    for c in &api.codes {
        let name = names.get(c.code.as_str()).cloned().unwrap_or_default();
        let message = md_escape(&c.message.replace('\n', " "));
        let _ = writeln!(
            out,
            "/// `{}` (HTTP {}): {}",
            c.code.escape_debug(),
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
