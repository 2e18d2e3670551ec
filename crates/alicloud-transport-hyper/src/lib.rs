//! The default transport of the alicloud-rs SDK: hyper 1 with rustls over ring.
//!
//! [`HyperTransport`] implements [`alicloud_transport::Transport`] with a pooled hyper-util
//! client:
//!
//! - HTTP/1.1 with keep-alive, and HTTP/2 when the server offers it through ALPN;
//! - TLS by rustls with the ring provider passed explicitly (the process-wide default provider
//!   is never used or installed); the Mozilla roots by default, the operating system's store
//!   with the `native-roots` feature, extra roots or a whole `rustls::ClientConfig` on request;
//!   certificate verification is never turned off;
//! - plain `http://` (for a local emulator);
//! - a connect timeout (TCP, proxy tunnel and TLS handshake), a request timeout (until the whole
//!   body is read) and a response size limit (16 MiB by default; a larger body is an error, read
//!   no further than the limit);
//! - `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY` from the environment, or an
//!   explicit [`ProxyConfig`];
//! - failures classified as [`TransportError`](alicloud_transport::TransportError)s that tell
//!   whether the request can have reached the server.
//!
//! It needs a tokio runtime with the time driver enabled; [`TokioSleep`] is the matching
//! [`Sleep`](alicloud_transport::Sleep).
//!
//! ```no_run
//! use std::time::Duration;
//! use alicloud_transport::Transport;
//! use alicloud_transport_hyper::HyperTransport;
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let transport = HyperTransport::builder()
//!     .connect_timeout(Duration::from_secs(3))
//!     .request_timeout(Duration::from_secs(20))
//!     .build()?;
//! let request = http::Request::get("https://ecs.aliyuncs.com/").body(bytes::Bytes::new())?;
//! let response = transport.send(request).await?;
//! println!("{}", response.status());
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

mod builder;
mod classify;
mod connector;
mod proxy;
mod sleep;
mod transport;

pub use alicloud_transport::SystemTimeSource;
pub use builder::{BuildError, HyperTransportBuilder};
pub use proxy::ProxyConfig;
pub use sleep::TokioSleep;
pub use transport::HyperTransport;
