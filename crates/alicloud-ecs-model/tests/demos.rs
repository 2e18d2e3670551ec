//! Every JSON and XML response demo and error demo of Alibaba's api-docs file parses: demos
//! into the operation's response type (through the registry), error demos into
//! `ErrorResponse`. Reads `../shared/reference/meta/` beside the repository and says why it
//! skipped when that copy is absent (it is not part of the repository).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    missing_docs
)]

use std::path::Path;

use alicloud_ecs_model::{ErrorResponse, Format, from_slice, registry};
use serde_json::Value;

fn format_of(kind: &str) -> Option<Format> {
    match kind {
        "json" => Some(Format::Json),
        "xml" => Some(Format::Xml),
        _ => None,
    }
}

/// Whether a demo body is an error body (`Code` at the top) rather than a success body.
fn is_error(format: Format, body: &str) -> bool {
    match format {
        Format::Json => serde_json::from_str::<Value>(body).ok().is_some_and(|v| {
            v.get("Code").is_some()
                && v.get("RequestId").is_some()
                && v.as_object().is_some_and(|o| o.len() <= 6)
        }),
        _ => body.trim_start().starts_with("<Error"),
    }
}

#[test]
fn every_demo_of_every_operation_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/meta/ecs-2014-05-26.api-docs.json");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "skipped: {} not found (the official spec is not part of the repository)",
            path.display()
        );
        return;
    };
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    let (mut parsed, mut errors, mut failures, mut malformed) = (0, 0, Vec::new(), Vec::new());
    for (name, api) in doc["apis"].as_object().unwrap() {
        let Some(demos) = api["responseDemo"]
            .as_str()
            .filter(|d| !d.trim().is_empty())
        else {
            continue;
        };
        let op =
            registry::operation(name).unwrap_or_else(|| panic!("{name} is not in the registry"));
        let demos: Value = serde_json::from_str(demos).unwrap();
        for demo in demos.as_array().unwrap() {
            let Some(format) = demo["type"].as_str().and_then(format_of) else {
                continue;
            };
            for key in ["example", "errorExample"] {
                let Some(body) = demo[key].as_str().filter(|b| !b.trim().is_empty()) else {
                    continue;
                };
                let result = if is_error(format, body) {
                    errors += 1;
                    from_slice::<ErrorResponse>(format, body.as_bytes())
                        .map(drop)
                        .map_err(|e| e.to_string())
                } else {
                    parsed += 1;
                    op.response_to_json(format, body.as_bytes())
                        .map(drop)
                        .map_err(|e| e.to_string())
                };
                match result {
                    Ok(()) => {}
                    // Alibaba's page holds a few demos that are not well-formed documents
                    // (trailing commas, mismatched tags, cut short): those must be refused
                    // as malformed, never read half-way, and there must stay few of them.
                    Err(e) if e.starts_with(&format!("invalid {format} body")) => {
                        malformed.push(format!("{name} {key} ({format})"));
                    }
                    Err(e) => failures.push(format!("{name} {key} ({format}): {e}")),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} demos do not parse:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "{parsed} response demos and {errors} error demos read; {} malformed demos refused: {}",
        malformed.len(),
        malformed.join(", ")
    );
    assert!(
        malformed.len() <= 16,
        "more malformed demos than known: {malformed:?}"
    );
    assert!(parsed > 500, "too few demos: {parsed}");
}
