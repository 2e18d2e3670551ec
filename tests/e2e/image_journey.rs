//! The import journey with the client against the emulator: `ImportImage`, then the image
//! waiter (`DescribeImages` with its status list) until the image is `Available`; a failing
//! import ends the wait on `CreateFailed`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alicloud_e2e::{KEY, client, start};
use alicloud_ecs::model::import_image::DiskDeviceMapping;
use alicloud_ecs::{Credentials, Format, SignatureVersion, StateWaitError};
use alicloud_ecs_emulator::Fault;

fn disk() -> DiskDeviceMapping {
    DiskDeviceMapping::new()
        .oss_bucket("ecsimageos")
        .oss_object("disk.qcow2")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_image_becomes_available() {
    let emulator = start(200.0).await;
    for (format, signature) in [
        (Format::Json, SignatureVersion::V3),
        (Format::Xml, SignatureVersion::V1),
    ] {
        let c = client(&emulator, format, signature, Credentials::new(KEY.0, KEY.1));
        let import = c
            .import_image()
            .image_name(format!("journey-{format:?}"))
            .disk_device_mapping([disk()])
            .send()
            .await
            .unwrap();
        let image_id = import.image_id.unwrap();
        let states = Arc::new(Mutex::new(Vec::new()));
        let log = states.clone();
        let done = c
            .wait_until_image_available(image_id.as_str())
            .interval(Duration::from_millis(20))
            .max_interval(Duration::from_millis(40))
            .max_wait(Duration::from_secs(30))
            .on_progress(move |p| {
                let seen = p.states.iter().map(|s| (*s).to_owned());
                log.lock().unwrap().extend(seen);
            })
            .wait()
            .await
            .unwrap();
        let image = &done.images[0];
        assert_eq!(image.image_id.as_deref(), Some(image_id.as_str()));
        assert_eq!(image.progress.as_deref(), Some("100%"));
        let states = states.lock().unwrap().clone();
        assert_eq!(
            states.first().map(String::as_str),
            Some("Creating"),
            "{states:?}"
        );
        assert_eq!(
            states.last().map(String::as_str),
            Some("Available"),
            "{states:?}"
        );
    }
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_import_ends_the_wait_on_create_failed() {
    let emulator = start(200.0).await;
    emulator
        .control()
        .add_fault(Fault::fail_task("ImportImageFailed", "The disk image is corrupt.").times(1))
        .unwrap();
    let c = client(
        &emulator,
        Format::Json,
        SignatureVersion::V3,
        Credentials::new(KEY.0, KEY.1),
    );
    let import = c
        .import_image()
        .disk_device_mapping([disk()])
        .send()
        .await
        .unwrap();
    let e = c
        .wait_until_image_available(import.image_id.unwrap())
        .interval(Duration::from_millis(20))
        .max_wait(Duration::from_secs(30))
        .wait()
        .await
        .unwrap_err();
    let StateWaitError::Failed { state, .. } = e else {
        panic!("{e}")
    };
    assert_eq!(state, "CreateFailed");
    emulator.shutdown().await;
}
