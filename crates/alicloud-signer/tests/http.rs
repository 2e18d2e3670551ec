//! The `http` feature: signing an `http::Request` in place, verified from what it carries.
#![cfg(feature = "http")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alicloud_signer::encode::parse_query;
use alicloud_signer::{
    Credentials, SignatureVersion, SigningParams, VerifiableRequest, Verified, VerifyError,
    sign_http_request, verify,
};
use http::Request;
use time::macros::datetime;

fn creds() -> Credentials {
    Credentials::new("STS.testid", "testsecret").with_security_token("CAIS+token/with=chars")
}

/// Verifies an `http::Request` the way a server would: decode the query (and a form body).
fn verify_http(request: &Request<Vec<u8>>) -> Result<Verified, VerifyError> {
    let query = parse_query(request.uri().query().unwrap_or_default()).unwrap();
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let form = if request.headers().contains_key("content-type") {
        parse_query(std::str::from_utf8(request.body()).unwrap()).unwrap()
    } else {
        Vec::new()
    };
    let form: Vec<(&str, &str)> = form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
        .collect();
    let host = request.uri().authority().unwrap().as_str();
    let incoming = VerifiableRequest::new(request.method().as_str(), host, request.uri().path())
        .with_query(&query)
        .with_form(&form)
        .with_headers(&headers)
        .with_body(request.body());
    verify(&incoming, |id| (id == "STS.testid").then(creds))
}

#[test]
fn v3_matches_the_reference_vector() {
    let creds = creds();
    let params = SigningParams::new(
        &creds,
        datetime!(2024-05-01 08:00:00 UTC),
        "6a1f3c1e2f5d4b8e9c0d1e2f3a4b5c6d",
    );
    // Wire-encoded query (`+` for a space would do too): the signer decodes it first.
    let mut request = Request::post(
        "https://ecs-cn-hangzhou.aliyuncs.com/?TaskId=t-bp67acfmxazb4p****&RegionId=cn-hangzhou",
    )
    .header("user-agent", "not signed")
    .body(Vec::new())
    .unwrap();
    let out = sign_http_request(
        &mut request,
        SignatureVersion::V3,
        "DescribeTaskAttribute",
        "2014-05-26",
        &params,
    )
    .unwrap();
    assert_eq!(
        out.signature(),
        "e3105382f9db2808684e66f95b7acead43f48b3539ce12e4b0f6d6988982e3be"
    );
    assert_eq!(
        request.uri().query(),
        Some("RegionId=cn-hangzhou&TaskId=t-bp67acfmxazb4p%2A%2A%2A%2A")
    );
    assert_eq!(
        request.headers()["x-acs-security-token"],
        "CAIS+token/with=chars"
    );
    assert_eq!(verify_http(&request).unwrap().version, SignatureVersion::V3);

    // Signing the same request again (a retry) replaces the previous signature headers.
    let params = SigningParams::new(&creds, datetime!(2024-05-01 08:01:00 UTC), "second-nonce");
    sign_http_request(
        &mut request,
        SignatureVersion::V3,
        "DescribeTaskAttribute",
        "2014-05-26",
        &params,
    )
    .unwrap();
    assert_eq!(request.headers().get_all("authorization").iter().count(), 1);
    assert_eq!(verify_http(&request).unwrap().nonce, "second-nonce");
}

#[test]
fn v1_signs_query_and_form_and_can_be_signed_again() {
    let creds = creds();
    let body = b"RoleSessionName=a+b&DurationSeconds=3600".to_vec();
    let mut request = Request::post("http://127.0.0.1:18080/?RegionId=cn-hangzhou&Format=JSON")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .unwrap();
    for nonce in ["first", "second"] {
        let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), nonce);
        sign_http_request(
            &mut request,
            SignatureVersion::V1,
            "AssumeRole",
            "2015-04-01",
            &params,
        )
        .unwrap();
        let query = request.uri().query().unwrap().to_owned();
        assert_eq!(query.matches("Signature=").count(), 1, "{query}");
        assert!(!query.contains("RoleSessionName"));
        let verified = verify_http(&request).unwrap();
        assert_eq!(verified.nonce, nonce);
        assert_eq!(verified.action.as_deref(), Some("AssumeRole"));
    }
    // Tampering with the form body breaks the V1 signature.
    *request.body_mut() = b"RoleSessionName=a+c&DurationSeconds=3600".to_vec();
    assert!(matches!(
        verify_http(&request),
        Err(VerifyError::SignatureMismatch { .. })
    ));
}

/// The legacy Python core SDK (`CommonRequest.add_body_params`) signs one parameter map but
/// sends `RegionId` in the query and in the form body: the union counts it once.
#[test]
fn v1_parameter_in_query_and_form_with_the_same_value_counts_once() {
    use alicloud_signer::{SignableRequest, sign_v1};
    let creds = creds();
    let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), "nonce-1");
    let form = [("RegionId", "cn-hangzhou"), ("TaskId", "t-1")];
    let signable = SignableRequest::new(
        "POST",
        "ecs.aliyuncs.com",
        "DescribeTaskAttribute",
        "2014-05-26",
    )
    .with_form(&form);
    let out = sign_v1(&signable, &params).unwrap();
    let mut query = parse_query(out.signed_query()).unwrap();
    query.push(("RegionId".to_owned(), "cn-hangzhou".to_owned()));
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let incoming = VerifiableRequest::new("POST", "ecs.aliyuncs.com", "/")
        .with_query(&query)
        .with_form(&form);
    let verified = verify(&incoming, |id| (id == "STS.testid").then(creds_fn)).unwrap();
    assert_eq!(verified.access_key_id, "STS.testid");
    assert_eq!(
        incoming.params().filter(|(n, _)| *n == "RegionId").count(),
        1
    );

    // Different values in the two places are not one parameter: the signature covers one.
    let other = [("RegionId", "cn-beijing"), ("TaskId", "t-1")];
    let changed = incoming.with_form(&other);
    assert!(matches!(
        verify(&changed, |id| (id == "STS.testid").then(creds_fn)),
        Err(VerifyError::SignatureMismatch { .. })
    ));

    // A signature field repeated with the same value counts once; with another value it is
    // refused as repeated, whatever the signature.
    let nonce = query
        .iter()
        .find(|(n, _)| *n == "SignatureNonce")
        .copied()
        .unwrap();
    let same = [form[0], form[1], nonce];
    let repeated = incoming.with_form(&same);
    assert!(verify(&repeated, |id| (id == "STS.testid").then(creds_fn)).is_ok());
    let different = [form[0], form[1], ("SignatureNonce", "another")];
    let repeated = incoming.with_form(&different);
    match verify(&repeated, |id| (id == "STS.testid").then(creds_fn)) {
        Err(VerifyError::Malformed(message)) => {
            assert!(message.contains("SignatureNonce is repeated"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

fn creds_fn() -> Credentials {
    creds()
}
