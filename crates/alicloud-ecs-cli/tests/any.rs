//! Any operation by name (`alicloud-ecs DescribeTasks --RegionId …`): the spec check and each
//! of its exit codes, `--help` and `list-actions`, `--query`, tables, `--dry-run`, and the
//! completion of actions and parameters, against `--emulator` where an answer is needed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::process::Stdio;

use support::{cli, empty_home, run, run_command, run_line};

fn assert_usage(line: &str, told: &[&str]) {
    let run = run_line(line);
    assert_eq!(
        run.code, 2,
        "{line}\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "{line}: {}", run.stdout);
    assert!(run.stderr.starts_with("error: "), "{line}: {}", run.stderr);
    for text in told {
        assert!(
            run.stderr.contains(text),
            "{line}: no {text:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn an_operation_by_name_answers_like_task_describe() {
    let json = run_line("--emulator DescribeTaskAttribute --TaskId t-23ym6mvro")
        .expect_code(0)
        .json();
    assert_eq!(json["TaskId"], "t-23ym6mvro");
    assert_eq!(json["RegionId"], "cn-hangzhou");
    assert_eq!(json["TaskStatus"], "Finished");
    let items = &json["OperationProgressSet"]["OperationProgress"][0]["RelatedItemSet"];
    assert_eq!(items["RelatedItem"][0]["Value"], "image-temp");

    // As the service wrote it: the body's own member order, indented.
    let raw =
        run_line("--emulator DescribeTaskAttribute --RegionId=cn-hangzhou --TaskId=t-23ym6mvro")
            .expect_code(0);
    assert!(raw.stdout.starts_with("{\n  \""), "{}", raw.stdout);
    // XML on the wire comes out as the same JSON; options may follow the action.
    let xml = run_line("DescribeTaskAttribute --TaskId t-23ym6mvro --emulator --wire-format xml")
        .expect_code(0)
        .json();
    assert_eq!(xml["TaskProcess"], "100%");
    assert_eq!(xml["OperationProgressSet"], json["OperationProgressSet"]);
}

#[test]
fn a_service_error_exits_1() {
    let run = run_line("--emulator DescribeTaskAttribute --TaskId t-nope").expect_code(1);
    assert!(
        run.stderr.starts_with("error: InvalidTaskId.NotFound: "),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_actions_exit_2_with_the_closest() {
    assert_usage(
        "DescribeTask --RegionId cn-hangzhou",
        &[
            "unknown action or command \"DescribeTask\"",
            "did you mean: DescribeTasks",
        ],
    );
    // Names match exactly; another case is only suggested.
    assert_usage(
        "describetaskattribute --TaskId t-1",
        &["did you mean: DescribeTaskAttribute"],
    );
    assert_usage("tsak list", &["did you mean: task"]);
}

#[test]
fn parameter_problems_exit_2_before_anything_is_sent() {
    // No credentials, no endpoint: the check comes first.
    assert_usage(
        "--region cn-hangzhou DescribeTaskAttribute --TaskID t-1",
        &[
            "unknown parameter \"TaskID\" (did you mean \"TaskId\"?)",
            "missing required parameter \"TaskId\"",
            "see: alicloud-ecs DescribeTaskAttribute --help",
        ],
    );
    assert_usage(
        "DescribeTaskAttribute --TaskId t-1",
        &["missing required parameter \"RegionId\""],
    );
    assert_usage(
        "--region cn-hangzhou DescribeTasks --PageSize ten",
        &["parameter \"PageSize\": expected an integer"],
    );
    assert_usage(
        "--region cn-hangzhou DescribeTasks --ResourceIds.101 m-1",
        &["\"ResourceIds.101\": list index \"101\" is not from 1 to 100"],
    );
    let ids: Vec<String> = (0..101).map(|i| format!("t-{i}")).collect();
    assert_usage(
        &format!(
            "--region cn-hangzhou DescribeTasks --TaskIds {}",
            ids.join(",")
        ),
        &["parameter \"TaskIds\": 101 items, at most 100 allowed"],
    );
    assert_usage(
        "--region cn-hangzhou RunInstances --Tag.1.Kee env",
        &["unknown parameter \"Tag.1.Kee\" (did you mean \"Tag.1.Key\"?)"],
    );
    assert_usage(
        "--region cn-hangzhou DescribeInstances --DryRun maybe",
        &["parameter \"DryRun\": expected true or false"],
    );
    assert_usage(
        "--region cn-hangzhou DescribeTasks --PageSize",
        &["--PageSize needs a value"],
    );
    assert_usage(
        "--region cn-hangzhou DescribeTasks t-1",
        &["unexpected argument \"t-1\""],
    );
    assert_usage(
        "DescribeTasks --output yaml",
        &["after DescribeTasks: invalid value 'yaml'"],
    );
    assert_usage(
        "--emulator DescribeTaskAttribute --TaskId t-1 --all-pages",
        &["DescribeTaskAttribute does not page"],
    );
    assert_usage(
        "--emulator DescribeTasks --query TaskSet..Task",
        &["path \"TaskSet..Task\": a field name is empty"],
    );
    assert_usage(
        "--emulator DescribeTaskAttribute --TaskId t-1 --wait-for Finished",
        &["expected PATH=VALUE"],
    );
}

#[test]
fn region_fills_region_id_unless_given() {
    let beijing = run_line("--emulator --region cn-beijing DescribeTasks")
        .expect_code(0)
        .json();
    assert_eq!(beijing["RegionId"], "cn-beijing");
    assert_eq!(beijing["TotalCount"], 0);
    let given = run_line("--emulator --region cn-beijing DescribeTasks --RegionId cn-hangzhou")
        .expect_code(0)
        .json();
    assert_eq!(given["RegionId"], "cn-hangzhou");
    assert_eq!(given["TotalCount"], 1);
}

#[test]
fn list_actions_by_group() {
    let all = run_line("list-actions").expect_code(0);
    assert!(
        all.stdout.contains("tasks (6)\n  CancelTask\n"),
        "{}",
        all.stdout
    );
    assert!(all.stdout.contains("\n  RunInstances\n"));
    assert_eq!(
        all.stdout.lines().filter(|l| l.starts_with("  ")).count(),
        380
    );
    let tasks = run_line("list-actions --group tasks").expect_code(0);
    assert!(tasks.stdout.lines().any(|l| l == "DescribeTaskAttribute"));
    assert_eq!(tasks.stdout.lines().count(), 6);
    assert_usage(
        "list-actions --group task",
        &[
            "unknown group \"task\" (did you mean \"tasks\"?)",
            "the groups: ",
            "instances",
        ],
    );
}

#[test]
fn query_picks_part_of_the_response() {
    let ids = run_line("--emulator DescribeTasks --query TaskSet.Task[].TaskId")
        .expect_code(0)
        .json();
    assert_eq!(ids, serde_json::json!(["t-23ym6mvro"]));
    let status =
        run_line("--emulator DescribeTaskAttribute --TaskId t-23ym6mvro --query TaskStatus")
            .expect_code(0)
            .json();
    assert_eq!(status, "Finished");
    let item = run_line(
        "--emulator --output table DescribeTaskAttribute --TaskId t-23ym6mvro \
         --query OperationProgressSet.OperationProgress[0].RelatedItemSet.RelatedItem",
    )
    .expect_code(0);
    assert_eq!(
        item.stdout,
        "Name         Value\nOSSBucket    image-temp\n\
         OSSObject    MYOSSPRE_m-23f8tcp8y_t-23ym6mvro.vhd\nImageFormat  vhd\n"
    );
    let nothing = run_line("--emulator DescribeTasks --query Nope").expect_code(0);
    assert_eq!(nothing.stdout, "null\n");
}

#[test]
fn tables_of_lists_records_and_chosen_columns() {
    let list =
        run_line("--emulator DescribeTasks --RegionId cn-hangzhou --output table").expect_code(0);
    let mut lines = list.stdout.lines();
    let header = lines.next().unwrap();
    assert!(
        header.contains("TaskId") && header.contains("TaskStatus"),
        "{header}"
    );
    assert!(lines.next().unwrap().contains("t-23ym6mvro"));
    let chosen = run_line(
        "--emulator --output table DescribeTasks --columns TaskId,TaskStatus,TaskAction,Missing",
    )
    .expect_code(0);
    assert_eq!(
        chosen.stdout,
        "TaskId       TaskStatus  TaskAction   Missing\nt-23ym6mvro  Finished    ExportImage  -\n"
    );
    let record = run_line("--emulator --output table DescribeTaskAttribute --TaskId t-23ym6mvro")
        .expect_code(0);
    let row = |key: &str| {
        record
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(key))
            .map(|l| l[key.len()..].trim().to_owned())
    };
    assert_eq!(row("TaskStatus").as_deref(), Some("Finished"));
    assert_eq!(
        row("OperationProgressSet.OperationProgress[0].RelatedItemSet.RelatedItem[0].Value")
            .as_deref(),
        Some("image-temp")
    );
}

const SECRET: &str = "my-very-secret-key";
const TOKEN: &str = "CAIS-my-security-token";

fn dry_run(signature: &str) -> support::Run {
    run_command(
        cli()
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-dry-run")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
            .env("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN)
            .args(["--region", "cn-hangzhou", "--signature", signature])
            .args(["DescribeTasks", "--TaskStatus", "Finished", "--dry-run"]),
    )
    .expect_code(0)
}

#[test]
fn dry_run_prints_the_signed_request_without_secrets() {
    let v3 = dry_run("v3");
    let first = v3.stdout.lines().next().unwrap();
    assert!(first.starts_with("POST https://"), "{first}");
    assert!(first.contains("TaskStatus=Finished"), "{first}");
    assert!(first.contains("RegionId=cn-hangzhou"), "{first}");
    assert!(
        v3.stdout.contains("x-acs-action: DescribeTasks\n"),
        "{}",
        v3.stdout
    );
    assert!(
        v3.stdout.contains("Credential=LTAI-dry-run,"),
        "{}",
        v3.stdout
    );
    assert!(v3.stdout.contains(",Signature=REDACTED\n"), "{}", v3.stdout);
    assert!(
        v3.stdout.contains("x-acs-security-token: REDACTED\n"),
        "{}",
        v3.stdout
    );

    let v1 = dry_run("v1");
    assert!(v1.stdout.contains("&Signature=REDACTED") || v1.stdout.contains("?Signature=REDACTED"));
    assert!(
        v1.stdout.contains("SecurityToken=REDACTED"),
        "{}",
        v1.stdout
    );
    for run in [&v3, &v1] {
        for secret in [SECRET, TOKEN, "CAIS"] {
            assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
        }
    }
}

#[test]
fn dry_run_without_credentials_exits_2() {
    let run = run_line("--region cn-hangzhou DescribeTasks --dry-run");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no credentials found"),
        "{}",
        run.stderr
    );
}

#[test]
fn completions_know_actions_and_parameters() {
    for shell in ["bash", "zsh", "fish"] {
        let script = run_line(&format!("completions {shell}"))
            .expect_code(0)
            .stdout;
        for word in [
            "DescribeTaskAttribute",
            "RunInstances",
            "--TaskId",
            "--Tag.1.Key",
            "--all-pages",
        ] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
}

/// What bash completes after `words` (the last one being completed).
fn bash_complete(script: &std::path::Path, words: &str) -> Vec<String> {
    let program = format!(
        "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
         COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}; \
         _alicloud_ecs_any alicloud-ecs \"${{COMP_WORDS[COMP_CWORD]}}\" \
         \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "-c", &program])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_actions_then_their_parameters() {
    let script = empty_home().join("alicloud-ecs.bash");
    std::fs::write(&script, run(&["completions", "bash"]).expect_code(0).stdout).unwrap();
    let actions = bash_complete(&script, "alicloud-ecs --emulator DescribeTaskA");
    assert_eq!(actions, ["DescribeTaskAttribute"]);
    let params = bash_complete(&script, "alicloud-ecs DescribeTaskAttribute --Task");
    assert_eq!(params, ["--TaskId"]);
    let listed = bash_complete(&script, "alicloud-ecs RunInstances --Tag");
    assert_eq!(listed, ["--Tag.1.Key", "--Tag.1.Value"]);
    let options = bash_complete(&script, "alicloud-ecs DescribeTasks --all");
    assert_eq!(options, ["--all-pages"]);
    // Built-in commands still complete as before.
    let task = bash_complete(&script, "alicloud-ecs task desc");
    assert_eq!(task, ["describe"]);
    // The value of a global option is no place for an action.
    let region = bash_complete(&script, "alicloud-ecs --region Desc");
    assert!(
        !region.iter().any(|w| w.starts_with("Describe")),
        "{region:?}"
    );
}

#[test]
fn operation_help_needs_no_region_or_credentials() {
    let run = run_line("DescribeTasks --help").expect_code(0);
    assert!(run.stdout.contains("--all-pages"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("--TaskIds  list of string, comma-separated, at most 100 items"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("api-ecs-2014-05-26-describetasks"));
}
