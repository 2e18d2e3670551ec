//! Formatting rendered files with rustfmt, and bringing an output directory in line with
//! them: write what changed, delete what is stale, or (`--check`) only report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Lowercase hex SHA-256 of some bytes.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest
        .as_ref()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Run rustfmt (edition 2024, default style) over rendered files, in one process.
pub(crate) fn format(files: BTreeMap<String, String>) -> Result<BTreeMap<String, String>, String> {
    let staging = std::env::temp_dir().join(format!(
        "alicloud-codegen-{}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&staging)
        .map_err(|e| format!("cannot create {}: {e}", staging.display()))?;
    let result = format_in(&staging, files);
    let _ = std::fs::remove_dir_all(&staging);
    result
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

fn format_in(
    staging: &Path,
    files: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, String> {
    let mut paths = Vec::new();
    for (name, text) in &files {
        let path = staging.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        paths.push(path);
    }
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    for chunk in paths.chunks(200) {
        let output = Command::new(&rustfmt)
            .args(["--edition", "2024"])
            .args(chunk)
            .output()
            .map_err(|e| format!("cannot run rustfmt: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "rustfmt failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    files
        .into_keys()
        .map(|name| {
            let text = std::fs::read_to_string(staging.join(&name)).map_err(|e| e.to_string())?;
            Ok((name, text))
        })
        .collect()
}

/// How an output directory differs from what was rendered.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Drift {
    pub(crate) missing: Vec<String>,
    pub(crate) changed: Vec<String>,
    pub(crate) stale: Vec<String>,
}

impl Drift {
    pub(crate) fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Every `.rs` file below `dir`, relative to it, with `/` separators.
fn existing(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Some(rel) = path
                .strip_prefix(root)
                .ok()
                .filter(|_| path.extension().is_some_and(|e| e == "rs"))
            {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Compare rendered files with the directory (line endings normalized).
pub(crate) fn drift(dir: &Path, files: &BTreeMap<String, String>) -> Drift {
    let mut d = Drift::default();
    for (name, text) in files {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(on_disk) if on_disk.replace("\r\n", "\n") == *text => {}
            Ok(_) => d.changed.push(name.clone()),
            Err(_) => d.missing.push(name.clone()),
        }
    }
    d.stale = existing(dir)
        .into_iter()
        .filter(|f| !files.contains_key(f))
        .collect();
    d
}

/// Make the directory match: write missing and changed files, delete stale ones.
pub(crate) fn apply(dir: &Path, files: &BTreeMap<String, String>) -> Result<Drift, String> {
    let d = drift(dir, files);
    for name in d.missing.iter().chain(&d.changed) {
        let path: PathBuf = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &files[name])
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for name in &d.stale {
        let path = dir.join(name);
        std::fs::remove_file(&path)
            .map_err(|e| format!("cannot delete {}: {e}", path.display()))?;
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn drift_finds_missing_changed_and_stale_files() {
        let dir =
            std::env::temp_dir().join(format!("xtask-drift-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("same.rs"), "a\r\n").unwrap();
        std::fs::write(dir.join("changed.rs"), "old\n").unwrap();
        std::fs::write(dir.join("sub/stale.rs"), "x\n").unwrap();
        std::fs::write(dir.join("notes.txt"), "not rust\n").unwrap();
        let files: BTreeMap<String, String> = [
            ("same.rs", "a\n"),
            ("changed.rs", "new\n"),
            ("missing.rs", "m\n"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let d = drift(&dir, &files);
        assert_eq!(d.missing, ["missing.rs"]);
        assert_eq!(d.changed, ["changed.rs"]);
        assert_eq!(d.stale, ["sub/stale.rs"]);
        apply(&dir, &files).unwrap();
        assert!(drift(&dir, &files).is_clean());
        assert!(dir.join("notes.txt").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
