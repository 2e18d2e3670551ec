//! The `/_emulator/…` control API over HTTP, and the binary.

use bytes::Bytes;
use http::Request;
use serde_json::{Value, json};

use crate::support::{Reply, TestEmulator, send};

async fn control(emu: &TestEmulator, method: &str, path: &str, body: &str) -> Reply {
    let mut request = Request::builder().method(method).uri(path);
    if !body.is_empty() {
        request = request.header("content-type", "application/json");
    }
    let request = request.body(Bytes::from(body.to_owned())).unwrap();
    send(&emu.client, &emu.handle.endpoint(), request)
        .await
        .unwrap()
}

#[tokio::test]
async fn control_endpoints_round_trip() {
    let emu = TestEmulator::frozen().await;
    let clock = control(&emu, "GET", "/_emulator/clock", "").await.ok();
    assert_eq!(clock["speed"], 0.0);
    let advanced = control(&emu, "POST", "/_emulator/clock/advance", r#"{"secs": 90}"#)
        .await
        .ok();
    assert_eq!(
        advanced["now_ms"].as_i64().unwrap() - clock["now_ms"].as_i64().unwrap(),
        90_000
    );

    let seed = json!({"region_id": "cn-shanghai", "task_action": "ModifyDiskSpec", "task_id": "t-http", "processing_secs": 10});
    let created = control(&emu, "POST", "/_emulator/tasks", &seed.to_string())
        .await
        .ok();
    assert_eq!(created["task_id"], "t-http");
    assert_eq!(created["task_status"], "Waiting");
    let tasks = control(&emu, "GET", "/_emulator/tasks?region=cn-shanghai", "")
        .await
        .ok();
    assert_eq!(tasks.as_array().unwrap().len(), 1);
    let bad = control(
        &emu,
        "POST",
        "/_emulator/tasks",
        r#"{"region_id": "mars-1"}"#,
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"].as_str().unwrap().contains("mars-1"));

    let images = control(&emu, "GET", "/_emulator/images", "").await.ok();
    assert!(
        images
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["image_id"] == "m-23f8tcp8y")
    );

    let faults = control(
        &emu,
        "POST",
        "/_emulator/faults",
        r#""throttle,every=2,action=DescribeRegions""#,
    )
    .await
    .ok();
    assert_eq!(faults[0]["kind"], "throttle");
    control(
        &emu,
        "POST",
        "/_emulator/faults",
        r#"{"kind": "latency", "ms": 1}"#,
    )
    .await
    .ok();
    assert_eq!(
        control(&emu, "GET", "/_emulator/faults", "")
            .await
            .ok()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    emu.send(&emu.call("DescribeRegions")).await.ok();
    emu.send(&emu.call("DescribeRegions"))
        .await
        .expect_error(400, "Throttling.User");
    assert_eq!(
        control(&emu, "POST", "/_emulator/faults", "explode")
            .await
            .status,
        400
    );
    assert_eq!(
        control(&emu, "DELETE", "/_emulator/faults", "").await.ok(),
        json!([])
    );

    assert_eq!(
        control(&emu, "POST", "/_emulator/reset", "").await.ok(),
        json!({"reset": true})
    );
    let tasks: Value = control(&emu, "GET", "/_emulator/tasks", "").await.ok();
    assert_eq!(tasks.as_array().unwrap().len(), 1);
    assert_eq!(
        control(&emu, "GET", "/_emulator/nothing", "").await.status,
        404
    );
}

#[tokio::test]
async fn the_clock_refuses_to_run_backwards_or_leap_too_far() {
    let emu = TestEmulator::frozen().await;
    let before = control(&emu, "GET", "/_emulator/clock", "").await.ok()["now_ms"]
        .as_i64()
        .unwrap();
    for (query, says) in [
        ("secs=-1", "only moves forward"),
        ("ms=-1000", "only moves forward"),
        ("secs=1e16", "at most 3653 days"),
        ("secs=315705600", "at most 3653 days"),
    ] {
        let path = format!("/_emulator/clock/advance?{query}");
        let reply = control(&emu, "POST", &path, "").await;
        assert_eq!(reply.status, 400, "{query}: {}", reply.body);
        let message = reply.json()["error"].as_str().unwrap().to_owned();
        assert!(message.contains(says), "{query}: {message}");
    }
    let refused = emu
        .handle
        .control()
        .advance(std::time::Duration::from_secs(400_000_000))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("3653 days"), "{refused}");
    let mut last = control(&emu, "GET", "/_emulator/clock", "").await.ok()["now_ms"]
        .as_i64()
        .unwrap();
    assert_eq!(last, before, "refused advances leave the clock alone");
    for _ in 0..3 {
        let reply = control(&emu, "POST", "/_emulator/clock/advance?secs=315532800", "").await;
        let now = reply.ok()["now_ms"].as_i64().unwrap();
        assert!(now > last, "{now} after {last}");
        last = now;
    }
}

#[tokio::test]
async fn control_paths_need_no_signature_but_api_paths_do() {
    let emu = TestEmulator::frozen().await;
    assert_eq!(
        control(&emu, "GET", "/_emulator/clock", "").await.status,
        200
    );
    let reply = control(
        &emu,
        "GET",
        "/?Action=DescribeRegions&Version=2014-05-26",
        "",
    )
    .await;
    reply.expect_error(400, "MissingParameter");
}

#[cfg(unix)]
#[test]
fn the_binary_prints_its_endpoint_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_alicloud-ecs-emulator"))
        .env_remove("ALICLOUD_EMULATOR_KEYS")
        .env_remove("ALICLOUD_EMULATOR_CONTROL_TOKEN")
        .args([
            "--listen",
            "127.0.0.1:0",
            "--speed",
            "0",
            "--seed",
            "1",
            "--fault",
            "latency,ms=1",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let endpoint = first
        .strip_prefix("listening on ")
        .expect("first line names the endpoint");
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{first}");
    assert!(
        lines
            .next()
            .unwrap()
            .unwrap()
            .contains("emulator-access-key")
    );

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reply = runtime.block_on(async {
        let request = Request::get("/_emulator/faults")
            .body(Bytes::new())
            .unwrap();
        send(&crate::support::client(), endpoint, request)
            .await
            .unwrap()
    });
    assert_eq!(reply.ok()[0]["ms"], 1);

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
}

#[test]
fn the_binary_rejects_bad_flags() {
    for args in [
        &["--speed", "-1"][..],
        &["--access-key", "no-colon"],
        &["--fault", "explode"],
        &["--nonce-capacity", "0"],
        &["--max-connections", "0"],
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_alicloud-ecs-emulator"))
            .env_remove("ALICLOUD_EMULATOR_KEYS")
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
    }
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_alicloud-ecs-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(
        text.contains("emulator-secret-key") && text.contains("--sts-key"),
        "{text}"
    );
}
