//! The import journey, stateful end to end: `ImportImage`, then `DescribeImages` showing the
//! image `Creating` until its task finishes and `Available` after; failed and cancelled
//! imports end `CreateFailed`; `ExportImage` of an image that does not exist is refused.

use alicloud_ecs_emulator::Fault;
use alicloud_ecs_model::{DescribeImagesResponse, from_json, from_xml};
use serde_json::Value;

use crate::ops::{export, import};
use crate::support::{Call, TestEmulator};

fn images(emu: &TestEmulator) -> Call {
    emu.call("DescribeImages").region("cn-hangzhou")
}

/// The listed image ids and statuses.
fn listed(body: &Value) -> Vec<(String, String)> {
    body["Images"]["Image"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let field = |name: &str| i[name].as_str().unwrap().to_owned();
            (field("ImageId"), field("Status"))
        })
        .collect()
}

async fn import_named(emu: &TestEmulator, name: &str) -> (String, String) {
    let body = emu
        .send(
            &import(emu)
                .param("ImageName", name)
                .param("OSType", "linux")
                .param("Architecture", "arm64"),
        )
        .await
        .ok();
    let field = |f: &str| body[f].as_str().unwrap().to_owned();
    (field("ImageId"), field("TaskId"))
}

#[tokio::test]
async fn imported_images_are_creating_then_available() {
    let emu = TestEmulator::frozen().await;
    let (image, _) = import_named(&emu, "journey-1").await;
    let mine = || images(&emu).param("ImageId", &image);
    // Listed only when asked for `Creating`: the documented default is `Available`.
    let body = emu.send(&mine()).await.ok();
    assert_eq!(body["TotalCount"], 0);
    let body = emu.send(&mine().param("Status", "Creating")).await.ok();
    assert_eq!(listed(&body), [(image.clone(), "Creating".to_owned())]);
    let item = &body["Images"]["Image"][0];
    assert_eq!(item["Progress"], "0%");
    assert_eq!(item["ImageName"], "journey-1");
    assert_eq!(item["Architecture"], "arm64");
    assert_eq!(body["RegionId"], "cn-hangzhou");
    let disk = &item["DiskDeviceMappings"]["DiskDeviceMapping"][0];
    assert_eq!(disk["ImportOSSBucket"], "ecsimageos");
    assert_eq!(disk["ImportOSSObject"], "CentOS_5.4_32.raw");
    // Halfway through processing (2 s waiting, 60 s processing).
    emu.advance(32).await;
    let body = emu.send(&mine().param("Status", "creating")).await.ok();
    assert_eq!(body["Images"]["Image"][0]["Progress"], "50%");
    emu.advance(30).await;
    let body = emu.send(&mine()).await.ok();
    assert_eq!(listed(&body), [(image.clone(), "Available".to_owned())]);
    assert_eq!(body["Images"]["Image"][0]["Progress"], "100%");
    let parsed: DescribeImagesResponse =
        from_json(emu.send(&mine()).await.body.as_bytes()).unwrap();
    assert_eq!(parsed.images[0].image_id.as_deref(), Some(image.as_str()));
    let xml = emu.send(&mine().v1().format("XML")).await;
    assert!(
        xml.body.contains("<Images><Image><CreationTime>"),
        "{}",
        xml.body
    );
    let parsed: DescribeImagesResponse = from_xml(xml.body.as_bytes()).unwrap();
    assert_eq!(parsed.total_count, Some(1));
    assert_eq!(parsed.images[0].progress.as_deref(), Some("100%"));
    // Now it can be exported.
    emu.send(&export(&emu).set("ImageId", &image)).await.ok();
}

#[tokio::test]
async fn failed_and_cancelled_imports_end_create_failed() {
    let emu = TestEmulator::frozen().await;
    emu.handle
        .control()
        .add_fault(
            Fault::fail_task("ImportImageFailed", "bad disk")
                .action("ImportImage")
                .times(1),
        )
        .unwrap();
    let (failing, _) = import_named(&emu, "journey-fails").await;
    let (cancelled, task) = import_named(&emu, "journey-cancelled").await;
    emu.advance(10).await;
    emu.send(
        &emu.call("CancelTask")
            .region("cn-hangzhou")
            .param("TaskId", &task),
    )
    .await
    .ok();
    emu.advance(120).await;
    let ids = format!("{failing},{cancelled}");
    let body = emu
        .send(
            &images(&emu)
                .param("ImageId", &ids)
                .param("Status", "CreateFailed"),
        )
        .await
        .ok();
    let mut got = listed(&body);
    got.sort();
    let mut expected = vec![
        (failing.clone(), "CreateFailed".to_owned()),
        (cancelled.clone(), "CreateFailed".to_owned()),
    ];
    expected.sort();
    assert_eq!(got, expected);
    // Not `Available`, so not listed by default, and not exportable; the name is free again.
    let body = emu.send(&images(&emu).param("ImageId", &ids)).await.ok();
    assert_eq!(body["TotalCount"], 0);
    emu.send(&export(&emu).set("ImageId", &failing))
        .await
        .expect_error(400, "IncorrectImageStatus");
    import_named(&emu, "journey-fails").await;
}

#[tokio::test]
async fn seed_images_filters_and_pages() {
    let emu = TestEmulator::frozen().await;
    let body = emu.send(&images(&emu)).await.ok();
    assert_eq!(
        listed(&body),
        [("m-23f8tcp8y".to_owned(), "Available".to_owned())]
    );
    assert_eq!(
        (body["PageNumber"].clone(), body["PageSize"].clone()),
        (1.into(), 10.into())
    );
    let mut created = Vec::new();
    for n in 0..3 {
        created.push(import_named(&emu, &format!("page-{n}")).await.0);
        emu.advance(1).await;
    }
    let all = "Creating,Available";
    let page = |number: &str| {
        images(&emu)
            .param("Status", all)
            .param("PageSize", "2")
            .param("PageNumber", number)
    };
    let first = emu.send(&page("1")).await.ok();
    let second = emu.send(&page("2")).await.ok();
    assert_eq!(first["TotalCount"], 4);
    let order: Vec<String> = listed(&first)
        .into_iter()
        .chain(listed(&second))
        .map(|(id, _)| id)
        .collect();
    // Newest first, the seed image last.
    let mut expected: Vec<String> = created.iter().rev().cloned().collect();
    expected.push("m-23f8tcp8y".to_owned());
    assert_eq!(order, expected);
    let named = emu
        .send(
            &images(&emu)
                .param("Status", all)
                .param("ImageName", "page-1"),
        )
        .await
        .ok();
    assert_eq!(listed(&named)[0].0, created[1]);
    emu.send(&images(&emu).param("PageSize", "101"))
        .await
        .expect_error(400, "InvalidParameter");
    emu.send(&images(&emu).set("RegionId", "mars-1"))
        .await
        .expect_error(400, "InvalidRegionId.NotFound");
    emu.send(&images(&emu).param("DryRun", "true"))
        .await
        .expect_error(400, "DryRunOperation");
    // Regions are isolated.
    let shanghai = emu.call("DescribeImages").region("cn-shanghai");
    assert_eq!(
        listed(&emu.send(&shanghai).await.ok()),
        [("m-uf6seedimage00".to_owned(), "Available".to_owned())]
    );
}

#[tokio::test]
async fn exporting_an_unknown_image_is_not_found() {
    let emu = TestEmulator::frozen().await;
    let message = emu
        .send(&export(&emu).set("ImageId", "m-doesnotexist"))
        .await
        .expect_error(404, "InvalidImageId.NotFound");
    assert_eq!(message, "The specified ImageId does not exist.");
}
