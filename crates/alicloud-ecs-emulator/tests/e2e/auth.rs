//! Signature and gateway checks, over HTTP with raw signed requests.

use alicloud_ecs_emulator::Credentials;
use alicloud_signer::{SignableRequest, SigningParams, sign_v1};
use time::{Duration, OffsetDateTime};

use crate::support::{TestEmulator, frozen};

const SEED_TASK: &str = "t-23ym6mvro";

#[tokio::test]
async fn v1_and_v3_requests_succeed_in_every_transport_form() {
    let emu = TestEmulator::frozen().await;
    let base = || {
        emu.call("DescribeTaskAttribute")
            .region("cn-hangzhou")
            .param("TaskId", SEED_TASK)
    };
    for call in [
        base(),
        base().get(),
        base().v1().format("JSON"),
        base().v1().format("json").get(),
        base().v1().format("JSON").form(),
        // The tea SDKs' `formData` operations: V3 with the parameters in a hashed form body.
        base().form(),
        // The legacy Python core SDK: RegionId in the query and in the form body, signed once.
        base().v1().format("JSON").form().also_in_query("RegionId"),
        base().form().also_in_query("RegionId"),
    ] {
        let body = emu.send(&call).await.ok();
        assert_eq!(body["TaskId"], SEED_TASK, "{call:?}");
    }
}

#[tokio::test]
async fn a_v3_form_body_is_covered_by_the_signature() {
    let emu = TestEmulator::frozen().await;
    let call = emu
        .call("DescribeTaskAttribute")
        .region("cn-hangzhou")
        .param("TaskId", SEED_TASK)
        .form();
    let mut request = call.request(&emu.host());
    *request.body_mut() = bytes::Bytes::from_static(b"RegionId=cn-hangzhou&TaskId=t-other");
    let reply = crate::support::send(&emu.client, &emu.handle.endpoint(), request)
        .await
        .unwrap();
    assert_eq!(reply.status, 400, "{}", reply.body);
}

#[tokio::test]
async fn unknown_access_key_is_not_found() {
    let emu = TestEmulator::frozen().await;
    let stranger = Credentials::new("nobody", "secret");
    for call in [
        emu.call("DescribeRegions").credentials(stranger.clone()),
        emu.call("DescribeRegions")
            .credentials(stranger)
            .v1()
            .format("JSON"),
    ] {
        emu.send(&call)
            .await
            .expect_error(404, "InvalidAccessKeyId.NotFound");
    }
}

#[tokio::test]
async fn wrong_secret_reports_the_server_string_to_sign() {
    let emu = TestEmulator::frozen().await;
    let wrong = Credentials::new("emulator-access-key", "not-the-secret");
    let call = emu
        .call("DescribeRegions")
        .credentials(wrong.clone())
        .v1()
        .format("JSON")
        .nonce("fixed-nonce")
        .at(OffsetDateTime::now_utc());
    let message = emu
        .send(&call)
        .await
        .expect_error(400, "SignatureDoesNotMatch");
    // The server's string-to-sign equals the one the client signed: only the secret differs.
    let query = [("Format", "JSON")];
    let signable =
        SignableRequest::new("POST", "h", "DescribeRegions", "2014-05-26").with_query(&query);
    let client_side = sign_v1(
        &signable,
        &SigningParams::new(&wrong, call.time.unwrap(), "fixed-nonce"),
    )
    .unwrap();
    assert_eq!(
        message,
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{}",
            client_side.string_to_sign()
        )
    );
    let v3 = emu.call("DescribeRegions").credentials(wrong);
    let message = emu
        .send(&v3)
        .await
        .expect_error(400, "SignatureDoesNotMatch");
    assert!(
        message.contains("server string to sign is:ACS3-HMAC-SHA256\n"),
        "{message}"
    );
}

#[tokio::test]
async fn stale_or_future_timestamps_are_expired() {
    let emu = TestEmulator::frozen().await;
    let now = OffsetDateTime::now_utc();
    for at in [now - Duration::minutes(16), now + Duration::minutes(16)] {
        for call in [
            emu.call("DescribeRegions").at(at),
            emu.call("DescribeRegions").at(at).v1().format("JSON"),
        ] {
            emu.send(&call)
                .await
                .expect_error(400, "InvalidTimeStamp.Expired");
        }
    }
    let recent = emu.call("DescribeRegions").at(now - Duration::minutes(14));
    emu.send(&recent).await.ok();
}

#[tokio::test]
async fn reused_nonces_are_rejected() {
    let emu = TestEmulator::frozen().await;
    for call in [
        emu.call("DescribeRegions").nonce("n-1"),
        emu.call("DescribeRegions").nonce("n-2").v1().format("JSON"),
    ] {
        emu.send(&call).await.ok();
        emu.send(&call)
            .await
            .expect_error(400, "SignatureNonceUsed");
    }
}

#[tokio::test]
async fn sts_keys_need_their_token() {
    let emu =
        TestEmulator::start(frozen().sts_key("STS.id", "sts-secret", "CAIS+token/with=chars"))
            .await;
    let with = |token: Option<&str>| {
        let creds = Credentials::new("STS.id", "sts-secret");
        let creds = match token {
            Some(t) => creds.with_security_token(t),
            None => creds,
        };
        emu.call("DescribeRegions").credentials(creds)
    };
    emu.send(&with(Some("CAIS+token/with=chars"))).await.ok();
    emu.send(&with(Some("CAIS+token/with=chars")).v1().format("JSON"))
        .await
        .ok();
    let message = emu
        .send(&with(None))
        .await
        .expect_error(400, "MissingParameter");
    assert!(message.contains("\"SecurityToken\""), "{message}");
    emu.send(&with(Some("other")))
        .await
        .expect_error(400, "InvalidSecurityToken.MismatchWithAccessKey");
    // Configured keys replace the default pair.
    let default = emu.call("DescribeRegions").credentials(Credentials::new(
        "emulator-access-key",
        "emulator-secret-key",
    ));
    emu.send(&default)
        .await
        .expect_error(404, "InvalidAccessKeyId.NotFound");
}

#[tokio::test]
async fn missing_parameters_are_named() {
    let emu = TestEmulator::frozen().await;
    let call = emu.call("DescribeTaskAttribute").region("cn-hangzhou");
    let message = emu.send(&call).await.expect_error(400, "MissingParameter");
    assert_eq!(
        message,
        "An input parameter \"TaskId\" that is mandatory for processing the request is not supplied."
    );
    let call = emu.call("DescribeTasks").v1().format("XML");
    let message = emu.send(&call).await.expect_error(400, "MissingParameter");
    assert!(message.contains("RegionId"), "{message}");
    let unsigned = emu.call("DescribeRegions").unsigned().format("JSON");
    let message = emu
        .send(&unsigned)
        .await
        .expect_error(400, "MissingParameter");
    assert!(message.contains("\"Signature\""), "{message}");
}

#[tokio::test]
async fn unknown_actions_and_versions() {
    let emu = TestEmulator::frozen().await;
    // Actions the spec does not have; every action it has is served.
    for call in [
        emu.call("DescribeInstancez").region("cn-hangzhou"),
        emu.call("RunInstance").v1().format("JSON"),
    ] {
        emu.send(&call)
            .await
            .expect_error(404, "InvalidAction.NotFound");
    }
    let call = emu.call("DescribeRegions").version("2016-03-14");
    emu.send(&call).await.expect_error(400, "InvalidVersion");
}

#[tokio::test]
async fn xml_errors_use_the_error_envelope() {
    let emu = TestEmulator::frozen().await;
    for call in [
        emu.call("DescribeTaskAttribute")
            .region("cn-hangzhou")
            .param("TaskId", "t-nope")
            .v1(),
        emu.call("DescribeTaskAttribute")
            .region("cn-hangzhou")
            .param("TaskId", "t-nope")
            .v1()
            .format("xml"),
        emu.call("DescribeTaskAttribute")
            .region("cn-hangzhou")
            .param("TaskId", "t-nope")
            .format("XML"),
    ] {
        let reply = emu.send(&call).await;
        assert_eq!(reply.content_type(), "text/xml;charset=utf-8");
        reply.expect_error(400, "InvalidTaskId.NotFound");
        assert!(reply.body.starts_with("<?xml"), "{}", reply.body);
        assert!(reply.body.contains("<Error><RequestId>"), "{}", reply.body);
        assert!(reply.body.contains("<HostId>"), "{}", reply.body);
        assert!(reply.body.contains("<Recommend>"), "{}", reply.body);
    }
    let json = emu
        .call("DescribeTaskAttribute")
        .region("cn-hangzhou")
        .param("TaskId", "t-nope");
    let reply = emu.send(&json).await;
    assert_eq!(reply.content_type(), "application/json;charset=utf-8");
    let body = reply.json();
    assert_eq!(body["Code"], "InvalidTaskId.NotFound");
    assert_eq!(body["Message"], "The specified \"TaskId\" is not found.");
    assert!(
        body["Recommend"]
            .as_str()
            .unwrap()
            .contains("q=InvalidTaskId.NotFound")
    );
}

#[tokio::test]
async fn every_response_has_an_uppercase_request_id() {
    let emu = TestEmulator::frozen().await;
    let ok = emu.send(&emu.call("DescribeRegions")).await;
    let err = emu.send(&emu.call("DescribeRegions").version("1")).await;
    let mut seen = Vec::new();
    for reply in [ok, err] {
        let id = reply.json()["RequestId"].as_str().unwrap().to_owned();
        assert_eq!(reply.headers["x-acs-request-id"], id.as_str());
        assert_eq!(
            id.split('-').map(str::len).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(
            id.bytes()
                .all(|b| b == b'-' || b.is_ascii_digit() || b.is_ascii_uppercase())
        );
        seen.push(id);
    }
    assert_ne!(seen[0], seen[1]);
}

#[tokio::test]
async fn empty_parameters_are_accepted_and_signed() {
    let emu = TestEmulator::frozen().await;
    let legacy = emu
        .call("DescribeRegions")
        .v1()
        .format("JSON")
        .param("SignatureType", "");
    emu.send(&legacy).await.ok();
}

#[tokio::test]
async fn malformed_signatures_are_incomplete() {
    let emu = TestEmulator::frozen().await;
    let mut unsigned_header = emu.call("DescribeRegions");
    unsigned_header
        .headers
        .push(("x-acs-extra".to_owned(), "not signed".to_owned()));
    emu.send(&unsigned_header)
        .await
        .expect_error(400, "IncompleteSignature");

    let request = emu
        .call("DescribeRegions")
        .v1()
        .format("JSON")
        .request(&emu.host());
    let (mut parts, body) = request.into_parts();
    let uri = parts.uri.to_string();
    let start = uri.find("Timestamp=").unwrap() + "Timestamp=".len();
    let end = start + uri[start..].find('&').unwrap();
    parts.uri = format!("{}yesterday{}", &uri[..start], &uri[end..])
        .parse()
        .unwrap();
    let reply = crate::support::send(
        &emu.client,
        &emu.handle.endpoint(),
        http::Request::from_parts(parts, body),
    )
    .await
    .unwrap();
    reply.expect_error(400, "InvalidTimeStamp.Format");
}
