//! The MACs and hashes that `ring` does not cover: HMAC-SHA1 for V1 (RustCrypto's `sha1`, which
//! uses the SHA-NI or ARMv8 SHA instructions when the CPU has them, where `ring`'s SHA-1 is
//! portable code) and SM3 with HMAC-SM3 for `ACS3-HMAC-SM3`.
//!
//! Keys are expanded once into the precomputed inner and outer HMAC states; each signature then
//! clones those states and hashes only the message.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sm3::{Digest, Sm3};

use crate::digest::hex_into;

/// The block size of SHA-1 and SM3, which is also the HMAC key size.
const BLOCK: usize = 64;

/// Lowercase hex of SM3 of the empty string (the payload hash of an empty body).
pub(crate) const EMPTY_SM3_HEX: &str =
    "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b";

/// The HMAC key block (RFC 2104): the key itself, or its hash when it is longer than a block,
/// padded with zeros. Doing this here keeps key setup infallible.
fn key_block<D: Digest>(key: &[u8]) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        for (out, byte) in block.iter_mut().zip(D::digest(key).iter()) {
            *out = *byte;
        }
    } else {
        for (out, byte) in block.iter_mut().zip(key) {
            *out = *byte;
        }
    }
    block
}

/// An HMAC-SHA1 key.
#[derive(Clone)]
pub(crate) struct HmacSha1(Hmac<Sha1>);

impl HmacSha1 {
    pub(crate) fn new(key: &[u8]) -> Self {
        Self(Hmac::new(&key_block::<Sha1>(key).into()))
    }

    /// The 20-byte tag of `data`.
    pub(crate) fn sign(&self, data: &[u8]) -> [u8; 20] {
        let mut mac = self.0.clone();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

/// An HMAC-SM3 key.
#[derive(Clone)]
pub(crate) struct HmacSm3(Hmac<Sm3>);

impl HmacSm3 {
    pub(crate) fn new(key: &[u8]) -> Self {
        Self(Hmac::new(&key_block::<Sm3>(key).into()))
    }

    /// The 32-byte tag of `data`.
    pub(crate) fn sign(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.0.clone();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

/// Appends the lowercase hex SM3 of `data` to `out`.
pub(crate) fn sm3_hex_into(out: &mut String, data: &[u8]) {
    if data.is_empty() {
        out.push_str(EMPTY_SM3_HEX);
    } else {
        hex_into(out, &Sm3::digest(data));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        let mut out = String::new();
        hex_into(&mut out, bytes);
        out
    }

    #[test]
    fn sm3_matches_the_standard_examples() {
        // GB/T 32905-2016, appendix A.
        let mut abc = String::new();
        sm3_hex_into(&mut abc, b"abc");
        assert_eq!(
            abc,
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        let mut long = String::new();
        sm3_hex_into(&mut long, "abcd".repeat(16).as_bytes());
        assert_eq!(
            long,
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
        assert_eq!(hex(&Sm3::digest(b"")), EMPTY_SM3_HEX);
    }

    #[test]
    fn hmac_sha1_matches_rfc_2202() {
        let cases: [(&[u8], &[u8], &str); 3] = [
            (
                b"Jefe",
                b"what do ya want for nothing?",
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            ),
            // A key longer than a block is hashed first.
            (
                &[0xAA; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "aa4ae5e15272d00e95705637ce8a3b55ed402112",
            ),
            (
                &[0xAA; 80],
                b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
                "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
            ),
        ];
        for (key, data, expected) in cases {
            assert_eq!(hex(&HmacSha1::new(key).sign(data)), expected);
        }
    }

    proptest::proptest! {
        /// The SHA-NI HMAC-SHA1 agrees with `ring`'s portable one, which V1 used before.
        #[test]
        fn hmac_sha1_agrees_with_ring(
            key in proptest::collection::vec(proptest::num::u8::ANY, 0..100),
            data in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
        ) {
            let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &key);
            let expected = ring::hmac::sign(&ring_key, &data);
            proptest::prop_assert_eq!(&HmacSha1::new(&key).sign(&data)[..], expected.as_ref());
        }
    }

    #[test]
    fn hmac_sm3_follows_rfc_2104() {
        // HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)), computed here from plain SM3.
        for key in [&b"key"[..], &[0x0B; 64], &[0x5C; 100]] {
            let block = key_block::<Sm3>(key);
            let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
            let mut inner = Sm3::new();
            inner.update(pad(0x36));
            inner.update(b"message");
            let mut outer = Sm3::new();
            outer.update(pad(0x5C));
            outer.update(inner.finalize());
            assert_eq!(
                hex(&HmacSm3::new(key).sign(b"message")),
                hex(&outer.finalize())
            );
        }
    }
}
