//! Loopback tests of `HyperTransport`: plain HTTP behaviour, TLS and proxies, each against a
//! local server started by the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    unreachable_pub
)]

mod http1;
mod proxy;
mod servers;
mod tls;

use alicloud_transport::{HttpRequest, HttpResponse, Transport, TransportError};
use alicloud_transport_hyper::{HyperTransport, HyperTransportBuilder};
use bytes::Bytes;

/// A builder that ignores the machine's proxy variables, so tests behave the same everywhere.
fn builder() -> HyperTransportBuilder {
    HyperTransport::builder().proxy_from_env(false)
}

fn get(url: &str) -> HttpRequest {
    http::Request::get(url).body(Bytes::new()).unwrap()
}

async fn send(transport: &HyperTransport, url: &str) -> Result<HttpResponse, TransportError> {
    transport.send(get(url)).await
}
