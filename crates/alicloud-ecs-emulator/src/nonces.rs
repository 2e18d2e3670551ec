//! The replay guard: remembers signature nonces (per AccessKey) for as long as their request's
//! timestamp is inside the window, within a fixed memory budget, and refuses new nonces rather
//! than forget unexpired ones when the budget is spent.
//!
//! It implements `alicloud_signer`'s [`NonceStore`] and follows the rules of
//! [`check_replay`](alicloud_signer::check_replay): blank nonces are refused, a nonce is kept
//! through the second its window ends, expired nonces are dropped first, and a full store
//! answers [`ReplayError::NonceStoreFull`]. Entries are 64-bit keyed hashes of
//! `(AccessKeyId, nonce)` (the key is random per process, so clients cannot aim for
//! collisions) in sharded sets, so concurrent requests rarely wait on each other; one counter
//! bounds all shards together. If the wall clock steps backwards, nonces already dropped for
//! being expired stay refused: a request whose window ended before the latest time seen is
//! refused as expired.

use std::cmp::Reverse;
use std::collections::hash_map::RandomState;
use std::collections::{BinaryHeap, HashSet};
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use alicloud_signer::{NonceStore, ReplayError};
use time::OffsetDateTime;

const SHARDS: usize = 16;

/// Remembered nonces.
#[derive(Debug)]
pub(crate) struct NonceCache {
    shards: Vec<Mutex<Shard>>,
    hasher: RandomState,
    capacity: usize,
    /// Entries held in all shards together.
    len: AtomicUsize,
    /// The latest time (Unix seconds) expired entries were dropped at.
    horizon: AtomicI64,
}

#[derive(Debug, Default)]
struct Shard {
    seen: HashSet<u64>,
    /// The same entries, soonest expiry (Unix seconds) first.
    by_expiry: BinaryHeap<Reverse<(i64, u64)>>,
}

impl NonceCache {
    /// A cache holding at most `capacity` unexpired nonces.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hasher: RandomState::new(),
            capacity,
            len: AtomicUsize::new(0),
            horizon: AtomicI64::new(i64::MIN),
        }
    }

    /// How many nonces it holds now (expired ones until they are dropped).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    /// Forget everything.
    pub(crate) fn clear(&self) {
        for shard in &self.shards {
            let mut shard = lock(shard);
            self.len.fetch_sub(shard.seen.len(), Ordering::AcqRel);
            shard.seen.clear();
            shard.by_expiry.clear();
        }
    }

    /// Drop the entries of `shard` whose expiry is before `now`.
    fn purge(&self, shard: &mut Shard, now: i64) {
        while let Some(&Reverse((expiry, old))) = shard.by_expiry.peek() {
            if expiry >= now {
                break;
            }
            shard.by_expiry.pop();
            if shard.seen.remove(&old) {
                self.len.fetch_sub(1, Ordering::AcqRel);
            }
        }
    }

    /// Take room for one more entry, if there is any.
    fn reserve(&self) -> bool {
        self.len
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |len| {
                (len < self.capacity).then_some(len + 1)
            })
            .is_ok()
    }
}

fn lock(shard: &Mutex<Shard>) -> MutexGuard<'_, Shard> {
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

impl NonceStore for NonceCache {
    fn insert(
        &self,
        access_key_id: &str,
        nonce: &str,
        expires: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), ReplayError> {
        if nonce.trim().is_empty() {
            return Err(ReplayError::EmptyNonce);
        }
        let expires = expires.unix_timestamp();
        // Never purge at an earlier time than before, even if the wall clock went back.
        let now = self
            .horizon
            .fetch_max(now.unix_timestamp(), Ordering::AcqRel)
            .max(now.unix_timestamp());
        if expires < now {
            // Its window has ended (its nonce may already be forgotten): refuse it.
            return Err(ReplayError::TimestampOutsideWindow {
                skew: time::Duration::seconds(now.saturating_sub(expires)),
            });
        }
        let hash = self.hasher.hash_one((access_key_id, nonce));
        let index = usize::try_from(hash >> 60).unwrap_or(0) % SHARDS;
        let Some(shard) = self.shards.get(index) else {
            return Err(ReplayError::NonceStoreFull);
        };
        let mut entries = lock(shard);
        self.purge(&mut entries, now);
        if entries.seen.contains(&hash) {
            return Err(ReplayError::NonceReused);
        }
        if !self.reserve() {
            // Full: drop what has expired everywhere, then look again.
            drop(entries);
            for other in &self.shards {
                self.purge(&mut lock(other), now);
            }
            entries = lock(shard);
            if entries.seen.contains(&hash) {
                return Err(ReplayError::NonceReused);
            }
            if !self.reserve() {
                return Err(ReplayError::NonceStoreFull);
            }
        }
        entries.seen.insert(hash);
        entries.by_expiry.push(Reverse((expires, hash)));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_700_000_000 + seconds).unwrap()
    }

    #[test]
    fn a_nonce_is_accepted_once_per_access_key() {
        let cache = NonceCache::new(100);
        assert_eq!(cache.insert("ak", "n1", at(1_000), at(0)), Ok(()));
        assert_eq!(
            cache.insert("ak", "n1", at(1_000), at(1)),
            Err(ReplayError::NonceReused)
        );
        assert_eq!(cache.insert("other", "n1", at(1_000), at(1)), Ok(()));
        assert_eq!(cache.insert("ak", "n2", at(1_000), at(1)), Ok(()));
    }

    #[test]
    fn nonces_are_kept_through_their_expiry_then_purged() {
        let cache = NonceCache::new(100);
        assert_eq!(cache.insert("ak", "n1", at(10), at(0)), Ok(()));
        assert_eq!(
            cache.insert("ak", "n1", at(30), at(10)),
            Err(ReplayError::NonceReused),
            "still remembered in the second its window ends"
        );
        assert_eq!(cache.insert("ak", "n2", at(30), at(11)), Ok(()));
        assert_eq!(cache.insert("ak", "n1", at(30), at(11)), Ok(()));
        assert_eq!(cache.len(), 2, "the expired entry was dropped");
    }

    #[test]
    fn a_full_cache_refuses_instead_of_forgetting() {
        let cache = NonceCache::new(3);
        for nonce in ["a", "b", "c"] {
            assert_eq!(cache.insert("ak", nonce, at(100), at(0)), Ok(()));
        }
        for i in 0..1_000 {
            assert_eq!(
                cache.insert("ak", &format!("new-{i}"), at(100), at(1)),
                Err(ReplayError::NonceStoreFull)
            );
        }
        for nonce in ["a", "b", "c"] {
            assert_eq!(
                cache.insert("ak", nonce, at(100), at(2)),
                Err(ReplayError::NonceReused),
                "{nonce} is still remembered"
            );
        }
        assert_eq!(cache.len(), 3);
        // Room again once they expired, wherever their shards are.
        assert_eq!(cache.insert("ak", "d", at(300), at(101)), Ok(()));
        assert!(cache.len() <= 3);
        cache.clear();
        assert_eq!(cache.len(), 0);
        assert_eq!(cache.insert("ak", "d", at(300), at(101)), Ok(()));
    }

    #[test]
    fn memory_is_bounded_under_a_flood() {
        let cache = NonceCache::new(SHARDS * 4);
        let mut accepted = 0;
        for i in 0..10_000 {
            if cache.insert("ak", &i.to_string(), at(1_000), at(0)).is_ok() {
                accepted += 1;
            }
        }
        assert_eq!(accepted, SHARDS * 4);
        let held: usize = cache.shards.iter().map(|s| lock(s).seen.len()).sum();
        assert_eq!(held, SHARDS * 4);
    }

    #[test]
    fn blank_nonces_are_refused() {
        let cache = NonceCache::new(8);
        for nonce in ["", " ", "\t"] {
            assert_eq!(
                cache.insert("ak", nonce, at(10), at(0)),
                Err(ReplayError::EmptyNonce)
            );
        }
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn a_wall_clock_stepping_back_does_not_reopen_expired_windows() {
        let cache = NonceCache::new(8);
        assert_eq!(cache.insert("ak", "n1", at(10), at(0)), Ok(()));
        // Time moves past n1's window: n1 may be dropped.
        assert_eq!(cache.insert("ak", "n2", at(100), at(50)), Ok(()));
        // The clock steps back to 5: n1 would pass the timestamp check again, but not here.
        assert!(matches!(
            cache.insert("ak", "n1", at(10), at(5)),
            Err(ReplayError::TimestampOutsideWindow { .. })
        ));
        assert_eq!(
            cache.insert("ak", "n2", at(100), at(5)),
            Err(ReplayError::NonceReused)
        );
    }
}
