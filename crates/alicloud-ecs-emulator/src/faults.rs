//! Injected faults: throttling, 503s, added latency, dropped connections, and tasks that fail.
//!
//! A [`Fault`] applies to one action or to all, fires on every `every`-th matching request or
//! with probability `ratio` (drawn from the seeded RNG), at most `times` times. Without
//! `every` and `ratio` it fires on every matching request.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::fault_spec::ParseFaultError;
use crate::rng::{AtomicSplitMix, derive};
use crate::seed::TaskFailure;

/// What a fault does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer `Throttling.User` (HTTP 400) without running the request.
    Throttle,
    /// Answer `ServiceUnavailable` (HTTP 503) without running the request.
    Unavailable,
    /// Wait this many milliseconds before running the request.
    Latency {
        /// The added delay in milliseconds.
        ms: u64,
    },
    /// Run the request, send the status line and headers, then close the connection partway
    /// through the body.
    Drop,
    /// Make the next created task(s) of the matching action end `Failed`.
    FailTask {
        /// The `ErrorCode` of the failed sub-operation (default `<Action>Failed`).
        #[serde(default)]
        code: Option<String>,
        /// The `ErrorMsg` (default: the documented message of that code).
        #[serde(default)]
        message: Option<String>,
        /// The progress at which the task fails (default 50).
        #[serde(default)]
        at_percent: Option<u8>,
    },
}

/// One injected fault: what happens ([`FaultKind`]), to which action (default: all), and when:
/// on every `every`-th matching request, or with probability `ratio` (drawn from the seeded
/// RNG), at most `times` times; without `every` and `ratio`, on every matching request.
///
/// ```
/// use alicloud_ecs_emulator::Fault;
/// let fault = Fault::throttle().action("DescribeTasks").every(3);
/// assert_eq!(fault, "throttle,action=DescribeTasks,every=3".parse().unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fault {
    /// What happens.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Only requests of this action (default: every action).
    #[serde(default)]
    pub action: Option<String>,
    /// Fire on every n-th matching request (n ≥ 1).
    #[serde(default)]
    pub every: Option<u64>,
    /// Fire with this probability (0–1).
    #[serde(default)]
    pub ratio: Option<f64>,
    /// Fire at most this many times.
    #[serde(default)]
    pub times: Option<u64>,
}

impl Fault {
    /// A fault of this kind on every request.
    pub fn new(kind: FaultKind) -> Self {
        Self {
            kind,
            action: None,
            every: None,
            ratio: None,
            times: None,
        }
    }

    /// `Throttling.User` (HTTP 400).
    pub fn throttle() -> Self {
        Self::new(FaultKind::Throttle)
    }

    /// `ServiceUnavailable` (HTTP 503).
    pub fn unavailable() -> Self {
        Self::new(FaultKind::Unavailable)
    }

    /// Added latency.
    pub fn latency(delay: Duration) -> Self {
        Self::new(FaultKind::Latency {
            ms: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        })
    }

    /// The connection is closed partway through the response body.
    pub fn drop_connection() -> Self {
        Self::new(FaultKind::Drop)
    }

    /// Created tasks end `Failed` with this error code and message.
    pub fn fail_task(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(FaultKind::FailTask {
            code: Some(code.into()),
            message: Some(message.into()),
            at_percent: None,
        })
    }

    /// Only for requests of `action`.
    #[must_use]
    pub fn action(mut self, action: impl Into<String>) -> Self {
        self.action = Some(action.into());
        self
    }

    /// Fire on every `n`-th matching request.
    #[must_use]
    pub fn every(mut self, n: u64) -> Self {
        self.every = Some(n);
        self
    }

    /// Fire with probability `ratio`.
    #[must_use]
    pub fn ratio(mut self, ratio: f64) -> Self {
        self.ratio = Some(ratio);
        self
    }

    /// Fire at most `n` times.
    #[must_use]
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Check the numbers are usable.
    pub fn validate(&self) -> Result<(), ParseFaultError> {
        if self.every == Some(0) {
            return Err(ParseFaultError("every must be at least 1".to_owned()));
        }
        if let Some(ratio) = self.ratio
            && !(0.0..=1.0).contains(&ratio)
        {
            return Err(ParseFaultError(format!(
                "ratio {ratio} is not within 0..=1"
            )));
        }
        if let FaultKind::FailTask {
            at_percent: Some(p),
            ..
        } = self.kind
            && p > 99
        {
            return Err(ParseFaultError(format!("at {p} is not within 0..=99")));
        }
        Ok(())
    }
}

/// The faults an emulator starts with (see [`EmulatorBuilder::faults`](crate::EmulatorBuilder::faults)).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct FaultConfig {
    /// The faults, checked in order.
    pub faults: Vec<Fault>,
}

impl FaultConfig {
    /// No faults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a fault.
    #[must_use]
    pub fn with(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }
}

impl FromIterator<Fault> for FaultConfig {
    fn from_iter<I: IntoIterator<Item = Fault>>(iter: I) -> Self {
        Self {
            faults: iter.into_iter().collect(),
        }
    }
}

/// A fault with its counters.
#[derive(Debug)]
struct Active {
    fault: Fault,
    matched: AtomicU64,
    fired: AtomicU64,
    rng: AtomicSplitMix,
}

impl Active {
    fn applies_to(&self, action: &str) -> bool {
        self.fault.action.as_deref().is_none_or(|a| a == action)
    }

    /// Count a matching event and decide whether the fault fires for it.
    fn fire(&self) -> bool {
        let n = self.matched.fetch_add(1, Ordering::Relaxed) + 1;
        let triggered = match (self.fault.every, self.fault.ratio) {
            (Some(every), _) => n.is_multiple_of(every.max(1)),
            (None, Some(ratio)) => self.rng.next_f64() < ratio,
            (None, None) => true,
        };
        triggered
            && self
                .fired
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |fired| {
                    self.fault
                        .times
                        .is_none_or(|t| fired < t)
                        .then_some(fired + 1)
                })
                .is_ok()
    }
}

/// What the faults decided for one request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Decision {
    pub(crate) delay: Duration,
    pub(crate) throttle: bool,
    pub(crate) unavailable: bool,
    pub(crate) drop: bool,
}

/// The active faults.
#[derive(Debug)]
pub(crate) struct Faults {
    list: RwLock<Vec<Arc<Active>>>,
    seed: u64,
    added: AtomicU64,
}

impl Faults {
    /// No faults; ratios draw from streams derived from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            list: RwLock::default(),
            seed,
            added: AtomicU64::new(0),
        }
    }

    /// Add a fault at the end of the list.
    pub(crate) fn add(&self, fault: Fault) {
        let index = self.added.fetch_add(1, Ordering::Relaxed);
        let active = Arc::new(Active {
            fault,
            matched: AtomicU64::new(0),
            fired: AtomicU64::new(0),
            rng: AtomicSplitMix::new(derive(self.seed, 0xFA17 + index)),
        });
        self.list
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .push(active);
    }

    /// Remove every fault.
    pub(crate) fn clear(&self) {
        self.list
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The faults, in order.
    pub(crate) fn list(&self) -> Vec<Fault> {
        let list = self.list.read().unwrap_or_else(PoisonError::into_inner);
        list.iter().map(|a| a.fault.clone()).collect()
    }

    fn matching(&self, action: &str, task: bool) -> Vec<Arc<Active>> {
        let list = self.list.read().unwrap_or_else(PoisonError::into_inner);
        list.iter()
            .filter(|a| matches!(a.fault.kind, FaultKind::FailTask { .. }) == task)
            .filter(|a| a.applies_to(action))
            .cloned()
            .collect()
    }

    /// Decide what happens to one request of `action`.
    pub(crate) fn decide(&self, action: &str) -> Decision {
        let mut decision = Decision::default();
        for active in self.matching(action, false) {
            if !active.fire() {
                continue;
            }
            match &active.fault.kind {
                FaultKind::Latency { ms } => decision.delay += Duration::from_millis(*ms),
                FaultKind::Throttle => decision.throttle = true,
                FaultKind::Unavailable => decision.unavailable = true,
                FaultKind::Drop => decision.drop = true,
                FaultKind::FailTask { .. } => {}
            }
        }
        decision
    }

    /// Whether a task created by `action` should fail, and how.
    pub(crate) fn task_failure(&self, action: &str) -> Option<TaskFailure> {
        self.matching(action, true)
            .into_iter()
            .find(|a| a.fire())
            .map(|active| {
                let FaultKind::FailTask {
                    code,
                    message,
                    at_percent,
                } = &active.fault.kind
                else {
                    return TaskFailure::new("InternalError", "");
                };
                let code = code.clone().unwrap_or_else(|| format!("{action}Failed"));
                let message = message.clone().unwrap_or_else(|| default_message(action));
                TaskFailure::new(code, message).at_percent(at_percent.unwrap_or(50))
            })
    }
}

fn default_message(action: &str) -> String {
    match action {
        "ImportImage" => "Importing image is failed, Please contact the administrator.".to_owned(),
        "ExportImage" => "Exporting image is failed, Please contact the administrator.".to_owned(),
        other => format!("The {other} task failed."),
    }
}
