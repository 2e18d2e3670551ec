//! Replay protection after verification: the timestamp window and the nonce store, on signed
//! requests, and the bounded store against a simple model.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use alicloud_signer::{
    Credentials, MemoryNonceStore, NonceStore, ReplayError, SignableRequest, SigningParams,
    V3Algorithm, VerifiableRequest, Verified, VerifyError, check_replay, sign_v1, sign_v3, verify,
};
use proptest::prelude::*;
use time::OffsetDateTime;
use time::macros::datetime;

const T0: OffsetDateTime = datetime!(2024-05-01 08:00:00 UTC);
const WINDOW: Duration = Duration::from_secs(900);
const HOST: &str = "ecs-cn-hangzhou.aliyuncs.com";

fn at(seconds: i64) -> OffsetDateTime {
    T0 + time::Duration::seconds(seconds)
}

fn creds() -> Credentials {
    Credentials::new("LTAI-id", "secret")
}

/// Signs a request at `time` with `nonce` (V1, V3 or V3 with SM3) and verifies it.
fn verified(kind: usize, time: OffsetDateTime, nonce: &str) -> Verified {
    let creds = creds();
    let query = [("RegionId", "cn-hangzhou")];
    let request =
        SignableRequest::new("POST", HOST, "DescribeRegions", "2014-05-26").with_query(&query);
    let params = SigningParams::new(&creds, time, nonce);
    let lookup = |_: &str| Some(creds.clone());
    if kind == 0 {
        let out = sign_v1(&request, &params).unwrap();
        let received = alicloud_signer::encode::parse_query(out.signed_query()).unwrap();
        let received: Vec<(&str, &str)> = received
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        return verify(
            &VerifiableRequest::new("POST", HOST, "/").with_query(&received),
            lookup,
        )
        .unwrap();
    }
    let algorithm = V3Algorithm::ALL[kind - 1];
    let out = sign_v3(&request, &params.with_algorithm(algorithm)).unwrap();
    let headers: Vec<(&str, &str)> = out.headers().collect();
    let incoming = VerifiableRequest::new("POST", HOST, "/")
        .with_query(&query)
        .with_headers(&headers);
    verify(&incoming, lookup).unwrap()
}

#[test]
fn signed_requests_are_accepted_once_within_the_window() {
    for kind in 0..3 {
        let store = MemoryNonceStore::new(16);
        let first = verified(kind, T0, "nonce-1");
        assert_eq!(check_replay(&first, at(-900), WINDOW, &store), Ok(()));
        // The replay is refused for as long as its timestamp is acceptable...
        for now in [-900, 0, 899, 900] {
            assert_eq!(
                check_replay(&first, at(now), WINDOW, &store),
                Err(ReplayError::NonceReused),
                "kind {kind}, now {now}"
            );
        }
        // ...and after that by the window itself.
        assert!(matches!(
            check_replay(&first, at(901), WINDOW, &store),
            Err(ReplayError::TimestampOutsideWindow { .. })
        ));
        // The same nonce at another time is still the same nonce.
        let later = verified(kind, at(600), "nonce-1");
        assert_eq!(
            check_replay(&later, at(600), WINDOW, &store),
            Err(ReplayError::NonceReused)
        );
        // Once the first request's window is over, its nonce may come back.
        assert_eq!(check_replay(&later, at(901), WINDOW, &store), Ok(()));
    }
}

/// A V3 request with a blank `x-acs-signature-nonce`, signed by hand, as verified.
fn blank_nonce_v3() -> Verified {
    let creds = creds();
    let mut headers = vec![
        ("host", HOST),
        ("x-acs-action", "DescribeRegions"),
        ("x-acs-version", "2014-05-26"),
        ("x-acs-date", "2024-05-01T08:00:00Z"),
        ("x-acs-signature-nonce", " "),
        (
            "x-acs-content-sha256",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
    ];
    let names =
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
    let unsigned = format!("ACS3-HMAC-SHA256 Credential=LTAI-id,SignedHeaders={names},Signature=0");
    headers.push(("authorization", &unsigned));
    let incoming = VerifiableRequest::new("POST", HOST, "/").with_headers(&headers);
    let Err(VerifyError::SignatureMismatch { string_to_sign }) =
        verify(&incoming, |_| Some(creds.clone()))
    else {
        panic!("expected the server's string to sign");
    };
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"secret");
    let tag = ring::hmac::sign(&key, string_to_sign.as_bytes());
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    let signed = unsigned.replace("Signature=0", &format!("Signature={hex}"));
    headers.pop();
    headers.push(("authorization", &signed));
    let incoming = VerifiableRequest::new("POST", HOST, "/").with_headers(&headers);
    verify(&incoming, |_| Some(creds.clone())).unwrap()
}

#[test]
fn old_future_and_blank_requests_are_refused() {
    let store = MemoryNonceStore::new(16);
    let request = verified(1, T0, "n");
    assert_eq!(
        check_replay(&request, at(901), WINDOW, &store),
        Err(ReplayError::TimestampOutsideWindow {
            skew: time::Duration::seconds(901)
        })
    );
    assert_eq!(
        check_replay(&request, at(-901), WINDOW, &store),
        Err(ReplayError::TimestampOutsideWindow {
            skew: time::Duration::seconds(-901)
        })
    );
    // A client can sign a blank nonce (our signer refuses to); the replay check refuses it.
    let blank = blank_nonce_v3();
    assert_eq!(blank.nonce, "");
    assert_eq!(
        check_replay(&blank, T0, WINDOW, &store),
        Err(ReplayError::EmptyNonce)
    );
    assert!(store.is_empty());
    // A huge tolerance does not overflow.
    assert_eq!(check_replay(&request, T0, Duration::MAX, &store), Ok(()));
}

#[test]
fn a_full_store_refuses_new_requests_until_old_ones_expire() {
    let store = MemoryNonceStore::new(2);
    for nonce in ["a", "b"] {
        assert_eq!(
            check_replay(&verified(2, T0, nonce), T0, WINDOW, &store),
            Ok(())
        );
    }
    let third = verified(2, at(10), "c");
    assert_eq!(
        check_replay(&third, at(10), WINDOW, &store),
        Err(ReplayError::NonceStoreFull)
    );
    assert_eq!(
        check_replay(&verified(2, at(10), "a"), at(10), WINDOW, &store),
        Err(ReplayError::NonceReused)
    );
    assert_eq!(check_replay(&third, at(901), WINDOW, &store), Ok(()));
}

/// The rules, as a list.
#[derive(Default)]
struct Model {
    entries: Vec<(u8, u8, i64)>,
}

impl Model {
    fn insert(
        &mut self,
        capacity: usize,
        id: u8,
        nonce: u8,
        expires: i64,
        now: i64,
    ) -> Result<(), ReplayError> {
        self.entries.retain(|&(_, _, expiry)| expiry >= now);
        if self.entries.iter().any(|&(i, n, _)| (i, n) == (id, nonce)) {
            return Err(ReplayError::NonceReused);
        }
        if expires < now {
            return Ok(());
        }
        if self.entries.len() >= capacity {
            return Err(ReplayError::NonceStoreFull);
        }
        self.entries.push((id, nonce, expires));
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random traffic against a small store: it answers exactly as the rules say, so it never
    /// forgets an unexpired nonce and never exceeds its capacity.
    #[test]
    fn memory_store_follows_the_rules(
        capacity in 0usize..5,
        ops in prop::collection::vec((0u8..3, 0u8..6, 0i64..40, 0i64..8), 1..80),
    ) {
        let store = MemoryNonceStore::new(capacity);
        let mut model = Model::default();
        let mut now = 0;
        for (id, nonce, lifetime, step) in ops {
            now += step;
            let expires = now + lifetime - 5;
            let got = store.insert(&format!("id{id}"), &format!("n{nonce}"), at(expires), at(now));
            prop_assert_eq!(got, model.insert(capacity, id, nonce, expires, now));
            prop_assert!(store.len() <= capacity);
        }
    }
}
