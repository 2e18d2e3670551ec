//! The emulated clock that drives task progress.
//!
//! Emulated time starts at a given instant (the wall clock, the state file's saved time, or
//! [`EmulatorBuilder::start_time`](crate::EmulatorBuilder::start_time)), runs at `speed` times
//! real time, and jumps forward when the control API advances it. With speed 0 it is a frozen
//! virtual clock that only moves through advances. It never runs backwards, so task states only
//! move forward: all arithmetic saturates, each reading is at least the one before, and a
//! single advance is limited to [`MAX_ADVANCE`]. Signature timestamps are checked against the
//! real wall clock, not this one.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// The longest single advance: ten years (3 653 days).
pub(crate) const MAX_ADVANCE: Duration = Duration::from_secs(3_653 * 24 * 60 * 60);

/// Why the clock refused to advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AdvanceError {
    #[error("an advance is at most {} days; asked for {} s", MAX_ADVANCE.as_secs() / 86_400, .0.as_secs())]
    TooFar(Duration),
}

/// Emulated time, in milliseconds since the Unix epoch.
#[derive(Debug)]
pub(crate) struct Clock {
    origin_ms: i64,
    started: Instant,
    speed: f64,
    advanced_ms: AtomicI64,
    /// The latest reading, which no later reading goes below.
    last_ms: AtomicI64,
}

impl Clock {
    /// A clock reading `origin_ms` now and running at `speed` (finite, ≥ 0).
    pub(crate) fn new(origin_ms: i64, speed: f64) -> Self {
        Self {
            origin_ms,
            started: Instant::now(),
            speed,
            advanced_ms: AtomicI64::new(0),
            last_ms: AtomicI64::new(origin_ms),
        }
    }

    /// The current emulated time in milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        self.reading(self.advanced_ms.load(Ordering::Acquire))
    }

    /// The time with `advanced_ms` of advances (never below an earlier reading), remembered as
    /// the latest reading.
    fn reading(&self, advanced_ms: i64) -> i64 {
        let now = self.compute(advanced_ms);
        self.last_ms.fetch_max(now, Ordering::AcqRel).max(now)
    }

    /// The time with `advanced_ms` of advances.
    fn compute(&self, advanced_ms: i64) -> i64 {
        let running = if self.speed > 0.0 {
            // `as` saturates: a huge speed or uptime reads as the end of time, not as garbage.
            (self.started.elapsed().as_secs_f64() * self.speed * 1000.0) as i64
        } else {
            0
        };
        self.origin_ms
            .saturating_add(advanced_ms.max(0))
            .saturating_add(running.max(0))
    }

    /// The time an advance by `by` would give, without moving the clock.
    pub(crate) fn peek_advance(&self, by: Duration) -> Result<i64, AdvanceError> {
        let ms = advance_ms(by)?;
        let advanced = self.advanced_ms.load(Ordering::Acquire).saturating_add(ms);
        Ok(self
            .compute(advanced)
            .max(self.last_ms.load(Ordering::Acquire)))
    }

    /// Move the clock forward by `by` (at most [`MAX_ADVANCE`]) and return the new time in
    /// milliseconds.
    pub(crate) fn advance(&self, by: Duration) -> Result<i64, AdvanceError> {
        let ms = advance_ms(by)?;
        let mut current = self.advanced_ms.load(Ordering::Acquire);
        loop {
            let next = current.saturating_add(ms);
            match self.advanced_ms.compare_exchange_weak(
                current,
                next,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return Ok(self.reading(next)),
                Err(actual) => current = actual,
            }
        }
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

/// `by` in milliseconds, if it is not longer than [`MAX_ADVANCE`].
fn advance_ms(by: Duration) -> Result<i64, AdvanceError> {
    if by > MAX_ADVANCE {
        return Err(AdvanceError::TooFar(by));
    }
    Ok(i64::try_from(by.as_millis()).unwrap_or(i64::MAX))
}

/// The date-time of milliseconds since the Unix epoch, clamped to the representable range
/// (years -9999 to 9999), so a saturated clock reads as the last instant, not the first.
pub(crate) fn from_ms(ms: i64) -> OffsetDateTime {
    let last = time::PrimitiveDateTime::MAX.assume_utc();
    let first = time::PrimitiveDateTime::MIN.assume_utc();
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(if ms > 0 {
        last
    } else {
        first
    })
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
        assert_eq!(clock.peek_advance(Duration::from_secs(2)), Ok(3_000));
        assert_eq!(clock.now_ms(), 1_000, "peeking does not move it");
        assert_eq!(clock.advance(Duration::from_secs(2)), Ok(3_000));
        assert_eq!(clock.now_ms(), 3_000);
    }

    #[test]
    fn advances_are_bounded_and_saturate() {
        let clock = Clock::new(i64::MAX - 10_000, 0.0);
        assert_eq!(
            clock.advance(MAX_ADVANCE + Duration::from_millis(1)),
            Err(AdvanceError::TooFar(MAX_ADVANCE + Duration::from_millis(1)))
        );
        assert!(clock.advance(Duration::MAX).is_err());
        assert_eq!(
            clock.now_ms(),
            i64::MAX - 10_000,
            "a refused advance changes nothing"
        );
        let mut last = clock.now_ms();
        for _ in 0..5 {
            let now = clock.advance(MAX_ADVANCE).unwrap();
            assert!(now >= last, "{now} < {last}");
            last = now;
        }
        assert_eq!(last, i64::MAX);
        assert_eq!(clock.now_ms(), i64::MAX);
        assert_eq!(from_ms(i64::MAX), time::PrimitiveDateTime::MAX.assume_utc());
        assert!(from_ms(i64::MAX) > from_ms(0));
    }

    #[test]
    fn extreme_speeds_saturate_instead_of_wrapping() {
        let clock = Clock::new(i64::MAX - 1, 1e300);
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(clock.now_ms(), i64::MAX);
        assert_eq!(clock.advance(Duration::from_secs(1)), Ok(i64::MAX));
    }

    #[test]
    fn running_clock_never_goes_back() {
        let clock = Clock::new(0, 1000.0);
        let mut last = clock.now_ms();
        for _ in 0..1_000 {
            let now = clock.now_ms();
            assert!(now >= last);
            last = now;
        }
    }

    #[test]
    fn millisecond_conversions_round_trip() {
        let t = from_ms(1_448_244_780_123);
        assert_eq!(to_ms(t), 1_448_244_780_123);
    }
}
