//! The state file: written before the response, atomically, and read back after a restart.

use std::path::PathBuf;
use std::time::Duration;

use alicloud_ecs_emulator::{Emulator, EmulatorError, Fault, TaskSeed};

use crate::support::TestEmulator;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("ecs-emulator-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
    fn entries(&self) -> Vec<String> {
        std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn builder(path: &std::path::Path) -> alicloud_ecs_emulator::EmulatorBuilder {
    Emulator::builder().speed(0.0).seed(5).state_file(path)
}

#[tokio::test]
async fn tasks_survive_a_restart() {
    let dir = TempDir::new("restart");
    let path = dir.0.join("state.json");
    let emu = TestEmulator::start(builder(&path)).await;
    assert!(!path.exists(), "nothing is written before the first change");
    let import = emu
        .call("ImportImage")
        .region("cn-hangzhou")
        .param("DiskDeviceMapping.1.OSSBucket", "b")
        .param("DiskDeviceMapping.1.OSSObject", "o.raw")
        .param("ClientToken", "persisted");
    let body = emu.send(&import).await.ok();
    let task = body["TaskId"].as_str().unwrap().to_owned();
    // Written before the response was sent, atomically (no temporary file left behind).
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains(&task));
    assert_eq!(dir.entries(), ["state.json"]);
    emu.advance(10).await;
    let export = emu
        .call("ExportImage")
        .region("cn-hangzhou")
        .param("ImageId", "m-23f8tcp8y")
        .param("OSSBucket", "b");
    let exported = emu.send(&export).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    emu.send(
        &emu.call("CancelTask")
            .region("cn-hangzhou")
            .param("TaskId", &exported),
    )
    .await
    .ok();
    let before = emu.handle.control().tasks();
    emu.handle.shutdown().await;

    let emu = TestEmulator::start(builder(&path)).await;
    assert_eq!(
        emu.handle.control().tasks(),
        before,
        "same tasks, same states"
    );
    let again = emu.send(&import.clone().nonce("another-nonce")).await.ok();
    assert_eq!(again["TaskId"], task.as_str(), "client tokens survive too");
    emu.advance(60).await;
    let body = emu
        .send(
            &emu.call("DescribeTaskAttribute")
                .region("cn-hangzhou")
                .param("TaskId", &task),
        )
        .await
        .ok();
    assert_eq!(body["TaskStatus"], "Finished");
    let fresh = emu
        .send(&import.clone().set("ClientToken", "new"))
        .await
        .ok();
    assert_ne!(
        fresh["TaskId"],
        task.as_str(),
        "the id generator resumes, it does not restart"
    );
    emu.handle.shutdown().await;
}

#[tokio::test]
async fn every_change_rewrites_a_complete_file() {
    let dir = TempDir::new("atomic");
    let path = dir.0.join("state.json");
    let emulator = builder(&path).build().unwrap();
    let control = emulator.control();
    control.advance(Duration::from_secs(5)).await.unwrap();
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    control
        .seed_task(alicloud_ecs_emulator::TaskSeed::new("cn-beijing", "ExportImage").task_id("t-x"))
        .await
        .unwrap();
    let second: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(second["format"], 1);
    assert!(second["clock_ms"].as_i64() >= first["clock_ms"].as_i64());
    assert!(second["state"]["regions"]["cn-beijing"]["tasks"]["t-x"].is_object());
    assert_eq!(dir.entries(), ["state.json"]);
}

#[tokio::test]
async fn unreadable_state_files_are_reported() {
    let dir = TempDir::new("corrupt");
    let path = dir.0.join("state.json");
    std::fs::write(&path, "not json").unwrap();
    let err = builder(&path).build().unwrap_err();
    assert!(err.to_string().contains("state file"), "{err}");
}

fn import(emu: &TestEmulator, token: &str) -> crate::support::Call {
    emu.call("ImportImage")
        .region("cn-hangzhou")
        .param("DiskDeviceMapping.1.OSSBucket", "b")
        .param("DiskDeviceMapping.1.OSSObject", "o.raw")
        .param("ClientToken", token)
}

async fn control_post(emu: &TestEmulator, path: &str, body: &str) -> crate::support::Reply {
    let request = http::Request::post(path)
        .header("content-type", "application/json")
        .body(bytes::Bytes::from(body.to_owned()))
        .unwrap();
    crate::support::send(&emu.client, &emu.handle.endpoint(), request)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_failed_save_changes_nothing_and_answers_internal_error() {
    let dir = TempDir::new("failed-save");
    let parent = dir.0.join("not-yet");
    let path = parent.join("state.json");
    let emu = TestEmulator::start(builder(&path)).await;
    let control = emu.handle.control();
    let (tasks, images, now) = (control.tasks(), control.images(), control.now());

    let reply = emu.send(&import(&emu, "tok")).await;
    let message = reply.expect_error(500, "InternalError");
    assert!(message.contains("state file"), "{message}");
    let retry = import(&emu, "tok").nonce("retry-nonce");
    emu.send(&retry).await.expect_error(500, "InternalError");
    let export = emu
        .call("ExportImage")
        .region("cn-hangzhou")
        .param("ImageId", "m-23f8tcp8y")
        .param("OSSBucket", "b");
    emu.send(&export).await.expect_error(500, "InternalError");
    assert_eq!(control.tasks(), tasks, "no task appeared");
    assert_eq!(control.images(), images, "no image appeared");

    let seed = TaskSeed::new("cn-beijing", "ExportImage").task_id("t-unsaved");
    assert!(matches!(
        control.seed_task(seed).await,
        Err(EmulatorError::Save(_))
    ));
    assert!(matches!(
        control.advance(Duration::from_secs(60)).await,
        Err(EmulatorError::Save(_))
    ));
    control.add_fault(Fault::throttle().every(1000)).unwrap();
    assert!(matches!(control.reset().await, Err(EmulatorError::Save(_))));
    assert_eq!(control.faults().len(), 1, "a failed reset keeps the faults");
    let seeded = control_post(&emu, "/_emulator/tasks", r#"{"task_id": "t-http"}"#).await;
    assert_eq!(seeded.status, 500, "{}", seeded.body);
    let advanced = control_post(&emu, "/_emulator/clock/advance?secs=5", "").await;
    assert_eq!(advanced.status, 500, "{}", advanced.body);
    assert_eq!(control.tasks(), tasks);
    assert_eq!(control.now(), now, "the clock did not move");

    // Once the directory exists the same requests succeed, and the token was never used.
    std::fs::create_dir_all(&parent).unwrap();
    let body = emu.send(&import(&emu, "tok").nonce("third")).await.ok();
    let task = body["TaskId"].as_str().unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains(task));
    assert_eq!(control.tasks().len(), tasks.len() + 1);
}

#[tokio::test]
async fn a_change_becomes_visible_only_once_saved() {
    let dir = TempDir::new("visible");
    let parent = dir.0.join("state");
    std::fs::create_dir_all(&parent).unwrap();
    let path = parent.join("state.json");
    let emu = TestEmulator::start(builder(&path)).await;
    let body = emu.send(&import(&emu, "tok")).await.ok();
    let task = body["TaskId"].as_str().unwrap().to_owned();

    std::fs::remove_dir_all(&parent).unwrap();
    let cancel = emu
        .call("CancelTask")
        .region("cn-hangzhou")
        .param("TaskId", &task);
    emu.send(&cancel).await.expect_error(500, "InternalError");
    let describe = emu
        .call("DescribeTaskAttribute")
        .region("cn-hangzhou")
        .param("TaskId", &task);
    assert_eq!(emu.send(&describe).await.ok()["TaskStatus"], "Waiting");
    let info = emu.handle.control().task("cn-hangzhou", &task).unwrap();
    assert_eq!(info.task_status.to_string(), "Waiting");
}
