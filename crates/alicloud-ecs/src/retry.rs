//! When a failed attempt is tried again, and how long to wait first.
//!
//! Classification goes by Alibaba's `Code`, not the HTTP status:
//! * throttling codes (`Throttling`, `Throttling.User`, `Throttling.Api`, …) and
//!   `SignatureNonceUsed` are retried for every operation: the server refused the request
//!   before doing anything;
//! * a request that never reached the server (connection refused, TLS failure) is retried for
//!   every operation, except when the server's certificate was rejected: the same certificate
//!   would be rejected again, so that error is returned at once;
//! * server errors (`ServiceUnavailable`, `InternalError`, HTTP 5xx), timeouts and broken
//!   connections are retried only when repeating the request is harmless: for idempotent
//!   operations (the `Describe*` calls), and for operations carrying an idempotency token
//!   (`ImportImage` with its `ClientToken`, which the client sets automatically).
//!
//! Delays grow exponentially with full jitter (a random delay between zero and the
//! exponential bound), are capped, honour the server's `x-acs-retry-after`, and never run past
//! the call's total time budget. Every attempt is signed again with a fresh nonce and time.

use std::time::Duration;

use crate::error::{Error, is_throttling_code, is_transient_code};

/// Retry settings; the default makes at most 3 attempts within 60 seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    max_attempts: u32,
    base_delay: Duration,
    throttling_base_delay: Duration,
    max_delay: Duration,
    budget: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            throttling_base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            budget: Duration::from_secs(60),
        }
    }
}

impl RetryConfig {
    /// The default policy: 3 attempts, 100 ms base (500 ms when throttled), 20 s cap, 60 s budget.
    pub fn standard() -> Self {
        Self::default()
    }

    /// Never retry.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The most attempts per call, the first included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay bound of the first retry of a server error; it doubles with each retry.
    #[must_use]
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The delay bound of the first retry after throttling; it doubles with each retry.
    #[must_use]
    pub fn throttling_base_delay(mut self, delay: Duration) -> Self {
        self.throttling_base_delay = delay;
        self
    }

    /// The longest single delay.
    #[must_use]
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The total time a call may take, all attempts and delays included.
    #[must_use]
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The most attempts per call.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The total time a call may take.
    pub fn total_budget(&self) -> Duration {
        self.budget
    }

    /// How long to wait before attempt `attempt + 1` after `error` (attempts count from 1);
    /// `random` is a uniformly distributed value in `[0, 1)`.
    pub(crate) fn delay(&self, attempt: u32, error: &Error, random: f64) -> Duration {
        let base = if error.is_throttling() {
            self.throttling_base_delay
        } else {
            self.base_delay
        };
        let exponent = attempt.saturating_sub(1).min(20);
        let bound = base.saturating_mul(1 << exponent).min(self.max_delay);
        let jittered = bound.mul_f64(random.clamp(0.0, 1.0));
        match error {
            Error::Service(e) => e
                .retry_after
                .map_or(jittered, |hint| hint.min(self.max_delay)),
            _ => jittered,
        }
    }
}

/// Whether an attempt that failed with `error` may be repeated for an operation that is
/// `repeatable` (idempotent, or carrying an idempotency token).
pub(crate) fn should_retry(error: &Error, repeatable: bool) -> bool {
    match error {
        Error::Dispatch(e) => !e.is_permanent() && (e.is_never_sent() || repeatable),
        Error::Timeout(_) => repeatable,
        Error::Service(e) => {
            let code = e.body.code.as_deref().unwrap_or("");
            if is_throttling_code(code) || code == "SignatureNonceUsed" {
                true
            } else {
                repeatable && (is_transient_code(code) || e.status >= 500)
            }
        }
        Error::Response(e) => repeatable && e.raw.status().is_server_error(),
        Error::Construction(_) | Error::Credentials(_) => false,
    }
}

/// A small, fast, non-cryptographic generator for jitter (splitmix64).
#[derive(Debug)]
pub(crate) struct Jitter(u64);

impl Jitter {
    pub(crate) fn seeded(seed: u64) -> Self {
        Self(seed)
    }

    /// A value in `[0, 1)`.
    pub(crate) fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        #[allow(clippy::cast_precision_loss)]
        let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
        unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alicloud_transport::TransportError;

    fn service(status: u16, code: &str) -> Error {
        crate::error::service_error(status, code, "")
    }

    #[test]
    fn classification_by_code_and_operation() {
        assert!(should_retry(&service(400, "Throttling.User"), false));
        assert!(should_retry(&service(400, "SignatureNonceUsed"), false));
        assert!(should_retry(&service(503, "ServiceUnavailable"), true));
        assert!(!should_retry(&service(503, "ServiceUnavailable"), false));
        assert!(should_retry(&service(500, "InternalError"), true));
        assert!(!should_retry(&service(400, "InvalidParameter"), true));
        assert!(!should_retry(&service(404, "InvalidTaskId.NotFound"), true));
        assert!(should_retry(
            &Error::Dispatch(TransportError::connect("refused")),
            false
        ));
        assert!(!should_retry(
            &Error::Dispatch(TransportError::io("reset")),
            false
        ));
        assert!(should_retry(
            &Error::Dispatch(TransportError::io("reset")),
            true
        ));
        for repeatable in [false, true] {
            let rejected = Error::Dispatch(TransportError::certificate("UnknownIssuer"));
            assert!(!should_retry(&rejected, repeatable));
        }
    }

    #[test]
    fn delays_grow_are_jittered_capped_and_honour_hints() {
        let r = RetryConfig::default();
        let e = service(503, "ServiceUnavailable");
        assert_eq!(
            r.delay(1, &e, 0.999_999),
            Duration::from_millis(100).mul_f64(0.999_999)
        );
        assert_eq!(r.delay(3, &e, 0.5), Duration::from_millis(200));
        assert_eq!(r.delay(1, &e, 0.0), Duration::ZERO);
        assert_eq!(r.delay(30, &e, 1.0), Duration::from_secs(20));
        let t = service(400, "Throttling");
        assert_eq!(r.delay(1, &t, 1.0), Duration::from_millis(500));
        let Error::Service(mut s) = service(400, "Throttling") else {
            unreachable!()
        };
        s.retry_after = Some(Duration::from_millis(1500));
        assert_eq!(
            r.delay(1, &Error::Service(s), 0.1),
            Duration::from_millis(1500)
        );
    }

    #[test]
    fn jitter_is_uniform_enough() {
        let mut j = Jitter::seeded(7);
        let values: Vec<f64> = (0..1000).map(|_| j.next()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let mean = values.iter().sum::<f64>() / 1000.0;
        assert!((0.4..0.6).contains(&mean), "{mean}");
    }
}
