//! Compatibility with the official Python SDK (`alibabacloud-ecs20140526`): runs
//! `tests/python/official_sdk.py` against an emulator in its default V3 mode and with
//! `signature_algorithm="v2"`.
//!
//! The interpreter is `$ALICLOUD_PY_SDK_PYTHON`, default `<workspace>/target/py-sdk/bin/python`
//! (set it up with `python3 -m venv target/py-sdk && target/py-sdk/bin/pip install
//! alibabacloud-ecs20140526`). Without it the test explains why and passes, unless
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
    let probe = Command::new(python)
        .args(["-c", "import alibabacloud_ecs20140526"])
        .output();
    match probe {
        Ok(out) if out.status.success() => None,
        Ok(out) => Some(format!(
            "{} cannot import alibabacloud_ecs20140526: {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(err) => Some(format!("cannot run {}: {err}", python.display())),
    }
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
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the SDK script failed\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("v3: ok") && stdout.contains("v2: ok"),
        "{stdout}"
    );
    runtime.block_on(handle.shutdown());
}
