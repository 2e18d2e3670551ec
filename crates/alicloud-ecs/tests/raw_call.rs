//! `client.call("Action")`: parameters, signing, endpoints, formats, retries and errors of a
//! raw call, against the transport test doubles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::{Arc, Mutex};

use alicloud_ecs::test_util::{CaptureTransport, FnTransport};
use alicloud_ecs::{Error, Format, RetryConfig, SignatureVersion};
use alicloud_transport::HttpRequest;
use common::{client_with, clock, error, header, json, make_client, param, task, xml};

/// A transport answering every request with `response()`, keeping the requests.
fn recording(
    response: impl Fn(usize) -> alicloud_transport::HttpResponse + Send + Sync + 'static,
) -> (FnTransport, Arc<Mutex<Vec<HttpRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let transport = FnTransport::new(move |request: HttpRequest| {
        let mut log = log.lock().unwrap();
        log.push(request);
        Ok(response(log.len()))
    });
    (transport, seen)
}

#[tokio::test]
async fn parameters_are_signed_and_the_body_comes_back_as_json() {
    let clock = clock();
    let capture = CaptureTransport::with_response(json(200, &task("Finished", "100%")));
    let client = make_client(capture.clone(), &clock);
    let value = client
        .call("DescribeTaskAttribute")
        .param("RegionId", "cn-shanghai")
        .param("TaskId", "t-1")
        .send()
        .await
        .unwrap();
    assert_eq!(value["TaskStatus"], "Finished");
    assert_eq!(value["TotalCount"], 1);
    let request = capture.last_request().unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri().host(), Some("ecs.cn-shanghai.aliyuncs.com"));
    assert_eq!(
        header(&request, "x-acs-action"),
        Some("DescribeTaskAttribute")
    );
    assert_eq!(header(&request, "x-acs-version"), Some("2014-05-26"));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert!(
        header(&request, "authorization")
            .unwrap()
            .starts_with("ACS3-HMAC-SHA256 ")
    );
    assert_eq!(param(&request, "TaskId").as_deref(), Some("t-1"));
    assert_eq!(param(&request, "RegionId").as_deref(), Some("cn-shanghai"));
}

#[tokio::test]
async fn v1_asks_for_json_for_values_and_the_clients_format_for_bytes() {
    let clock = clock();
    let capture = CaptureTransport::with_response(xml(200, "<R><TaskId>t-1</TaskId></R>"));
    let client = client_with(capture.clone(), &clock, |b| {
        b.signature_version(SignatureVersion::V1)
            .format(Format::Xml)
    });
    let bytes = client
        .call("DescribeTasks")
        .version("2014-05-26")
        .send_bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), b"<R><TaskId>t-1</TaskId></R>");
    let request = capture.last_request().unwrap();
    assert_eq!(param(&request, "Action").as_deref(), Some("DescribeTasks"));
    assert_eq!(param(&request, "Format").as_deref(), Some("XML"));
    assert!(param(&request, "Signature").is_some());
    assert_eq!(param(&request, "RegionId"), None, "RegionId is never added");

    // `send` asks for JSON; an XML success body is then unreadable.
    let err = client.call("DescribeTasks").send().await.unwrap_err();
    assert!(matches!(err, Error::Response(_)), "{err:?}");
    let request = capture.last_request().unwrap();
    assert_eq!(param(&request, "Format").as_deref(), Some("JSON"));
}

#[tokio::test]
async fn not_idempotent_by_default_so_server_errors_are_not_retried() {
    let clock = clock();
    let (transport, seen) = recording(|_| error(503, "ServiceUnavailable"));
    let client = make_client(transport, &clock);
    let err = client
        .call("CancelTask")
        .param("TaskId", "t-1")
        .send()
        .await;
    assert_eq!(err.unwrap_err().code(), Some("ServiceUnavailable"));
    assert_eq!(seen.lock().unwrap().len(), 1);

    let idempotent = client
        .call("DescribeTasks")
        .idempotent(true)
        .send_bytes()
        .await;
    assert_eq!(idempotent.unwrap_err().http_status(), Some(503));
    assert_eq!(
        seen.lock().unwrap().len(),
        1 + 3,
        "retried up to 3 attempts"
    );
}

#[tokio::test]
async fn throttling_is_retried_even_when_not_idempotent() {
    let clock = clock();
    let (transport, seen) = recording(|n| match n {
        1 => error(400, "Throttling.User"),
        _ => json(200, r#"{"RequestId":"R","TaskId":"t-9"}"#),
    });
    let client = make_client(transport, &clock);
    let value = client.call("CancelTask").send().await.unwrap();
    assert_eq!(value["TaskId"], "t-9");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn error_bodies_are_service_errors() {
    let clock = clock();
    let client = make_client(
        CaptureTransport::with_response(error(404, "InvalidTaskId.NotFound")),
        &clock,
    );
    let err = client
        .call("DescribeTaskAttribute")
        .param("TaskId", "t-x")
        .retry(RetryConfig::disabled())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidTaskId.NotFound"));
    assert_eq!(err.request_id(), Some("REQ-InvalidTaskId.NotFound"));
    assert!(err.is_not_found());
}

#[tokio::test]
async fn endpoint_and_product_overrides() {
    let clock = clock();
    let capture = CaptureTransport::with_response(json(200, "{}"));
    let client = make_client(capture.clone(), &clock);
    let host = || {
        let uri = capture.last_request().unwrap().uri().clone();
        format!(
            "{}://{}",
            uri.scheme_str().unwrap(),
            uri.authority().unwrap()
        )
    };

    client
        .call("DescribeVpcs")
        .product("vpc")
        .version("2016-04-28")
        .send()
        .await
        .unwrap();
    assert_eq!(host(), "https://vpc.cn-hangzhou.aliyuncs.com");
    client
        .call("DescribeTasks")
        .endpoint("http://127.0.0.1:9")
        .send()
        .await
        .unwrap();
    assert_eq!(host(), "http://127.0.0.1:9");
    client
        .call("DescribeVpcs")
        .product("vpc")
        .version("2016-04-28")
        .endpoint("https://vpc.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(host(), "https://vpc.example.com");
}

#[tokio::test]
async fn bad_calls_are_construction_errors_and_send_nothing() {
    let clock = clock();
    let capture = CaptureTransport::with_response(json(200, "{}"));
    let client = make_client(capture.clone(), &clock);
    let calls = [
        (client.call(""), "action"),
        (client.call("Describe Tasks"), "action"),
        (
            client.call("DescribeTasks").version("2014/05/26"),
            "version",
        ),
        (client.call("DescribeVpcs").product("vpc"), "version"),
        (
            client.call("DescribeTasks").param("Signature", "x"),
            "set by the client",
        ),
        (client.call("DescribeTasks").param("", "x"), "empty name"),
        (
            client
                .call("DescribeTasks")
                .endpoint("http://ecs.example.com"),
            "allow_insecure_http",
        ),
        (
            client.call("DescribeTasks").product("v.pc").version("1"),
            "product",
        ),
    ];
    for (call, expected) in calls {
        let shown = format!("{call:?}");
        match call.send().await {
            Err(Error::Construction(e)) => {
                assert!(e.message().contains(expected), "{shown}: {}", e.message());
            }
            other => panic!("{shown}: expected a construction error, got {other:?}"),
        }
    }
    assert!(capture.requests().is_empty());
}
