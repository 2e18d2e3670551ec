//! The default nonce source: 128 random bits as 32 lowercase hex characters.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ring::digest;
use ring::rand::{SecureRandom, SystemRandom};

use crate::digest::hex_into;

/// A fresh nonce: 16 bytes from the operating system's CSPRNG as 32 lowercase hex characters.
///
/// Should the CSPRNG fail (it practically cannot), the nonce is derived from the time, the process
/// ID and a process-wide counter instead, which is still unique, as a nonce must be.
///
/// ```
/// let n = alicloud_signer::nonce();
/// assert_eq!(n.len(), 32);
/// assert!(n.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
/// assert_ne!(n, alicloud_signer::nonce());
/// ```
#[must_use]
pub fn nonce() -> String {
    let mut bytes = [0u8; 16];
    if SystemRandom::new().fill(&mut bytes).is_err() {
        bytes = fallback_bytes();
    }
    let mut out = String::with_capacity(32);
    hex_into(&mut out, &bytes);
    out
}

fn fallback_bytes() -> [u8; 16] {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(&nanos.to_le_bytes());
    ctx.update(&std::process::id().to_le_bytes());
    ctx.update(&count.to_le_bytes());
    let mut bytes = [0u8; 16];
    for (out, byte) in bytes.iter_mut().zip(ctx.finish().as_ref()) {
        *out = *byte;
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_is_unique() {
        assert_ne!(fallback_bytes(), fallback_bytes());
    }
}
