//! Comparing an actual request with an expected one, ignoring the parts that change on every
//! call (signature, nonce, timestamp).

use std::collections::BTreeSet;
use std::fmt;

use http::HeaderMap;
use http::header::CONTENT_TYPE;

use crate::HttpRequest;

/// Query (and form body) parameters ignored by every comparison: they change on each call.
pub const DEFAULT_IGNORED_QUERY_PARAMS: &[&str] = &["Signature", "SignatureNonce", "Timestamp"];

/// Headers ignored by every comparison (matched case-insensitively).
pub const DEFAULT_IGNORED_HEADERS: &[&str] = &[
    "authorization",
    "x-acs-signature-nonce",
    "x-acs-date",
    "user-agent",
];

/// The differences found between the expected and the actual requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestMismatch {
    differences: Vec<String>,
}

impl RequestMismatch {
    pub(super) fn new(differences: Vec<String>) -> Self {
        Self { differences }
    }

    /// One line per difference, such as `request #1: query parameter RegionId: expected
    /// ["cn-hangzhou"], got ["cn-beijing"]`.
    pub fn differences(&self) -> &[String] {
        &self.differences
    }
}

impl fmt::Display for RequestMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the requests differ from the expected ones:")?;
        for difference in &self.differences {
            writeln!(f, "  - {difference}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RequestMismatch {}

/// Describes how `actual` differs from `expected`, one line per difference.
///
/// Names in `ignore` (and in the default lists) are skipped; they apply to query parameters and
/// form body parameters by exact name and to headers case-insensitively.
pub(super) fn differences(
    expected: &HttpRequest,
    actual: &HttpRequest,
    ignore: &[&str],
) -> Vec<String> {
    let ignored_param =
        |name: &str| DEFAULT_IGNORED_QUERY_PARAMS.contains(&name) || ignore.contains(&name);
    let ignored_header = |name: &str| {
        DEFAULT_IGNORED_HEADERS
            .iter()
            .chain(ignore)
            .any(|ignored| ignored.eq_ignore_ascii_case(name))
    };
    let mut out = Vec::new();
    if expected.method() != actual.method() {
        out.push(format!(
            "method: expected {}, got {}",
            expected.method(),
            actual.method()
        ));
    }
    if expected.uri().path() != actual.uri().path() {
        out.push(format!(
            "path: expected {}, got {}",
            expected.uri().path(),
            actual.uri().path()
        ));
    }
    compare_params(
        "query parameter",
        expected.uri().query().unwrap_or_default().as_bytes(),
        actual.uri().query().unwrap_or_default().as_bytes(),
        &ignored_param,
        &mut out,
    );
    compare_headers(
        expected.headers(),
        actual.headers(),
        &ignored_header,
        &mut out,
    );
    if is_form(expected.headers()) && is_form(actual.headers()) {
        compare_params(
            "form parameter",
            expected.body(),
            actual.body(),
            &ignored_param,
            &mut out,
        );
    } else if expected.body() != actual.body() {
        out.push(format!(
            "body: expected {:?}, got {:?}",
            preview(expected.body()),
            preview(actual.body())
        ));
    }
    out
}

fn compare_params(
    what: &str,
    expected: &[u8],
    actual: &[u8],
    ignored: &dyn Fn(&str) -> bool,
    out: &mut Vec<String>,
) {
    let expected = decode_pairs(expected);
    let actual = decode_pairs(actual);
    let names: BTreeSet<&str> = expected
        .iter()
        .chain(&actual)
        .map(|(name, _)| name.as_str())
        .filter(|name| !ignored(name))
        .collect();
    for name in names {
        let values = |pairs: &[(String, String)]| -> Vec<String> {
            let mut values: Vec<String> = pairs
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .collect();
            values.sort_unstable();
            values
        };
        let (want, got) = (values(&expected), values(&actual));
        if want != got {
            out.push(format!("{what} {name}: expected {want:?}, got {got:?}"));
        }
    }
}

fn compare_headers(
    expected: &HeaderMap,
    actual: &HeaderMap,
    ignored: &dyn Fn(&str) -> bool,
    out: &mut Vec<String>,
) {
    let names: BTreeSet<&str> = expected
        .keys()
        .chain(actual.keys())
        .map(|name| name.as_str())
        .filter(|name| !ignored(name))
        .collect();
    for name in names {
        let values = |headers: &HeaderMap| -> Vec<String> {
            headers
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect()
        };
        let (want, got) = (values(expected), values(actual));
        if want != got {
            out.push(format!("header {name}: expected {want:?}, got {got:?}"));
        }
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

fn preview(body: &[u8]) -> String {
    const LIMIT: usize = 200;
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], body.len()),
        None => text.into_owned(),
    }
}

/// Splits `a=1&b=x%20y` into decoded `(name, value)` pairs (`+` decodes to a space).
pub(super) fn decode_pairs(input: &[u8]) -> Vec<(String, String)> {
    input
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.iter().position(|&b| b == b'=') {
            Some(eq) => (decode(&pair[..eq]), decode(&pair[eq + 1..])),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// Percent-decodes `input`, turning `+` into a space; malformed escapes are kept as they are.
fn decode(input: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let escaped = input
                    .get(i + 1..i + 3)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                if let Some(byte) = escaped {
                    bytes.push(byte);
                    i += 2;
                } else {
                    bytes.push(b'%');
                }
            }
            byte => bytes.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> HttpRequest {
        let mut builder = http::Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(bytes::Bytes::from(body.to_owned())).unwrap()
    }

    #[test]
    fn decodes_percent_plus_and_malformed_escapes() {
        let pairs = decode_pairs(b"a=x%20y&b=1+2&c&&d=%zz%4&e=%E4%BD%A0");
        let expected = [
            ("a", "x y"),
            ("b", "1 2"),
            ("c", ""),
            ("d", "%zz%4"),
            ("e", "你"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn ignores_signature_nonce_timestamp_and_order() {
        let expected = request(
            "GET",
            "https://ecs.aliyuncs.com/?Action=DescribeTasks&RegionId=cn-hangzhou&Signature=aaa&Timestamp=1",
            &[("x-acs-action", "DescribeTasks"), ("authorization", "one")],
            "",
        );
        let actual = request(
            "GET",
            "https://ecs.aliyuncs.com/?Timestamp=2&RegionId=cn-hangzhou&Action=DescribeTasks&SignatureNonce=n&Signature=bbb",
            &[
                ("X-Acs-Action", "DescribeTasks"),
                ("authorization", "two"),
                ("user-agent", "test"),
            ],
            "",
        );
        assert_eq!(differences(&expected, &actual, &[]), Vec::<String>::new());
    }

    #[test]
    fn reports_each_difference() {
        let expected = request(
            "POST",
            "/a?RegionId=cn-hangzhou",
            &[("x-acs-version", "2014-05-26")],
            "body",
        );
        let actual = request("GET", "/b?RegionId=cn-beijing&Extra=1", &[], "other");
        let found = differences(&expected, &actual, &[]);
        assert_eq!(
            found,
            [
                "method: expected POST, got GET",
                "path: expected /a, got /b",
                "query parameter Extra: expected [], got [\"1\"]",
                "query parameter RegionId: expected [\"cn-hangzhou\"], got [\"cn-beijing\"]",
                "header x-acs-version: expected [\"2014-05-26\"], got []",
                "body: expected \"body\", got \"other\"",
            ]
        );
        let ignored = ["RegionId", "Extra", "X-ACS-VERSION"];
        assert_eq!(differences(&expected, &actual, &ignored).len(), 3);
    }

    #[test]
    fn form_bodies_compare_as_parameters() {
        let form = [("content-type", "application/x-www-form-urlencoded")];
        let expected = request("POST", "/", &form, "A=1&B=2&Signature=x");
        let actual = request("POST", "/", &form, "B=2&Signature=y&A=1");
        assert!(differences(&expected, &actual, &[]).is_empty());
        let actual = request("POST", "/", &form, "B=3&A=1");
        assert_eq!(
            differences(&expected, &actual, &[]),
            ["form parameter B: expected [\"2\"], got [\"3\"]"]
        );
    }

    #[test]
    fn long_bodies_are_shortened_in_reports() {
        let long = "x".repeat(500);
        let shown = preview(long.as_bytes());
        assert!(shown.ends_with("… (500 bytes)"));
        assert!(shown.len() < 250);
    }

    fn encode(text: &str) -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn encoded_pairs_decode_to_themselves(pairs in proptest::collection::vec(("[a-zA-Z]{1,8}", ".{0,12}"), 0..6)) {
            let query: Vec<String> = pairs.iter().map(|(n, v)| format!("{}={}", encode(n), encode(v))).collect();
            let decoded = decode_pairs(query.join("&").as_bytes());
            prop_assert_eq!(decoded, pairs);
        }

        #[test]
        fn parameter_order_never_matters(pairs in proptest::collection::vec(("[a-zA-Z]{1,8}", "[a-z0-9 ]{0,8}"), 1..6), rotate in 0usize..6) {
            let query: Vec<String> = pairs.iter().map(|(n, v)| format!("{}={}", encode(n), encode(v))).collect();
            let mut rotated = query.clone();
            rotated.rotate_left(rotate % query.len());
            let expected = request("GET", &format!("/?{}", query.join("&")), &[], "");
            let actual = request("GET", &format!("/?{}", rotated.join("&")), &[], "");
            prop_assert!(differences(&expected, &actual, &[]).is_empty());
        }
    }
}
