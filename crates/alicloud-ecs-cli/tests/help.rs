//! Snapshots of the help texts. A mismatch fails with a line diff; run with
//! `UPDATE_SNAPSHOTS=1` to rewrite the files in tests/snapshots/.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::path::PathBuf;

fn check(name: &str, args: &[&str]) {
    let run = support::run(args).expect_code(0);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &run.stdout).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_SNAPSHOTS=1 to create it)",
            path.display()
        )
    });
    if expected != run.stdout {
        panic!(
            "`alicloud-ecs {}` differs from {} (UPDATE_SNAPSHOTS=1 rewrites it):\n{}",
            args.join(" "),
            path.display(),
            diff(&expected, &run.stdout)
        );
    }
}

/// The lines only in `expected` (`-`) and only in `actual` (`+`), in order.
fn diff(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // Longest common subsequence table, small texts only.
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("-{}\n", old[i]));
            i += 1;
        } else {
            out.push_str(&format!("+{}\n", new[j]));
            j += 1;
        }
    }
    out
}

#[test]
fn main_help() {
    check("help", &["--help"]);
}

#[test]
fn task_help() {
    check("task-help", &["task", "--help"]);
}

#[test]
fn image_export_help() {
    check("image-export-help", &["image", "export", "--help"]);
}

#[test]
fn operation_help_from_the_spec() {
    check(
        "describe-task-attribute-help",
        &["DescribeTaskAttribute", "--help"],
    );
    check("run-instances-help", &["RunInstances", "-h"]);
}

#[test]
fn diff_marks_changed_lines() {
    assert_eq!(diff("a\nb\nc\n", "a\nB\nc\n"), "-b\n+B\n");
    assert_eq!(diff("a\n", "a\n"), "");
}
