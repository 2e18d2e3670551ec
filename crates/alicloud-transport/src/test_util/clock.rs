//! [`ManualClock`]: a deterministic clock and instant sleep for retry and waiter tests.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::lock;
use crate::{Sleep, SleepFuture, TimeSource};

/// A clock that only moves when told to, and a [`Sleep`] that completes immediately.
///
/// Each sleep is recorded and advances the clock by its duration, so code that sleeps and then
/// reads the time sees the time it expects, without waiting.
///
/// ```
/// use std::time::Duration;
/// use alicloud_transport::{Sleep, TimeSource};
/// use alicloud_transport::test_util::ManualClock;
///
/// let clock = ManualClock::default();
/// let start = clock.now();
/// let _ = clock.sleep(Duration::from_secs(2)); // ready at once
/// clock.advance(Duration::from_secs(1));
/// assert_eq!(clock.now(), start + Duration::from_secs(3));
/// assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
/// ```
#[derive(Clone, Debug)]
pub struct ManualClock {
    state: Arc<Mutex<ClockState>>,
}

#[derive(Debug)]
struct ClockState {
    now: SystemTime,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock reading `start`.
    pub fn new(start: SystemTime) -> Self {
        Self {
            state: Arc::new(Mutex::new(ClockState {
                now: start,
                sleeps: Vec::new(),
            })),
        }
    }

    /// The current time of this clock.
    pub fn now(&self) -> SystemTime {
        lock(&self.state).now
    }

    /// Moves the clock forward by `duration` (without recording a sleep).
    pub fn advance(&self, duration: Duration) {
        let mut state = lock(&self.state);
        state.now += duration;
    }

    /// Sets the clock to `time`, which may be earlier than the current time.
    pub fn set(&self, time: SystemTime) {
        lock(&self.state).now = time;
    }

    /// The durations passed to [`Sleep::sleep`], in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        lock(&self.state).sleeps.clone()
    }
}

impl Default for ManualClock {
    /// A clock starting at 2024-01-01T00:00:00Z.
    fn default() -> Self {
        Self::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_067_200))
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> SystemTime {
        ManualClock::now(self)
    }
}

impl Sleep for ManualClock {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        let mut state = lock(&self.state);
        state.now += duration;
        state.sleeps.push(duration);
        SleepFuture::ready()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SharedSleep, SharedTimeSource};

    #[test]
    fn clones_share_time_and_sleeps() {
        let clock = ManualClock::new(SystemTime::UNIX_EPOCH);
        let sleep = SharedSleep::new(clock.clone());
        let time = SharedTimeSource::new(clock.clone());
        let _ready = sleep.sleep(Duration::from_millis(250));
        let _ready = sleep.sleep(Duration::from_millis(500));
        assert_eq!(
            time.now(),
            SystemTime::UNIX_EPOCH + Duration::from_millis(750)
        );
        assert_eq!(
            clock.sleeps(),
            vec![Duration::from_millis(250), Duration::from_millis(500)]
        );
        clock.set(SystemTime::UNIX_EPOCH);
        assert_eq!(TimeSource::now(&clock), SystemTime::UNIX_EPOCH);
    }

    #[test]
    fn default_starts_in_2024() {
        let since_epoch = ManualClock::default()
            .now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        assert_eq!(since_epoch.as_secs(), 1_704_067_200);
    }
}
