//! Injected faults over HTTP: throttling every N-th request or by a seeded ratio, 503s, added
//! latency, dropped connections, per action or for all.

use std::time::{Duration, Instant};

use alicloud_ecs_emulator::{Emulator, Fault, FaultConfig, FaultKind};

use crate::support::{TestEmulator, frozen};

fn regions(emu: &TestEmulator) -> crate::support::Call {
    emu.call("DescribeRegions")
}

#[tokio::test]
async fn throttle_every_third_request() {
    let emu =
        TestEmulator::start(frozen().faults(FaultConfig::new().with(Fault::throttle().every(3))))
            .await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let reply = emu.send(&regions(&emu)).await;
        if reply.status != 200 {
            let message = reply.expect_error(400, "Throttling.User");
            assert_eq!(message, "Request was denied due to user flow control.");
        }
        statuses.push(reply.status);
    }
    assert_eq!(statuses, [200, 200, 400, 200, 200, 400]);
}

#[tokio::test]
async fn ratio_faults_repeat_with_the_seed() {
    async fn pattern(seed: u64) -> Vec<u16> {
        let builder = Emulator::builder()
            .speed(0.0)
            .seed(seed)
            .faults(FaultConfig::new().with(Fault::unavailable().ratio(0.5)));
        let emu = TestEmulator::start(builder).await;
        let mut out = Vec::new();
        for _ in 0..24 {
            let reply = emu.send(&regions(&emu)).await;
            if reply.status == 503 {
                reply.expect_error(503, "ServiceUnavailable");
            }
            out.push(reply.status);
        }
        out
    }
    let first = pattern(7).await;
    assert_eq!(first, pattern(7).await);
    assert!(first.contains(&503) && first.contains(&200), "{first:?}");
}

#[tokio::test]
async fn faults_can_target_one_action_and_run_out() {
    let emu = TestEmulator::frozen().await;
    let control = emu.handle.control();
    control
        .add_fault(Fault::unavailable().action("DescribeTasks").times(2))
        .unwrap();
    let tasks = emu.call("DescribeTasks").region("cn-hangzhou");
    emu.send(&regions(&emu)).await.ok();
    emu.send(&tasks)
        .await
        .expect_error(503, "ServiceUnavailable");
    emu.send(&tasks)
        .await
        .expect_error(503, "ServiceUnavailable");
    emu.send(&tasks).await.ok();
    assert_eq!(control.faults().len(), 1);
    control.clear_faults();
    assert!(control.faults().is_empty());
}

#[tokio::test]
async fn latency_delays_the_response() {
    let emu = TestEmulator::frozen().await;
    emu.handle
        .control()
        .add_fault(Fault::latency(Duration::from_millis(200)).action("DescribeRegions"))
        .unwrap();
    let started = Instant::now();
    emu.send(&regions(&emu)).await.ok();
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn dropped_connections_are_io_errors_after_the_work_is_done() {
    let emu = TestEmulator::frozen().await;
    emu.handle
        .control()
        .add_fault(Fault::drop_connection().action("ExportImage").times(1))
        .unwrap();
    let call = emu
        .call("ExportImage")
        .region("cn-hangzhou")
        .param("ImageId", "m-23f8tcp8y")
        .param("OSSBucket", "b")
        .param("ClientToken", "retry-me");
    let (mut parts, body) = call.request(&emu.host()).into_parts();
    parts.uri = format!("{}{}", emu.handle.endpoint(), parts.uri)
        .parse()
        .unwrap();
    let request = http::Request::from_parts(parts, http_body_util::Full::new(body));
    let response = emu
        .client
        .request(request)
        .await
        .expect("the status line and headers arrive");
    assert_eq!(response.status(), 200);
    let declared: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 0);
    let body = http_body_util::BodyExt::collect(response.into_body()).await;
    assert!(
        body.is_err(),
        "the body must end in an I/O error, not a clean response"
    );
    // The export ran before the connection dropped; retrying with the token finds it.
    assert_eq!(emu.handle.control().tasks().len(), 2);
    let retried = emu.send(&call).await.ok();
    assert_eq!(
        emu.handle.control().tasks()[0].task_id,
        retried["TaskId"].as_str().unwrap()
    );
    assert_eq!(emu.handle.control().tasks().len(), 2);
}

#[tokio::test]
async fn in_process_dispatch_shows_a_cut_body() {
    let emulator = Emulator::builder().speed(0.0).seed(3).build().unwrap();
    emulator
        .control()
        .add_fault(Fault::drop_connection())
        .unwrap();
    let call = crate::support::Call::new("DescribeRegions", emulator.default_credentials());
    let response = emulator.dispatch(call.request("127.0.0.1")).await;
    let declared: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(response.body().len() < declared);
}

#[tokio::test]
async fn fault_specs_parse_like_the_cli() {
    let fault: Fault = "latency,ms=50,action=DescribeTasks,every=2,times=3"
        .parse()
        .unwrap();
    assert_eq!(fault.kind, FaultKind::Latency { ms: 50 });
    assert_eq!(fault.action.as_deref(), Some("DescribeTasks"));
    assert_eq!((fault.every, fault.times), (Some(2), Some(3)));
    let fail: Fault = "fail-task,code=X,message=Y,at=10".parse().unwrap();
    assert!(matches!(
        fail.kind,
        FaultKind::FailTask {
            at_percent: Some(10),
            ..
        }
    ));
    for bad in [
        "",
        "explode",
        "latency",
        "throttle,every=0",
        "throttle,ratio=2",
        "drop,colour=red",
        "throttle,every",
    ] {
        assert!(bad.parse::<Fault>().is_err(), "{bad}");
    }
    let json: Fault = serde_json::from_str(r#"{"kind":"throttle","every":3}"#).unwrap();
    assert_eq!(json, Fault::throttle().every(3));
    assert!(
        Emulator::builder()
            .faults(FaultConfig::new().with(Fault::throttle().ratio(-1.0)))
            .build()
            .is_err()
    );
}
