//! The emulated clock that drives task progress.
//!
//! Emulated time starts at a given instant (the wall clock, the state file's saved time, or
//! [`EmulatorBuilder::start_time`](crate::EmulatorBuilder::start_time)), runs at `speed` times
//! real time, and jumps forward when the control API advances it. With speed 0 it is a frozen
//! virtual clock that only moves through advances. It never runs backwards, so task states only
//! move forward. Signature timestamps are checked against the real wall clock, not this one.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// Emulated time, in milliseconds since the Unix epoch.
#[derive(Debug)]
pub(crate) struct Clock {
    origin_ms: i64,
    started: Instant,
    speed: f64,
    advanced_ms: AtomicI64,
}

impl Clock {
    /// A clock reading `origin_ms` now and running at `speed` (finite, ≥ 0).
    pub(crate) fn new(origin_ms: i64, speed: f64) -> Self {
        Self {
            origin_ms,
            started: Instant::now(),
            speed,
            advanced_ms: AtomicI64::new(0),
        }
    }

    /// The current emulated time in milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        let running = if self.speed == 0.0 {
            0
        } else {
            (self.started.elapsed().as_secs_f64() * self.speed * 1000.0) as i64
        };
        self.origin_ms
            .saturating_add(self.advanced_ms.load(Ordering::Acquire))
            .saturating_add(running)
    }

    /// Move the clock forward by `by` and return the new time in milliseconds.
    pub(crate) fn advance(&self, by: Duration) -> i64 {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.advanced_ms.fetch_add(ms, Ordering::AcqRel);
        self.now_ms()
    }

    /// The speed factor.
    pub(crate) fn speed(&self) -> f64 {
        self.speed
    }
}

/// Milliseconds since the Unix epoch of a date-time.
pub(crate) fn to_ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// The date-time of milliseconds since the Unix epoch (clamped to the representable range).
pub(crate) fn from_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The real wall-clock time.
pub(crate) fn wall_now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_by_advances() {
        let clock = Clock::new(1_000, 0.0);
        assert_eq!(clock.now_ms(), 1_000);
        assert_eq!(clock.advance(Duration::from_secs(2)), 3_000);
        assert_eq!(clock.now_ms(), 3_000);
    }

    #[test]
    fn running_clock_never_goes_back() {
        let clock = Clock::new(0, 1000.0);
        let a = clock.now_ms();
        let b = clock.now_ms();
        assert!(b >= a);
    }

    #[test]
    fn millisecond_conversions_round_trip() {
        let t = from_ms(1_448_244_780_123);
        assert_eq!(to_ms(t), 1_448_244_780_123);
    }
}
