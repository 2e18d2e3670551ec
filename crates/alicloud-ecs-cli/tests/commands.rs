//! Every command of the built binary against its in-process emulator (`--emulator`), in both
//! output modes, with each exit code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use support::{cli, run_command, run_line};

const EXAMPLE_OBJECT: &str = "MYOSSPRE_m-23f8tcp8y_t-23ym6mvro.vhd";

#[test]
fn the_readme_command_prints_the_example_task_as_a_table() {
    let run = run_line("--emulator --output table task describe t-23ym6mvro").expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    for (key, value) in [
        ("TaskId", "t-23ym6mvro"),
        ("Region", "cn-hangzhou"),
        ("Action", "ExportImage"),
        ("Status", "Finished"),
        ("Progress", "100%"),
        ("Counts", "1 total, 1 succeeded, 0 failed"),
        ("Created", "2015-11-23T02:13Z"),
        ("Finished", "2015-11-23T02:19Z"),
        ("Operation 1", "Success"),
        ("  OSSBucket", "image-temp"),
        ("  OSSObject", EXAMPLE_OBJECT),
        ("  ImageFormat", "vhd"),
    ] {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("no {key} row in\n{}", run.stdout));
        assert_eq!(line[key.len()..].trim(), value, "row {key}");
    }
    // Aligned: every value starts in the same column.
    let column = lines[0].find("t-23ym6mvro").unwrap();
    assert!(lines.iter().all(|l| l.as_bytes()[column - 1] == b' '));
}

fn assert_example_json(json: &serde_json::Value) {
    assert_eq!(json["TaskId"], "t-23ym6mvro");
    assert_eq!(json["RegionId"], "cn-hangzhou");
    assert_eq!(json["TaskAction"], "ExportImage");
    assert_eq!(json["TaskStatus"], "Finished");
    assert_eq!(json["TaskProcess"], "100%");
    assert_eq!(json["CreationTime"], "2015-11-23T02:13Z");
    assert_eq!(json["FinishedTime"], "2015-11-23T02:19Z");
    let operation = &json["OperationProgressSet"]["OperationProgress"][0];
    let items = &operation["RelatedItemSet"]["RelatedItem"];
    assert_eq!(items[1]["Name"], "OSSObject");
    assert_eq!(items[1]["Value"], EXAMPLE_OBJECT);
    assert!(json["RequestId"].as_str().is_some_and(|id| !id.is_empty()));
}

#[test]
fn piped_output_is_the_response_as_json() {
    let piped = run_line("--emulator task describe t-23ym6mvro").expect_code(0);
    assert_example_json(&piped.json());
    let chosen = run_line("--emulator --output json task describe t-23ym6mvro").expect_code(0);
    assert_example_json(&chosen.json());
}

#[test]
fn xml_responses_and_v1_signatures_give_the_same_task() {
    let run = run_line("--emulator --wire-format xml --signature v1 -v task describe t-23ym6mvro")
        .expect_code(0);
    assert_example_json(&run.json());
    assert!(
        run.stderr.contains("emulator started"),
        "-v logs:\n{}",
        run.stderr
    );
}

#[test]
fn a_service_error_exits_1_with_code_message_and_request_id() {
    let run = run_line("--emulator task describe t-doesnotexist").expect_code(1);
    assert!(run.stdout.is_empty());
    let mut lines = run.stderr.lines();
    assert_eq!(
        lines.next(),
        Some(r#"error: InvalidTaskId.NotFound: The specified "TaskId" is not found."#)
    );
    let request_id = lines.next().unwrap();
    assert!(request_id.starts_with("  request id: ") && request_id.len() > 20);
    assert!(run.stderr.contains("  recommend: https://"));
}

#[test]
fn task_list_one_page_all_pages_and_filters() {
    let table = run_line("--emulator --output table task list").expect_code(0);
    let mut lines = table.stdout.lines();
    assert!(
        lines.next().unwrap().starts_with("TASK ID"),
        "{}",
        table.stdout
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("t-23ym6mvro  ExportImage  Finished"),
        "{row}"
    );
    assert!(table.stdout.ends_with("page 1 of 1, 1 task in all\n"));

    let page = run_line("--emulator task list --page-size 5")
        .expect_code(0)
        .json();
    assert_eq!(page["TotalCount"], 1);
    assert_eq!(page["PageSize"], 5);
    assert_eq!(page["TaskSet"]["Task"][0]["TaskId"], "t-23ym6mvro");

    let all = run_line("--emulator task list --all").expect_code(0).json();
    assert_eq!(all["TaskSet"]["Task"][0]["TaskId"], "t-23ym6mvro");

    for filter in [
        "--action ExportImage --status Finished",
        "--since 2015-11-23T00:00Z --until 2015-11-23T03:00:00Z",
        "--id t-23ym6mvro,t-other",
    ] {
        let json = run_line(&format!("--emulator task list {filter}"))
            .expect_code(0)
            .json();
        assert_eq!(json["TotalCount"], 1, "{filter}");
    }
    for filter in ["--status Failed", "--since 2016-01-01T00:00Z"] {
        let run = run_line(&format!("--emulator --output table task list {filter}")).expect_code(0);
        assert!(
            run.stdout.starts_with("no tasks\n"),
            "{filter}: {}",
            run.stdout
        );
    }
}

#[test]
fn export_with_wait_shows_progress_and_the_finished_task() {
    let run = run_line(
        "--emulator --output table image export --image-id m-23f8tcp8y --oss-bucket my-bucket \
         --oss-prefix demo --format qcow2 --wait",
    )
    .expect_code(0);
    assert!(
        run.stdout.contains("Status         Finished"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  OSSBucket    my-bucket"));
    assert!(run.stdout.contains("  ImageFormat  qcow2"));
    // Not a terminal: one plain line per change, ending with the finished state.
    let progress: Vec<&str> = run.stderr.lines().collect();
    assert!(progress.len() >= 2, "{}", run.stderr);
    assert!(
        progress
            .iter()
            .all(|l| l.starts_with("t-") && l.contains(": "))
    );
    assert!(progress.last().unwrap().ends_with(": Finished 100%"));
}

#[test]
fn import_with_wait_finishes_and_prints_json() {
    // The emulator options may also follow the command.
    let run = run_line(
        "--emulator image import --oss-bucket my-bucket --oss-object disks/web.qcow2 \
         --os-type linux --platform Ubuntu --architecture x86_64 --image-name web-2024 --wait \
         --emulator-speed 200",
    )
    .expect_code(0);
    let json = run.json();
    assert_eq!(json["TaskAction"], "ImportImage");
    assert_eq!(json["TaskStatus"], "Finished");
    let operation = &json["OperationProgressSet"]["OperationProgress"][0];
    let items = operation["RelatedItemSet"]["RelatedItem"]
        .as_array()
        .unwrap();
    assert!(items.iter().any(|i| i["Value"] == "disks/web.qcow2"));
}

#[test]
fn starting_a_task_without_wait_prints_its_ids() {
    let json = run_line("--emulator image import --oss-bucket b --oss-object d.raw")
        .expect_code(0)
        .json();
    assert!(json["TaskId"].as_str().unwrap().starts_with("t-"));
    assert!(json["ImageId"].as_str().unwrap().starts_with("m-"));

    let table =
        run_line("--emulator --output table image export --image-id m-23f8tcp8y --oss-bucket b")
            .expect_code(0);
    assert!(
        table.stdout.starts_with("TaskId     t-"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("Region     cn-hangzhou"));
}

#[test]
fn a_failed_task_exits_4_and_still_prints_it() {
    let run = run_line(
        "--emulator --emulator-fault fail-task,code=ExportImageFailed image export \
         --image-id m-23f8tcp8y --oss-bucket b --wait",
    )
    .expect_code(4);
    assert_eq!(run.json()["TaskStatus"], "Failed");
    let last = run.stderr.lines().last().unwrap();
    assert!(last.starts_with("error: t-"), "{}", run.stderr);
    assert!(last.contains("ended as Failed: ExportImageFailed"));
}

#[test]
fn a_wait_that_times_out_exits_3() {
    let run = run_line(
        "--emulator --emulator-speed 0 image export --image-id m-23f8tcp8y --oss-bucket b \
         --wait --timeout 1s --interval 250ms",
    )
    .expect_code(3);
    assert_eq!(run.json()["TaskStatus"], "Waiting");
    assert!(run.stderr.contains("did not end within"), "{}", run.stderr);
}

#[test]
fn regions_in_both_modes() {
    let table = run_line("--emulator --output table regions").expect_code(0);
    assert!(table.stdout.starts_with("REGION "));
    let hangzhou = table.stdout.lines().find(|l| l.starts_with("cn-hangzhou "));
    assert!(
        hangzhou.is_some_and(|l| l.contains("available")),
        "{}",
        table.stdout
    );
    let json = run_line("--emulator regions").expect_code(0).json();
    let regions = json["Regions"]["Region"].as_array().unwrap();
    assert!(regions.iter().any(|r| r["RegionId"] == "cn-hangzhou"));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_line(&format!("completions {shell}")).expect_code(0);
        assert!(run.stdout.contains("alicloud-ecs"), "{shell}");
        assert!(run.stdout.contains("describe"), "{shell}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for line in [
        "",
        "task",
        "task describe",
        "task list --status Sleeping",
        "task list --page-size 500",
        "task list --all --page 2",
        "task wait t-1 --timeout soon",
        "--output yaml regions",
        "completions tcsh",
        "--emulator --endpoint http://127.0.0.1:1 regions",
        "--emulator regions --endpoint http://127.0.0.1:1",
        "--emulator --profile dev regions",
        "--emulator-speed 5 regions",
        "regions --emulator-fault throttle",
        "--emulator --emulator-speed=-1 regions",
    ] {
        let run = run_line(line);
        assert_eq!(run.code, 2, "{line:?}\n{}", run.stderr);
        let told = run.stderr.starts_with("error: ") || run.stderr.contains("Usage: ");
        assert!(told, "{line:?}\n{}", run.stderr);
    }
    let bad_time = run_line("--emulator task list --since yesterday").expect_code(2);
    assert!(
        bad_time.stderr.contains("invalid timestamp \"yesterday\""),
        "{}",
        bad_time.stderr
    );
    assert!(bad_time.stderr.contains("YYYY-MM-DDThh:mm"));
}

#[test]
fn without_credentials_every_source_tried_is_listed_and_no_secret() {
    let run = run_command(
        cli()
            .env(
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                "do-not-print-this-secret",
            )
            .args(["--region", "cn-hangzhou", "task", "describe", "t-23ym6mvro"]),
    )
    .expect_code(2);
    let stderr = &run.stderr;
    assert!(
        stderr.starts_with("error: no credentials found; tried, in order:"),
        "{stderr}"
    );
    for source in [
        "environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set",
        "~/.aliyun/config.json",
        "~/.alibabacloud/credentials",
        "disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED",
        "ALIBABA_CLOUD_CREDENTIALS_URI",
    ] {
        assert!(stderr.contains(source), "{source} missing from\n{stderr}");
    }
    assert!(!stderr.contains("do-not-print-this-secret"));
    assert!(run.stdout.is_empty());
}

#[test]
fn plain_http_to_a_remote_host_needs_the_opt_in() {
    let remote = "--region cn-hangzhou --endpoint http://ecs.example.invalid task describe t-1";
    let refused = run_line(remote).expect_code(2);
    assert!(
        refused.stderr.contains("--allow-insecure-http"),
        "{}",
        refused.stderr
    );
    // With the opt-in the endpoint is accepted and the run goes on to look for credentials
    // (there are none here), so nothing is sent.
    let allowed = run_line(&format!("--allow-insecure-http {remote}")).expect_code(2);
    assert!(
        allowed.stderr.starts_with("error: no credentials found"),
        "{}",
        allowed.stderr
    );
    // Loopback needs no opt-in.
    let local = "--region cn-hangzhou --endpoint http://127.0.0.1:9 task describe t-1";
    let run = run_line(local).expect_code(2);
    assert!(
        run.stderr.starts_with("error: no credentials found"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_a_region_the_message_says_how_to_set_one() {
    let run = run_line("task list").expect_code(2);
    assert!(
        run.stderr.starts_with("error: no region: pass --region"),
        "{}",
        run.stderr
    );
}

#[test]
fn emulator_serve_prints_its_address_and_serves() {
    let mut child = cli()
        .args([
            "emulator",
            "serve",
            "--speed",
            "0",
            "--access-key",
            "serve-id:serve-secret",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let endpoint = first
        .trim()
        .strip_prefix("listening on ")
        .map(str::to_owned);
    let result = endpoint.as_deref().map(|endpoint| {
        run_command(
            cli()
                .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "serve-id")
                .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "serve-secret")
                .args(["--endpoint", endpoint, "--region", "cn-hangzhou"])
                .args(["task", "describe", "t-23ym6mvro"]),
        )
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let endpoint = endpoint.unwrap_or_else(|| panic!("first line: {first:?}"));
    assert!(endpoint.starts_with("http://127.0.0.1:"));
    assert_example_json(&result.unwrap().expect_code(0).json());
}
