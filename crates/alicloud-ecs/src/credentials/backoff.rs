//! [`Backoff`]: how long a failed credentials lookup, and its error, is remembered before the
//! lookup is tried again.
//!
//! After a failure the next attempt waits 1 s; each further consecutive failure doubles the
//! wait, up to 30 s; a success starts over. Without this, a client that has no credentials
//! (or whose metadata service is down) would probe every source, the metadata service's 1 s
//! timeout included, on every call.

use std::time::{Duration, SystemTime};

use super::CredentialsError;

/// The wait after the first failure.
pub(crate) const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// The longest wait, however many failures in a row.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Consecutive failures, the latest error, and the time before which no new attempt is made.
#[derive(Debug, Default, Clone)]
pub(crate) struct Backoff {
    failures: u32,
    since: Option<SystemTime>,
    until: Option<SystemTime>,
    error: Option<CredentialsError>,
}

impl Backoff {
    /// Records a failure with `error` at `now`; returns how long the next attempt waits.
    pub(crate) fn failed(&mut self, now: SystemTime, error: &CredentialsError) -> Duration {
        self.error = Some(error.clone());
        let delay = FIRST_BACKOFF
            .saturating_mul(1 << self.failures.min(16))
            .min(MAX_BACKOFF);
        self.failures = self.failures.saturating_add(1);
        self.since = Some(now);
        self.until = now.checked_add(delay);
        delay
    }

    /// Forgets the failures after a success.
    pub(crate) fn succeeded(&mut self) {
        *self = Self::default();
    }

    /// The error of the latest failure, while an attempt at `now` should be skipped.
    pub(crate) fn waiting_error(&self, now: SystemTime) -> Option<&CredentialsError> {
        self.error.as_ref().filter(|_| self.is_waiting(now))
    }

    /// Whether an attempt at `now` should be skipped. A clock that went back before the
    /// failure ends the wait rather than stretching it.
    fn is_waiting(&self, now: SystemTime) -> bool {
        match (self.since, self.until) {
            (Some(since), Some(until)) => since <= now && now < until,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_one_second_to_thirty_and_resets() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let err = CredentialsError::provider_error("test", "down");
        let mut backoff = Backoff::default();
        assert!(!backoff.is_waiting(start));
        assert!(backoff.waiting_error(start).is_none());
        let delays: Vec<u64> = (0..8)
            .map(|_| backoff.failed(start, &err).as_secs())
            .collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert!(backoff.is_waiting(start + Duration::from_secs(29)));
        assert_eq!(
            backoff
                .waiting_error(start + Duration::from_secs(29))
                .map(ToString::to_string)
                .as_deref(),
            Some("test: down")
        );
        assert!(!backoff.is_waiting(start + Duration::from_secs(30)));
        assert!(
            backoff
                .waiting_error(start + Duration::from_secs(30))
                .is_none()
        );
        assert!(!backoff.is_waiting(start - Duration::from_secs(1)));
        backoff.succeeded();
        assert!(!backoff.is_waiting(start));
        assert!(backoff.waiting_error(start).is_none());
        assert_eq!(backoff.failed(start, &err), FIRST_BACKOFF);
        for _ in 0..100 {
            backoff.failed(start, &err);
        }
        assert_eq!(backoff.failed(start, &err), MAX_BACKOFF);
    }
}
