//! The generator reads Alibaba's own api-docs files: all 347 ECS APIs are generated into a
//! scratch crate that must compile. Runs when the shared reference copy of the official spec
//! is present beside the repository, and says why it skipped otherwise.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn whole_official_ecs_spec_generates_and_compiles() {
    let spec = root().join("../shared/reference/meta/ecs-2014-05-26.api-docs.json");
    if !spec.exists() {
        eprintln!(
            "skipped: {} not found (the official spec is not part of the repository)",
            spec.display()
        );
        return;
    }
    let krate = std::env::temp_dir().join(format!("official-ecs-model-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&krate);
    std::fs::create_dir_all(krate.join("src")).unwrap();
    let generated = krate.join("src/generated");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&generated)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let modules = std::fs::read_dir(&generated).unwrap().count();
    assert_eq!(
        modules,
        347 + 4,
        "one module per API plus mod.rs, shapes.rs, codes.rs and the facts file"
    );
    let facts = std::fs::read_to_string(generated.join("facts.txt")).unwrap();
    assert_eq!(facts.lines().filter(|l| !l.starts_with('#')).count(), 347);

    // Every operation sits behind its group's feature: declare them all and enable them all,
    // so that every module is compiled.
    let mod_rs = std::fs::read_to_string(generated.join("mod.rs")).unwrap();
    let mut features: Vec<&str> = mod_rs
        .split("feature = \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    features.sort_unstable();
    features.dedup();
    assert!(!features.is_empty());
    assert_eq!(
        mod_rs.matches("OperationEntry::of::<").count(),
        347,
        "every API is in the registry"
    );
    let declared: String = features.iter().map(|f| format!("{f:?} = []\n")).collect();
    let model = root().join("crates/alicloud-ecs-model");
    let manifest = format!(
        "[package]\nname = \"official-ecs-model\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[features]\ndefault = {features:?}\n{declared}\n\
         [dependencies]\nalicloud-ecs-model = {{ path = {:?}, default-features = false }}\nserde_json = \"1\"\n",
        model.display().to_string()
    );
    std::fs::write(krate.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(
        krate.join("src/lib.rs"),
        "//! All official ECS APIs.\n#![allow(missing_docs, dead_code)]\nmod generated;\npub use generated::*;\n",
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = std::time::Instant::now();
    let check = Command::new(cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/official-spec-check"),
        )
        .output()
        .unwrap();
    eprintln!(
        "cargo check of the 347-API crate took {:.1?}",
        started.elapsed()
    );
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    std::fs::remove_dir_all(&krate).unwrap();
}
