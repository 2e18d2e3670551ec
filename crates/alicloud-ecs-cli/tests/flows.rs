//! Flows that span several runs of the binary, against one standalone emulator whose clock
//! moves only when the test advances it: paging, cancelling, waiting to the end, failing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::time::Duration;

use alicloud_ecs_emulator::Fault;
use support::{Run, Standalone};

#[test]
fn list_pages_through_every_task() {
    let emulator = Standalone::start();
    let mut started: Vec<String> = (0..3).map(|_| emulator.seed_import()).collect();
    started.push(emulator.export());

    let first = emulator
        .run_line("task list --page-size 2")
        .expect_code(0)
        .json();
    assert_eq!(first["TotalCount"], 5);
    assert_eq!(first["PageNumber"], 1);
    assert_eq!(first["TaskSet"]["Task"].as_array().unwrap().len(), 2);
    let second = emulator
        .run_line("task list --page-size 2 --page 3")
        .expect_code(0)
        .json();
    assert_eq!(second["PageNumber"], 3);
    assert_eq!(second["TaskSet"]["Task"].as_array().unwrap().len(), 1);

    let all = emulator
        .run_line("task list --all --page-size 2")
        .expect_code(0)
        .json();
    let ids: Vec<&str> = all["TaskSet"]["Task"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["TaskId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
    assert_eq!(all["TotalCount"], 5);
    assert!(started.iter().all(|id| ids.contains(&id.as_str())));

    let table = emulator
        .run_line("--output table task list --page-size 2")
        .expect_code(0);
    assert!(
        table
            .stdout
            .ends_with("page 1 of 3, 5 tasks in all; next: --page 2, or --all\n"),
        "{}",
        table.stdout
    );
    emulator.advance(Duration::from_secs(5));
    let table_all = emulator
        .run_line("--output table task list --all --status Processing")
        .expect_code(0);
    assert!(
        table_all.stdout.ends_with("4 tasks\n"),
        "{}",
        table_all.stdout
    );

    let by_id = emulator
        .run(&["task", "list", "--id", &started[0], "--id", &started[1]])
        .expect_code(0)
        .json();
    assert_eq!(by_id["TotalCount"], 2);
}

#[test]
fn cancel_a_running_task_then_wait_exits_4() {
    let emulator = Standalone::start();
    let task = emulator.export();

    let cancelled = emulator
        .run(&["--output", "table", "task", "cancel", &task])
        .expect_code(0);
    assert!(
        cancelled
            .stdout
            .starts_with(&format!("TaskId     {task}\n")),
        "{}",
        cancelled.stdout
    );
    assert!(cancelled.stdout.contains("RequestId  "));

    let described = emulator
        .run(&["task", "describe", &task])
        .expect_code(0)
        .json();
    assert_eq!(described["TaskStatus"], "Cancelled");

    let wait = emulator.run(&["task", "wait", &task]).expect_code(4);
    assert_eq!(wait.json()["TaskStatus"], "Cancelled");
    assert!(
        wait.stderr
            .contains(&format!("error: {task} ended as Cancelled")),
        "{}",
        wait.stderr
    );

    let again = emulator.run(&["task", "cancel", &task]).expect_code(1);
    assert!(again.stderr.starts_with("error: "), "{}", again.stderr);
    assert!(again.stderr.contains("  request id: "));
}

#[test]
fn wait_follows_the_task_to_its_end() {
    let emulator = Standalone::start();
    let task = emulator.export();

    let mut child = emulator
        .cli()
        .args([
            "task",
            "wait",
            &task,
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
    // The clock is frozen until the first poll has been seen.
    emulator.advance(Duration::from_secs(10));
    let mut second = String::new();
    stderr.read_line(&mut second).unwrap();
    emulator.advance(Duration::from_secs(60));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let output = child.wait_with_output().unwrap();

    assert_eq!(first, format!("{task}: Waiting 0%\n"));
    assert!(
        second.starts_with(&format!("{task}: Processing ")),
        "{second}"
    );
    assert!(
        rest.ends_with(&format!("{task}: Finished 100%\n")),
        "{rest}"
    );
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["TaskStatus"], "Finished");
    assert_eq!(json["TaskId"], task.as_str());
}

#[test]
fn wait_on_a_failing_task_exits_4_with_its_error() {
    let emulator = Standalone::start();
    emulator
        .control()
        .add_fault(
            Fault::fail_task(
                "InvalidImage.NotSupported",
                "The image format is not supported.",
            )
            .action("ExportImage"),
        )
        .unwrap();
    let task = emulator.export();
    emulator.advance(Duration::from_secs(120));
    let run = emulator
        .run(&["--output", "table", "task", "wait", &task])
        .expect_code(4);
    assert!(
        run.stdout.contains("Status         Failed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  Error        InvalidImage.NotSupported: The image format")
    );
    assert!(run.stderr.ends_with(
        "ended as Failed: InvalidImage.NotSupported: The image format is not supported.\n"
    ));
}

#[test]
fn wait_times_out_with_exit_3() {
    let emulator = Standalone::start();
    let task = emulator.export();
    let run = emulator
        .run(&[
            "task",
            "wait",
            &task,
            "--timeout",
            "600ms",
            "--interval",
            "200ms",
        ])
        .expect_code(3);
    assert_eq!(run.json()["TaskStatus"], "Waiting");
    assert!(
        run.stderr
            .contains(&format!("error: {task} did not end within")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_wrong_secret_is_a_service_error() {
    let emulator = Standalone::start();
    let run: Run = support::run_command(
        emulator
            .cli()
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "not-the-secret")
            .args(["task", "describe", "t-23ym6mvro"]),
    )
    .expect_code(1);
    assert!(
        run.stderr.starts_with("error: SignatureDoesNotMatch: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("  request id: "));
    assert!(!run.stderr.contains("not-the-secret"));
}

#[test]
fn a_closed_port_is_a_request_failure() {
    let run = support::run_command(
        support::cli()
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret")
            .args([
                "--endpoint",
                "http://127.0.0.1:9",
                "--region",
                "cn-hangzhou",
            ])
            .args(["task", "describe", "t-23ym6mvro"]),
    )
    .expect_code(1);
    assert!(
        run.stderr.starts_with("error: request failed: "),
        "{}",
        run.stderr
    );
}
