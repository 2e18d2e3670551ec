//! No error shows the caller's security token or secret, whatever the server or the transport
//! echoes back: not in `Display`, not in `Debug`, not anywhere in the `source()` chain.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::error::Error as StdError;

use alicloud_ecs::test_util::FnTransport;
use alicloud_ecs::{Credentials, Error, RetryConfig, SignatureVersion};
use alicloud_transport::{HttpResponse, TransportError};
use common::{client_with, clock, json, xml};

const TOKEN: &str = "CAIS+sts-token/value=";
const SECRET: &str = "sts-secret-value";

/// Everything an error can show: its text, its debug form and every cause's text.
fn everything_shown(error: &Error) -> String {
    let mut shown = format!("{error} {error:?}");
    let mut cause = error.source();
    while let Some(current) = cause {
        shown.push_str(&format!(" | {current} {current:?}"));
        cause = current.source();
    }
    shown
}

fn assert_no_secret(error: &Error) {
    let shown = everything_shown(error);
    let encoded = alicloud_signer::encode::percent_encode(TOKEN);
    for secret in [TOKEN, encoded.as_str(), SECRET, "sts-token"] {
        assert!(!shown.contains(secret), "{secret:?} shown in {shown}");
    }
}

async fn call_with(
    answer: impl Fn() -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
) -> Error {
    let clock = clock();
    let client = client_with(FnTransport::new(move |_| answer()), &clock, |b| {
        b.signature_version(SignatureVersion::V1)
            .retry(RetryConfig::disabled())
            .credentials(Credentials::new("STS.id", SECRET).with_security_token(TOKEN))
    });
    client
        .describe_task_attribute()
        .task_id("t-1")
        .send()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn an_unreadable_success_body_echoing_the_token() {
    // Text where a number is expected: the reader quotes the text in its message.
    let body =
        format!(r#"{{"RequestId":"R","TaskId":"t-1","TotalCount":"SecurityToken={TOKEN}"}}"#);
    let error = call_with(move || Ok(json(200, &body))).await;
    let Error::Response(response) = &error else {
        panic!("expected an unreadable response, got {error:?}");
    };
    assert!(response.reason().contains("** redacted **"), "{error}");
    assert!(response.parse_error().to_string().contains(TOKEN));
    assert_no_secret(&error);
    assert!(
        error
            .to_string()
            .starts_with("unreadable response (HTTP 200)"),
        "{error}"
    );
}

#[tokio::test]
async fn an_unreadable_error_body_echoing_the_token() {
    let body = format!("<Error><Message>token {TOKEN} secret {SECRET}</Message");
    let error = call_with(move || Ok(xml(502, &body))).await;
    assert!(matches!(error, Error::Response(_)), "{error:?}");
    assert_eq!(error.http_status(), Some(502));
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_service_error_echoing_the_secret_in_every_field() {
    let body = format!(
        r#"{{"RequestId":"R","Code":"SignatureDoesNotMatch","Message":"token {TOKEN}","Recommend":"https://example.invalid/?q={SECRET}"}}"#
    );
    let error = call_with(move || Ok(json(400, &body))).await;
    assert_eq!(error.code(), Some("SignatureDoesNotMatch"));
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_transport_error_quoting_the_token() {
    let error = call_with(|| {
        Err(TransportError::io(format!(
            "connection reset after SecurityToken={TOKEN}"
        )))
    })
    .await;
    let Error::Dispatch(dispatch) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(dispatch.may_have_been_sent());
    assert!(dispatch.message().contains("** redacted **"), "{dispatch}");
    assert_no_secret(&error);
}
