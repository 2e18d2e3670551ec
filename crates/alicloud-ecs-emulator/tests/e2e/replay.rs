//! Replay protection: nonces are never forgotten inside their window, a full nonce memory
//! refuses new requests with 503 instead, and a blank nonce is a missing one.

use http::HeaderValue;

use crate::support::{Reply, TestEmulator, frozen, send};

#[tokio::test]
async fn a_full_nonce_memory_refuses_new_requests_and_forgets_nothing() {
    // Timestamps have whole seconds: this leaves at least two seconds for the requests that
    // must fall inside the window.
    let window = std::time::Duration::from_secs(3);
    let emu = TestEmulator::start(frozen().nonce_capacity(2).max_clock_skew(window)).await;
    let first = emu.call("DescribeRegions").nonce("first");
    let second = emu
        .call("DescribeRegions")
        .nonce("second")
        .v1()
        .format("JSON");
    emu.send(&first).await.ok();
    emu.send(&second).await.ok();

    // Full: a new nonce is refused as a temporary condition, in the usual error envelope…
    let json = emu.send(&emu.call("DescribeRegions").nonce("third")).await;
    let message = json.expect_error(503, "ServiceUnavailable");
    assert!(message.contains("nonce"), "{message}");
    assert!(json.json()["RequestId"].is_string());
    assert!(json.headers.contains_key("x-acs-request-id"));
    let xml = emu
        .send(&emu.call("DescribeRegions").nonce("fourth").v1())
        .await;
    assert_eq!(xml.content_type(), "text/xml;charset=utf-8");
    xml.expect_error(503, "ServiceUnavailable");
    assert!(xml.body.contains("<Error><RequestId>"), "{}", xml.body);

    // …and the nonces it holds were not evicted to make room: replays are still caught.
    emu.send(&first)
        .await
        .expect_error(400, "SignatureNonceUsed");
    emu.send(&second)
        .await
        .expect_error(400, "SignatureNonceUsed");

    // Once their window has passed they are dropped, and there is room again; the refused
    // request did not use up its nonce.
    tokio::time::sleep(window + std::time::Duration::from_millis(1_100)).await;
    emu.send(&emu.call("DescribeRegions").nonce("third"))
        .await
        .ok();
    emu.send(&emu.call("DescribeRegions").nonce("fifth"))
        .await
        .ok();
}

#[tokio::test]
async fn unauthenticated_requests_do_not_fill_the_nonce_memory() {
    let emu = TestEmulator::start(frozen().nonce_capacity(1)).await;
    let stranger = alicloud_ecs_emulator::Credentials::new("nobody", "secret");
    for i in 0..5 {
        let call = emu
            .call("DescribeRegions")
            .credentials(stranger.clone())
            .nonce(&format!("n-{i}"));
        emu.send(&call)
            .await
            .expect_error(404, "InvalidAccessKeyId.NotFound");
    }
    emu.send(&emu.call("DescribeRegions")).await.ok();
}

#[test]
fn a_zero_nonce_capacity_is_a_configuration_error() {
    let err = frozen().nonce_capacity(0).build().unwrap_err();
    assert!(err.to_string().contains("nonce capacity"), "{err}");
}

async fn send_raw(emu: &TestEmulator, request: http::Request<bytes::Bytes>) -> Reply {
    send(&emu.client, &emu.handle.endpoint(), request)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_blank_nonce_is_a_missing_parameter() {
    let emu = TestEmulator::frozen().await;
    for blank in ["", "%20%20"] {
        let request = emu
            .call("DescribeRegions")
            .v1()
            .format("JSON")
            .request(&emu.host());
        let (mut parts, body) = request.into_parts();
        let uri = parts.uri.to_string();
        let start = uri.find("SignatureNonce=").unwrap() + "SignatureNonce=".len();
        let end = start + uri[start..].find('&').unwrap_or(uri.len() - start);
        parts.uri = format!("{}{blank}{}", &uri[..start], &uri[end..])
            .parse()
            .unwrap();
        let reply = send_raw(&emu, http::Request::from_parts(parts, body)).await;
        let message = reply.expect_error(400, "MissingParameter");
        assert!(message.contains("\"SignatureNonce\""), "{message}");
    }
    for blank in ["", "  "] {
        let mut request = emu.call("DescribeRegions").request(&emu.host());
        request.headers_mut().insert(
            "x-acs-signature-nonce",
            HeaderValue::from_str(blank).unwrap(),
        );
        let reply = send_raw(&emu, request).await;
        let message = reply.expect_error(400, "MissingParameter");
        assert!(message.contains("\"x-acs-signature-nonce\""), "{message}");
    }
}
