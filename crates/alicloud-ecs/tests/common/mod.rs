//! Shared helpers for the facade's tests: a client wired to a test transport and a manual
//! clock, and canned HTTP responses.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, SystemTime};

use alicloud_ecs::credentials::Env;
use alicloud_ecs::test_util::ManualClock;
use alicloud_ecs::{Client, Credentials, RetryConfig};
use alicloud_transport::{HttpRequest, HttpResponse, Transport};
use bytes::Bytes;

/// 2024-05-01T08:00:00Z, the clock's start.
pub(crate) fn start() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_550_400)
}

pub(crate) fn clock() -> ManualClock {
    ManualClock::new(start())
}

/// A client in cn-hangzhou with static credentials, the given transport, and `clock` for
/// both time and sleeping.
pub(crate) fn make_client(transport: impl Transport + 'static, clock: &ManualClock) -> Client {
    client_with(transport, clock, |b| b)
}

pub(crate) fn client_with(
    transport: impl Transport + 'static,
    clock: &ManualClock,
    f: impl FnOnce(alicloud_ecs::ClientBuilder) -> alicloud_ecs::ClientBuilder,
) -> Client {
    let builder = Client::builder()
        .region("cn-hangzhou")
        .credentials(Credentials::new("testid", "testsecret"))
        .transport(transport)
        .sleep(clock.clone())
        .time_source(clock.clone())
        .env(Env::from_vars(Vec::<(String, String)>::new()))
        .retry(RetryConfig::standard());
    f(builder).build().unwrap()
}

pub(crate) fn json(status: u16, body: &str) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json;charset=utf-8")
        .body(Bytes::copy_from_slice(body.as_bytes()))
        .unwrap()
}

pub(crate) fn xml(status: u16, body: &str) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("content-type", "text/xml;charset=utf-8")
        .body(Bytes::copy_from_slice(body.as_bytes()))
        .unwrap()
}

pub(crate) fn error(status: u16, code: &str) -> HttpResponse {
    json(
        status,
        &format!(
            r#"{{"RequestId":"REQ-{code}","HostId":"ecs-cn-hangzhou.aliyuncs.com","Code":"{code}","Message":"{code} happened","Recommend":"https://example.invalid/{code}"}}"#
        ),
    )
}

/// The decoded query parameters of a request.
pub(crate) fn query(request: &HttpRequest) -> Vec<(String, String)> {
    alicloud_signer::encode::parse_query(request.uri().query().unwrap_or("")).unwrap()
}

pub(crate) fn param(request: &HttpRequest, name: &str) -> Option<String> {
    query(request)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

pub(crate) fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

pub(crate) fn task(status: &str, process: &str) -> String {
    format!(
        r#"{{"RequestId":"R","TaskId":"t-1","RegionId":"cn-hangzhou","TaskAction":"ImportImage","TaskStatus":"{status}","TaskProcess":"{process}","SupportCancel":"false","TotalCount":1,"SuccessCount":0,"FailedCount":0,"CreationTime":"2024-05-01T08:00Z","OperationProgressSet":{{"OperationProgress":[]}}}}"#
    )
}
