//! The task lifecycle on a frozen clock advanced through the control API (in process and over
//! HTTP), failures, and the running clock.

use std::time::Duration;

use alicloud_ecs_emulator::{Emulator, Fault, TaskFailure, TaskSeed};
use alicloud_ecs_model::TaskStatus;

use crate::support::{TestEmulator, frozen};

async fn state(emu: &TestEmulator, task: &str) -> (String, String, bool) {
    let body = emu
        .send(
            &emu.call("DescribeTaskAttribute")
                .region("cn-hangzhou")
                .param("TaskId", task),
        )
        .await
        .ok();
    (
        body["TaskStatus"].as_str().unwrap().to_owned(),
        body["TaskProcess"].as_str().unwrap().to_owned(),
        body["SupportCancel"].as_bool().unwrap(),
    )
}

fn import(emu: &TestEmulator) -> crate::support::Call {
    emu.call("ImportImage")
        .region("cn-hangzhou")
        .param("DiskDeviceMapping.1.OSSBucket", "b")
        .param("DiskDeviceMapping.1.OSSObject", "disk.qcow2")
}

#[tokio::test]
async fn import_waits_processes_and_finishes() {
    let emu = TestEmulator::frozen().await;
    let body = emu.send(&import(&emu)).await.ok();
    let task = body["TaskId"].as_str().unwrap();
    let expect = |status: &str, progress: &str, cancel: bool| {
        (status.to_owned(), progress.to_owned(), cancel)
    };
    assert_eq!(state(&emu, task).await, expect("Waiting", "0%", true));
    emu.advance(2).await;
    assert_eq!(state(&emu, task).await, expect("Processing", "0%", true));
    emu.advance(30).await;
    assert_eq!(state(&emu, task).await, expect("Processing", "50%", true));
    emu.advance(29).await;
    assert_eq!(state(&emu, task).await, expect("Processing", "98%", true));
    emu.advance(1).await;
    assert_eq!(state(&emu, task).await, expect("Finished", "100%", false));

    let full = emu
        .send(
            &emu.call("DescribeTaskAttribute")
                .region("cn-hangzhou")
                .param("TaskId", task),
        )
        .await
        .ok();
    assert_eq!(full["SuccessCount"], 1);
    assert_eq!(full["FailedCount"], 0);
    let created = full["CreationTime"].as_str().unwrap();
    let finished = full["FinishedTime"].as_str().unwrap();
    assert!(
        created.len() == 17 && created.ends_with('Z'),
        "minute precision: {created}"
    );
    assert!(finished >= created);
    let items =
        &full["OperationProgressSet"]["OperationProgress"][0]["RelatedItemSet"]["RelatedItem"];
    assert_eq!(
        items[2]["Value"], "QCOW2",
        "format detected from the object suffix"
    );
}

#[tokio::test]
async fn export_takes_thirty_seconds_over_http_control() {
    let emu = TestEmulator::frozen().await;
    let call = emu
        .call("ExportImage")
        .region("cn-hangzhou")
        .param("ImageId", "m-23f8tcp8y")
        .param("OSSBucket", "b");
    let task = emu.send(&call).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    let endpoint = emu.handle.endpoint();
    let advance = |secs: u32| {
        let request = http::Request::post(format!("/_emulator/clock/advance?secs={secs}"))
            .body(bytes::Bytes::new())
            .unwrap();
        crate::support::send(&emu.client, &endpoint, request)
    };
    assert_eq!(advance(17).await.unwrap().status, 200);
    assert_eq!(state(&emu, &task).await.1, "50%");
    advance(15).await.unwrap();
    assert_eq!(state(&emu, &task).await.0, "Finished");
}

#[tokio::test]
async fn fail_task_faults_fail_the_next_task() {
    let emu = TestEmulator::frozen().await;
    emu.handle
        .control()
        .add_fault(Fault::fail_task("ImportImageFailed", "The disk image is corrupt.").times(1))
        .unwrap();
    let failing = emu.send(&import(&emu)).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    let healthy = emu.send(&import(&emu)).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    emu.advance(20).await;
    assert_eq!(state(&emu, &failing).await.0, "Processing");
    emu.advance(20).await;
    assert_eq!(
        state(&emu, &failing).await,
        ("Failed".to_owned(), "50%".to_owned(), false)
    );
    let body = emu
        .send(
            &emu.call("DescribeTaskAttribute")
                .region("cn-hangzhou")
                .param("TaskId", &failing),
        )
        .await
        .ok();
    assert_eq!(body["FailedCount"], 1);
    assert_eq!(body["SuccessCount"], 0);
    let op = &body["OperationProgressSet"]["OperationProgress"][0];
    assert_eq!(op["OperationStatus"], "Failed");
    assert_eq!(op["ErrorCode"], "ImportImageFailed");
    assert_eq!(op["ErrorMsg"], "The disk image is corrupt.");
    emu.advance(60).await;
    assert_eq!(state(&emu, &healthy).await.0, "Finished");
    let info = emu.handle.control().task("cn-hangzhou", &failing).unwrap();
    assert_eq!(info.task_status, TaskStatus::Failed);
    assert_eq!(info.error_code.as_deref(), Some("ImportImageFailed"));
    // A failed import leaves a `CreateFailed` image (DescribeImages lists it) that cannot be
    // exported.
    let export = emu
        .call("ExportImage")
        .region("cn-hangzhou")
        .param("ImageId", &info.resource_id)
        .param("OSSBucket", "b");
    emu.send(&export)
        .await
        .expect_error(400, "IncorrectImageStatus");
}

#[tokio::test]
async fn seeded_tasks_follow_their_own_schedule() {
    let emu = TestEmulator::frozen().await;
    let control = emu.handle.control();
    let seed = TaskSeed::new("cn-hangzhou", "ModifyDiskSpec")
        .task_id("t-seeded")
        .durations(Duration::ZERO, Duration::from_secs(100))
        .failure(TaskFailure::new("DiskError", "boom").at_percent(80));
    let info = control.seed_task(seed).await.unwrap();
    assert_eq!(info.task_status, TaskStatus::Processing);
    assert!(
        !info.support_cancel,
        "only imports and exports can be cancelled"
    );
    emu.advance(79).await;
    assert_eq!(state(&emu, "t-seeded").await.1, "79%");
    emu.advance(1).await;
    assert_eq!(state(&emu, "t-seeded").await.0, "Failed");
    let duplicate = TaskSeed::new("cn-hangzhou", "ImportImage").task_id("t-seeded");
    assert!(control.seed_task(duplicate).await.is_err());
    assert!(
        control
            .seed_task(TaskSeed::new("mars-1", "ImportImage"))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_running_clock_moves_tasks_by_itself() {
    let emulator = Emulator::builder().speed(1000.0).seed(1).build().unwrap();
    let control = emulator.control();
    let info = control
        .seed_task(
            TaskSeed::new("cn-hangzhou", "ExportImage")
                .durations(Duration::ZERO, Duration::from_secs(30)),
        )
        .await
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        let now = control.task("cn-hangzhou", &info.task_id).unwrap();
        if now.task_status == TaskStatus::Finished {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the task never finished"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(control.speed(), 1000.0);
}

#[tokio::test]
async fn reset_restores_the_initial_state() {
    let emu = TestEmulator::start(frozen()).await;
    let control = emu.handle.control();
    let task = emu.send(&import(&emu)).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    control.add_fault(Fault::throttle()).unwrap();
    let before = control.now();
    control.reset().await.unwrap();
    assert!(control.faults().is_empty());
    assert_eq!(control.now(), before, "the clock keeps its time");
    let ids: Vec<_> = control.tasks().into_iter().map(|t| t.task_id).collect();
    assert_eq!(ids, ["t-23ym6mvro"]);
    let next = emu.send(&import(&emu)).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(next, task, "ids are not handed out twice");
}
