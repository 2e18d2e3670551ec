//! `cargo xtask codegen` as a user runs it: check mode, drift detection, stale files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn model() -> PathBuf {
    root().join("crates/alicloud-ecs-model")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The project's model as `--spec … --out DIR` writes it: all of it in one folder.
fn generated_in_one_folder(name: &str) -> PathBuf {
    let dir = scratch(name);
    let spec = model().join("spec/ecs-2014-05-26.json");
    let out = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn check_passes_on_the_committed_output() {
    let out = xtask(&["codegen", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn editing_the_spec_without_regenerating_fails_the_check() {
    let dir = scratch("edited");
    let spec = std::fs::read_to_string(model().join("spec/ecs-2014-05-26.json")).unwrap();
    let edited = spec.replacen("\"TaskProcess\"", "\"TaskProgress\"", 1);
    assert_ne!(spec, edited, "the spec should mention TaskProcess");
    let spec_path = dir.join("ecs-2014-05-26.json");
    std::fs::write(&spec_path, edited).unwrap();
    let overlay = model().join("spec/ecs-2014-05-26.overlay.json");
    let generated = generated_in_one_folder("edited-out");
    let out = xtask(&[
        "codegen",
        "--check",
        "--spec",
        spec_path.to_str().unwrap(),
        "--overlay",
        overlay.to_str().unwrap(),
        "--out",
        generated.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("changed: describe_task_attribute.rs"),
        "{stderr}"
    );
    assert!(stderr.contains("run `cargo xtask codegen`"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&generated).unwrap();
}

#[test]
fn stale_and_missing_files_are_reported_then_fixed() {
    let dir = scratch("stale");
    let generated = generated_in_one_folder("stale-from");
    copy_dir(&generated, &dir);
    std::fs::remove_dir_all(&generated).unwrap();
    std::fs::write(dir.join("retired_operation.rs"), "// old\n").unwrap();
    std::fs::remove_file(dir.join("cancel_task.rs")).unwrap();
    let spec = model().join("spec/ecs-2014-05-26.json");
    let args = |check: bool| {
        let mut a = vec!["codegen".to_owned()];
        if check {
            a.push("--check".to_owned());
        }
        a.extend([
            "--spec".to_owned(),
            spec.display().to_string(),
            "--out".to_owned(),
            dir.display().to_string(),
        ]);
        a
    };
    let run = |check: bool| {
        let a = args(check);
        xtask(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let out = run(true);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stale: retired_operation.rs"), "{stderr}");
    assert!(stderr.contains("missing: cancel_task.rs"), "{stderr}");
    assert!(run(false).status.success());
    assert!(!dir.join("retired_operation.rs").exists());
    assert!(run(true).status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_arguments_and_inputs_are_clear_errors() {
    let out = xtask(&["codegen", "--frobnicate"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
    let dir = scratch("badspec");
    let spec = dir.join("broken.json");
    std::fs::write(&spec, "{ not json").unwrap();
    let out = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not valid JSON"));
    std::fs::remove_dir_all(&dir).unwrap();
}
