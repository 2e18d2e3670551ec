//! `cargo xtask test`: prepare what the tests need, then run every test of the workspace.
//!
//! The emulator's compatibility test and the model's flattening test drive the official Python
//! SDKs (the tea SDK, and the legacy core SDK for V1 signatures); this creates a virtual
//! environment with both in `target/py-sdk` (once) and makes those tests mandatory, so a green
//! run means the official SDKs really were exercised.

use std::path::Path;
use std::process::Command;

/// The official SDK release the compatibility test is pinned to.
const PYTHON_SDK: &str = "alibabacloud-ecs20140526==7.11.8";
/// The legacy core SDK release (`CommonRequest`, V1 signatures) the test is pinned to.
const PYTHON_LEGACY_SDK: &str = "aliyun-python-sdk-core==2.16.1";
/// What must import for the SDKs to count as installed.
const SDK_MODULES: &str = "import alibabacloud_ecs20140526.client, aliyunsdkcore.client";

pub(crate) fn run(root: &Path, extra: &[String]) -> Result<(), String> {
    let venv = root.join("target/py-sdk");
    let python = venv.join("bin/python");
    if !sdk_importable(&python) {
        crate::report(&format!(
            "installing {PYTHON_SDK} and {PYTHON_LEGACY_SDK} into {}",
            venv.display()
        ));
        run_ok(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "create the Python virtual environment",
        )?;
        run_ok(
            Command::new(venv.join("bin/pip")).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                PYTHON_SDK,
                PYTHON_LEGACY_SDK,
            ]),
            "install the official Python SDKs",
        )?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run_ok(
        Command::new(cargo)
            .current_dir(root)
            .args(["test", "--workspace", "--all-features"])
            .args(extra)
            .env("ALICLOUD_PY_SDK_PYTHON", &python)
            .env("ALICLOUD_REQUIRE_PY_SDK", "1"),
        "run the tests",
    )
}

fn sdk_importable(python: &Path) -> bool {
    python.exists()
        && Command::new(python)
            .args(["-c", SDK_MODULES])
            .output()
            .is_ok_and(|o| o.status.success())
}

fn run_ok(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("failed to {what} ({status})"))
    }
}
