//! Signing and verifying a DescribeTaskAttribute request (STS credentials, six operation
//! parameters, plus the common ones) with V1, V3 and V3 with SM3; the replay check.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alicloud_signer::encode::parse_query;
use alicloud_signer::{
    Credentials, MemoryNonceStore, NonceStore, SignableRequest, SigningParams, V3Algorithm,
    VerifiableRequest, sign_v1, sign_v3, verify_v1, verify_v3,
};
use divan::black_box;
use time::macros::datetime;

fn main() {
    divan::main();
}

const HOST: &str = "ecs-cn-hangzhou.aliyuncs.com";
const QUERY: [(&str, &str); 6] = [
    ("Format", "JSON"),
    ("RegionId", "cn-hangzhou"),
    ("TaskId", "t-bp67acfmxazb4p****"),
    ("OwnerId", "1234567890123456"),
    ("ResourceOwnerAccount", "owner@example.com"),
    ("ResourceOwnerId", "1234567890123456"),
];

fn creds() -> Credentials {
    Credentials::new(
        "STS.NUgYrLnoC37mZZCNnAbez2E2c",
        "3sQDZLo7GLW1FRxLbPhXr3v3mGpZyN",
    )
    .with_security_token("CAIS+token/with=chars-and-some-length-to-it-0123456789")
}

fn request() -> SignableRequest<'static> {
    SignableRequest::new("POST", HOST, "DescribeTaskAttribute", "2014-05-26").with_query(&QUERY)
}

fn params(creds: &Credentials) -> SigningParams<'_> {
    SigningParams::new(
        creds,
        datetime!(2024-05-01 08:00:00 UTC),
        "0f9b9d2c2b5e4a559c1e4f1f0d6a7b01",
    )
}

#[divan::bench]
fn sign_v1_describe_task_attribute(bencher: divan::Bencher<'_, '_>) {
    let creds = creds();
    let request = request();
    bencher.bench_local(|| sign_v1(black_box(&request), black_box(&params(&creds))).unwrap());
}

#[divan::bench]
fn sign_v3_describe_task_attribute(bencher: divan::Bencher<'_, '_>) {
    let creds = creds();
    let request = request();
    bencher.bench_local(|| sign_v3(black_box(&request), black_box(&params(&creds))).unwrap());
}

#[divan::bench]
fn sign_v3_sm3_describe_task_attribute(bencher: divan::Bencher<'_, '_>) {
    let creds = creds();
    let request = request();
    let params = |creds| params(creds).with_algorithm(V3Algorithm::HmacSm3);
    bencher.bench_local(|| sign_v3(black_box(&request), black_box(&params(&creds))).unwrap());
}

#[divan::bench]
fn verify_v1_describe_task_attribute(bencher: divan::Bencher<'_, '_>) {
    let creds = creds();
    let signed = sign_v1(&request(), &params(&creds)).unwrap();
    let query = parse_query(signed.signed_query()).unwrap();
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let incoming = VerifiableRequest::new("POST", HOST, "/").with_query(&query);
    bencher.bench_local(|| verify_v1(black_box(&incoming), |_| Some(creds.clone())).unwrap());
}

#[divan::bench(args = [V3Algorithm::HmacSha256, V3Algorithm::HmacSm3])]
fn verify_v3_describe_task_attribute(bencher: divan::Bencher<'_, '_>, algorithm: V3Algorithm) {
    let creds = creds();
    let signed = sign_v3(&request(), &params(&creds).with_algorithm(algorithm)).unwrap();
    let query = parse_query(signed.canonical_query()).unwrap();
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let mut headers: Vec<(&str, &str)> = signed.headers().collect();
    headers.extend([
        ("host", HOST),
        ("user-agent", "alicloud-rs"),
        ("accept", "application/json"),
    ]);
    let incoming = VerifiableRequest::new("POST", "", "/")
        .with_query(&query)
        .with_headers(&headers);
    bencher.bench_local(|| verify_v3(black_box(&incoming), |_| Some(creds.clone())).unwrap());
}

/// Recording a fresh nonce in a store that holds a full window of 100 000 others.
#[divan::bench]
fn memory_nonce_store_insert(bencher: divan::Bencher<'_, '_>) {
    let now = datetime!(2024-05-01 08:00:00 UTC);
    let expires = datetime!(2024-05-01 08:15:00 UTC);
    let store = MemoryNonceStore::new(usize::MAX);
    for i in 0..100_000 {
        store
            .insert("STS.id", &i.to_string(), expires, now)
            .unwrap();
    }
    let mut i = 100_000u64;
    bencher.bench_local(|| {
        i += 1;
        store
            .insert("STS.id", black_box(&i.to_string()), expires, now)
            .unwrap();
    });
}

#[divan::bench]
fn nonce() -> String {
    alicloud_signer::nonce()
}
