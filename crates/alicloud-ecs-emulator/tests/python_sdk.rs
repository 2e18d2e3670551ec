//! Compatibility with the official Python SDKs: runs `tests/python/official_sdk.py` against an
//! emulator. The tea SDK (`alibabacloud-ecs20140526`) drives the task journey in its default
//! V3 mode and with `signature_algorithm="v2"`, then one operation of every API group (V3); the
//! legacy `aliyun-python-sdk-core` calls one operation of every group with V1 signatures and
//! sends parameters in a form body. The operations and their requests come from the spec.
//!
//! The interpreter is `$ALICLOUD_PY_SDK_PYTHON`, default `<workspace>/target/py-sdk/bin/python`
//! (`cargo xtask test` sets it up; by hand: `python3 -m venv target/py-sdk &&
//! target/py-sdk/bin/pip install alibabacloud-ecs20140526==7.11.8
//! aliyun-python-sdk-core==2.16.1`). Without it the test explains why and passes, unless
//! `ALICLOUD_REQUIRE_PY_SDK=1`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    missing_docs
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use alicloud_ecs_emulator::Emulator;
use alicloud_ecs_model::spec::{self, Kind, ParamStyle};
use serde_json::{Map, Value, json};

/// The modules both SDKs must provide.
const MODULES: &str = "import alibabacloud_ecs20140526.client, aliyunsdkcore.client";

/// Operations whose sample request names a resource that does not exist (a task, an image)
/// or needs a disk: not candidates for a group's call.
const STATEFUL: &[&str] = &[
    "CancelTask",
    "DescribeTaskAttribute",
    "ExportImage",
    "ImportImage",
];

fn interpreter() -> PathBuf {
    std::env::var_os("ALICLOUD_PY_SDK_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/py-sdk/bin/python"),
        PathBuf::from,
    )
}

/// Why the SDK cannot run here, if it cannot.
fn unavailable(python: &Path) -> Option<String> {
    if !python.exists() {
        return Some(format!("no Python interpreter at {}", python.display()));
    }
    let probe = Command::new(python).args(["-c", MODULES]).output();
    match probe {
        Ok(out) if out.status.success() => None,
        Ok(out) => Some(format!(
            "{} cannot import the SDKs ({MODULES}): {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(err) => Some(format!("cannot run {}: {err}", python.display())),
    }
}

/// A sample value as the SDKs' request models take it: numbers, booleans, JSON structures.
fn typed(style: ParamStyle, kind: Kind, value: &str) -> Option<Value> {
    Some(match (style, kind) {
        (ParamStyle::Json, _) => serde_json::from_str(value).ok()?,
        (_, Kind::Integer) => json!(value.parse::<i64>().ok()?),
        (_, Kind::Number) => json!(value.parse::<f64>().ok()?),
        (_, Kind::Boolean) => json!(value.eq_ignore_ascii_case("true")),
        (_, Kind::String) => json!(value),
        _ => return None,
    })
}

/// Per API group, up to eight operations whose sample request has only top-level values the
/// SDKs' request models take by wire name (scalars first, then JSON parameters).
fn plan() -> Value {
    let mut groups = Vec::new();
    for (group, actions) in spec::groups() {
        let mut candidates: Vec<(bool, Value)> = Vec::new();
        for action in actions.into_iter().filter(|a| !STATEFUL.contains(a)) {
            let op = spec::operation(action).unwrap();
            let mut params = Map::new();
            let mut has_json = false;
            let usable = op.sample_params().iter().all(|(name, value)| {
                // Dotted names (`PrivatePoolOptions.Id`) are nested fields in the SDKs.
                let Some(param) = op.param(name).filter(|_| !name.contains('.')) else {
                    return false;
                };
                has_json |= param.style == ParamStyle::Json;
                typed(param.style, param.schema.kind, value)
                    .map(|v| params.insert(name.clone(), v))
                    .is_some()
            });
            if usable {
                candidates.push((has_json, json!({"action": action, "params": params})));
            }
        }
        candidates.sort_by_key(|(has_json, _)| *has_json);
        let candidates: Vec<Value> = candidates.into_iter().take(8).map(|(_, c)| c).collect();
        assert!(
            !candidates.is_empty(),
            "no candidate operation in group {group}"
        );
        groups.push(json!({"group": group, "candidates": candidates}));
    }
    assert_eq!(groups.len(), 28);
    json!({ "groups": groups })
}

#[test]
fn official_python_sdk_talks_to_the_emulator() {
    let python = interpreter();
    if let Some(reason) = unavailable(&python) {
        if std::env::var("ALICLOUD_REQUIRE_PY_SDK").as_deref() == Ok("1") {
            panic!("ALICLOUD_REQUIRE_PY_SDK=1 but {reason}");
        }
        eprintln!("skipping the official Python SDK test: {reason}");
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let handle = runtime
        .block_on(Emulator::builder().speed(0.0).seed(99).start())
        .unwrap();
    let credentials = handle.default_credentials();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/official_sdk.py");
    let output = Command::new(&python)
        .arg(&script)
        .env("EMULATOR_ENDPOINT", handle.addr().to_string())
        .env("EMULATOR_ACCESS_KEY_ID", credentials.access_key_id())
        .env(
            "EMULATOR_ACCESS_KEY_SECRET",
            credentials.access_key_secret(),
        )
        .env("EMULATOR_PLAN", plan().to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the SDK script failed\n{stdout}\n{stderr}"
    );
    assert!(
        [
            "v3: ok",
            "v2: ok",
            "groups v3: ok (28 groups",
            "groups v1: ok (28 groups"
        ]
        .iter()
        .all(|line| stdout.contains(line)),
        "{stdout}"
    );
    eprintln!("{stdout}");
    runtime.block_on(handle.shutdown());
}
