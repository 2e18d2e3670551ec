//! Percent-encoding, decoding and canonical query strings: encoding yields only unreserved
//! characters and `%XX` escapes and decodes back to the input; parsing any query never panics,
//! and the canonical string of what it parsed parses back to the same sorted pairs.
#![no_main]

use alicloud_signer::encode::{
    canonical_query_string, is_unreserved, parse_query, percent_decode, percent_encode,
};
use libfuzzer_sys::fuzz_target;

/// Whether `encoded` is made of unreserved bytes and `%XX` escapes with uppercase hex digits.
fn is_canonical_encoding(encoded: &str) -> bool {
    let bytes = encoded.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = |b: Option<&u8>| b.is_some_and(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'));
            if !hex(bytes.get(i + 1)) || !hex(bytes.get(i + 2)) {
                return false;
            }
            i += 3;
        } else if is_unreserved(byte) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    let encoded = percent_encode(&text);
    assert!(
        is_canonical_encoding(&encoded),
        "{text:?} encodes as {encoded:?}"
    );
    assert_eq!(percent_decode(&encoded).as_deref(), Ok(&*text));

    // Decoding any text either fails or gives text that re-encodes canonically and decodes
    // back to the same string.
    if let Ok(decoded) = percent_decode(&text) {
        assert_eq!(
            percent_decode(&percent_encode(&decoded)).as_deref(),
            Ok(&*decoded)
        );
    }

    if let Ok(mut pairs) = parse_query(&text) {
        let canonical = canonical_query_string(&pairs);
        assert!(
            canonical
                .split('&')
                .all(|pair| pair.split('=').all(is_canonical_encoding)),
            "{canonical:?}"
        );
        let mut again = parse_query(&canonical)
            .unwrap_or_else(|e| panic!("canonical query {canonical:?} does not parse: {e}"));
        pairs.sort_unstable();
        again.sort_unstable();
        // (A pair with an empty name and value is written `=`, which reads back as that pair.)
        assert_eq!(pairs, again, "canonical query {canonical:?}");
        assert_eq!(canonical_query_string(&again), canonical);
    }
});
