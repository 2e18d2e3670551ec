//! The client against the emulator over loopback: every operation in JSON and XML, signed
//! with V3 and V1, with plain and STS credentials; the waiter, the paginator, retries through
//! injected faults, and the service's error paths.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alicloud_e2e::{KEY, STS, client, modes, start};
use alicloud_ecs::model::import_image::DiskDeviceMapping;
use alicloud_ecs::{
    Credentials, Error, Format, SignatureVersion, TaskAction, TaskStatus, WaitError, codes,
};
use alicloud_ecs_emulator::{Fault, TaskSeed};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_in_every_wire_format_signature_and_credential_kind() {
    let emulator = start(0.0).await;
    for (format, signature, credentials) in modes() {
        let mode = format!("{format:?}/{signature:?}/{}", credentials.access_key_id());
        let c = client(&emulator, format, signature, credentials);

        let seed = c
            .describe_task_attribute()
            .task_id("t-23ym6mvro")
            .send()
            .await
            .unwrap();
        assert_eq!(seed.task_action, Some(TaskAction::ExportImage), "{mode}");
        assert_eq!(seed.task_status, Some(TaskStatus::Finished), "{mode}");
        assert_eq!(seed.task_process.as_deref(), Some("100%"), "{mode}");
        assert_eq!(
            (seed.total_count, seed.success_count, seed.failed_count),
            (Some(1), Some(1), Some(0)),
            "{mode}"
        );
        assert_eq!(
            seed.finished_time.map(|t| t.to_string()).as_deref(),
            Some("2015-11-23T02:19Z"),
            "{mode}"
        );
        let items = &seed.operation_progress_set[0].related_item_set;
        assert_eq!(
            items[1].value.as_deref(),
            Some("MYOSSPRE_m-23f8tcp8y_t-23ym6mvro.vhd"),
            "{mode}"
        );

        let regions = c.describe_regions().send().await.unwrap();
        assert!(
            regions
                .regions
                .iter()
                .any(|r| r.region_id.as_deref() == Some("cn-hangzhou")),
            "{mode}"
        );

        let export = c
            .export_image()
            .image_id("m-23f8tcp8y")
            .oss_bucket("image-temp")
            .oss_prefix("E2E")
            .send()
            .await
            .unwrap();
        let export_id = export.task_id.clone().unwrap();
        let import = c
            .import_image()
            .disk_device_mapping([DiskDeviceMapping::new()
                .oss_bucket("image-temp")
                .oss_object("disk.qcow2")
                .format("QCOW2")])
            .image_name("e2e-image")
            .send()
            .await
            .unwrap();
        assert!(
            import
                .image_id
                .as_deref()
                .is_some_and(|id| id.starts_with("m-")),
            "{mode}"
        );
        let import_id = import.task_id.clone().unwrap();

        let listed = c
            .describe_tasks()
            .task_ids([export_id.clone(), import_id.clone()])
            .send()
            .await
            .unwrap();
        assert_eq!(listed.total_count, Some(2), "{mode}");
        let mut ids: Vec<_> = listed
            .task_set
            .iter()
            .map(|t| t.task_id.clone().unwrap())
            .collect();
        ids.sort();
        let mut expected = vec![export_id.clone(), import_id.clone()];
        expected.sort();
        assert_eq!(ids, expected, "{mode}");

        emulator
            .control()
            .advance(Duration::from_secs(5))
            .await
            .unwrap();
        let running = c
            .describe_task_attribute()
            .task_id(&import_id)
            .send()
            .await
            .unwrap();
        assert_eq!(running.task_status, Some(TaskStatus::Processing), "{mode}");
        assert_eq!(running.support_cancel, Some(true), "{mode}");
        c.cancel_task().task_id(&import_id).send().await.unwrap();
        let cancelled = c
            .describe_task_attribute()
            .task_id(&import_id)
            .send()
            .await
            .unwrap();
        assert_eq!(
            cancelled.task_status.as_ref().map(TaskStatus::as_str),
            Some("Cancelled"),
            "{mode}"
        );
        assert_eq!(cancelled.support_cancel, Some(false), "{mode}");

        // Let the export finish, so the next mode can export the same image again.
        emulator
            .control()
            .advance(Duration::from_secs(60))
            .await
            .unwrap();
        let exported = c
            .describe_task_attribute()
            .task_id(&export_id)
            .send()
            .await
            .unwrap();
        assert_eq!(exported.task_status, Some(TaskStatus::Finished), "{mode}");

        let e = c
            .describe_task_attribute()
            .task_id("t-does-not-exist")
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(codes::INVALID_TASK_ID_NOT_FOUND), "{mode}");
        assert_eq!(e.http_status(), Some(400), "{mode}");
        assert!(e.request_id().is_some(), "{mode}");
    }
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_waiter_follows_an_export_to_the_end_and_reports_progress() {
    let emulator = start(200.0).await;
    let c = client(
        &emulator,
        Format::Json,
        SignatureVersion::V3,
        Credentials::new(KEY.0, KEY.1),
    );
    let export = c
        .export_image()
        .image_id("m-23f8tcp8y")
        .oss_bucket("image-temp")
        .send()
        .await
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let done = c
        .wait_for_task(export.task_id.unwrap())
        .interval(Duration::from_millis(20))
        .max_interval(Duration::from_millis(40))
        .max_wait(Duration::from_secs(30))
        .on_progress(move |p| log.lock().unwrap().push(p.percent.unwrap_or(0)))
        .wait()
        .await
        .unwrap();
    assert_eq!(done.task_status, Some(TaskStatus::Finished));
    assert!(done.finished_time.is_some());
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.last(), Some(&100));
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress only rises: {seen:?}"
    );
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_task_ends_the_wait_with_its_error() {
    let emulator = start(200.0).await;
    emulator
        .control()
        .add_fault(Fault::fail_task(
            "InvalidOSSObject.NotFound",
            "The specified OSS object does not exist.",
        ))
        .unwrap();
    let c = client(
        &emulator,
        Format::Xml,
        SignatureVersion::V1,
        Credentials::new(KEY.0, KEY.1),
    );
    let import = c
        .import_image()
        .disk_device_mapping([DiskDeviceMapping::new()
            .oss_bucket("b")
            .oss_object("missing.raw")])
        .send()
        .await
        .unwrap();
    let e = c
        .wait_for_task(import.task_id.unwrap())
        .interval(Duration::from_millis(20))
        .max_wait(Duration::from_secs(30))
        .wait()
        .await
        .unwrap_err();
    let WaitError::Failed(failure) = e else {
        panic!("{e:?}")
    };
    assert_eq!(failure.status(), "Failed");
    assert_eq!(
        failure.error_code.as_deref(),
        Some("InvalidOSSObject.NotFound")
    );
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_paginator_walks_every_task() {
    let emulator = start(0.0).await;
    let c = client(
        &emulator,
        Format::Json,
        SignatureVersion::V3,
        Credentials::new(KEY.0, KEY.1),
    );
    for _ in 0..5 {
        emulator
            .control()
            .seed_task(TaskSeed::new("cn-hangzhou", "ImportImage"))
            .await
            .unwrap();
    }
    let tasks = c
        .describe_tasks()
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tasks.len(), 6, "five seeded tasks and the example task");
    let mut ids: Vec<_> = tasks.iter().map(|t| t.task_id.clone().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 6, "no task twice");
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_and_unavailability_are_retried_transparently() {
    let emulator = start(0.0).await;
    let control = emulator.control();
    control
        .add_fault(Fault::throttle().action("DescribeRegions").times(2))
        .unwrap();
    control
        .add_fault(
            Fault::unavailable()
                .action("DescribeTaskAttribute")
                .times(1),
        )
        .unwrap();
    let c = client(
        &emulator,
        Format::Json,
        SignatureVersion::V3,
        Credentials::new(KEY.0, KEY.1),
    );
    c.describe_regions().send().await.unwrap();
    c.describe_task_attribute()
        .task_id("t-23ym6mvro")
        .send()
        .await
        .unwrap();

    control
        .add_fault(Fault::unavailable().action("CancelTask").times(1))
        .unwrap();
    let e = c
        .cancel_task()
        .task_id("t-23ym6mvro")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        e.code(),
        Some("ServiceUnavailable"),
        "CancelTask is not retried on 503"
    );
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authentication_errors_are_clear() {
    let emulator = start(0.0).await;
    let wrong_secret = client(
        &emulator,
        Format::Json,
        SignatureVersion::V3,
        Credentials::new(KEY.0, "not-the-secret"),
    );
    let e = wrong_secret.describe_regions().send().await.unwrap_err();
    assert_eq!(e.code(), Some(codes::SIGNATURE_DOES_NOT_MATCH));
    assert!(e.message().unwrap().contains("string to sign"), "{e}");

    let unknown = client(
        &emulator,
        Format::Xml,
        SignatureVersion::V1,
        Credentials::new("nobody", "x"),
    );
    let e = unknown.describe_regions().send().await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidAccessKeyId.NotFound"));

    let no_token = client(
        &emulator,
        Format::Json,
        SignatureVersion::V3,
        Credentials::new(STS.0, STS.1),
    );
    let e = no_token.describe_regions().send().await.unwrap_err();
    assert!(e.to_string().contains("SecurityToken"), "{e}");
    let bad_token = client(
        &emulator,
        Format::Json,
        SignatureVersion::V1,
        Credentials::new(STS.0, STS.1).with_security_token("forged"),
    );
    let e = bad_token.describe_regions().send().await.unwrap_err();
    assert!(e.to_string().contains("SecurityToken"), "{e}");
    assert!(!matches!(e, Error::Dispatch(_)));
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_env_finds_region_endpoint_and_credentials_like_the_cli() {
    let emulator = start(0.0).await;
    let env = alicloud_ecs::credentials::Env::from_vars([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY.0.to_owned()),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", KEY.1.to_owned()),
        ("ALIBABA_CLOUD_REGION_ID", "cn-shanghai".to_owned()),
        ("ALIBABA_CLOUD_ENDPOINT", emulator.endpoint()),
    ]);
    let c = alicloud_ecs::Client::from_env_with(env).unwrap();
    assert_eq!(c.config().region(), Some("cn-shanghai"));
    let tasks = c.describe_tasks().send().await.unwrap();
    assert_eq!(tasks.region_id.as_deref(), Some("cn-shanghai"));
    assert_eq!(
        tasks.total_count,
        Some(0),
        "regions are isolated: the example task lives in cn-hangzhou"
    );
    emulator.shutdown().await;
}
