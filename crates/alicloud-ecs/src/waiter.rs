//! Waiting for an asynchronous task to end: [`TaskWaiter`].

use std::fmt;
use std::time::Duration;

use alicloud_ecs_model::{DescribeTaskAttributeRequest, DescribeTaskAttributeResponse};

use crate::client::Client;
use crate::error::Error;
use crate::generated::{
    TASK_FINISHED_FAILURE, TASK_FINISHED_INTERVAL_SECONDS, TASK_FINISHED_SUCCESS,
};
use crate::poll::{PollEnd, Schedule, Verdict, poll};

/// What the progress callback sees after each successful poll.
#[derive(Debug)]
#[non_exhaustive]
pub struct TaskProgress<'a> {
    /// `TaskProcess` as a number (`"40%"` → 40), when it can be read.
    pub percent: Option<u8>,
    /// The whole response of this poll.
    pub response: &'a DescribeTaskAttributeResponse,
    /// Time since the wait started.
    pub elapsed: Duration,
}

type ProgressFn = Box<dyn FnMut(&TaskProgress<'_>) + Send>;

/// Waiting for an asynchronous task to end, by polling `DescribeTaskAttribute`.
///
/// ```no_run
/// # async fn run(client: alicloud_ecs::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
///
/// let done = client
///     .wait_for_task("t-bp67acfmxazb4p****")
///     .max_wait(Duration::from_secs(3600))
///     .on_progress(|p| println!("{}%", p.percent.unwrap_or(0)))
///     .wait()
///     .await?;
/// println!("finished at {:?}", done.finished_time);
/// # Ok(()) }
/// ```
///
/// Polls start 5 seconds apart (the interval Alibaba's metadata gives for image tasks) and
/// grow by half each time up to a minute, never sleeping past the deadline. `Finished` ends the
/// wait with the final response; `Failed` or a cancelled task ends it with
/// [`WaitError::Failed`], which carries the final response and the first sub-operation error.
/// A poll that fails with a retryable error (after the client's own retries) is tolerated and
/// polling goes on; any other error ends the wait.
///
/// The wait never overruns `max_wait`: each poll, its retries and its credentials lookup
/// included, gets at most the time left (the client's attempt timeout and retry budget are
/// capped to it), and no poll starts once the time is up.
#[must_use = "a waiter does nothing until `.wait().await`"]
pub struct TaskWaiter {
    client: Client,
    request: DescribeTaskAttributeRequest,
    max_wait: Duration,
    interval: Duration,
    max_interval: Duration,
    on_progress: Option<ProgressFn>,
}

impl fmt::Debug for TaskWaiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskWaiter")
            .field("request", &self.request)
            .field("max_wait", &self.max_wait)
            .field("interval", &self.interval)
            .field("max_interval", &self.max_interval)
            .finish_non_exhaustive()
    }
}

/// Why a wait ended without a finished task.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError {
    /// The task did not end within the maximum wait.
    TimedOut {
        /// How long the wait lasted.
        elapsed: Duration,
        /// How many polls were made.
        polls: u32,
        /// The last response seen, if any poll succeeded.
        last: Option<Box<DescribeTaskAttributeResponse>>,
    },
    /// The task ended as failed or cancelled.
    Failed(Box<TaskFailure>),
    /// A poll failed with an error that is not transient (e.g. the task does not exist).
    Operation(Error),
}

/// The end state of a failed or cancelled task.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TaskFailure {
    /// The final `DescribeTaskAttribute` response.
    pub response: DescribeTaskAttributeResponse,
    /// The first sub-operation `ErrorCode`, when one is set.
    pub error_code: Option<String>,
    /// The first sub-operation `ErrorMsg`, when one is set.
    pub error_msg: Option<String>,
}

impl TaskFailure {
    /// The final `TaskStatus` (`Failed`, `Cancelled`, …).
    pub fn status(&self) -> &str {
        self.response
            .task_status
            .as_ref()
            .map_or("", |s| s.as_str())
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimedOut { elapsed, polls, .. } => {
                write!(
                    f,
                    "the task did not finish within {elapsed:?} ({polls} polls)"
                )
            }
            Self::Failed(failure) => {
                let task = failure.response.task_id.as_deref().unwrap_or("the task");
                write!(f, "{task} ended as {}", failure.status())?;
                match (&failure.error_code, &failure.error_msg) {
                    (Some(code), Some(msg)) => write!(f, ": {code}: {msg}"),
                    (Some(code), None) => write!(f, ": {code}"),
                    (None, Some(msg)) => write!(f, ": {msg}"),
                    (None, None) => Ok(()),
                }
            }
            Self::Operation(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Operation(e) => Some(e),
            _ => None,
        }
    }
}

impl Client {
    /// Wait for the task `task_id` (in the client's region) to end.
    pub fn wait_for_task(&self, task_id: impl Into<String>) -> TaskWaiter {
        TaskWaiter {
            client: self.clone(),
            request: DescribeTaskAttributeRequest::new().task_id(task_id),
            max_wait: Duration::from_secs(3600),
            interval: Duration::from_secs(TASK_FINISHED_INTERVAL_SECONDS),
            max_interval: Duration::from_secs(60),
            on_progress: None,
        }
    }
}

impl TaskWaiter {
    /// The task's region, when it is not the client's.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.request = self.request.region_id(region);
        self
    }

    /// The longest to wait (default one hour).
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// The first polling interval (default 5 s); later ones grow by half.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest polling interval (default 60 s).
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
        self
    }

    /// Called after every successful poll, e.g. to draw a progress bar.
    pub fn on_progress(mut self, f: impl FnMut(&TaskProgress<'_>) + Send + 'static) -> Self {
        self.on_progress = Some(Box::new(f));
        self
    }

    /// Poll until the task ends or the maximum wait passes.
    pub async fn wait(mut self) -> Result<DescribeTaskAttributeResponse, WaitError> {
        let schedule = Schedule {
            max_wait: self.max_wait,
            interval: self.interval,
            max_interval: self.max_interval,
        };
        let mut on_progress = self.on_progress.take();
        let end = poll(
            &self.client,
            &self.request,
            schedule,
            |response, elapsed| {
                if let Some(f) = on_progress.as_mut() {
                    f(&TaskProgress {
                        percent: percent(response.task_process.as_deref()),
                        response,
                        elapsed,
                    });
                }
                let status = response.task_status.as_ref().map_or("", |s| s.as_str());
                if TASK_FINISHED_SUCCESS.contains(&status) {
                    Verdict::Done
                } else if TASK_FINISHED_FAILURE.contains(&status) {
                    Verdict::Failed
                } else {
                    Verdict::Continue
                }
            },
        )
        .await;
        match end {
            PollEnd::Done(response) => Ok(response),
            PollEnd::Failed(response) => Err(WaitError::Failed(Box::new(failure(response)))),
            PollEnd::TimedOut {
                elapsed,
                polls,
                last,
            } => Err(WaitError::TimedOut {
                elapsed,
                polls,
                last,
            }),
            PollEnd::Error(e) => Err(WaitError::Operation(e)),
        }
    }
}

fn failure(response: DescribeTaskAttributeResponse) -> TaskFailure {
    let failed = response.operation_progress_set.iter().find(|p| {
        p.error_code.as_deref().is_some_and(|c| !c.is_empty())
            || p.error_msg.as_deref().is_some_and(|m| !m.is_empty())
    });
    let non_empty = |s: Option<&String>| s.filter(|s| !s.is_empty()).cloned();
    let (error_code, error_msg) = failed.map_or((None, None), |p| {
        (
            non_empty(p.error_code.as_ref()),
            non_empty(p.error_msg.as_ref()),
        )
    });
    TaskFailure {
        response,
        error_code,
        error_msg,
    }
}

/// `"40%"` → 40; anything else → `None`.
pub(crate) fn percent(text: Option<&str>) -> Option<u8> {
    let digits = text?.trim().trim_end_matches('%').trim();
    digits.parse::<u8>().ok().filter(|p| *p <= 100)
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn task_process_text() {
        assert_eq!(percent(Some("40%")), Some(40));
        assert_eq!(percent(Some(" 100 % ")), Some(100));
        assert_eq!(percent(Some("0")), Some(0));
        assert_eq!(percent(Some("101%")), None);
        assert_eq!(percent(Some("")), None);
        assert_eq!(percent(None), None);
    }
}
