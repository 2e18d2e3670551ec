//! Percent-encoding, form decoding and canonical query strings, with the rules both ACS signature
//! versions share.
//!
//! Encoding works on UTF-8 bytes: the unreserved characters `A-Z a-z 0-9 - _ . ~` are kept and
//! every other byte becomes `%XX` with uppercase hex, so a space is `%20` (never `+`), `*` is `%2A`
//! and `~` stays `~`. Decoding is form-style (`+` is a space), which is what servers receive from
//! the official SDKs.

use std::fmt;

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Whether `byte` is one of the unreserved characters `A-Z a-z 0-9 - _ . ~`.
#[must_use]
pub const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encodes `input` (see the [module docs](self) for the rules).
///
/// ```
/// use alicloud_signer::encode::percent_encode;
/// assert_eq!(percent_encode("a b*c~d"), "a%20b%2Ac~d");
/// assert_eq!(percent_encode("镜像+1"), "%E9%95%9C%E5%83%8F%2B1");
/// ```
#[must_use]
pub fn percent_encode(input: &str) -> String {
    let mut out = String::with_capacity(encoded_len_hint(input));
    percent_encode_into(&mut out, input);
    out
}

/// Percent-encodes `input`, appending to `out`.
pub fn percent_encode_into(out: &mut String, input: &str) {
    encode_with(out, input, &ONCE);
}

/// Appends `percent_encode(percent_encode(input))` in one pass (V1 encodes its canonical query
/// string a second time for the string-to-sign).
pub(crate) fn percent_encode_twice_into(out: &mut String, input: &str) {
    encode_with(out, input, &TWICE);
}

/// The encoding of one byte: up to seven output bytes, then their count in the last byte.
type Entry = [u8; 8];

/// Copies the leading unreserved bytes as they are (most names and values are nothing else),
/// then encodes the rest through a small stack buffer, branch-free per byte: escapes are too
/// frequent and irregular for per-byte branches to predict, and a whole entry is one 8-byte
/// store.
fn encode_with(out: &mut String, input: &str, table: &[Entry; 256]) {
    const CAPACITY: usize = 256;
    out.reserve(input.len());
    let plain = input
        .bytes()
        .position(|byte| table[usize::from(byte)][7] != 1)
        .unwrap_or(input.len());
    // `plain` is 0, the length, or the index of a non-ASCII or reserved byte after ASCII
    // bytes: always a character boundary.
    let (head, tail) = input.split_at_checked(plain).unwrap_or(("", input));
    out.push_str(head);
    if tail.is_empty() {
        return;
    }
    let mut buf = [0u8; CAPACITY + 8];
    let mut len = 0;
    for &byte in tail.as_bytes() {
        if len > CAPACITY {
            push_ascii(out, &buf, len);
            len = 0;
        }
        let entry = table[usize::from(byte)];
        if let Some(slot) = buf.get_mut(len..len + 8) {
            slot.copy_from_slice(&entry);
        }
        len += usize::from(entry[7]);
    }
    push_ascii(out, &buf, len);
}

/// Appends the first `len` bytes of `buf`, which are ASCII.
fn push_ascii(out: &mut String, buf: &[u8], len: usize) {
    if let Some(Ok(text)) = buf.get(..len).map(std::str::from_utf8) {
        out.push_str(text);
    }
}

const ONCE: [Entry; 256] = encoding_table(false);
const TWICE: [Entry; 256] = encoding_table(true);

/// Unreserved bytes stay; others become `%XX`, or `%25XX` when encoding twice.
const fn encoding_table(twice: bool) -> [Entry; 256] {
    let mut table = [[0u8; 8]; 256];
    let mut byte = 0;
    while byte < 256 {
        let (hi, lo) = (HEX_UPPER[byte >> 4], HEX_UPPER[byte & 0x0F]);
        table[byte] = if is_unreserved(byte as u8) {
            [byte as u8, 0, 0, 0, 0, 0, 0, 1]
        } else if twice {
            [b'%', b'2', b'5', hi, lo, 0, 0, 5]
        } else {
            [b'%', hi, lo, 0, 0, 0, 0, 3]
        };
        byte += 1;
    }
    table
}

/// A cheap upper bound guess for the encoded length (exact for unreserved-only input).
pub(crate) fn encoded_len_hint(input: &str) -> usize {
    input.len() + input.len() / 4 + 8
}

/// Why a percent-encoded string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// A `%` at this byte offset is not followed by two hex digits.
    InvalidEscape {
        /// Byte offset of the `%` in the encoded input.
        position: usize,
    },
    /// The decoded bytes are not valid UTF-8.
    InvalidUtf8,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidEscape { position } => {
                write!(f, "invalid percent escape at byte {position}")
            }
            Self::InvalidUtf8 => f.write_str("percent-decoded bytes are not valid UTF-8"),
        }
    }
}

impl std::error::Error for DecodeError {}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Decodes a form-style percent-encoded string: `+` is a space, `%XX` is a byte (either hex
/// case), and the result must be UTF-8.
///
/// ```
/// use alicloud_signer::encode::percent_decode;
/// assert_eq!(percent_decode("img+1%2A").unwrap(), "img 1*");
/// assert!(percent_decode("100%").is_err());
/// ```
pub fn percent_decode(input: &str) -> Result<String, DecodeError> {
    let bytes = input.as_bytes();
    if !bytes.iter().any(|&b| b == b'%' || b == b'+') {
        return Ok(input.to_owned());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value);
                let lo = bytes.get(i + 2).copied().and_then(hex_value);
                let (Some(hi), Some(lo)) = (hi, lo) else {
                    return Err(DecodeError::InvalidEscape { position: i });
                };
                out.push(hi << 4 | lo);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| DecodeError::InvalidUtf8)
}

/// Splits a raw query string (or form body) on `&` and `=` and decodes every name and value.
///
/// A leading `?` is ignored, empty segments are skipped, a segment without `=` is a name with an
/// empty value, and only the first `=` separates name from value. Order and duplicates are kept.
///
/// ```
/// use alicloud_signer::encode::parse_query;
/// let pairs = parse_query("RegionId=cn-hangzhou&Name=a+b%2A&Flag").unwrap();
/// assert_eq!(pairs[1], ("Name".to_owned(), "a b*".to_owned()));
/// assert_eq!(pairs[2], ("Flag".to_owned(), String::new()));
/// ```
pub fn parse_query(query: &str) -> Result<Vec<(String, String)>, DecodeError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut pairs = Vec::with_capacity(query.bytes().filter(|&b| b == b'&').count() + 1);
    let mut offset = 0;
    for segment in query.split('&') {
        if !segment.is_empty() {
            let (raw_name, raw_value) = segment.split_once('=').unwrap_or((segment, ""));
            let name = percent_decode(raw_name).map_err(|e| e.shifted(offset))?;
            let value_offset = offset + raw_name.len() + 1;
            let value = percent_decode(raw_value).map_err(|e| e.shifted(value_offset))?;
            pairs.push((name, value));
        }
        offset += segment.len() + 1;
    }
    Ok(pairs)
}

impl DecodeError {
    fn shifted(self, by: usize) -> Self {
        match self {
            Self::InvalidEscape { position } => Self::InvalidEscape {
                position: position + by,
            },
            other => other,
        }
    }
}

/// Sorts `pairs` by name, then value, comparing raw (decoded) bytes as the official SDKs do.
pub(crate) fn sort_pairs(pairs: &mut [(&str, &str)]) {
    pairs.sort_unstable();
}

/// Appends `name=value` pairs, percent-encoded and joined with `&`, in the given order.
pub(crate) fn write_pairs(out: &mut String, pairs: &[(&str, &str)]) {
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(out, name);
        out.push('=');
        percent_encode_into(out, value);
    }
}

/// The length guess for [`write_pairs`] output.
pub(crate) fn pairs_len_hint(pairs: &[(&str, &str)]) -> usize {
    pairs
        .iter()
        .map(|(n, v)| encoded_len_hint(n) + encoded_len_hint(v) + 2)
        .sum()
}

/// The canonical query string of decoded pairs: sorted by name (then value) in byte order, each
/// written `encode(name)=encode(value)`, joined with `&`. An empty value gives `name=`.
///
/// This is V3's `CanonicalQueryString` and V1's `CanonicalizedQueryString`.
///
/// ```
/// use alicloud_signer::encode::canonical_query_string;
/// let q = canonical_query_string(&[("TaskId", "t-1****"), ("RegionId", "cn-hangzhou")]);
/// assert_eq!(q, "RegionId=cn-hangzhou&TaskId=t-1%2A%2A%2A%2A");
/// ```
#[must_use]
pub fn canonical_query_string<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sort_pairs(&mut sorted);
    let mut out = String::with_capacity(pairs_len_hint(&sorted));
    write_pairs(&mut out, &sorted);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_documented_table() {
        let table = [
            ("2016-02-23T12:46:24Z", "2016-02-23T12%3A46%3A24Z"),
            ("a b*c~d", "a%20b%2Ac~d"),
            ("CAIS+token/with=chars", "CAIS%2Btoken%2Fwith%3Dchars"),
            ("t-1,t-2", "t-1%2Ct-2"),
            ("镜像+1", "%E9%95%9C%E5%83%8F%2B1"),
            (
                "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
                "OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D",
            ),
            ("!'()&:", "%21%27%28%29%26%3A"),
            ("", ""),
        ];
        for (raw, encoded) in table {
            assert_eq!(percent_encode(raw), encoded, "{raw}");
            assert_eq!(percent_decode(encoded).unwrap(), raw);
            let mut twice = String::new();
            percent_encode_twice_into(&mut twice, raw);
            assert_eq!(twice, percent_encode(encoded));
        }
        let long = "a/b c".repeat(200);
        assert_eq!(percent_decode(&percent_encode(&long)).unwrap(), long);
    }

    #[test]
    fn decodes_form_style() {
        assert_eq!(percent_decode("a+b%20c%7e%7E").unwrap(), "a b c~~");
        assert_eq!(percent_decode("%2b").unwrap(), "+");
    }

    #[test]
    fn rejects_bad_escapes_and_utf8() {
        assert_eq!(
            percent_decode("ab%4"),
            Err(DecodeError::InvalidEscape { position: 2 })
        );
        assert_eq!(
            percent_decode("%G0"),
            Err(DecodeError::InvalidEscape { position: 0 })
        );
        assert_eq!(percent_decode("%FF%FE"), Err(DecodeError::InvalidUtf8));
        assert_eq!(
            parse_query("a=1&b=%zz"),
            Err(DecodeError::InvalidEscape { position: 6 })
        );
    }

    #[test]
    fn parses_queries() {
        let pairs = parse_query("?a=1&&b&c=x=y&=v&").unwrap();
        let expected = [("a", "1"), ("b", ""), ("c", "x=y"), ("", "v")];
        assert_eq!(pairs.len(), expected.len());
        for ((n, v), (en, ev)) in pairs.iter().zip(expected) {
            assert_eq!((n.as_str(), v.as_str()), (en, ev));
        }
        assert!(parse_query("").unwrap().is_empty());
    }

    #[test]
    fn canonical_order_is_bytewise() {
        let q = canonical_query_string(&[
            ("ResourceIds.2", "b"),
            ("ResourceIds.10", "c"),
            ("resource", "d"),
            ("ResourceIds.1", "a"),
            ("Empty", ""),
        ]);
        assert_eq!(
            q,
            "Empty=&ResourceIds.1=a&ResourceIds.10=c&ResourceIds.2=b&resource=d"
        );
    }
}
