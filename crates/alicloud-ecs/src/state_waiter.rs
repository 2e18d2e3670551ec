//! Waiting for resources to reach a state: [`StateWaiter`], behind the generated
//! `Client::wait_until_*` methods (instance running or stopped, image available, disk
//! available or in use, snapshot accomplished), each declared in the spec's overlay.

use std::fmt;
use std::time::Duration;

use alicloud_ecs_model::Operation;

use crate::client::Client;
use crate::error::Error;
use crate::poll::{PollEnd, Schedule, Verdict, poll};

/// What the progress callback of a [`StateWaiter`] sees after each successful poll.
#[derive(Debug)]
#[non_exhaustive]
pub struct StateProgress<'a, R> {
    /// The states the poll saw, one per matching resource (empty while none is visible).
    pub states: &'a [&'a str],
    /// The whole response of this poll.
    pub response: &'a R,
    /// Time since the wait started.
    pub elapsed: Duration,
}

type ProgressFn<R> = Box<dyn FnMut(&StateProgress<'_, R>) + Send>;

/// The facts of one waiter (generated from the overlay).
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct StateRule<R> {
    /// The waiter's name, e.g. `InstanceRunning`.
    pub name: &'static str,
    /// Reads the states out of a response.
    pub states: fn(&R) -> Vec<&str>,
    /// States that end the wait successfully, once every resource has one.
    pub success: &'static [&'static str],
    /// States that end the wait with a failure, as soon as one resource has one.
    pub failure: &'static [&'static str],
    /// The first polling interval.
    pub interval: Duration,
}

/// Polls an operation until every resource it lists is in a success state.
///
/// ```no_run
/// # async fn run(client: alicloud_ecs::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
///
/// client
///     .wait_until_instance_running("i-bp67acfmxazb4p****")
///     .max_wait(Duration::from_secs(600))
///     .on_progress(|p| println!("{:?}", p.states))
///     .wait()
///     .await?;
/// # Ok(()) }
/// ```
///
/// The wait succeeds when the response lists at least one resource and all of them are in a
/// success state; it fails as soon as one is in a failure state. Other states, states this
/// SDK does not know, and an empty list (the resource is not visible yet) keep it waiting.
/// Polls start at the waiter's interval and grow by half up to a minute; no poll overruns
/// `max_wait` (default 30 minutes). Retryable poll errors are tolerated, others end the wait.
#[must_use = "a waiter does nothing until `.wait().await`"]
pub struct StateWaiter<O: Operation> {
    client: Client,
    request: O,
    rule: StateRule<O::Response>,
    max_wait: Duration,
    interval: Duration,
    max_interval: Duration,
    on_progress: Option<ProgressFn<O::Response>>,
}

impl<O: Operation> fmt::Debug for StateWaiter<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateWaiter")
            .field("name", &self.rule.name)
            .field("max_wait", &self.max_wait)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

/// Why a [`StateWaiter`] ended without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum StateWaitError<R> {
    /// The resources did not reach the state within the maximum wait.
    TimedOut {
        /// How long the wait lasted.
        elapsed: Duration,
        /// How many polls were made.
        polls: u32,
        /// The last response seen, if any poll succeeded.
        last: Option<Box<R>>,
    },
    /// A resource reached a failure state.
    Failed {
        /// The failure state seen.
        state: String,
        /// The response it was seen in.
        response: Box<R>,
    },
    /// A poll failed with an error that is not transient.
    Operation(Error),
}

impl<R> fmt::Display for StateWaitError<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimedOut { elapsed, polls, .. } => write!(
                f,
                "the resource did not reach the state within {elapsed:?} ({polls} polls)"
            ),
            Self::Failed { state, .. } => write!(f, "the resource ended as {state}"),
            Self::Operation(e) => write!(f, "{e}"),
        }
    }
}

impl<R: fmt::Debug> std::error::Error for StateWaitError<R> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Operation(e) => Some(e),
            _ => None,
        }
    }
}

/// Judge the states of one response by `rule`.
fn judge<R>(rule: &StateRule<R>, states: &[&str]) -> Verdict {
    if states.iter().any(|s| rule.failure.contains(s)) {
        Verdict::Failed
    } else if !states.is_empty() && states.iter().all(|s| rule.success.contains(s)) {
        Verdict::Done
    } else {
        Verdict::Continue
    }
}

impl<O: Operation> StateWaiter<O> {
    /// A waiter polling `request` by `rule` (used by the generated `wait_until_*` methods).
    #[doc(hidden)]
    pub fn new(client: &Client, request: O, rule: StateRule<O::Response>) -> Self {
        Self {
            client: client.clone(),
            interval: rule.interval,
            request,
            rule,
            max_wait: Duration::from_secs(1800),
            max_interval: Duration::from_secs(60),
            on_progress: None,
        }
    }

    /// Change the polled request, e.g. to set its region.
    pub fn map_request(mut self, f: impl FnOnce(O) -> O) -> Self {
        self.request = f(self.request);
        self
    }

    /// The longest to wait (default 30 minutes).
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// The first polling interval (the waiter's own by default); later ones grow by half.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest polling interval (default 60 s).
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
        self
    }

    /// Called after every successful poll, e.g. to draw a progress display.
    pub fn on_progress(
        mut self,
        f: impl FnMut(&StateProgress<'_, O::Response>) + Send + 'static,
    ) -> Self {
        self.on_progress = Some(Box::new(f));
        self
    }

    /// Poll until every resource is in a success state, one is in a failure state, or the
    /// maximum wait passes.
    pub async fn wait(mut self) -> Result<O::Response, StateWaitError<O::Response>> {
        let schedule = Schedule {
            max_wait: self.max_wait,
            interval: self.interval,
            max_interval: self.max_interval,
        };
        let rule = self.rule;
        let mut on_progress = self.on_progress.take();
        let mut failed_state = String::new();
        let end = poll(
            &self.client,
            &self.request,
            schedule,
            |response, elapsed| {
                let states = (rule.states)(response);
                if let Some(f) = on_progress.as_mut() {
                    f(&StateProgress {
                        states: &states,
                        response,
                        elapsed,
                    });
                }
                let verdict = judge(&rule, &states);
                if verdict == Verdict::Failed {
                    failed_state = states
                        .iter()
                        .find(|s| rule.failure.contains(s))
                        .map_or_else(String::new, |s| (*s).to_owned());
                }
                verdict
            },
        )
        .await;
        match end {
            PollEnd::Done(response) => Ok(response),
            PollEnd::Failed(response) => Err(StateWaitError::Failed {
                state: failed_state,
                response: Box::new(response),
            }),
            PollEnd::TimedOut {
                elapsed,
                polls,
                last,
            } => Err(StateWaitError::TimedOut {
                elapsed,
                polls,
                last,
            }),
            PollEnd::Error(e) => Err(StateWaitError::Operation(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> StateRule<()> {
        StateRule {
            name: "T",
            states: |_| Vec::new(),
            success: &["Running"],
            failure: &["Failed"],
            interval: Duration::from_secs(1),
        }
    }

    #[test]
    fn all_must_succeed_one_failure_ends_and_empty_waits() {
        let r = rule();
        assert_eq!(judge(&r, &["Running", "Running"]), Verdict::Done);
        assert_eq!(judge(&r, &["Running", "Starting"]), Verdict::Continue);
        assert_eq!(judge(&r, &["Running", "Failed"]), Verdict::Failed);
        assert_eq!(judge(&r, &[]), Verdict::Continue);
        assert_eq!(judge(&r, &["SomethingNew"]), Verdict::Continue);
    }
}
