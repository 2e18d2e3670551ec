//! The fault matrix: the emulator's fault knobs × every operation × retry settings. Every call
//! either succeeds or fails with the error its fault implies, retries exactly where repeating
//! is harmless, stays within its time budget, and never hangs (each case runs under a hard
//! deadline) or panics. Waits respect their own deadlines under the same faults.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use alicloud_e2e::{client_with, start};
use alicloud_ecs::model::import_image::DiskDeviceMapping;
use alicloud_ecs::{Client, Error, Format, RetryConfig, SignatureVersion, WaitError};
use alicloud_ecs_emulator::{Fault, TaskSeed};
use tokio::task::JoinSet;

const HARD_DEADLINE: Duration = Duration::from_secs(20);
/// Long enough for a loaded 2-core machine, short beside the injected latency.
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(250);
const LATENCY: Duration = Duration::from_secs(2);
/// Cases run at once (each has its own emulator).
const PARALLEL: usize = 4;
const BUDGET: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    DescribeTaskAttribute,
    DescribeTasks,
    DescribeRegions,
    CancelTask,
    ExportImage,
    ImportImage,
}

impl Op {
    const ALL: [Op; 6] = [
        Op::DescribeTaskAttribute,
        Op::DescribeTasks,
        Op::DescribeRegions,
        Op::CancelTask,
        Op::ExportImage,
        Op::ImportImage,
    ];

    fn action(self) -> &'static str {
        match self {
            Op::DescribeTaskAttribute => "DescribeTaskAttribute",
            Op::DescribeTasks => "DescribeTasks",
            Op::DescribeRegions => "DescribeRegions",
            Op::CancelTask => "CancelTask",
            Op::ExportImage => "ExportImage",
            Op::ImportImage => "ImportImage",
        }
    }

    /// Idempotent, or carrying an automatic `ClientToken`: safe to send twice.
    fn repeatable(self) -> bool {
        !matches!(self, Op::CancelTask | Op::ExportImage)
    }

    async fn call(self, c: &Client, task: &str) -> Result<(), Error> {
        match self {
            Op::DescribeTaskAttribute => c
                .describe_task_attribute()
                .task_id(task)
                .send()
                .await
                .map(drop),
            Op::DescribeTasks => c.describe_tasks().send().await.map(drop),
            Op::DescribeRegions => c.describe_regions().send().await.map(drop),
            Op::CancelTask => c.cancel_task().task_id(task).send().await.map(drop),
            Op::ExportImage => c
                .export_image()
                .image_id("m-23f8tcp8y")
                .oss_bucket("b")
                .send()
                .await
                .map(drop),
            Op::ImportImage => c
                .import_image()
                .disk_device_mapping([DiskDeviceMapping::new().oss_bucket("b").oss_object("o.raw")])
                .send()
                .await
                .map(drop),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Knob {
    None,
    ThrottleOnce,
    ThrottleAlways,
    UnavailableOnce,
    SlowAlways,
    DropOnce,
    DropAlways,
}

impl Knob {
    const ALL: [Knob; 7] = [
        Knob::None,
        Knob::ThrottleOnce,
        Knob::ThrottleAlways,
        Knob::UnavailableOnce,
        Knob::SlowAlways,
        Knob::DropOnce,
        Knob::DropAlways,
    ];

    fn fault(self, action: &str) -> Option<Fault> {
        let f = match self {
            Knob::None => return None,
            Knob::ThrottleOnce => Fault::throttle().times(1),
            Knob::ThrottleAlways => Fault::throttle(),
            Knob::UnavailableOnce => Fault::unavailable().times(1),
            Knob::SlowAlways => Fault::latency(LATENCY),
            Knob::DropOnce => Fault::drop_connection().times(1),
            Knob::DropAlways => Fault::drop_connection(),
        };
        Some(f.action(action))
    }
}

/// What a case must end with.
#[derive(Debug, PartialEq)]
enum Expect {
    Ok,
    Throttled,
    Unavailable,
    TimedOut { attempts: u32 },
    Dropped,
}

fn expected(knob: Knob, op: Op, attempts: u32) -> Expect {
    let retries = attempts > 1;
    match knob {
        Knob::None => Expect::Ok,
        Knob::ThrottleOnce if retries => Expect::Ok,
        Knob::ThrottleOnce | Knob::ThrottleAlways => Expect::Throttled,
        Knob::UnavailableOnce if retries && op.repeatable() => Expect::Ok,
        Knob::UnavailableOnce => Expect::Unavailable,
        Knob::SlowAlways => Expect::TimedOut {
            attempts: if op.repeatable() { attempts } else { 1 },
        },
        Knob::DropOnce if retries && op.repeatable() => Expect::Ok,
        Knob::DropOnce | Knob::DropAlways => Expect::Dropped,
    }
}

fn outcome(result: &Result<(), Error>) -> Expect {
    match result {
        Ok(()) => Expect::Ok,
        Err(e) if e.is_throttling() => Expect::Throttled,
        Err(e) if e.code() == Some("ServiceUnavailable") && e.http_status() == Some(503) => {
            Expect::Unavailable
        }
        Err(Error::Timeout(t)) => Expect::TimedOut {
            attempts: t.attempts,
        },
        Err(Error::Dispatch(_) | Error::Response(_)) => Expect::Dropped,
        Err(e) => panic!("unexpected error: {e:?}"),
    }
}

async fn case(knob: Knob, op: Op, attempts: u32) {
    let emulator = start(0.0).await;
    let task = emulator
        .control()
        .seed_task(TaskSeed::new("cn-hangzhou", "ImportImage"))
        .await
        .unwrap()
        .task_id;
    emulator
        .control()
        .advance(Duration::from_secs(5))
        .await
        .unwrap();
    if let Some(fault) = knob.fault(op.action()) {
        emulator.control().add_fault(fault).unwrap();
    }
    let retry = RetryConfig::standard()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(2))
        .throttling_base_delay(Duration::from_millis(2))
        .budget(BUDGET);
    let format = if attempts.is_multiple_of(2) {
        Format::Xml
    } else {
        Format::Json
    };
    let signature = if op.repeatable() {
        SignatureVersion::V3
    } else {
        SignatureVersion::V1
    };
    let client = client_with(&emulator, |b| {
        b.format(format)
            .signature_version(signature)
            .retry(retry)
            .attempt_timeout(ATTEMPT_TIMEOUT)
    });
    let started = Instant::now();
    let result = tokio::time::timeout(HARD_DEADLINE, op.call(&client, &task))
        .await
        .unwrap_or_else(|_| panic!("{knob:?} × {op:?} × {attempts} attempts hung"));
    let took = started.elapsed();
    assert_eq!(
        outcome(&result),
        expected(knob, op, attempts),
        "{knob:?} × {op:?} × {attempts} attempts: {result:?}"
    );
    assert!(
        took < BUDGET + Duration::from_secs(1),
        "{knob:?} × {op:?} × {attempts}: {took:?} is past the budget"
    );
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_operation_and_retry_setting() {
    let mut cases = JoinSet::new();
    let mut ran = 0;
    for knob in Knob::ALL {
        for op in Op::ALL {
            for attempts in [1, 3, 5] {
                if cases.len() >= PARALLEL {
                    ran += finish(cases.join_next().await);
                }
                cases.spawn(case(knob, op, attempts));
            }
        }
    }
    while let Some(done) = cases.join_next().await {
        ran += finish(Some(done));
    }
    assert_eq!(ran, Knob::ALL.len() * Op::ALL.len() * 3);
}

fn finish(done: Option<Result<(), tokio::task::JoinError>>) -> usize {
    match done {
        Some(Ok(())) => 1,
        Some(Err(e)) => std::panic::resume_unwind(e.into_panic()),
        None => 0,
    }
}

async fn waiter(
    fault: Fault,
    max_wait: Duration,
) -> (
    Result<alicloud_ecs::model::DescribeTaskAttributeResponse, WaitError>,
    Duration,
) {
    let emulator = start(50.0).await;
    let task = emulator
        .control()
        .seed_task(TaskSeed::new("cn-hangzhou", "ImportImage"))
        .await
        .unwrap()
        .task_id;
    emulator.control().add_fault(fault).unwrap();
    let retry = RetryConfig::standard()
        .base_delay(Duration::from_millis(2))
        .budget(Duration::from_millis(500));
    let client = client_with(&emulator, |b| {
        b.retry(retry).attempt_timeout(ATTEMPT_TIMEOUT)
    });
    let started = Instant::now();
    let result = tokio::time::timeout(
        HARD_DEADLINE,
        client
            .wait_for_task(task)
            .interval(Duration::from_millis(20))
            .max_interval(Duration::from_millis(50))
            .max_wait(max_wait)
            .wait(),
    )
    .await
    .expect("the wait hung");
    let took = started.elapsed();
    emulator.shutdown().await;
    (result, took)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_respect_their_deadlines_under_faults() {
    let max_wait = Duration::from_millis(600);
    for fault in [
        Fault::latency(LATENCY).action("DescribeTaskAttribute"),
        Fault::unavailable().action("DescribeTaskAttribute"),
        Fault::drop_connection().action("DescribeTaskAttribute"),
        Fault::throttle().action("DescribeTaskAttribute"),
    ] {
        let (result, took) = waiter(fault.clone(), max_wait).await;
        assert!(
            matches!(result, Err(WaitError::TimedOut { .. })),
            "{fault:?}: {result:?}"
        );
        assert!(
            took < max_wait + Duration::from_secs(2),
            "{fault:?}: waited {took:?}"
        );
    }
    let (result, _) = waiter(
        Fault::throttle().action("DescribeTaskAttribute").every(2),
        Duration::from_secs(15),
    )
    .await;
    assert!(
        result.is_ok(),
        "intermittent throttling is tolerated: {result:?}"
    );
}
