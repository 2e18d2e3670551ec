//! The operations that change state: CancelTask, ImportImage and ExportImage, with their
//! validation rules, `DryRun` and `ClientToken` idempotency.

use alicloud_ecs_emulator::TaskSeed;
use serde_json::json;

use crate::ops::{attribute, export, import};
use crate::support::TestEmulator;

#[tokio::test]
async fn cancel_task_rules() {
    let emu = TestEmulator::frozen().await;
    let cancel = |id: &str| {
        emu.call("CancelTask")
            .region("cn-hangzhou")
            .param("TaskId", id)
    };
    emu.send(&cancel("t-23ym6mvro"))
        .await
        .expect_error(403, "InvalidTaskId.IncorrectTaskStatus");
    emu.send(&cancel("t-missing"))
        .await
        .expect_error(400, "InvalidTaskId.NotFound");
    emu.handle
        .control()
        .seed_task(TaskSeed::new("cn-hangzhou", "ModifyDiskSpec").task_id("t-disk"))
        .await
        .unwrap();
    let message = emu
        .send(&cancel("t-disk"))
        .await
        .expect_error(403, "InvalidTaskId.TaskActionNotSupport");
    assert_eq!(message, "The specified task action  not support.");

    let task = emu.send(&import(&emu)).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    emu.advance(20).await;
    let before = emu.send(&attribute(&emu, "cn-hangzhou", &task)).await.ok();
    assert_eq!(before["TaskStatus"], "Processing");
    assert_eq!(before["SupportCancel"], true);
    let reply = emu.send(&cancel(&task)).await.ok();
    assert!(reply["RequestId"].is_string());
    emu.advance(600).await;
    let after = emu.send(&attribute(&emu, "cn-hangzhou", &task)).await.ok();
    assert_eq!(after["TaskStatus"], "Cancelled");
    assert_eq!(after["SupportCancel"], false);
    assert_eq!(after["TaskProcess"], before["TaskProcess"]);
    assert!(after["FinishedTime"].is_string());
    emu.send(&cancel(&task))
        .await
        .expect_error(403, "InvalidTaskId.IncorrectTaskStatus");
}

#[tokio::test]
async fn import_image_validation() {
    let emu = TestEmulator::frozen().await;
    let bare = emu.call("ImportImage").region("cn-hangzhou");
    emu.send(&bare)
        .await
        .expect_error(403, "MissingParameter.DiskDeviceMapping");
    let no_object = bare.clone().param("DiskDeviceMapping.1.OSSBucket", "b");
    let message = emu
        .send(&no_object)
        .await
        .expect_error(400, "MissingParameter");
    assert!(
        message.contains("DiskDeviceMapping.1.OSSObject"),
        "{message}"
    );
    let cases = [
        (
            "DiskDeviceMapping.1.Format",
            "ISO",
            "InvalidImageFormat.Malformed",
        ),
        (
            "ImageName",
            "1-starts-with-a-digit",
            "InvalidImageName.Malformed",
        ),
        ("ImageName", "aliyun-image", "InvalidImageName.Malformed"),
        (
            "Description",
            "https://example.com",
            "InvalidDescription.Malformed",
        ),
        ("Architecture", "sparc", "InvalidArchitecture.Malformed"),
        ("OSType", "plan9", "InvalidOSType.Malformed"),
        ("BootMode", "LEGACY", "InvalidBootMode.Malformed"),
        (
            "DiskDeviceMapping.1.DiskImageSize",
            "4096",
            "InvalidImageSize",
        ),
    ];
    for (name, value, code) in cases {
        emu.send(&import(&emu).param(name, value))
            .await
            .expect_error(400, code);
    }
    // Formats are case-insensitive; booleans accept Python's `True`.
    let dry = import(&emu)
        .param("DiskDeviceMapping.1.Format", "qcow2")
        .param("DryRun", "True");
    emu.send(&dry).await.expect_error(400, "DryRunOperation");
    assert_eq!(
        emu.handle.control().tasks().len(),
        1,
        "a dry run creates nothing"
    );
    let named = import(&emu)
        .param("ImageName", "镜像-1")
        .param("DryRun", "false");
    let body = emu.send(&named).await.ok();
    assert!(body["ImageId"].as_str().unwrap().starts_with("m-"));
    let task = body["TaskId"].as_str().unwrap();
    assert_eq!(task.len(), 22);
    assert!(
        task[2..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    emu.send(&named)
        .await
        .expect_error(400, "InvalidImageName.Duplicated");
}

#[tokio::test]
async fn client_tokens_make_creation_idempotent() {
    let emu = TestEmulator::frozen().await;
    let first = emu
        .send(&import(&emu).param("ClientToken", "tok-1"))
        .await
        .ok();
    let again = emu
        .send(&import(&emu).param("ClientToken", "tok-1"))
        .await
        .ok();
    assert_eq!(first["TaskId"], again["TaskId"]);
    assert_eq!(first["ImageId"], again["ImageId"]);
    assert_ne!(first["RequestId"], again["RequestId"]);
    let different = import(&emu)
        .param("ClientToken", "tok-1")
        .param("ImageName", "other");
    emu.send(&different)
        .await
        .expect_error(400, "IdempotentParameterMismatch");
    let other = emu
        .send(&import(&emu).param("ClientToken", "tok-2"))
        .await
        .ok();
    assert_ne!(first["TaskId"], other["TaskId"]);

    let a = emu
        .send(&export(&emu).param("ClientToken", "exp"))
        .await
        .ok();
    let b = emu
        .send(&export(&emu).param("ClientToken", "exp"))
        .await
        .ok();
    assert_eq!(a["TaskId"], b["TaskId"]);
    emu.send(
        &export(&emu)
            .param("ClientToken", "exp")
            .param("OSSPrefix", "x"),
    )
    .await
    .expect_error(400, "IdempotentParameterMismatch");
    assert_eq!(emu.handle.control().tasks().len(), 4);
}

#[tokio::test]
async fn export_image_validation_and_object_name() {
    let emu = TestEmulator::frozen().await;
    let base = emu.call("ExportImage").region("cn-hangzhou");
    let message = emu.send(&base).await.expect_error(400, "MissingParameter");
    assert!(message.contains("ImageId"), "{message}");
    let message = emu
        .send(&base.clone().param("ImageId", "m-23f8tcp8y"))
        .await
        .expect_error(400, "MissingParameter");
    assert!(message.contains("OSSBucket"), "{message}");
    emu.send(&export(&emu).param("ImageFormat", "iso"))
        .await
        .expect_error(400, "InvalidImageFormat.Malformed");
    emu.send(&export(&emu).param("OSSPrefix", "bad_prefix"))
        .await
        .expect_error(400, "InvalidOSSPrefix.Malformed");
    let missing = export(&emu).set("ImageId", "m-doesnotexist");
    emu.send(&missing)
        .await
        .expect_error(404, "InvalidImageId.NotFound");
    emu.send(&export(&emu).param("DryRun", "true"))
        .await
        .expect_error(400, "DryRunOperation");

    let call = export(&emu)
        .param("OSSPrefix", "EcsExport")
        .param("ImageFormat", "VHD");
    let task = emu.send(&call).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    emu.send(&call).await.expect_error(403, "ImageIsExporting");
    emu.advance(60).await;
    let body = emu.send(&attribute(&emu, "cn-hangzhou", &task)).await.ok();
    assert_eq!(body["TaskStatus"], "Finished");
    let items =
        &body["OperationProgressSet"]["OperationProgress"][0]["RelatedItemSet"]["RelatedItem"];
    assert_eq!(
        items[0],
        json!({"Name": "OSSBucket", "Value": "image-temp"})
    );
    assert_eq!(
        items[1]["Value"],
        format!("EcsExport_m-23f8tcp8y_{task}.vhd")
    );
    assert_eq!(items[2]["Value"], "vhd");
    // Imported images can be exported once their import finished.
    let imported = emu.send(&import(&emu)).await.ok();
    let image = imported["ImageId"].as_str().unwrap();
    let early = export(&emu).set("ImageId", image);
    emu.send(&early)
        .await
        .expect_error(400, "IncorrectImageStatus");
    emu.advance(120).await;
    emu.send(&early).await.ok();
}
