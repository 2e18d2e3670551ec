//! The read operations: the seed task, region isolation, DescribeTasks and DescribeRegions.

use alicloud_ecs_emulator::TaskSeed;
use alicloud_ecs_model::{DescribeTaskAttributeResponse, OperationStatus, TaskStatus, from_xml};
use serde_json::json;

use crate::support::{Call, TestEmulator};

pub(crate) fn attribute(emu: &TestEmulator, region: &str, task: &str) -> Call {
    emu.call("DescribeTaskAttribute")
        .region(region)
        .param("TaskId", task)
}

pub(crate) fn export(emu: &TestEmulator) -> Call {
    emu.call("ExportImage")
        .region("cn-hangzhou")
        .param("ImageId", "m-23f8tcp8y")
        .param("OSSBucket", "image-temp")
}

pub(crate) fn import(emu: &TestEmulator) -> Call {
    emu.call("ImportImage")
        .region("cn-hangzhou")
        .param("DiskDeviceMapping.1.OSSBucket", "ecsimageos")
        .param("DiskDeviceMapping.1.OSSObject", "CentOS_5.4_32.raw")
}

#[tokio::test]
async fn the_seed_task_is_the_documented_example() {
    let emu = TestEmulator::frozen().await;
    let mut body = emu
        .send(&attribute(&emu, "cn-hangzhou", "t-23ym6mvro"))
        .await
        .ok();
    body.as_object_mut().unwrap().remove("RequestId");
    assert_eq!(
        body,
        json!({
            "TaskId": "t-23ym6mvro",
            "RegionId": "cn-hangzhou",
            "TaskAction": "ExportImage",
            "TaskStatus": "Finished",
            "TaskProcess": "100%",
            "SupportCancel": true,
            "TotalCount": 1,
            "SuccessCount": 1,
            "FailedCount": 0,
            "CreationTime": "2015-11-23T02:13Z",
            "FinishedTime": "2015-11-23T02:19Z",
            "OperationProgressSet": {"OperationProgress": [{
                "OperationStatus": "Success",
                "ErrorCode": "",
                "ErrorMsg": "",
                "RelatedItemSet": {"RelatedItem": [
                    {"Name": "OSSBucket", "Value": "image-temp"},
                    {"Name": "OSSObject", "Value": "MYOSSPRE_m-23f8tcp8y_t-23ym6mvro.vhd"},
                    {"Name": "ImageFormat", "Value": "vhd"}
                ]}
            }]}
        })
    );
    let xml = emu
        .send(&attribute(&emu, "cn-hangzhou", "t-23ym6mvro").v1())
        .await;
    assert_eq!(xml.status, 200);
    assert_eq!(xml.content_type(), "text/xml;charset=utf-8");
    assert!(
        xml.body.contains("<DescribeTaskAttributeResponse>"),
        "{}",
        xml.body
    );
    let parsed: DescribeTaskAttributeResponse = from_xml(xml.body.as_bytes()).unwrap();
    assert_eq!(parsed.task_status, Some(TaskStatus::Finished));
    assert_eq!(parsed.operation_progress_set[0].related_item_set.len(), 3);
    assert_eq!(
        parsed.operation_progress_set[0].operation_status,
        Some(OperationStatus::Success)
    );
}

#[tokio::test]
async fn regions_are_isolated() {
    let emu = TestEmulator::frozen().await;
    emu.send(&attribute(&emu, "cn-shanghai", "t-23ym6mvro"))
        .await
        .expect_error(400, "InvalidTaskId.NotFound");
    emu.send(&attribute(&emu, "mars-1", "t-23ym6mvro"))
        .await
        .expect_error(400, "InvalidRegionId.NotFound");
    let task = emu.send(&export(&emu)).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    let shanghai = emu.call("DescribeTasks").region("cn-shanghai");
    assert_eq!(emu.send(&shanghai).await.ok()["TotalCount"], 0);
    emu.send(
        &emu.call("CancelTask")
            .region("cn-beijing")
            .param("TaskId", &task),
    )
    .await
    .expect_error(400, "InvalidTaskId.NotFound");
    // The Hangzhou seed image does not exist in Shanghai.
    let elsewhere = export(&emu).set("RegionId", "cn-shanghai");
    emu.send(&elsewhere)
        .await
        .expect_error(404, "InvalidImageId.NotFound");
}

#[tokio::test]
async fn describe_tasks_pages_newest_first() {
    let emu = TestEmulator::frozen().await;
    let mut created = Vec::new();
    for _ in 0..5 {
        let id = emu.send(&import(&emu)).await.ok()["TaskId"]
            .as_str()
            .unwrap()
            .to_owned();
        created.push(id);
        emu.advance(60).await;
    }
    created.push("t-23ym6mvro".to_owned());
    created.reverse();
    created.rotate_left(1); // newest import first, the 2015 seed task last
    let page = |number: &str, size: &str| {
        emu.call("DescribeTasks")
            .region("cn-hangzhou")
            .param("PageNumber", number)
            .param("PageSize", size)
    };
    let mut seen = Vec::new();
    for number in ["1", "2", "3"] {
        let body = emu.send(&page(number, "2")).await.ok();
        assert_eq!(body["TotalCount"], 6);
        assert_eq!(body["PageNumber"], number.parse::<i64>().unwrap());
        assert_eq!(body["PageSize"], 2);
        for task in body["TaskSet"]["Task"].as_array().unwrap() {
            seen.push(task["TaskId"].as_str().unwrap().to_owned());
            assert!(task.get("TaskProcess").is_none());
        }
    }
    assert_eq!(seen, created);
    let beyond = emu.send(&page("4", "2")).await.ok();
    assert_eq!(beyond["TaskSet"]["Task"], json!([]));
    let default = emu
        .send(&emu.call("DescribeTasks").region("cn-hangzhou"))
        .await
        .ok();
    assert_eq!(default["PageSize"], 10);
    assert_eq!(default["PageNumber"], 1);
    for (number, size, bad) in [
        ("0", "10", "PageNumber"),
        ("1", "101", "PageSize"),
        ("1", "0", "PageSize"),
        ("x", "10", "PageNumber"),
    ] {
        let message = emu
            .send(&page(number, size))
            .await
            .expect_error(400, "InvalidParameter");
        assert!(message.contains(bad), "{message}");
    }
    let xml = emu.send(&page("1", "2").v1().format("XML")).await;
    assert!(xml.body.contains("<TaskSet><Task>"), "{}", xml.body);
}

#[tokio::test]
async fn describe_tasks_filters() {
    let emu = TestEmulator::frozen().await;
    let start = emu.handle.control().now();
    let imported = emu.send(&import(&emu)).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    let exported = emu.send(&export(&emu)).await.ok()["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    emu.handle
        .control()
        .seed_task(
            TaskSeed::new("cn-hangzhou", "ModifyDiskSpec")
                .task_id("t-grouped")
                .task_group_id("g-1"),
        )
        .await
        .unwrap();
    let ids = |body: serde_json::Value| -> Vec<String> {
        body["TaskSet"]["Task"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["TaskId"].as_str().unwrap().to_owned())
            .collect()
    };
    let list = |call: Call| async { ids(emu.send(&call.region("cn-hangzhou")).await.ok()) };
    let tasks = || emu.call("DescribeTasks");
    assert_eq!(
        list(tasks().param("TaskAction", "ExportImage")).await,
        [exported.clone(), "t-23ym6mvro".to_owned()]
    );
    assert_eq!(
        list(tasks().param("TaskIds", &format!("{imported}, t-23ym6mvro"))).await,
        [imported.clone(), "t-23ym6mvro".to_owned()]
    );
    assert_eq!(
        list(tasks().param("TaskStatus", "Finished")).await,
        ["t-23ym6mvro"]
    );
    // Unknown status values are ignored rather than rejected.
    assert_eq!(list(tasks().param("TaskStatus", "Bogus")).await.len(), 4);
    assert_eq!(
        list(tasks().param("ResourceIds.1", "m-23f8tcp8y")).await,
        [exported.clone(), "t-23ym6mvro".to_owned()]
    );
    let since = time::OffsetDateTime::format(start, &time::format_description::well_known::Rfc3339)
        .unwrap();
    assert_eq!(list(tasks().param("StartTime", &since)).await.len(), 3);
    assert_eq!(
        list(tasks().param("EndTime", "2016-01-01T00:00Z")).await,
        ["t-23ym6mvro"]
    );
    // A task group replaces every other filter.
    assert_eq!(
        list(
            tasks()
                .param("TaskGroupId", "g-1")
                .param("TaskAction", "ImportImage")
        )
        .await,
        ["t-grouped"]
    );
    emu.send(
        &tasks()
            .region("cn-hangzhou")
            .param("StartTime", "yesterday"),
    )
    .await
    .expect_error(400, "InvalidParameter");
    let many = vec!["t-x"; 101].join(",");
    emu.send(&tasks().region("cn-hangzhou").param("TaskIds", &many))
        .await
        .expect_error(400, "InvalidParameter");
}

#[tokio::test]
async fn describe_regions_lists_the_catalogue() {
    let emu = TestEmulator::frozen().await;
    let body = emu
        .send(&emu.call("DescribeRegions").param("AcceptLanguage", "en-US"))
        .await
        .ok();
    let regions = body["Regions"]["Region"].as_array().unwrap();
    let hangzhou = regions
        .iter()
        .find(|r| r["RegionId"] == "cn-hangzhou")
        .unwrap();
    assert_eq!(hangzhou["LocalName"], "China (Hangzhou)");
    assert_eq!(hangzhou["RegionEndpoint"], "ecs-cn-hangzhou.aliyuncs.com");
    assert_eq!(hangzhou["Status"], "available");
    let singapore = regions
        .iter()
        .find(|r| r["RegionId"] == "ap-southeast-1")
        .unwrap();
    assert_eq!(
        singapore["RegionEndpoint"],
        "ecs.ap-southeast-1.aliyuncs.com"
    );
    let chinese = emu.send(&emu.call("DescribeRegions")).await.ok();
    assert_eq!(
        chinese["Regions"]["Region"][3]["LocalName"],
        "华东1（杭州）"
    );
    emu.send(&emu.call("DescribeRegions").param("AcceptLanguage", "xx"))
        .await
        .expect_error(404, "InvalidAcceptLanguage.NotFound");
    emu.send(&emu.call("DescribeRegions").param("ResourceType", "gpu"))
        .await
        .expect_error(404, "InvalidResourceType.NotFound");
    emu.send(
        &emu.call("DescribeRegions")
            .param("InstanceChargeType", "Free"),
    )
    .await
    .expect_error(403, "Invalid.InstanceChargeType");
    let xml = emu.send(&emu.call("DescribeRegions").v1()).await;
    assert!(
        xml.body.contains("<Regions><Region>")
            && xml.body.contains("<RegionId>cn-qingdao</RegionId>"),
        "{}",
        xml.body
    );
}
