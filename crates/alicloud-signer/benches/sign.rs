//! Signing and verifying a DescribeTaskAttribute request (STS credentials, six operation
//! parameters, plus the common ones) with V1 and V3.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alicloud_signer::encode::parse_query;
use alicloud_signer::{
    Credentials, SignableRequest, SigningParams, VerifiableRequest, sign_v1, sign_v3, verify_v1,
    verify_v3,
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

#[divan::bench]
fn verify_v3_describe_task_attribute(bencher: divan::Bencher<'_, '_>) {
    let creds = creds();
    let signed = sign_v3(&request(), &params(&creds)).unwrap();
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

#[divan::bench]
fn nonce() -> String {
    alicloud_signer::nonce()
}
