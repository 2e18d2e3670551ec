//! The client against test transports: exact requests on the wire, signing modes, error
//! parsing, retries and timeouts on a manual clock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alicloud_ecs::test_util::{FnTransport, NeverTransport, ReplayEvent, ReplayTransport};
use alicloud_ecs::{Error, Format, RetryConfig, SignatureVersion, codes};
use alicloud_transport::{HttpRequest, TransportError};
use bytes::Bytes;
use common::*;

fn expected(uri: &str, headers: &[(&str, &str)]) -> HttpRequest {
    let mut b = http::Request::builder().method("POST").uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Bytes::new()).unwrap()
}

#[tokio::test]
async fn v3_request_is_exactly_what_the_official_sdk_sends() {
    let clock = clock();
    let request = expected(
        "https://ecs-cn-hangzhou.aliyuncs.com/?RegionId=cn-hangzhou&TaskId=t-23ym6mvro",
        &[
            ("accept", "application/json"),
            ("x-acs-action", "DescribeTaskAttribute"),
            ("x-acs-version", "2014-05-26"),
            (
                "x-acs-content-sha256",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
        ],
    );
    let replay = ReplayTransport::new(vec![ReplayEvent::new(
        request,
        json(200, &task("Finished", "100%")),
    )]);
    let client = make_client(replay.clone(), &clock);
    let out = client
        .describe_task_attribute()
        .task_id("t-23ym6mvro")
        .send()
        .await
        .unwrap();
    assert_eq!(out.task_process.as_deref(), Some("100%"));
    replay.assert_requests_match(&[]);
    let sent = &replay.requests()[0];
    assert_eq!(header(sent, "x-acs-date"), Some("2024-05-01T08:00:00Z"));
    let auth = header(sent, "authorization").unwrap();
    assert!(
        auth.starts_with("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;"),
        "{auth}"
    );
    assert!(
        header(sent, "user-agent")
            .unwrap()
            .starts_with("AlibabaCloud (")
    );
}

#[tokio::test]
async fn v1_request_carries_everything_in_the_query_and_verifies() {
    let clock = clock();
    let capture = alicloud_ecs::test_util::CaptureTransport::with_response(xml(
        200,
        "<DescribeTasksResponse><RequestId>R</RequestId><TotalCount>0</TotalCount><TaskSet/></DescribeTasksResponse>",
    ));
    let client = client_with(capture.clone(), &clock, |b| {
        b.signature_version(SignatureVersion::V1)
            .format(Format::Xml)
    });
    let out = client
        .describe_tasks()
        .task_ids(["t-1", "t-2"])
        .resource_ids(["m-a b*c~d", "镜像+1"])
        .task_status("Finished")
        .send()
        .await
        .unwrap();
    assert_eq!(out.total_count, Some(0));
    let sent = capture.last_request().unwrap();
    let q = query(&sent);
    let names: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
    for name in [
        "AccessKeyId",
        "Action",
        "Format",
        "RegionId",
        "ResourceIds.1",
        "ResourceIds.2",
        "Signature",
        "SignatureMethod",
        "SignatureNonce",
        "SignatureVersion",
        "TaskIds",
        "TaskStatus",
        "Timestamp",
        "Version",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert_eq!(param(&sent, "Format").as_deref(), Some("XML"));
    assert_eq!(param(&sent, "TaskIds").as_deref(), Some("t-1,t-2"));
    assert_eq!(param(&sent, "ResourceIds.2").as_deref(), Some("镜像+1"));
    let pairs: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let verifiable =
        alicloud_signer::VerifiableRequest::new("POST", "ecs-cn-hangzhou.aliyuncs.com", "/")
            .with_query(&pairs);
    let verified = alicloud_signer::verify(&verifiable, |id| {
        (id == "testid").then(|| alicloud_ecs::Credentials::new("testid", "testsecret"))
    })
    .unwrap();
    assert_eq!(verified.action.as_deref(), Some("DescribeTasks"));
}

#[tokio::test]
async fn errors_are_read_by_content_type_and_displayed_readably() {
    let clock = clock();
    let body = "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>7A4A</RequestId><HostId>ecs.cn-hangzhou.aliyuncs.com</HostId><Code>InvalidTaskId.NotFound</Code><Message>The specified \"TaskId\" is not found.</Message><Recommend><![CDATA[https://api.aliyun.com/troubleshoot?q=InvalidTaskId.NotFound]]></Recommend></Error>";
    let client = make_client(FnTransport::new(move |_| Ok(xml(400, body))), &clock);
    let e = client
        .describe_task_attribute()
        .task_id("t-x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(codes::INVALID_TASK_ID_NOT_FOUND));
    assert_eq!(e.request_id(), Some("7A4A"));
    assert_eq!(e.http_status(), Some(400));
    assert_eq!(
        e.recommend(),
        Some("https://api.aliyun.com/troubleshoot?q=InvalidTaskId.NotFound")
    );
    assert!(e.is_not_found() && !e.is_retryable() && !e.is_throttling());
    assert_eq!(
        e.to_string(),
        "InvalidTaskId.NotFound: The specified \"TaskId\" is not found. (RequestId 7A4A, HTTP 400)"
    );

    let client = make_client(
        FnTransport::new(|_| Ok(json(200, "{\"TotalCount\": {}"))),
        &clock,
    );
    let e = client
        .describe_task_attribute()
        .task_id("t-x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Response(_)), "{e:?}");
    assert_eq!(
        e.raw_response().unwrap().body().as_ref(),
        b"{\"TotalCount\": {}"
    );
}

#[tokio::test]
async fn missing_parameters_and_regions_are_construction_errors() {
    let clock = clock();
    let never = NeverTransport::new();
    let client = make_client(never.clone(), &clock);
    let e = client.describe_task_attribute().send().await.unwrap_err();
    assert!(
        matches!(&e, Error::Construction(c) if c.message().contains("`TaskId`")),
        "{e}"
    );
    let no_region = alicloud_ecs::Client::builder()
        .credentials(alicloud_ecs::Credentials::new("id", "secret"))
        .transport(never.clone())
        .sleep(clock.clone())
        .build()
        .unwrap();
    let e = no_region.describe_tasks().send().await.unwrap_err();
    assert!(
        matches!(&e, Error::Construction(c) if c.message().contains("no region")),
        "{e}"
    );
    let e = alicloud_ecs::Client::builder()
        .endpoint("ftp://nope")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Construction(_)));
    assert_eq!(never.call_count(), 0);
}

fn recording(
    responses: Vec<Result<alicloud_transport::HttpResponse, TransportError>>,
) -> (FnTransport, Arc<Mutex<Vec<HttpRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let queue = Arc::new(Mutex::new(responses.into_iter()));
    let log = seen.clone();
    let t = FnTransport::new(move |req| {
        log.lock().unwrap().push(req);
        queue
            .lock()
            .unwrap()
            .next()
            .unwrap_or_else(|| Ok(error(500, "NoMoreResponses")))
    });
    (t, seen)
}

#[tokio::test]
async fn throttling_is_retried_for_any_operation_with_a_fresh_signature() {
    let clock = clock();
    let (t, seen) = recording(vec![
        Ok(error(400, "Throttling.User")),
        Ok(json(200, r#"{"RequestId":"ok"}"#)),
    ]);
    let client = make_client(t, &clock);
    client.cancel_task().task_id("t-1").send().await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_ne!(
        header(&seen[0], "x-acs-signature-nonce"),
        header(&seen[1], "x-acs-signature-nonce")
    );
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1);
    assert!(sleeps[0] <= Duration::from_millis(500), "{sleeps:?}");
}

#[tokio::test]
async fn server_errors_are_retried_only_when_repeating_is_harmless() {
    let clock = clock();
    let (t, seen) = recording(vec![Ok(error(503, "ServiceUnavailable")); 5]);
    let e = make_client(t, &clock)
        .describe_tasks()
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ServiceUnavailable"));
    assert_eq!(
        seen.lock().unwrap().len(),
        3,
        "idempotent: default 3 attempts"
    );

    let (t, seen) = recording(vec![Ok(error(503, "ServiceUnavailable")); 5]);
    let client = make_client(t, &clock);
    client
        .cancel_task()
        .task_id("t-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "CancelTask is not idempotent"
    );

    let (t, seen) = recording(vec![
        Ok(error(500, "InternalError")),
        Ok(json(200, r#"{"TaskId":"t-9","ImageId":"m-9"}"#)),
    ]);
    let out = make_client(t, &clock)
        .import_image()
        .disk_device_mapping([alicloud_ecs::model::import_image::DiskDeviceMapping::new()
            .oss_bucket("b")
            .oss_object("o.qcow2")])
        .send()
        .await
        .unwrap();
    assert_eq!(out.task_id.as_deref(), Some("t-9"));
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.len(),
        2,
        "ImportImage carries a ClientToken, so it is retried"
    );
    let token = param(&seen[0], "ClientToken").expect("a ClientToken is set automatically");
    assert_eq!(
        param(&seen[1], "ClientToken"),
        Some(token),
        "the same token on every attempt"
    );
}

#[tokio::test]
async fn transport_failures_retry_only_when_never_sent_or_harmless() {
    let clock = clock();
    let (t, seen) = recording(vec![
        Err(TransportError::connect("refused")),
        Ok(json(200, r#"{"RequestId":"ok"}"#)),
    ]);
    make_client(t, &clock)
        .cancel_task()
        .task_id("t-1")
        .send()
        .await
        .unwrap();
    assert_eq!(seen.lock().unwrap().len(), 2);

    let (t, seen) = recording(vec![
        Err(TransportError::io("connection reset")),
        Ok(json(200, r#"{"RequestId":"ok"}"#)),
    ]);
    let e = make_client(t, &clock)
        .cancel_task()
        .task_id("t-1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Dispatch(_)) && e.is_retryable());
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "may have been sent: not retried for CancelTask"
    );
}

#[tokio::test]
async fn attempt_timeouts_fire_and_count_attempts() {
    let clock = clock();
    let never = NeverTransport::new();
    let client = client_with(never.clone(), &clock, |b| {
        b.attempt_timeout(Duration::from_secs(2))
    });
    let e = client.describe_regions().send().await.unwrap_err();
    assert!(
        matches!(e, Error::Timeout(ref t) if t.limit == Duration::from_secs(2) && t.attempts == 3),
        "{e:?}"
    );
    assert_eq!(never.call_count(), 3);
    let e = client
        .describe_regions()
        .retry(RetryConfig::disabled())
        .timeout(Duration::from_secs(1))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Timeout(ref t) if t.attempts == 1),
        "{e:?}"
    );
}

#[tokio::test]
async fn the_time_budget_stops_retries() {
    let clock = clock();
    let (t, seen) = recording(vec![Ok(error(503, "ServiceUnavailable")); 10]);
    let retry = RetryConfig::standard()
        .max_attempts(10)
        .base_delay(Duration::from_secs(10))
        .budget(Duration::from_secs(1));
    let client = client_with(t, &clock, |b| b.retry(retry));
    client.describe_tasks().send().await.unwrap_err();
    let attempts = seen.lock().unwrap().len();
    assert!(attempts < 10, "{attempts} attempts");
    let slept: Duration = clock.sleeps().iter().sum();
    assert!(slept < Duration::from_secs(1), "{slept:?}");
}

#[tokio::test]
async fn without_credentials_the_chain_reports_every_source_and_does_not_hang_on_imds() {
    let clock = clock();
    let never = NeverTransport::new();
    let client = alicloud_ecs::Client::builder()
        .region("cn-hangzhou")
        .transport(never.clone())
        .sleep(clock.clone())
        .time_source(clock.clone())
        .env(alicloud_ecs::credentials::Env::from_vars(Vec::<(
            String,
            String,
        )>::new()))
        .build()
        .unwrap();
    let e = client.describe_regions().send().await.unwrap_err();
    let Error::Credentials(c) = &e else {
        panic!("{e:?}")
    };
    let text = c.to_string();
    for source in ["environment", "profile", "ecs"] {
        assert!(
            text.to_lowercase().contains(source),
            "{source} missing from: {text}"
        );
    }
    assert!(never.call_count() >= 1, "the metadata service was asked");
    assert!(
        clock.sleeps().iter().all(|d| *d <= Duration::from_secs(1)),
        "{:?}",
        clock.sleeps()
    );
}

#[tokio::test]
async fn an_attempt_never_outlives_the_call_budget() {
    let clock = clock();
    let never = NeverTransport::new();
    let client = client_with(never.clone(), &clock, |b| {
        b.retry(RetryConfig::standard().budget(Duration::from_secs(5)))
    });
    let e = client.describe_regions().send().await.unwrap_err();
    assert!(
        matches!(e, Error::Timeout(ref t) if t.limit == Duration::from_secs(5) && t.attempts == 1),
        "{e:?}"
    );
    assert_eq!(never.call_count(), 1);
}

#[tokio::test]
async fn security_tokens_echoed_by_the_server_are_redacted() {
    let clock = clock();
    let token = "CAIS+token/with=chars";
    let twice =
        alicloud_signer::encode::percent_encode(&alicloud_signer::encode::percent_encode(token));
    let body = format!(
        r#"{{"RequestId":"R","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3D{twice}%26Version%3D2014-05-26"}}"#
    );
    let client = client_with(
        FnTransport::new(move |_| Ok(json(400, &body))),
        &clock,
        |b| {
            b.signature_version(SignatureVersion::V1).credentials(
                alicloud_ecs::Credentials::new("STS.id", "sts-secret").with_security_token(token),
            )
        },
    );
    let e = client.describe_regions().send().await.unwrap_err();
    let shown = format!("{e} {e:?}");
    assert!(
        shown.contains("server string to sign is:POST&%2F&SecurityToken%3D** redacted **"),
        "{shown}"
    );
    assert!(
        !shown.contains(&twice) && !shown.contains("token"),
        "{shown}"
    );
}
