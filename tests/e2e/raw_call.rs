//! Raw calls (`client.call("Action")`) against the emulator over loopback, in every wire
//! format, signature and credential kind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use alicloud_e2e::{client, modes, start};
use alicloud_ecs::{Format, codes};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn describe_task_attribute_by_name_in_every_mode() {
    let emulator = start(0.0).await;
    for (format, signature, credentials) in modes() {
        let mode = format!("{format:?}/{signature:?}/{}", credentials.access_key_id());
        let c = client(&emulator, format, signature, credentials);

        let task = c
            .call("DescribeTaskAttribute")
            .param("RegionId", "cn-hangzhou")
            .param("TaskId", "t-23ym6mvro")
            .idempotent(true)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{mode}: {e}"));
        assert_eq!(task["TaskId"], "t-23ym6mvro", "{mode}");
        assert_eq!(task["TaskAction"], "ExportImage", "{mode}");
        assert_eq!(task["TaskStatus"], "Finished", "{mode}");

        let bytes = c
            .call("DescribeTaskAttribute")
            .param("RegionId", "cn-hangzhou")
            .param("TaskId", "t-23ym6mvro")
            .send_bytes()
            .await
            .unwrap_or_else(|e| panic!("{mode}: {e}"));
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let expected = match format {
            Format::Xml => "<TaskId>t-23ym6mvro</TaskId>",
            _ => "\"TaskId\":\"t-23ym6mvro\"",
        };
        assert!(text.contains(expected), "{mode}: {text}");

        let missing = c
            .call("DescribeTaskAttribute")
            .param("RegionId", "cn-hangzhou")
            .param("TaskId", "t-does-not-exist")
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            missing.code(),
            Some(codes::INVALID_TASK_ID_NOT_FOUND),
            "{mode}: {missing}"
        );
    }
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn describe_tasks_with_flattened_parameters() {
    let emulator = start(0.0).await;
    let (format, signature, credentials) = modes().remove(0);
    let c = client(&emulator, format, signature, credentials);
    let page = c
        .call("DescribeTasks")
        .param("RegionId", "cn-hangzhou")
        .param("TaskIds", "t-23ym6mvro")
        .param("PageSize", "10")
        .send()
        .await
        .unwrap();
    assert_eq!(page["PageSize"], 10, "{page}");
    assert!(page["TotalCount"].as_i64().unwrap() >= 1, "{page}");
    emulator.shutdown().await;
}
