//! The task waiter and the DescribeTasks paginator on a manual clock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alicloud_ecs::test_util::FnTransport;
use alicloud_ecs::{TaskStatus, WaitError};
use common::*;

/// A transport answering each DescribeTaskAttribute poll with the next body of `script`
/// (the last one repeats).
fn script(bodies: Vec<alicloud_transport::HttpResponse>) -> (FnTransport, Arc<Mutex<usize>>) {
    let polls = Arc::new(Mutex::new(0));
    let count = polls.clone();
    let t = FnTransport::new(move |_| {
        let mut n = count.lock().unwrap();
        let body = bodies[(*n).min(bodies.len() - 1)].clone();
        *n += 1;
        Ok(body)
    });
    (t, polls)
}

#[tokio::test]
async fn waits_until_finished_reporting_progress_with_growing_intervals() {
    let clock = clock();
    let (t, polls) = script(vec![
        json(200, &task("Waiting", "0%")),
        json(200, &task("Processing", "40%")),
        json(200, &task("Processing", "80%")),
        json(200, &task("Finished", "100%")),
    ]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let done = make_client(t, &clock)
        .wait_for_task("t-1")
        .on_progress(move |p| log.lock().unwrap().push(p.percent))
        .wait()
        .await
        .unwrap();
    assert_eq!(done.task_status, Some(TaskStatus::Finished));
    assert_eq!(*polls.lock().unwrap(), 4);
    assert_eq!(
        *seen.lock().unwrap(),
        [Some(0), Some(40), Some(80), Some(100)]
    );
    assert_eq!(
        clock.sleeps(),
        [
            Duration::from_secs(5),
            Duration::from_millis(7500),
            Duration::from_millis(11250)
        ]
    );
}

#[tokio::test]
async fn a_failed_task_is_an_error_with_its_sub_operation_error() {
    let clock = clock();
    let failed = r#"{"RequestId":"R","TaskId":"t-1","TaskStatus":"Failed","TaskProcess":"30%","OperationProgressSet":{"OperationProgress":[{"OperationStatus":"Failed","ErrorCode":"InvalidOSSObject.NotFound","ErrorMsg":"The specified OSS object does not exist in this region."}]}}"#;
    let (t, _) = script(vec![
        json(200, &task("Processing", "10%")),
        json(200, failed),
    ]);
    let e = make_client(t, &clock)
        .wait_for_task("t-1")
        .wait()
        .await
        .unwrap_err();
    let WaitError::Failed(f) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(f.status(), "Failed");
    assert_eq!(f.error_code.as_deref(), Some("InvalidOSSObject.NotFound"));
    assert_eq!(
        e.to_string(),
        "t-1 ended as Failed: InvalidOSSObject.NotFound: The specified OSS object does not exist in this region."
    );

    let (t, _) = script(vec![json(200, &task("Cancelled", "50%"))]);
    let e = make_client(t, &clock)
        .wait_for_task("t-1")
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(&e, WaitError::Failed(f) if f.status() == "Cancelled" && f.error_code.is_none()),
        "{e:?}"
    );
}

#[tokio::test]
async fn the_wait_gives_up_at_its_deadline_without_oversleeping() {
    let clock = clock();
    let (t, polls) = script(vec![json(200, &task("Processing", "1%"))]);
    let e = make_client(t, &clock)
        .wait_for_task("t-1")
        .max_wait(Duration::from_secs(20))
        .wait()
        .await
        .unwrap_err();
    let WaitError::TimedOut {
        elapsed,
        polls: n,
        last,
    } = e
    else {
        panic!()
    };
    assert_eq!(elapsed, Duration::from_secs(20));
    assert_eq!(n as usize, *polls.lock().unwrap());
    assert_eq!(last.unwrap().task_process.as_deref(), Some("1%"));
    let total: Duration = clock.sleeps().iter().sum();
    assert_eq!(
        total,
        Duration::from_secs(20),
        "sleeps are clamped to the deadline"
    );
}

#[tokio::test]
async fn a_poll_that_never_answers_ends_at_max_wait() {
    let clock = clock();
    let never = alicloud_ecs::test_util::NeverTransport::new();
    // The client's own budget (60 s) is longer than the wait: the poll must get only 30 s.
    let err = make_client(never.clone(), &clock)
        .wait_for_task("t-1")
        .max_wait(Duration::from_secs(30))
        .wait()
        .await
        .unwrap_err();
    let WaitError::TimedOut { elapsed, polls, .. } = err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(elapsed, Duration::from_secs(30));
    assert_eq!(polls, 1);
    assert_eq!(never.call_count(), 1);
    assert_eq!(clock.now(), start() + Duration::from_secs(30));
}

#[tokio::test]
async fn a_late_poll_gets_only_the_time_left() {
    let clock = clock();
    let polls = Arc::new(Mutex::new(0u32));
    let count = polls.clone();
    // The first poll answers at once; the second never does.
    let t = FnTransport::new_async(move |_| {
        let count = count.clone();
        async move {
            let n = {
                let mut n = count.lock().unwrap();
                *n += 1;
                *n
            };
            if n > 1 {
                std::future::pending::<()>().await;
            }
            Ok(json(200, &task("Processing", "10%")))
        }
    });
    let err = make_client(t, &clock)
        .wait_for_task("t-1")
        .interval(Duration::from_secs(5))
        .max_wait(Duration::from_secs(20))
        .wait()
        .await
        .unwrap_err();
    let WaitError::TimedOut {
        elapsed,
        polls: made,
        last,
    } = err
    else {
        panic!("expected a timeout, got {err:?}");
    };
    // Polled at 0 s and 5 s; the second poll was cut at 20 s, not after the 60 s budget.
    assert_eq!(elapsed, Duration::from_secs(20));
    assert_eq!((made, *polls.lock().unwrap()), (2, 2));
    assert!(last.is_some());
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(5), Duration::from_secs(15)]
    );
}

#[tokio::test]
async fn transient_errors_are_tolerated_and_others_end_the_wait() {
    let clock = clock();
    let (t, _) = script(vec![
        error(503, "ServiceUnavailable"),
        error(503, "ServiceUnavailable"),
        error(503, "ServiceUnavailable"),
        json(200, &task("Finished", "100%")),
    ]);
    let client1 = client_with(t, &clock, |b| {
        b.retry(alicloud_ecs::RetryConfig::disabled())
    });
    let done = client1.wait_for_task("t-1").wait().await.unwrap();
    assert_eq!(done.task_status, Some(TaskStatus::Finished));

    let (t, polls) = script(vec![error(400, "InvalidTaskId.NotFound")]);
    let e = make_client(t, &clock)
        .wait_for_task("t-nope")
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(&e, WaitError::Operation(op) if op.is_not_found()),
        "{e:?}"
    );
    assert_eq!(*polls.lock().unwrap(), 1);
}

/// The (PageNumber, PageSize) pairs a fake server was asked for.
type Asked = Arc<Mutex<Vec<(i32, i32)>>>;

/// A DescribeTasks server holding `total` tasks, honouring PageNumber/PageSize.
fn pages(total: usize, overstate: usize) -> (FnTransport, Asked) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let t = FnTransport::new(move |req| {
        let number: i32 = param(&req, "PageNumber").unwrap().parse().unwrap();
        let size: i32 = param(&req, "PageSize").unwrap().parse().unwrap();
        log.lock().unwrap().push((number, size));
        let from = ((number - 1) * size) as usize;
        let items: Vec<String> = (from..(from + size as usize).min(total))
            .map(|i| {
                format!(
                    r#"{{"TaskId":"t-{i}","TaskAction":"ExportImage","TaskStatus":"Finished"}}"#
                )
            })
            .collect();
        Ok(json(
            200,
            &format!(
                r#"{{"RequestId":"R","TotalCount":{},"PageNumber":{number},"PageSize":{size},"TaskSet":{{"Task":[{}]}}}}"#,
                total + overstate,
                items.join(",")
            ),
        ))
    });
    (t, asked)
}

#[tokio::test]
async fn paginator_walks_every_page_and_stops_at_the_total() {
    let clock = clock();
    let (t, asked) = pages(5, 0);
    let client = make_client(t, &clock);
    let tasks = client
        .describe_tasks()
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = tasks.iter().map(|t| t.task_id.clone().unwrap()).collect();
    assert_eq!(ids, ["t-0", "t-1", "t-2", "t-3", "t-4"]);
    assert_eq!(*asked.lock().unwrap(), [(1, 2), (2, 2), (3, 2)]);

    let (t, asked) = pages(4, 0);
    let pages = alicloud_ecs::Client::clone(&common::make_client(t, &clock))
        .describe_tasks()
        .into_paginator()
        .page_size(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2, "4 of 4 seen after page 2");
    assert_eq!(asked.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn paginator_stops_on_an_empty_page_and_on_errors() {
    let clock = clock();
    let (t, asked) = pages(3, 100);
    let tasks = make_client(t, &clock)
        .describe_tasks()
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tasks.len(), 3);
    assert_eq!(
        asked.lock().unwrap().len(),
        3,
        "the empty third page ends the walk"
    );

    let (t, _) = script(vec![error(400, "InvalidParameter")]);
    let mut paginator = make_client(t, &clock).describe_tasks().into_paginator();
    assert!(paginator.next_page().await.unwrap().is_err());
    assert!(paginator.next_page().await.is_none());
}

#[tokio::test]
async fn a_server_repeating_page_one_does_not_loop_the_paginator() {
    let clock = clock();
    let asked = Arc::new(Mutex::new(0));
    let count = asked.clone();
    let t = FnTransport::new(move |_| {
        *count.lock().unwrap() += 1;
        Ok(json(
            200,
            r#"{"RequestId":"R","PageNumber":1,"PageSize":10,"TaskSet":{"Task":[{"TaskId":"t-1"}]}}"#,
        ))
    });
    let tasks = make_client(t, &clock)
        .describe_tasks()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(*asked.lock().unwrap(), 2);
}

#[tokio::test]
async fn a_zero_interval_still_pauses_between_polls() {
    let clock = clock();
    let (t, _) = script(vec![
        json(200, &task("Processing", "5%")),
        json(200, &task("Finished", "100%")),
    ]);
    make_client(t, &clock)
        .wait_for_task("t-1")
        .interval(Duration::ZERO)
        .wait()
        .await
        .unwrap();
    assert!(
        clock
            .sleeps()
            .iter()
            .all(|d| *d >= Duration::from_millis(10)),
        "{:?}",
        clock.sleeps()
    );
}
