//! The replay guard: remembers signature nonces (per AccessKey) until the request's timestamp
//! would be rejected anyway, within a fixed memory budget.
//!
//! Entries are 64-bit keyed hashes of `(AccessKeyId, nonce)` in sharded sets, so concurrent
//! requests rarely wait on each other. When a shard is full its oldest entry is forgotten.

use std::collections::hash_map::RandomState;
use std::collections::{HashSet, VecDeque};
use std::hash::BuildHasher;
use std::sync::{Mutex, PoisonError};

const SHARDS: usize = 16;

/// Remembered nonces.
#[derive(Debug)]
pub(crate) struct NonceCache {
    shards: Vec<Mutex<Shard>>,
    hasher: RandomState,
    per_shard: usize,
}

#[derive(Debug, Default)]
struct Shard {
    seen: HashSet<u64>,
    /// Insertion order: (expiry in Unix seconds, hash).
    order: VecDeque<(i64, u64)>,
}

impl NonceCache {
    /// A cache holding at most about `capacity` nonces.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hasher: RandomState::new(),
            per_shard: capacity.div_ceil(SHARDS).max(1),
        }
    }

    /// Record a nonce that stays replayable until `expires` (Unix seconds). Returns `false` if
    /// it was already seen.
    pub(crate) fn insert(&self, access_key_id: &str, nonce: &str, expires: i64, now: i64) -> bool {
        let hash = self.hasher.hash_one((access_key_id, nonce));
        let index = (hash >> 58) as usize % SHARDS;
        let Some(shard) = self.shards.get(index) else {
            return true;
        };
        let mut shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some(&(expiry, old)) = shard.order.front() {
            if expiry > now && shard.order.len() < self.per_shard {
                break;
            }
            shard.order.pop_front();
            shard.seen.remove(&old);
        }
        if !shard.seen.insert(hash) {
            return false;
        }
        shard.order.push_back((expires, hash));
        true
    }

    /// Forget everything.
    pub(crate) fn clear(&self) {
        for shard in &self.shards {
            let mut shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
            shard.seen.clear();
            shard.order.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_accepted_once_per_access_key() {
        let cache = NonceCache::new(100);
        assert!(cache.insert("ak", "n1", 1_000, 0));
        assert!(!cache.insert("ak", "n1", 1_000, 1));
        assert!(cache.insert("other", "n1", 1_000, 1));
        assert!(cache.insert("ak", "n2", 1_000, 1));
    }

    #[test]
    fn expired_nonces_are_forgotten() {
        let cache = NonceCache::new(100);
        assert!(cache.insert("ak", "n1", 10, 0));
        assert!(cache.insert("ak", "n1", 30, 11));
    }

    #[test]
    fn memory_is_bounded() {
        let cache = NonceCache::new(SHARDS * 4);
        for i in 0..10_000 {
            assert!(cache.insert("ak", &i.to_string(), i64::MAX, 0));
        }
        for shard in &cache.shards {
            let shard = shard.lock().unwrap();
            assert!(shard.seen.len() <= 4);
            assert_eq!(shard.seen.len(), shard.order.len());
        }
        cache.clear();
        assert!(cache.insert("ak", "9999", i64::MAX, 0));
    }
}
