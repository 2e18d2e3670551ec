//! The polling loop every waiter shares: poll an operation until a judge says it is done or
//! failed, with a growing interval, within a maximum wait that no poll overruns.

use std::time::Duration;

use alicloud_ecs_model::Operation;
use alicloud_transport::{Sleep, TimeSource};

use crate::client::Client;
use crate::error::Error;
use crate::send::CallOptions;

/// The shortest pause between polls, whatever is configured: never a tight loop.
pub(crate) const MIN_INTERVAL: Duration = Duration::from_millis(10);

/// When to poll: the first interval grows by half after each poll, up to `max_interval`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Schedule {
    pub(crate) max_wait: Duration,
    pub(crate) interval: Duration,
    pub(crate) max_interval: Duration,
}

/// What the judge makes of one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Done,
    Failed,
    Continue,
}

/// How a polling loop ended.
#[derive(Debug)]
pub(crate) enum PollEnd<R> {
    Done(R),
    Failed(R),
    TimedOut {
        elapsed: Duration,
        polls: u32,
        last: Option<Box<R>>,
    },
    Error(Error),
}

/// Poll `request` until `judge` says done or failed. A poll that fails with a retryable error
/// (after the client's own retries) is tolerated; any other error ends the loop. `judge`
/// also sees the time elapsed, for progress reports.
pub(crate) async fn poll<O: Operation>(
    client: &Client,
    request: &O,
    schedule: Schedule,
    mut judge: impl FnMut(&O::Response, Duration) -> Verdict,
) -> PollEnd<O::Response> {
    let config = client.config().clone();
    let started = config.time.now();
    let elapsed = || {
        config
            .time
            .now()
            .duration_since(started)
            .unwrap_or_default()
    };
    let max_interval = schedule.max_interval.max(MIN_INTERVAL);
    let mut interval = schedule.interval.max(MIN_INTERVAL).min(max_interval);
    let (mut polls, mut last) = (0u32, None);
    loop {
        let left = schedule.max_wait.saturating_sub(elapsed());
        if left.is_zero() {
            return PollEnd::TimedOut {
                elapsed: elapsed(),
                polls,
                last,
            };
        }
        polls += 1;
        match client
            .send(request.clone(), &poll_options(&config, left))
            .await
        {
            Ok(response) => match judge(&response, elapsed()) {
                Verdict::Done => return PollEnd::Done(response),
                Verdict::Failed => return PollEnd::Failed(response),
                Verdict::Continue => last = Some(Box::new(response)),
            },
            Err(e) if e.is_retryable() => {
                tracing::debug!(error = %e, "poll failed; polling on")
            }
            Err(e) => return PollEnd::Error(e),
        }
        let spent = elapsed();
        if spent >= schedule.max_wait {
            return PollEnd::TimedOut {
                elapsed: spent,
                polls,
                last,
            };
        }
        config
            .sleep
            .sleep(interval.min(schedule.max_wait - spent))
            .await;
        interval = Duration::try_from_secs_f64(interval.as_secs_f64() * 1.5)
            .unwrap_or(max_interval)
            .min(max_interval)
            .max(MIN_INTERVAL);
    }
}

/// The client's attempt timeout and retry budget, each capped to the `left` of the wait.
pub(crate) fn poll_options(config: &crate::Config, left: Duration) -> CallOptions {
    let retry = config.retry.clone();
    let budget = retry.total_budget().min(left);
    CallOptions {
        timeout: Some(config.attempt_timeout.map_or(left, |t| t.min(left))),
        retry: Some(retry.budget(budget)),
    }
}
