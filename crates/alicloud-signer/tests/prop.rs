//! Property tests: sign → verify round-trips (V1, V3 with SHA-256 and with SM3), any tampering
//! is detected, and the encoder's invariants.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alicloud_signer::encode::{
    canonical_query_string, parse_query, percent_decode, percent_encode,
};
use alicloud_signer::{
    Credentials, SignableRequest, SigningParams, V3Algorithm, VerifiableRequest, sign_v1, sign_v3,
    verify,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use time::OffsetDateTime;

const V1_RESERVED: [&str; 9] = [
    "AccessKeyId",
    "Action",
    "Version",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "Signature",
];

type Pairs = Vec<(String, String)>;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        // Names that differ only in case or by a dot.
        prop::sample::select(vec![
            "a",
            "A",
            "a.1",
            "a1",
            "A.1",
            "Tag.1.Key",
            "tag.1.key",
            "Tag1Key"
        ])
        .prop_map(str::to_owned),
        "[A-Za-z][A-Za-z0-9._-]{0,8}",
        "[ -~]{1,6}",
        "\\PC{1,6}",
    ]
    .prop_filter("reserved by V1", |n| !V1_RESERVED.contains(&n.as_str()))
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ -~]{0,12}",
        "\\PC{0,8}",
        any::<String>()
    ]
}

fn params() -> impl Strategy<Value = Pairs> {
    prop::collection::vec((name(), value()), 0..8)
}

/// `x-acs-*` headers in random case, with values that may carry spaces around them.
fn acs_headers() -> impl Strategy<Value = Pairs> {
    let header = ("[a-zA-Z0-9]{1,6}", "[ -~]{0,10}").prop_map(|(suffix, value)| {
        let prefix = if suffix.len() % 2 == 0 {
            "X-Acs-Custom-"
        } else {
            "x-acs-custom-"
        };
        (format!("{prefix}{suffix}"), value)
    });
    prop::collection::vec(header, 0..4)
}

fn refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

fn time(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap()
}

/// One way of tampering with a signed request.
#[derive(Debug, Clone, Copy)]
enum Tamper {
    ParamValue,
    ParamName,
    SignedHeader,
    Body,
    Method,
    Secret,
    /// Relabels a V3 signature with the other algorithm.
    Algorithm,
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop::sample::select(vec![
        Tamper::ParamValue,
        Tamper::ParamName,
        Tamper::SignedHeader,
        Tamper::Body,
        Tamper::Method,
        Tamper::Secret,
        Tamper::Algorithm,
    ])
}

/// Applies `tamper` to the received parts (for the secret: returns the secret to look up).
fn apply(
    tamper: Tamper,
    index: usize,
    query: &mut Pairs,
    headers: &mut Pairs,
    body: &mut Vec<u8>,
    method: &mut &str,
) -> &'static str {
    let param = |query: &mut Pairs| {
        if query.is_empty() {
            query.push(("Extra".to_owned(), String::new()));
            None
        } else {
            let i = index % query.len();
            Some(i)
        }
    };
    match tamper {
        Tamper::ParamValue => {
            if let Some(i) = param(query) {
                query[i].1.push('x');
            }
        }
        Tamper::ParamName => {
            if let Some(i) = param(query) {
                query[i].0.push('_');
            }
        }
        Tamper::SignedHeader => {
            let entry = headers
                .iter_mut()
                .find(|(n, _)| n == "x-acs-version")
                .unwrap();
            entry.1.push('x');
        }
        Tamper::Body => match body.len() {
            0 => body.push(0),
            len => body[index % len] ^= 0x01,
        },
        Tamper::Method => *method = if *method == "POST" { "PUT" } else { "POST" },
        Tamper::Secret => return "wrong secret",
        Tamper::Algorithm => {
            let entry = headers
                .iter_mut()
                .find(|(n, _)| n == "authorization")
                .unwrap();
            let [a, b] = V3Algorithm::ALL.map(V3Algorithm::name);
            entry.1 = if entry.1.starts_with(a) {
                entry.1.replacen(a, b, 1)
            } else {
                entry.1.replacen(b, a, 1)
            };
        }
    }
    "secret"
}

/// The inputs of one V3 round trip.
struct V3Case {
    query: Pairs,
    extra: Pairs,
    body: Vec<u8>,
    get: bool,
    seconds: i64,
    token: Option<String>,
    tampering: Tamper,
    index: usize,
}

/// Signs with `algorithm`, verifies, then tampers and checks that verification fails.
fn v3_round_trip(algorithm: V3Algorithm, case: &V3Case) -> Result<(), TestCaseError> {
    let V3Case {
        query,
        extra,
        body,
        get,
        seconds,
        token,
        tampering,
        index,
    } = case;
    let mut creds = Credentials::new("id", "secret");
    if let Some(token) = token {
        creds = creds.with_security_token(token.clone());
    }
    let method = if *get { "GET" } else { "POST" };
    let (query_refs, extra_refs) = (refs(query), refs(extra));
    let request = SignableRequest::new(method, "h.example:8080", "Act", "2014-05-26")
        .with_query(&query_refs)
        .with_headers(&extra_refs)
        .with_body(body);
    let params = SigningParams::new(&creds, time(*seconds), "n0nce").with_algorithm(algorithm);
    let out = sign_v3(&request, &params).unwrap();
    prop_assert!(out.authorization().starts_with(algorithm.name()));

    let mut received_query = parse_query(out.canonical_query()).unwrap();
    let mut received_headers = extra.clone();
    received_headers.extend(out.headers().map(|(n, v)| (n.to_owned(), v.to_owned())));
    let mut received_body = body.clone();
    let mut received_method = method;
    let lookup = |secret: &'static str| {
        let token = token.clone();
        move |id: &str| {
            let c = Credentials::new(id, secret);
            Some(match &token {
                Some(t) => c.with_security_token(t.clone()),
                None => c,
            })
        }
    };
    let check = |method: &str, query: &Pairs, headers: &Pairs, body: &[u8], secret| {
        let (q, h) = (refs(query), refs(headers));
        let incoming = VerifiableRequest::new(method, "h.example:8080", "/")
            .with_query(&q)
            .with_headers(&h)
            .with_body(body);
        verify(&incoming, lookup(secret))
    };
    let verified = check(method, &received_query, &received_headers, body, "secret").unwrap();
    prop_assert_eq!(verified.timestamp, time(*seconds));
    prop_assert_eq!(&verified.security_token, token);
    prop_assert_eq!(verified.algorithm, Some(algorithm));

    let secret = apply(
        *tampering,
        *index,
        &mut received_query,
        &mut received_headers,
        &mut received_body,
        &mut received_method,
    );
    let result = check(
        received_method,
        &received_query,
        &received_headers,
        &received_body,
        secret,
    );
    prop_assert!(result.is_err(), "{:?} was not detected", tampering);
    Ok(())
}

proptest! {
    // Twice the cases of the other properties, so that each V3 algorithm gets about as many.
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn v3_round_trips_and_detects_tampering(
        algorithm in prop::sample::select(V3Algorithm::ALL.to_vec()),
        query in params(),
        extra in acs_headers(),
        body in prop::collection::vec(any::<u8>(), 0..48),
        get in any::<bool>(),
        seconds in 0i64..4_000_000_000,
        token in prop::option::of("[!-~]{1,16}"),
        tampering in tamper(),
        index in any::<usize>(),
    ) {
        let case = V3Case { query, extra, body, get, seconds, token, tampering, index };
        v3_round_trip(algorithm, &case)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn v1_round_trips_and_detects_tampering(
        params in params(),
        split in any::<usize>(),
        get in any::<bool>(),
        seconds in 0i64..4_000_000_000,
        token in prop::option::of("\\PC{1,12}"),
        tampering in tamper().prop_filter("V1 signs neither headers nor body", |t| {
            !matches!(t, Tamper::SignedHeader | Tamper::Body | Tamper::Algorithm)
        }),
        index in any::<usize>(),
    ) {
        let mut creds = Credentials::new("id", "secret");
        if let Some(token) = &token {
            creds = creds.with_security_token(token.clone());
        }
        let method = if get { "GET" } else { "POST" };
        let split = split % (params.len() + 1);
        let (query, form) = params.split_at(split);
        let (query_refs, form_refs) = (refs(query), refs(form));
        let request = SignableRequest::new(method, "h", "Act", "2014-05-26")
            .with_query(&query_refs)
            .with_form(&form_refs);
        let out = sign_v1(&request, &SigningParams::new(&creds, time(seconds), "n0nce")).unwrap();

        // The server's parameter map: the query, then the form pairs that do not repeat a
        // query pair (a pair sent in both counts once).
        let mut received = parse_query(out.signed_query()).unwrap();
        let from_form: Pairs = form.iter().filter(|p| !query.contains(p)).cloned().collect();
        received.extend(from_form);
        let check = |method: &str, query: &Pairs, secret: &str| {
            let q = refs(query);
            let incoming = VerifiableRequest::new(method, "h", "/").with_query(&q);
            verify(&incoming, |id: &str| Some(Credentials::new(id, secret)))
        };
        let verified = check(method, &received, "secret").unwrap();
        prop_assert_eq!(verified.security_token, token);
        prop_assert_eq!(verified.action.as_deref(), Some("Act"));

        // Tamper with an operation parameter, not a signature one.
        let mut operation: Pairs = received.iter()
            .filter(|(n, _)| !V1_RESERVED.contains(&n.as_str())).cloned().collect();
        let mut signature_params: Pairs = received.iter()
            .filter(|(n, _)| V1_RESERVED.contains(&n.as_str())).cloned().collect();
        let mut method_now = method;
        let secret = apply(tampering, index, &mut operation, &mut Vec::new(), &mut Vec::new(), &mut method_now);
        signature_params.extend(operation);
        prop_assert!(check(method_now, &signature_params, secret).is_err(), "{:?} was not detected", tampering);
    }

    #[test]
    fn encoder_emits_only_unreserved_and_uppercase_escapes(s in any::<String>()) {
        let encoded = percent_encode(&s);
        let bytes = encoded.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = &bytes[i + 1..i + 3];
                prop_assert!(hex.iter().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)));
                i += 3;
            } else {
                prop_assert!(bytes[i].is_ascii_alphanumeric() || b"-_.~".contains(&bytes[i]));
                i += 1;
            }
        }
    }

    #[test]
    fn decode_inverts_encode(s in any::<String>()) {
        prop_assert_eq!(percent_decode(&percent_encode(&s)).unwrap(), s);
    }

    #[test]
    fn parse_inverts_canonical_query(pairs in params()) {
        let mut sorted = pairs.clone();
        sorted.sort();
        let parsed = parse_query(&canonical_query_string(&pairs)).unwrap();
        prop_assert_eq!(parsed, sorted);
    }
}
