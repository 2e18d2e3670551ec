//! A property test over random valid call sequences, through in-process dispatch: task states
//! only move forward, counts agree with states, and paging through `DescribeTasks` always
//! yields every task exactly once with a consistent `TotalCount`.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use alicloud_ecs_emulator::Emulator;
use proptest::collection::vec;
use proptest::prelude::*;

use crate::support::{Call, Reply};

#[derive(Debug, Clone)]
enum Step {
    Import { token: Option<u8> },
    Export { prefix: bool },
    Cancel(usize),
    Advance(u64),
    Page(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        any::<Option<u8>>().prop_map(|t| Step::Import {
            token: t.map(|t| t % 3)
        }),
        any::<bool>().prop_map(|prefix| Step::Export { prefix }),
        any::<usize>().prop_map(Step::Cancel),
        (0u64..90).prop_map(Step::Advance),
        (1i64..=7).prop_map(Step::Page),
    ]
}

struct Run {
    emulator: Emulator,
    known: Vec<String>,
    seen: HashMap<String, (u8, u8, String)>,
    page_size: i64,
}

fn rank(status: &str) -> u8 {
    match status {
        "Waiting" => 0,
        "Processing" => 1,
        _ => 2,
    }
}

impl Run {
    async fn call(&self, call: Call) -> Reply {
        Reply::from_response(self.emulator.dispatch(call.request("127.0.0.1")).await)
    }

    fn new_call(&self, action: &str) -> Call {
        Call::new(action, self.emulator.default_credentials()).region("cn-hangzhou")
    }

    async fn apply(&mut self, step: &Step) -> Result<(), TestCaseError> {
        match step {
            Step::Import { token } => {
                let mut call = self
                    .new_call("ImportImage")
                    .param("DiskDeviceMapping.1.OSSBucket", "b")
                    .param("DiskDeviceMapping.1.OSSObject", "o.raw");
                if let Some(token) = token {
                    call = call.param("ClientToken", &format!("token-{token}"));
                }
                let reply = self.call(call).await;
                prop_assert_eq!(reply.status, 200, "{}", reply.body);
                self.remember(&reply);
            }
            Step::Export { prefix } => {
                let mut call = self
                    .new_call("ExportImage")
                    .param("ImageId", "m-23f8tcp8y")
                    .param("OSSBucket", "b");
                if *prefix {
                    call = call.param("OSSPrefix", "Pre");
                }
                let reply = self.call(call).await;
                if reply.status == 200 {
                    self.remember(&reply);
                } else {
                    prop_assert_eq!(reply.code(), "ImageIsExporting");
                }
            }
            Step::Cancel(index) => {
                let task = self.known[index % self.known.len()].clone();
                let reply = self
                    .call(self.new_call("CancelTask").param("TaskId", &task))
                    .await;
                let running = self.seen.get(&task).is_some_and(|(rank, _, _)| *rank < 2);
                if reply.status != 200 {
                    prop_assert_eq!(reply.code(), "InvalidTaskId.IncorrectTaskStatus");
                    prop_assert!(!running, "a running task refused to cancel");
                }
            }
            Step::Advance(secs) => {
                self.emulator
                    .control()
                    .advance(Duration::from_secs(*secs))
                    .await
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            Step::Page(size) => self.page_size = *size,
        }
        Ok(())
    }

    fn remember(&mut self, reply: &Reply) {
        let id = reply.json()["TaskId"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if !self.known.contains(&id) {
            self.known.push(id);
        }
    }

    async fn check_tasks(&mut self) -> Result<(), TestCaseError> {
        for task in self.known.clone() {
            let body = self
                .call(
                    self.new_call("DescribeTaskAttribute")
                        .param("TaskId", &task),
                )
                .await
                .json();
            let status = body["TaskStatus"].as_str().unwrap_or_default().to_owned();
            let progress: u8 = body["TaskProcess"]
                .as_str()
                .and_then(|p| p.trim_end_matches('%').parse().ok())
                .unwrap_or(255);
            prop_assert!(progress <= 100);
            let (total, success, failed) = (
                body["TotalCount"].as_i64().unwrap_or(-1),
                body["SuccessCount"].as_i64().unwrap_or(-1),
                body["FailedCount"].as_i64().unwrap_or(-1),
            );
            prop_assert!(total >= 1 && success >= 0 && failed >= 0 && success + failed <= total);
            prop_assert_eq!(success == total, status == "Finished");
            prop_assert_eq!(failed == total, status == "Failed");
            prop_assert_eq!(body["FinishedTime"].is_string(), rank(&status) == 2);
            if task != "t-23ym6mvro" {
                prop_assert_eq!(body["SupportCancel"].as_bool(), Some(rank(&status) < 2));
            }
            if let Some((old_rank, old_progress, old_status)) = self.seen.get(&task) {
                prop_assert!(
                    rank(&status) >= *old_rank,
                    "{} went from {} to {}",
                    task,
                    old_status,
                    status
                );
                prop_assert!(progress >= *old_progress, "{} progress went back", task);
                if *old_rank == 2 {
                    prop_assert_eq!(&status, old_status);
                }
            }
            self.seen.insert(task, (rank(&status), progress, status));
        }
        Ok(())
    }

    async fn check_paging(&self) -> Result<(), TestCaseError> {
        let mut ids = Vec::new();
        let mut times = Vec::new();
        let mut number = 1;
        loop {
            let call = self
                .new_call("DescribeTasks")
                .param("PageNumber", &number.to_string())
                .param("PageSize", &self.page_size.to_string());
            let body = self.call(call).await.json();
            let total = body["TotalCount"].as_i64().unwrap_or(-1);
            prop_assert_eq!(total, self.known.len() as i64);
            let items = body["TaskSet"]["Task"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            prop_assert!(items.len() as i64 <= self.page_size);
            for item in &items {
                ids.push(item["TaskId"].as_str().unwrap_or_default().to_owned());
                times.push(item["CreationTime"].as_str().unwrap_or_default().to_owned());
            }
            if number * self.page_size >= total {
                break;
            }
            number += 1;
        }
        let unique: HashSet<_> = ids.iter().collect();
        prop_assert_eq!(unique.len(), ids.len(), "a task appeared twice");
        prop_assert_eq!(unique, self.known.iter().collect::<HashSet<_>>());
        prop_assert!(
            times.windows(2).all(|w| w[0] >= w[1]),
            "not newest first: {:?}",
            times
        );
        Ok(())
    }
}

async fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let emulator = Emulator::builder()
        .speed(0.0)
        .seed(11)
        .build()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut run = Run {
        emulator,
        known: vec!["t-23ym6mvro".to_owned()],
        seen: HashMap::new(),
        page_size: 3,
    };
    for step in &steps {
        run.apply(step).await?;
        run.check_tasks().await?;
        run.check_paging().await?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_call_sequences_stay_consistent(steps in vec(step(), 1..20)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run(steps))?;
    }
}
