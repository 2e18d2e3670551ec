//! Replay protection for verifiers: the timestamp window and the nonce memory that a server
//! checks after a signature verifies (rules on [`check_replay`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use crate::Verified;

/// Why a verified request must still be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReplayError {
    /// The signing time is further than the tolerance from now (Alibaba's
    /// `InvalidTimeStamp.Expired`).
    TimestampOutsideWindow {
        /// `now - timestamp`: positive for an old request, negative for one from the future.
        skew: time::Duration,
    },
    /// The nonce is empty or only white space.
    EmptyNonce,
    /// The nonce was already used by this AccessKey within the window (Alibaba's
    /// `SignatureNonceUsed`).
    NonceReused,
    /// The nonce store is full of unexpired nonces and cannot remember another one; the request
    /// should be refused as a temporary condition (for example with HTTP 503).
    NonceStoreFull,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimestampOutsideWindow { skew } => write!(
                f,
                "the signing time is {} seconds away from the server's time",
                skew.whole_seconds()
            ),
            Self::EmptyNonce => f.write_str("the signature nonce is empty"),
            Self::NonceReused => f.write_str("the signature nonce was used already"),
            Self::NonceStoreFull => f.write_str("too many recent nonces to remember another one"),
        }
    }
}

impl std::error::Error for ReplayError {}

/// Checks that `timestamp` lies within `tolerance` of `now` (bounds included).
///
/// ```
/// use alicloud_signer::{ReplayError, check_timestamp};
/// use std::time::Duration;
/// use time::macros::datetime;
///
/// let now = datetime!(2024-05-01 08:15:00 UTC);
/// let window = Duration::from_secs(15 * 60);
/// assert!(check_timestamp(datetime!(2024-05-01 08:00:00 UTC), now, window).is_ok());
/// assert!(matches!(
///     check_timestamp(datetime!(2024-05-01 07:59:59 UTC), now, window),
///     Err(ReplayError::TimestampOutsideWindow { .. })
/// ));
/// ```
pub fn check_timestamp(
    timestamp: OffsetDateTime,
    now: OffsetDateTime,
    tolerance: Duration,
) -> Result<(), ReplayError> {
    let skew = now - timestamp;
    if skew.unsigned_abs() > tolerance {
        return Err(ReplayError::TimestampOutsideWindow { skew });
    }
    Ok(())
}

/// Remembers nonces: the replay memory of a verifier.
///
/// Implementations must refuse an empty or blank nonce ([`ReplayError::EmptyNonce`]), refuse a
/// nonce the same AccessKey used before whose expiry has not passed
/// ([`ReplayError::NonceReused`]), remember each accepted nonce at least until `expires`, and
/// refuse ([`ReplayError::NonceStoreFull`]) rather than forget an unexpired nonce when they
/// run out of room.
pub trait NonceStore {
    /// Records that `access_key_id` used `nonce`, to be remembered until `expires`, at time
    /// `now`; fails if that cannot be done.
    fn insert(
        &self,
        access_key_id: &str,
        nonce: &str,
        expires: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), ReplayError>;
}

impl<S: NonceStore + ?Sized> NonceStore for Arc<S> {
    fn insert(
        &self,
        access_key_id: &str,
        nonce: &str,
        expires: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), ReplayError> {
        (**self).insert(access_key_id, nonce, expires, now)
    }
}

/// Checks a verified request against replays: its timestamp is within `tolerance` of `now`
/// and its nonce is new, and then records the nonce in `store` until `timestamp + tolerance`.
///
/// The rules:
///
/// 1. The signing time (V1 `Timestamp`, V3 `x-acs-date`) must lie within `tolerance` of the
///    server's `now`, in either direction (Alibaba's gateway allows 15 minutes). The bounds are
///    inclusive.
/// 2. The nonce (V1 `SignatureNonce`, V3 `x-acs-signature-nonce`) must not be empty or blank.
/// 3. A nonce is accepted once per AccessKey ID: it is remembered until `timestamp + tolerance`,
///    the last moment rule 1 would still accept the request, so a replay is refused for as long
///    as it could otherwise pass.
/// 4. A bounded store that is full **refuses** new nonces ([`ReplayError::NonceStoreFull`])
///    instead of forgetting unexpired ones, which would let their requests be replayed.
///    Expired nonces are dropped first, so the store holds at most the nonces of one window.
///
/// Any store can be used through [`NonceStore`] (for example one shared by several servers);
/// [`MemoryNonceStore`](crate::MemoryNonceStore) is a bounded in-process one.
pub fn check_replay(
    verified: &Verified,
    now: OffsetDateTime,
    tolerance: Duration,
    store: &(impl NonceStore + ?Sized),
) -> Result<(), ReplayError> {
    check_timestamp(verified.timestamp, now, tolerance)?;
    if is_blank(&verified.nonce) {
        return Err(ReplayError::EmptyNonce);
    }
    let expires = time::Duration::try_from(tolerance)
        .ok()
        .and_then(|tolerance| verified.timestamp.checked_add(tolerance))
        .unwrap_or(OffsetDateTime::new_utc(
            time::Date::MAX,
            time::Time::MIDNIGHT,
        ));
    store.insert(&verified.access_key_id, &verified.nonce, expires, now)
}

pub(crate) fn is_blank(nonce: &str) -> bool {
    nonce.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2024-05-01 08:00:00 UTC);

    fn at(seconds: i64) -> OffsetDateTime {
        T0 + time::Duration::seconds(seconds)
    }

    #[test]
    fn timestamp_window_is_inclusive_both_ways() {
        let window = Duration::from_secs(900);
        for offset in [-900, -1, 0, 1, 900] {
            assert_eq!(check_timestamp(at(offset), T0, window), Ok(()), "{offset}");
        }
        assert_eq!(
            check_timestamp(at(-901), T0, window),
            Err(ReplayError::TimestampOutsideWindow {
                skew: time::Duration::seconds(901)
            })
        );
        assert_eq!(
            check_timestamp(at(901), T0, window),
            Err(ReplayError::TimestampOutsideWindow {
                skew: time::Duration::seconds(-901)
            })
        );
        assert!(check_timestamp(T0, T0, Duration::MAX).is_ok());
    }
}
