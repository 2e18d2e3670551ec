//! `cargo xtask import-spec`: run over Alibaba's files it writes exactly the checked-in spec
//! (so the spec is the importer's output, nothing edited by hand), and the checked-in spec
//! holds facts only. The first test needs the reference copy beside the repository and says
//! why it skipped without it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn spec() -> PathBuf {
    root().join("crates/alicloud-ecs-model/spec/ecs-2014-05-26.json")
}

#[test]
fn importing_alibabas_files_reproduces_the_checked_in_spec() {
    let meta = root().join("../shared/reference/meta");
    if !meta.join("ecs-2014-05-26.api-docs.json").exists() {
        eprintln!(
            "skipped: {} not found (Alibaba's files are not part of the repository)",
            meta.display()
        );
        return;
    }
    let out = std::env::temp_dir().join(format!("imported-spec-{}.json", std::process::id()));
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("import-spec")
        .arg(&meta)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let imported = std::fs::read(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    assert!(
        imported == std::fs::read(spec()).unwrap(),
        "the checked-in spec differs from what `cargo xtask import-spec` writes"
    );
}

/// Members that carry prose in Alibaba's files; none may be in ours.
const PROSE: &[&str] = &[
    "description",
    "summary",
    "title",
    "requestParamsDescription",
    "responseParamsDescription",
    "extraInfo",
];

fn check(value: &Value, path: &str, problems: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (k, v) in members {
                // `properties` holds field names, which may be any word.
                if PROSE.contains(&k.as_str()) && !path.ends_with(".properties") {
                    problems.push(format!("{path}.{k}"));
                }
                check(v, &format!("{path}.{k}"), problems);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| check(v, path, problems)),
        Value::String(s) => {
            let cjk = s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            // Region names in Chinese are data (`LocalName` examples), never sentences.
            if cjk && s.chars().count() > 40 {
                problems.push(format!("{path}: {s}"));
            }
        }
        _ => {}
    }
}

#[test]
fn the_checked_in_spec_holds_facts_only() {
    let spec: Value = serde_json::from_slice(&std::fs::read(spec()).unwrap()).unwrap();
    assert_eq!(spec["apis"].as_object().unwrap().len(), 380);
    let mut problems = Vec::new();
    check(&spec, "", &mut problems);
    assert!(
        problems.is_empty(),
        "prose in the spec:\n{}",
        problems.join("\n")
    );
}
