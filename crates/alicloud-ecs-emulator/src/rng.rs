//! A tiny seeded random number generator (SplitMix64) for ids, request ids and fault ratios.
//!
//! Everything random in the emulator comes from here, so a fixed `--seed` makes task ids,
//! image ids and `RequestId`s repeat from run to run (for the same sequence of requests).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The SplitMix64 output function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A SplitMix64 generator owned by one thread (or kept behind a lock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// `prefix` followed by `len` lowercase letters and digits, e.g. `t-` + 20 characters.
    pub(crate) fn id(&mut self, prefix: &str, len: usize) -> String {
        let mut out = String::with_capacity(prefix.len() + len);
        out.push_str(prefix);
        let mut bits = 0u64;
        for i in 0..len {
            if i % 12 == 0 {
                bits = self.next_u64();
            }
            out.push(char::from(ALPHABET[(bits % 36) as usize]));
            bits /= 36;
        }
        out
    }
}

/// A SplitMix64 generator shared between threads without a lock: every call advances one
/// atomic counter, so a sequential caller sees the same stream as [`SplitMix64`].
#[derive(Debug)]
pub(crate) struct AtomicSplitMix {
    state: AtomicU64,
}

impl AtomicSplitMix {
    /// A generator starting from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            state: AtomicU64::new(seed),
        }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&self) -> u64 {
        mix(self
            .state
            .fetch_add(GOLDEN, Ordering::Relaxed)
            .wrapping_add(GOLDEN))
    }

    /// A uniform number in `[0, 1)`.
    pub(crate) fn next_f64(&self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A request id in Alibaba's style: 32 uppercase hex digits as `8-4-4-4-12`.
    pub(crate) fn request_id(&self) -> String {
        let (high, low) = (self.next_u64(), self.next_u64());
        let mut out = String::with_capacity(36);
        for i in 0..32 {
            if matches!(i, 8 | 12 | 16 | 20) {
                out.push('-');
            }
            let word = if i < 16 { high } else { low };
            let nibble = (word >> (60 - 4 * (i % 16))) & 0xF;
            out.push(char::from(HEX[nibble as usize]));
        }
        out
    }
}

/// Derive an independent seed for one purpose (`stream`) from the emulator's seed.
pub(crate) fn derive(seed: u64, stream: u64) -> u64 {
    mix(seed ^ mix(stream.wrapping_mul(GOLDEN)))
}

/// A seed from the wall clock, for runs without `--seed`.
pub(crate) fn seed_from_time() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    mix(nanos as u64 ^ u64::from(std::process::id()).rotate_left(32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_well_formed() {
        let (mut a, mut b) = (SplitMix64::new(7), SplitMix64::new(7));
        let id = a.id("t-", 20);
        assert_eq!(id, b.id("t-", 20));
        assert_eq!(id.len(), 22);
        assert!(id[2..].bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(id, a.id("t-", 20));
    }

    #[test]
    fn atomic_stream_matches_the_plain_one() {
        let mut plain = SplitMix64::new(42);
        let shared = AtomicSplitMix::new(42);
        for _ in 0..5 {
            assert_eq!(plain.next_u64(), shared.next_u64());
        }
    }

    #[test]
    fn request_ids_look_like_alibabas() {
        let rng = AtomicSplitMix::new(1);
        let id = rng.request_id();
        assert_eq!(id.len(), 36);
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(id.bytes().all(|c| c == b'-' || HEX.contains(&c)));
        assert_ne!(id, rng.request_id());
    }

    #[test]
    fn floats_are_in_the_unit_interval() {
        let rng = AtomicSplitMix::new(3);
        assert!(
            (0..1000)
                .map(|_| rng.next_f64())
                .all(|x| (0.0..1.0).contains(&x))
        );
        assert_ne!(derive(1, 1), derive(1, 2));
    }
}
