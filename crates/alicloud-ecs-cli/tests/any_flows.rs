//! Any operation by name against one standalone emulator whose clock the test moves:
//! `--all-pages` over several pages, and `--wait-for` reaching its value or timing out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::time::Duration;

use support::Standalone;

#[test]
fn all_pages_reads_every_page_and_merges_them() {
    let emulator = Standalone::start();
    let started: Vec<String> = (0..4).map(|_| emulator.seed_import()).collect();

    // -vv logs one line per call: three pages of two for five tasks.
    let all = emulator
        .run_line("-vv DescribeTasks --PageSize 2 --all-pages")
        .expect_code(0);
    assert_eq!(
        all.stderr.matches("call succeeded").count(),
        3,
        "{}",
        all.stderr
    );
    let json = all.json();
    let ids: Vec<&str> = json["TaskSet"]["Task"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["TaskId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
    assert!(started.iter().all(|id| ids.contains(&id.as_str())));
    assert!(ids.contains(&"t-23ym6mvro"));
    assert_eq!(json["TotalCount"], 5);
    assert_eq!(json["PageNumber"], 1);

    // Without --PageSize the largest page the spec allows is asked for: one call.
    let one = emulator
        .run_line("-vv DescribeTasks --all-pages --query TaskSet.Task[].TaskId")
        .expect_code(0);
    assert_eq!(
        one.stderr.matches("call succeeded").count(),
        1,
        "{}",
        one.stderr
    );
    assert_eq!(one.json().as_array().unwrap().len(), 5);

    // A table of every page, and a filter that leaves a short last page.
    let table = emulator
        .run_line(
            "--output table DescribeTasks --PageSize 2 --all-pages --columns TaskId,TaskAction",
        )
        .expect_code(0);
    assert_eq!(table.stdout.lines().count(), 6, "{}", table.stdout);
    assert_eq!(table.stdout.matches("ImportImage").count(), 4);
    let imports = emulator
        .run_line("DescribeTasks --TaskAction ImportImage --PageSize 3 --all-pages")
        .expect_code(0)
        .json();
    assert_eq!(imports["TaskSet"]["Task"].as_array().unwrap().len(), 4);

    // XML pages are read through the response schema and merged the same way.
    let xml = emulator
        .run_line("--wire-format xml DescribeTasks --PageSize 2 --all-pages --query TaskSet.Task[].TaskId")
        .expect_code(0)
        .json();
    assert_eq!(xml.as_array().unwrap().len(), 5, "{xml}");
}

#[test]
fn wait_for_reaches_the_value() {
    let emulator = Standalone::start();
    let task = emulator.export();
    let mut child = emulator
        .cli()
        .args(["DescribeTaskAttribute", "--TaskId", &task])
        .args([
            "--wait-for",
            "TaskStatus=Finished",
            "--interval",
            "100ms",
            "--timeout",
            "10m",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    // The clock is frozen until the first answer has been seen.
    emulator.advance(Duration::from_secs(3600));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let output = child.wait_with_output().unwrap();

    assert!(
        first.starts_with("DescribeTaskAttribute TaskStatus: ") && !first.contains("Finished"),
        "{first}"
    );
    assert!(
        rest.ends_with("DescribeTaskAttribute TaskStatus: Finished\n"),
        "{rest}"
    );
    assert_eq!(output.status.code(), Some(0), "{rest}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["TaskStatus"], "Finished");
    assert_eq!(json["TaskId"], task.as_str());
}

#[test]
fn wait_for_times_out_with_exit_3() {
    let emulator = Standalone::start();
    let task = emulator.export();
    let run = emulator
        .run(&["DescribeTaskAttribute", "--TaskId", &task])
        .expect_code(0);
    let status = run.json()["TaskStatus"].as_str().unwrap().to_owned();
    assert_ne!(status, "Finished");

    let waited = emulator.run(&[
        "DescribeTaskAttribute",
        "--TaskId",
        &task,
        "--wait-for",
        "TaskStatus=Finished",
        "--timeout",
        "1s",
        "--interval",
        "200ms",
    ]);
    let waited = waited.expect_code(3);
    // The last answer is printed, and the message says what was seen.
    assert_eq!(waited.json()["TaskStatus"], status.as_str());
    let message = waited.stderr.lines().last().unwrap();
    assert!(
        message.starts_with("error: TaskStatus did not become \"Finished\" within ")
            && message.ends_with(&format!("; last seen \"{status}\"")),
        "{message}"
    );
    // A path that is not in the response never matches.
    let absent = emulator.run(&[
        "DescribeTaskAttribute",
        "--TaskId",
        &task,
        "--wait-for",
        "Nope=1",
        "--timeout",
        "0s",
    ]);
    let absent = absent.expect_code(3);
    assert!(
        absent.stderr.contains("(1 call); last seen absent"),
        "{}",
        absent.stderr
    );
}
