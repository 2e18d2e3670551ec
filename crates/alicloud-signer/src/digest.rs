//! Digest helpers: SHA-256, lowercase hex, standard Base64 and a constant-time comparison,
//! writing into caller-provided strings.

use ring::digest;

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Lowercase hex of SHA-256 of the empty string (the payload hash of an empty body).
pub(crate) const EMPTY_SHA256_HEX: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Appends the lowercase hex of `bytes` to `out`.
pub(crate) fn hex_into(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for &byte in bytes {
        out.push(char::from(HEX_LOWER[usize::from(byte >> 4)]));
        out.push(char::from(HEX_LOWER[usize::from(byte & 0x0F)]));
    }
}

/// Appends the standard, padded Base64 of `bytes` to `out`.
pub(crate) fn base64_into(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    let sextet = |n: u32, shift: u32| char::from(BASE64[((n >> shift) & 0x3F) as usize]);
    let mut chunks = bytes.chunks_exact(3);
    for chunk in &mut chunks {
        let n = u32::from(chunk[0]) << 16 | u32::from(chunk[1]) << 8 | u32::from(chunk[2]);
        for shift in [18, 12, 6, 0] {
            out.push(sextet(n, shift));
        }
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend([sextet(n, 18), sextet(n, 12), '=', '=']);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend([sextet(n, 18), sextet(n, 12), sextet(n, 6), '=']);
        }
        _ => {}
    }
}

/// Appends the lowercase hex SHA-256 of `data` to `out`.
pub(crate) fn sha256_hex_into(out: &mut String, data: &[u8]) {
    if data.is_empty() {
        out.push_str(EMPTY_SHA256_HEX);
    } else {
        hex_into(out, digest::digest(&digest::SHA256, data).as_ref());
    }
}

/// Compares two byte strings in time that depends only on their lengths.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(bytes: &[u8]) -> String {
        let mut s = String::new();
        base64_into(&mut s, bytes);
        s
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(b64(raw.as_bytes()), encoded);
        }
        assert_eq!(b64(&[0xFB, 0xFF, 0xBF]), "+/+/");
    }

    #[test]
    fn hex_and_sha256() {
        let mut s = String::new();
        hex_into(&mut s, &[0x00, 0x0F, 0xA5, 0xFF]);
        assert_eq!(s, "000fa5ff");
        let mut empty = String::new();
        hex_into(&mut empty, digest::digest(&digest::SHA256, b"").as_ref());
        assert_eq!(empty, EMPTY_SHA256_HEX);
        let mut abc = String::new();
        sha256_hex_into(&mut abc, b"abc");
        assert_eq!(
            abc,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn constant_time_eq_works() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
