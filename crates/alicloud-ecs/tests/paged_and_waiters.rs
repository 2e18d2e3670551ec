//! The generated paginators and state waiters beyond the task operations: token paging over
//! `DescribeInstances` (stops on a missing, empty or repeated token), numbered paging over
//! `DescribeImages`, and the instance, image and disk waiters on a manual clock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alicloud_ecs::StateWaitError;
use alicloud_ecs::test_util::FnTransport;
use alicloud_transport::HttpResponse;
use common::*;

/// The parameters of every request sent.
type Seen = Arc<Mutex<Vec<Vec<(String, String)>>>>;

/// Answers each call with the next body (the last repeats) and records every request's
/// parameters.
fn script(bodies: Vec<HttpResponse>) -> (FnTransport, Seen) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let t = FnTransport::new(move |request| {
        let mut log = log.lock().unwrap();
        let body = bodies[log.len().min(bodies.len() - 1)].clone();
        log.push(query(&request));
        Ok(body)
    });
    (t, seen)
}

fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn instances(ids: &[&str], next: Option<&str>) -> HttpResponse {
    let items: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"InstanceId":"{id}","Status":"Running"}}"#))
        .collect();
    let token = next.map_or(String::new(), |t| format!(r#","NextToken":"{t}""#));
    json(
        200,
        &format!(
            r#"{{"RequestId":"R","Instances":{{"Instance":[{}]}}{token}}}"#,
            items.join(",")
        ),
    )
}

#[tokio::test]
async fn token_paging_follows_next_token_until_it_is_missing() {
    let clock = clock();
    let (t, seen) = script(vec![
        instances(&["i-1", "i-2"], Some("tok-2")),
        instances(&["i-3"], Some("tok-3")),
        instances(&["i-4"], None),
    ]);
    let all = make_client(t, &clock)
        .describe_instances()
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|i| i.instance_id.clone().unwrap()).collect();
    assert_eq!(ids, ["i-1", "i-2", "i-3", "i-4"]);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    assert_eq!(get(&seen[0], "NextToken"), None);
    assert_eq!(get(&seen[0], "MaxResults"), Some("2"));
    assert_eq!(get(&seen[1], "NextToken"), Some("tok-2"));
    assert_eq!(get(&seen[2], "NextToken"), Some("tok-3"));
    assert_eq!(get(&seen[2], "MaxResults"), Some("2"));
}

#[tokio::test]
async fn token_paging_stops_on_a_repeated_token_or_an_empty_page() {
    let clock = clock();
    let (t, seen) = script(vec![
        instances(&["i-1"], Some("same")),
        instances(&["i-2"], Some("same")),
    ]);
    let pages = make_client(t, &clock)
        .describe_instances()
        .into_paginator()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2, "the page repeating a token is the last");
    assert_eq!(seen.lock().unwrap().len(), 2);

    let (t, seen) = script(vec![instances(&[], Some("more"))]);
    let pages = make_client(t, &clock)
        .describe_instances()
        .into_paginator()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn numbered_paging_counts_pages_against_the_total() {
    let clock = clock();
    let page = |n: u32, ids: &[&str]| {
        let items: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"ImageId":"{id}"}}"#))
            .collect();
        json(
            200,
            &format!(
                r#"{{"RequestId":"R","PageNumber":{n},"PageSize":2,"TotalCount":3,"Images":{{"Image":[{}]}}}}"#,
                items.join(",")
            ),
        )
    };
    let (t, seen) = script(vec![page(1, &["m-1", "m-2"]), page(2, &["m-3"])]);
    let images = make_client(t, &clock)
        .describe_images()
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(images.len(), 3);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "3 of 3 seen after page 2: no third call");
    assert_eq!(get(&seen[1], "PageNumber"), Some("2"));
    assert_eq!(get(&seen[1], "PageSize"), Some("2"));
}

fn statuses(states: &[&str]) -> HttpResponse {
    let items: Vec<String> = states
        .iter()
        .map(|s| format!(r#"{{"InstanceId":"i-1","Status":"{s}"}}"#))
        .collect();
    json(
        200,
        &format!(
            r#"{{"RequestId":"R","InstanceStatuses":{{"InstanceStatus":[{}]}}}}"#,
            items.join(",")
        ),
    )
}

#[tokio::test]
async fn instance_waiter_waits_through_unknown_and_empty_states() {
    let clock = clock();
    let (t, seen) = script(vec![
        statuses(&[]),
        statuses(&["Pending"]),
        statuses(&["Starting"]),
        statuses(&["Running"]),
    ]);
    let progress = Arc::new(Mutex::new(Vec::new()));
    let log = progress.clone();
    make_client(t, &clock)
        .wait_until_instance_running("i-1")
        .on_progress(move |p| log.lock().unwrap().push(p.states.join(",")))
        .wait()
        .await
        .unwrap();
    assert_eq!(
        *progress.lock().unwrap(),
        ["", "Pending", "Starting", "Running"]
    );
    let seen = seen.lock().unwrap();
    assert_eq!(get(&seen[0], "InstanceId.1"), Some("i-1"));
    assert_eq!(clock.sleeps()[0], Duration::from_secs(5));
}

#[tokio::test]
async fn image_waiter_fails_on_create_failed_and_times_out_without_overrunning() {
    let clock = clock();
    let image = |status: &str| {
        json(
            200,
            &format!(
                r#"{{"RequestId":"R","Images":{{"Image":[{{"ImageId":"m-1","Status":"{status}"}}]}}}}"#
            ),
        )
    };
    let (t, seen) = script(vec![image("Creating"), image("CreateFailed")]);
    let e = make_client(t, &clock)
        .wait_until_image_available("m-1")
        .wait()
        .await
        .unwrap_err();
    let StateWaitError::Failed { state, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(state, "CreateFailed");
    let first = seen.lock().unwrap()[0].clone();
    assert_eq!(get(&first, "ImageId"), Some("m-1"));
    assert!(
        get(&first, "Status").unwrap().contains("CreateFailed"),
        "failed images are listed too"
    );

    let later = common::clock();
    let (t, _) = script(vec![image("Creating")]);
    let e = make_client(t, &later)
        .wait_until_image_available("m-1")
        .max_wait(Duration::from_secs(12))
        .wait()
        .await
        .unwrap_err();
    assert!(matches!(e, StateWaitError::TimedOut { .. }), "{e:?}");
    assert!(later.sleeps().iter().sum::<Duration>() <= Duration::from_secs(12));
}

#[tokio::test]
async fn disk_waiter_sends_the_id_as_a_json_array() {
    let clock = clock();
    let disks = r#"{"RequestId":"R","Disks":{"Disk":[{"DiskId":"d-1","Status":"Available"}]}}"#;
    let (t, seen) = script(vec![json(200, disks)]);
    make_client(t, &clock)
        .wait_until_disk_available("d-\"1")
        .wait()
        .await
        .unwrap();
    let first = seen.lock().unwrap()[0].clone();
    assert_eq!(get(&first, "DiskIds"), Some(r#"["d-\"1"]"#));
}
