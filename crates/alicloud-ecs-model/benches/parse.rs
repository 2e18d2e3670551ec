//! Parsing speed: one `DescribeTaskAttribute` response (the fixture) and a `DescribeTasks`
//! page of 100 tasks, each in JSON and in XML.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alicloud_ecs_model::{
    DescribeTaskAttributeResponse, DescribeTasksResponse, Task, TaskAction, TaskStatus, Timestamp,
    from_json, from_xml, to_json, to_xml,
};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

const ATTRIBUTE_JSON: &[u8] =
    include_bytes!("../tests/fixtures/DescribeTaskAttribute/response.json");
const ATTRIBUTE_XML: &[u8] = include_bytes!("../tests/fixtures/DescribeTaskAttribute/response.xml");

/// A full page as `DescribeTasks` returns it: 100 tasks, mixed actions and states.
fn tasks_page() -> DescribeTasksResponse {
    let created = Timestamp::parse("2015-11-23T02:13Z").unwrap();
    let finished = Timestamp::parse("2015-11-23T02:19Z").unwrap();
    let mut page = DescribeTasksResponse::default();
    page.request_id = Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E".to_owned());
    page.region_id = Some("cn-hangzhou".to_owned());
    page.total_count = Some(1000);
    page.page_number = Some(1);
    page.page_size = Some(100);
    page.task_set = (0..100)
        .map(|i| {
            let running = i % 4 == 0;
            let mut task = Task::default();
            task.task_id = Some(format!("t-bp1i8huqm5u7{i:04}"));
            task.task_action = Some(if i % 2 == 0 {
                TaskAction::ImportImage
            } else {
                TaskAction::ExportImage
            });
            task.task_status = Some(if running {
                TaskStatus::Processing
            } else {
                TaskStatus::Finished
            });
            task.support_cancel = Some(running);
            task.creation_time = Some(created.clone());
            task.finished_time = (!running).then(|| finished.clone());
            task.resource_id = Some(format!("m-bp67acfmxazb4p{i:04}"));
            task
        })
        .collect();
    page
}

#[divan::bench]
fn describe_task_attribute_json(bencher: Bencher<'_, '_>) {
    bencher
        .counter(BytesCount::new(ATTRIBUTE_JSON.len()))
        .bench(|| from_json::<DescribeTaskAttributeResponse>(black_box(ATTRIBUTE_JSON)).unwrap());
}

#[divan::bench]
fn describe_task_attribute_xml(bencher: Bencher<'_, '_>) {
    bencher
        .counter(BytesCount::new(ATTRIBUTE_XML.len()))
        .bench(|| from_xml::<DescribeTaskAttributeResponse>(black_box(ATTRIBUTE_XML)).unwrap());
}

#[divan::bench]
fn describe_tasks_100_json(bencher: Bencher<'_, '_>) {
    let body = to_json(&tasks_page()).unwrap().into_bytes();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| from_json::<DescribeTasksResponse>(black_box(&body)).unwrap());
}

#[divan::bench]
fn describe_tasks_100_xml(bencher: Bencher<'_, '_>) {
    let body = to_xml(&tasks_page(), "DescribeTasksResponse")
        .unwrap()
        .into_bytes();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| from_xml::<DescribeTasksResponse>(black_box(&body)).unwrap());
}
