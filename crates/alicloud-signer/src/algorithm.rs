//! The algorithms of signature V3: `ACS3-HMAC-SHA256` (the default) and `ACS3-HMAC-SM3`, which
//! differ only in the hash (payload, canonical request) and the HMAC.

use std::fmt;

use ring::hmac;

use crate::Credentials;
use crate::digest::{hex_into, sha256_hex_into};
use crate::mac::sm3_hex_into;

/// The algorithm of a V3 signature, named in the `Authorization` header.
///
/// Both use the same canonical request. With SM3 the payload hash (still sent as
/// `x-acs-content-sha256`) and the canonical-request hash are hex SM3, and the signature is
/// HMAC-SM3 keyed with the secret.
///
/// ```
/// use alicloud_signer::V3Algorithm;
/// assert_eq!(V3Algorithm::default().name(), "ACS3-HMAC-SHA256");
/// assert_eq!(V3Algorithm::from_name("ACS3-HMAC-SM3"), Some(V3Algorithm::HmacSm3));
/// assert_eq!(V3Algorithm::from_name("ACS3-RSA-SHA256"), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum V3Algorithm {
    /// `ACS3-HMAC-SHA256`: SHA-256 and HMAC-SHA256. The default.
    #[default]
    HmacSha256,
    /// `ACS3-HMAC-SM3`: SM3 (GB/T 32905) and HMAC-SM3.
    HmacSm3,
}

impl V3Algorithm {
    /// Every algorithm, for iteration.
    pub const ALL: [Self; 2] = [Self::HmacSha256, Self::HmacSm3];

    /// The name written in the `Authorization` header and the string-to-sign.
    pub const fn name(self) -> &'static str {
        match self {
            Self::HmacSha256 => "ACS3-HMAC-SHA256",
            Self::HmacSm3 => "ACS3-HMAC-SM3",
        }
    }

    /// The algorithm with this exact name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.name() == name)
    }

    /// Appends the lowercase hex hash of `data` to `out`.
    pub(crate) fn hash_hex_into(self, out: &mut String, data: &[u8]) {
        match self {
            Self::HmacSha256 => sha256_hex_into(out, data),
            Self::HmacSm3 => sm3_hex_into(out, data),
        }
    }

    /// Appends the lowercase hex HMAC of `string_to_sign`, keyed by the secret, to `out`.
    pub(crate) fn write_signature(
        self,
        out: &mut String,
        credentials: &Credentials,
        string_to_sign: &str,
    ) {
        let data = string_to_sign.as_bytes();
        match self {
            Self::HmacSha256 => hex_into(out, hmac::sign(credentials.v3_key(), data).as_ref()),
            Self::HmacSm3 => hex_into(out, &credentials.sm3_key().sign(data)),
        }
    }
}

impl fmt::Display for V3Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for alg in V3Algorithm::ALL {
            assert_eq!(V3Algorithm::from_name(alg.name()), Some(alg));
            assert_eq!(alg.to_string(), alg.name());
        }
        assert_eq!(V3Algorithm::from_name("acs3-hmac-sm3"), None);
    }

    #[test]
    fn empty_payload_hashes() {
        let mut sha = String::new();
        V3Algorithm::HmacSha256.hash_hex_into(&mut sha, b"");
        assert!(sha.starts_with("e3b0c442"));
        let mut sm3 = String::new();
        V3Algorithm::HmacSm3.hash_hex_into(&mut sm3, b"");
        assert_eq!(sm3, crate::mac::EMPTY_SM3_HEX);
    }
}
