//! A bounded in-memory [`NonceStore`] that refuses, rather than forgets, when it is full.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use ring::digest;
use time::OffsetDateTime;

use crate::replay::is_blank;
use crate::{NonceStore, ReplayError};

/// A bounded, thread-safe, in-memory [`NonceStore`].
///
/// It holds at most `capacity` unexpired nonces, each as a 128-bit digest of the AccessKey ID and
/// the nonce (so long nonces cost no more memory), about 60 bytes per entry. Expired entries are
/// dropped as new ones arrive; when `capacity` unexpired nonces are held, new ones are refused
/// with [`ReplayError::NonceStoreFull`]. Size it for the peak request rate times the window
/// (twice the tolerance), e.g. 1 000 requests/s × 1 800 s = 1.8 million.
pub struct MemoryNonceStore {
    capacity: usize,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    /// Digest → expiry (Unix seconds).
    expiry: HashMap<u128, i64>,
    /// The same entries, soonest expiry first.
    by_expiry: BinaryHeap<Reverse<(i64, u128)>>,
}

impl MemoryNonceStore {
    /// A store that remembers at most `capacity` unexpired nonces.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::default(),
        }
    }

    /// The most unexpired nonces it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many nonces it holds now (expired ones included until they are dropped).
    pub fn len(&self) -> usize {
        self.entries().expiry.len()
    }

    /// Whether it holds no nonce.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every nonce.
    pub fn clear(&self) {
        let mut entries = self.entries();
        entries.expiry.clear();
        entries.by_expiry.clear();
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The digest of an (AccessKey ID, nonce) pair; the length prefix keeps pairs apart whose
/// concatenations are equal.
fn key(access_key_id: &str, nonce: &str) -> u128 {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(&(access_key_id.len() as u64).to_le_bytes());
    ctx.update(access_key_id.as_bytes());
    ctx.update(nonce.as_bytes());
    let mut bytes = [0u8; 16];
    for (out, byte) in bytes.iter_mut().zip(ctx.finish().as_ref()) {
        *out = *byte;
    }
    u128::from_le_bytes(bytes)
}

impl NonceStore for MemoryNonceStore {
    fn insert(
        &self,
        access_key_id: &str,
        nonce: &str,
        expires: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), ReplayError> {
        if is_blank(nonce) {
            return Err(ReplayError::EmptyNonce);
        }
        let (expires, now) = (expires.unix_timestamp(), now.unix_timestamp());
        let key = key(access_key_id, nonce);
        let mut entries = self.entries();
        // A nonce stays remembered through the second of its expiry.
        while let Some(&Reverse((expiry, old))) = entries.by_expiry.peek() {
            if expiry >= now {
                break;
            }
            entries.by_expiry.pop();
            entries.expiry.remove(&old);
        }
        if entries.expiry.contains_key(&key) {
            return Err(ReplayError::NonceReused);
        }
        if expires < now {
            // Already outside its window: nothing to remember.
            return Ok(());
        }
        if entries.expiry.len() >= self.capacity {
            return Err(ReplayError::NonceStoreFull);
        }
        entries.expiry.insert(key, expires);
        entries.by_expiry.push(Reverse((expires, key)));
        Ok(())
    }
}

impl fmt::Debug for MemoryNonceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryNonceStore")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2024-05-01 08:00:00 UTC);

    fn at(seconds: i64) -> OffsetDateTime {
        T0 + time::Duration::seconds(seconds)
    }

    #[test]
    fn nonces_are_kept_through_their_expiry_then_forgotten() {
        let store = MemoryNonceStore::new(8);
        assert_eq!(store.insert("ak", "n1", at(10), at(0)), Ok(()));
        assert_eq!(
            store.insert("ak", "n1", at(20), at(10)),
            Err(ReplayError::NonceReused)
        );
        assert_eq!(store.insert("other", "n1", at(20), at(10)), Ok(()));
        // The digest keeps (id, nonce) pairs apart even when their concatenations agree.
        assert_eq!(store.insert("a", "kn1", at(20), at(10)), Ok(()));
        assert_eq!(store.insert("ak", "n1", at(30), at(11)), Ok(()));
        assert_eq!(store.len(), 3);
        store.clear();
        assert!(store.is_empty());
    }

    #[test]
    fn blank_nonces_are_refused() {
        let store = MemoryNonceStore::new(8);
        for nonce in ["", " ", "\t"] {
            assert_eq!(
                store.insert("ak", nonce, at(10), at(0)),
                Err(ReplayError::EmptyNonce)
            );
        }
        assert!(store.is_empty());
    }

    #[test]
    fn a_full_store_refuses_instead_of_forgetting() {
        let store = MemoryNonceStore::new(2);
        assert_eq!(store.insert("ak", "a", at(100), at(0)), Ok(()));
        assert_eq!(store.insert("ak", "b", at(50), at(0)), Ok(()));
        assert_eq!(
            store.insert("ak", "c", at(100), at(1)),
            Err(ReplayError::NonceStoreFull)
        );
        // Both are still remembered.
        for nonce in ["a", "b"] {
            assert_eq!(
                store.insert("ak", nonce, at(100), at(2)),
                Err(ReplayError::NonceReused)
            );
        }
        // Once "b" expires there is room again, and "b" may be used anew.
        assert_eq!(store.insert("ak", "c", at(100), at(51)), Ok(()));
        assert_eq!(
            store.insert("ak", "b", at(100), at(51)),
            Err(ReplayError::NonceStoreFull)
        );
        assert_eq!(
            MemoryNonceStore::new(0).insert("ak", "a", at(1), at(0)),
            Err(ReplayError::NonceStoreFull)
        );
    }

    #[test]
    fn an_expired_nonce_is_not_stored() {
        let store = MemoryNonceStore::new(1);
        assert_eq!(store.insert("ak", "old", at(0), at(1)), Ok(()));
        assert!(store.is_empty());
    }

    #[test]
    fn debug_shows_sizes_only() {
        let store = MemoryNonceStore::new(4);
        store
            .insert("LTAI-id", "secret-nonce", at(10), at(0))
            .unwrap();
        let shown = format!("{store:?}");
        assert_eq!(shown, "MemoryNonceStore { capacity: 4, len: 1 }");
        let err = ReplayError::TimestampOutsideWindow {
            skew: time::Duration::seconds(-5),
        };
        assert!(err.to_string().contains("-5 seconds"));
    }

    #[test]
    fn is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<MemoryNonceStore>();
        fn object(_: &dyn NonceStore) {}
        object(&MemoryNonceStore::new(1));
        object(&Arc::new(MemoryNonceStore::new(1)));
    }
}
