//! Every signing and verification error, and the redaction of tokens in outputs.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alicloud_signer::encode::parse_query;
use alicloud_signer::{
    Credentials, SignableRequest, SigningError, SigningParams, VerifiableRequest, VerifyError,
    sign_v1, sign_v3, verify, verify_v1, verify_v3,
};
use time::macros::datetime;

const TOKEN: &str = "CAIS+secret-token";
const HOST: &str = "ecs-cn-hangzhou.aliyuncs.com";
const QUERY: [(&str, &str); 2] = [("RegionId", "cn-hangzhou"), ("TaskId", "t-1")];

fn creds() -> Credentials {
    Credentials::new("STS.id", "secret").with_security_token(TOKEN)
}

fn lookup(id: &str) -> Option<Credentials> {
    (id == "STS.id").then(creds)
}

fn params(creds: &Credentials) -> SigningParams<'_> {
    SigningParams::new(creds, datetime!(2024-05-01 08:00:00 UTC), "nonce-1")
}

/// A V3-signed request as received: headers (owned) and body.
fn signed_v3(extra: &[(&str, &str)], body: &[u8]) -> Vec<(String, String)> {
    let creds = creds();
    let request = SignableRequest::new("POST", HOST, "DescribeTaskAttribute", "2014-05-26")
        .with_query(&QUERY)
        .with_headers(extra)
        .with_body(body);
    let out = sign_v3(&request, &params(&creds)).unwrap();
    let mut headers: Vec<(String, String)> = extra
        .iter()
        .chain(out.headers().collect::<Vec<_>>().iter())
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    headers.push(("host".to_owned(), HOST.to_owned()));
    headers
}

fn verify_headers(headers: &[(String, String)], body: &[u8]) -> Result<(), VerifyError> {
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let request = VerifiableRequest::new("POST", "", "/")
        .with_query(&QUERY)
        .with_headers(&headers)
        .with_body(body);
    verify_v3(&request, lookup).map(|_| ())
}

fn set(headers: &mut [(String, String)], name: &str, value: &str) {
    let entry = headers.iter_mut().find(|(n, _)| n == name).unwrap();
    entry.1 = value.to_owned();
}

#[test]
fn v3_verification_errors() {
    let json = [("content-type", "application/json")];
    let good = signed_v3(&json, b"{}");
    assert_eq!(verify_headers(&good, b"{}"), Ok(()));
    let auth = good
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
        .clone();

    let mut h = good.clone();
    set(
        &mut h,
        "authorization",
        &auth.replace("ACS3-HMAC-SHA256", "ACS3-RSA-SHA256"),
    );
    assert_eq!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::UnknownAlgorithm("ACS3-RSA-SHA256".to_owned()))
    );
    // A SHA-256 signature relabelled as SM3 is checked as SM3: its payload hash no longer fits.
    set(
        &mut h,
        "authorization",
        &auth.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"),
    );
    assert_eq!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::BodyHashMismatch)
    );
    for bad in [
        "ACS3-HMAC-SHA256 garbage",
        "ACS3-HMAC-SHA256 Credential=STS.id,Signature=00",
        "ACS3-HMAC-SHA256 Credential=STS.id,SignedHeaders=host,SignedHeaders=host,Signature=0",
        "ACS3-HMAC-SHA256 Credential=STS.id,SignedHeaders=host;authorization,Signature=0",
    ] {
        set(&mut h, "authorization", bad);
        assert!(
            matches!(verify_headers(&h, b"{}"), Err(VerifyError::Malformed(_))),
            "{bad}"
        );
    }

    let mut h = good.clone();
    set(
        &mut h,
        "authorization",
        &auth.replace("Credential=STS.id", "Credential=other"),
    );
    assert_eq!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::UnknownAccessKey("other".to_owned()))
    );

    let mut h = good.clone();
    set(
        &mut h,
        "authorization",
        &auth.replace(
            "SignedHeaders=content-type;host;",
            "SignedHeaders=content-type;",
        ),
    );
    assert_eq!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::HeaderNotSigned("host".to_owned()))
    );

    let mut h = good.clone();
    h.push(("X-Acs-Extra".to_owned(), "1".to_owned()));
    assert_eq!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::HeaderNotSigned("x-acs-extra".to_owned()))
    );

    let h: Vec<_> = good
        .iter()
        .filter(|(n, _)| n != "content-type")
        .cloned()
        .collect();
    assert_eq!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::SignedHeaderMissing("content-type".to_owned()))
    );

    let mut h = good.clone();
    set(&mut h, "x-acs-date", "2024-05-01 08:00:00");
    assert!(matches!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::Malformed(_))
    ));

    let mut h = good.clone();
    h.push(("authorization".to_owned(), auth.clone()));
    assert!(matches!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::Malformed(_))
    ));

    assert_eq!(
        verify_headers(&good, b"{ }"),
        Err(VerifyError::BodyHashMismatch)
    );

    let mut h = good.clone();
    set(&mut h, "content-type", "text/plain");
    let Err(VerifyError::SignatureMismatch { string_to_sign }) = verify_headers(&h, b"{}") else {
        panic!("expected a signature mismatch");
    };
    assert!(string_to_sign.starts_with("ACS3-HMAC-SHA256\n"));
    let shown = VerifyError::SignatureMismatch {
        string_to_sign: string_to_sign.clone(),
    }
    .to_string();
    assert!(shown.ends_with(&format!("server string to sign is:{string_to_sign}")));

    let h: Vec<_> = good
        .iter()
        .filter(|(n, _)| n != "x-acs-signature-nonce")
        .cloned()
        .collect();
    assert_eq!(
        verify_headers(&h, b"{}"),
        Err(VerifyError::MissingField(
            "x-acs-signature-nonce".to_owned()
        ))
    );
}

#[test]
fn v3_host_field_takes_precedence() {
    let good = signed_v3(&[], b"");
    let headers: Vec<(&str, &str)> = good
        .iter()
        .map(|(n, v)| {
            (
                n.as_str(),
                if n == "host" {
                    "evil.example"
                } else {
                    v.as_str()
                },
            )
        })
        .collect();
    let request = VerifiableRequest::new("POST", HOST, "/")
        .with_query(&QUERY)
        .with_headers(&headers);
    assert!(verify(&request, lookup).is_ok());
    let request = VerifiableRequest::new("POST", "", "/")
        .with_query(&QUERY)
        .with_headers(&headers);
    assert!(matches!(
        verify(&request, lookup),
        Err(VerifyError::SignatureMismatch { .. })
    ));
}

/// A V1-signed request's decoded query parameters.
fn signed_v1() -> Vec<(String, String)> {
    let creds = creds();
    let request =
        SignableRequest::new("GET", HOST, "DescribeTaskAttribute", "2014-05-26").with_query(&QUERY);
    let out = sign_v1(&request, &params(&creds)).unwrap();
    parse_query(out.signed_query()).unwrap()
}

fn verify_query(query: &[(String, String)]) -> Result<(), VerifyError> {
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    verify_v1(
        &VerifiableRequest::new("GET", HOST, "/").with_query(&query),
        lookup,
    )
    .map(|_| ())
}

fn with(query: &[(String, String)], name: &str, value: Option<&str>) -> Vec<(String, String)> {
    let mut out: Vec<_> = query.iter().filter(|(n, _)| n != name).cloned().collect();
    if let Some(value) = value {
        out.push((name.to_owned(), value.to_owned()));
    }
    out
}

#[test]
fn v1_verification_errors() {
    let good = signed_v1();
    assert_eq!(verify_query(&good), Ok(()));
    for name in [
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "AccessKeyId",
        "SignatureNonce",
        "Timestamp",
    ] {
        assert_eq!(
            verify_query(&with(&good, name, None)),
            Err(VerifyError::MissingField(name.to_owned()))
        );
    }
    assert_eq!(
        verify_query(&with(&good, "SignatureMethod", Some("HMAC-SHA256"))),
        Err(VerifyError::UnknownAlgorithm("HMAC-SHA256".to_owned()))
    );
    assert!(matches!(
        verify_query(&with(&good, "SignatureVersion", Some("2.0"))),
        Err(VerifyError::UnknownAlgorithm(_))
    ));
    assert!(matches!(
        verify_query(&with(&good, "Timestamp", Some("2024-05-01T08:00Z"))),
        Err(VerifyError::Malformed(_))
    ));
    let mut repeated = good.clone();
    repeated.push(("AccessKeyId".to_owned(), "STS.id".to_owned()));
    assert!(matches!(
        verify_query(&repeated),
        Err(VerifyError::Malformed(_))
    ));
    assert_eq!(
        verify_query(&with(&good, "AccessKeyId", Some("other"))),
        Err(VerifyError::UnknownAccessKey("other".to_owned()))
    );
    let Err(VerifyError::SignatureMismatch { string_to_sign }) =
        verify_query(&with(&good, "TaskId", Some("t-2")))
    else {
        panic!("expected a signature mismatch");
    };
    assert!(string_to_sign.starts_with("GET&%2F&AccessKeyId%3DSTS.id%26"));
    assert!(string_to_sign.contains("TaskId%3Dt-2"));

    let unsigned = with(&good, "Signature", None);
    let query: Vec<(&str, &str)> = unsigned
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        verify(
            &VerifiableRequest::new("GET", HOST, "/").with_query(&query),
            lookup
        ),
        Err(VerifyError::MissingField("Authorization".to_owned()))
    );
}

#[test]
fn signing_errors() {
    let creds = creds();
    let p = params(&creds);
    let base = SignableRequest::new("POST", HOST, "A", "2014-05-26");
    let v3 = |request: SignableRequest<'_>, params: SigningParams<'_>| {
        sign_v3(&request, &params).unwrap_err()
    };

    for name in [
        "X-Acs-Date",
        "Host",
        "Authorization",
        "x-acs-security-token",
    ] {
        let headers = [(name, "v")];
        assert_eq!(
            v3(base.with_headers(&headers), p),
            SigningError::ReservedHeader(name.to_ascii_lowercase())
        );
    }
    assert_eq!(
        v3(base.with_headers(&[("bad name", "v")]), p),
        SigningError::InvalidHeader("bad name".to_owned())
    );
    assert_eq!(
        v3(base.with_headers(&[("x-acs-a", "v\r\nx: y")]), p),
        SigningError::InvalidHeader("x-acs-a".to_owned())
    );
    assert_eq!(
        v3(SignableRequest::new("post", HOST, "A", "V"), p),
        SigningError::InvalidMethod("post".to_owned())
    );
    assert_eq!(
        v3(base.with_path("no-slash"), p),
        SigningError::InvalidPath("no-slash".to_owned())
    );
    assert_eq!(
        v3(SignableRequest::new("POST", "", "A", "V"), p),
        SigningError::InvalidHeader("host".to_owned())
    );
    assert_eq!(
        v3(base, SigningParams::new(&creds, p.time, "")),
        SigningError::InvalidNonce
    );
    assert!(matches!(
        v3(
            base,
            SigningParams::new(&creds, datetime!(-0001-01-01 00:00:00 UTC), "n")
        ),
        SigningError::InvalidTime(_)
    ));
    let comma = Credentials::new("id,x", "s");
    assert_eq!(
        v3(base, SigningParams::new(&comma, p.time, "n")),
        SigningError::InvalidHeader("authorization".to_owned())
    );
    assert!(sign_v1(&SignableRequest::new("get", HOST, "A", "V"), &p).is_err());
}

#[test]
fn outputs_and_verified_hide_the_token() {
    let creds = creds();
    let request = SignableRequest::new("POST", HOST, "A", "2014-05-26").with_query(&QUERY);
    let v3 = sign_v3(&request, &params(&creds)).unwrap();
    let v1 = sign_v1(&request, &params(&creds)).unwrap();
    for shown in [format!("{v3:?}"), format!("{v1:?}")] {
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(shown.contains("** redacted **"), "{shown}");
    }
    let query = parse_query(v1.signed_query()).unwrap();
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let verified = verify(
        &VerifiableRequest::new("POST", HOST, "/").with_query(&query),
        lookup,
    )
    .unwrap();
    assert_eq!(verified.security_token.as_deref(), Some(TOKEN));
    assert!(!format!("{verified:?}").contains("secret-token"));
}
