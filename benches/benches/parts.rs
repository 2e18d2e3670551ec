//! Where the SDK's time per call goes, piece by piece, to explain the end-to-end ratio:
//!
//! - the CPU work of one call without any network: the whole SDK path with a transport that
//!   answers instantly with a recorded emulator response, against the bare baseline's signing
//!   and request building; and the pieces inside it (signing, parsing);
//! - the transport alone: an unsigned `GET` of the emulator's control route
//!   `/_emulator/clock` over keep-alive loopback, through the SDK's `HyperTransport` and through
//!   the bare hyper-util client.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::LazyLock;

use alicloud_benches::{ACTION, BareClient, REGION, TASK_ID, VERSION, sdk_describe};
use alicloud_ecs::model::{DescribeTaskAttributeResponse, Format, from_slice};
use alicloud_ecs::test_util::FnTransport;
use alicloud_ecs::{Client, Credentials};
use alicloud_ecs_emulator::{Emulator, EmulatorHandle};
use alicloud_signer::{SignableRequest, SigningParams, sign_v3};
use alicloud_transport::Transport;
use alicloud_transport_hyper::HyperTransport;
use bytes::Bytes;
use divan::{Bencher, black_box};
use http_body_util::Empty;
use time::OffsetDateTime;
use tokio::runtime::Runtime;

fn main() {
    divan::main();
}

struct Setup {
    runtime: Runtime,
    endpoint: String,
    credentials: Credentials,
    /// A recorded 200 response to DescribeTaskAttribute (JSON).
    response: http::Response<Bytes>,
    bare: BareClient,
    transport: HyperTransport,
    _emulator: EmulatorHandle,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let emulator = runtime
        .block_on(Emulator::builder().speed(0.0).seed(1).start())
        .expect("emulator starts");
    let endpoint = emulator.endpoint();
    let credentials = emulator.default_credentials();
    let bare = BareClient::new(&endpoint, credentials.clone()).expect("bare client");
    let body = runtime
        .block_on(bare.describe())
        .expect("a recorded response");
    let response = http::Response::builder()
        .header(http::header::CONTENT_TYPE, "application/json;charset=utf-8")
        .body(body)
        .expect("response");
    Setup {
        runtime,
        endpoint,
        credentials,
        response,
        bare,
        transport: HyperTransport::new().expect("transport"),
        _emulator: emulator,
    }
});

fn clock_uri() -> String {
    format!("{}/_emulator/clock", SETUP.endpoint)
}

/// The whole SDK call (request, credentials, signing, retry loop, span, parsing) with a
/// transport that answers at once: the SDK's CPU cost per call, minus the network.
#[divan::bench]
fn sdk_call_without_network(bencher: Bencher<'_, '_>) {
    let setup = &*SETUP;
    let response = setup.response.clone();
    let client = Client::builder()
        .region(REGION)
        .endpoint(&setup.endpoint)
        .credentials(setup.credentials.clone())
        .transport(FnTransport::new(move |_| Ok(response.clone())))
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    bencher.bench_local(|| runtime.block_on(sdk_describe(&client)).unwrap());
}

/// The baseline's CPU work before sending: sign and build the request.
#[divan::bench]
fn bare_request_without_network() -> http::Request<Empty<Bytes>> {
    SETUP.bare.request().unwrap()
}

/// Signing as the SDK does it (POST, fresh nonce and time, V3).
#[divan::bench]
fn sign_v3_with_nonce() {
    let setup = &*SETUP;
    let host = setup.endpoint.trim_start_matches("http://");
    let query = [("RegionId", REGION), ("TaskId", TASK_ID)];
    let signable = SignableRequest::new("POST", host, ACTION, VERSION).with_query(&query);
    let nonce = alicloud_signer::nonce();
    let params = SigningParams::new(&setup.credentials, OffsetDateTime::now_utc(), &nonce);
    black_box(sign_v3(black_box(&signable), &params).unwrap());
}

/// A fresh signature nonce.
#[divan::bench]
fn nonce() -> String {
    alicloud_signer::nonce()
}

/// Reading the recorded response body into the typed response.
#[divan::bench]
fn parse_response_json() -> DescribeTaskAttributeResponse {
    from_slice(Format::Json, black_box(SETUP.response.body())).unwrap()
}

/// An unsigned GET of the control route through the SDK's default transport.
#[divan::bench(sample_count = 400, sample_size = 25)]
fn hyper_transport_get(bencher: Bencher<'_, '_>) {
    let setup = &*SETUP;
    let uri = clock_uri();
    bencher.bench_local(|| {
        let request = http::Request::get(&uri).body(Bytes::new()).unwrap();
        let response = setup
            .runtime
            .block_on(setup.transport.send(request))
            .unwrap();
        assert!(response.status().is_success());
    });
}

/// The same GET through the bare hyper-util client.
#[divan::bench(sample_count = 400, sample_size = 25)]
fn bare_hyper_get(bencher: Bencher<'_, '_>) {
    let setup = &*SETUP;
    let uri = clock_uri();
    bencher.bench_local(|| {
        let request = http::Request::get(&uri).body(Empty::new()).unwrap();
        setup.runtime.block_on(setup.bare.send(request)).unwrap();
    });
}
