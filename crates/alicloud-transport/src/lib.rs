//! The HTTP transport abstraction of the alicloud-rs SDK.
//!
//! Every request the SDK sends goes through one small trait, [`Transport`]: it takes an
//! [`HttpRequest`] (`http::Request<Bytes>`) and returns a [`TransportFuture`] resolving to an
//! [`HttpResponse`] or a [`TransportError`]. The trait is dyn-compatible and does not depend on
//! any async runtime, so an application can plug in its own HTTP stack, wrap the default one, or
//! use a fake in tests. The production implementation (hyper 1 and rustls) lives in the
//! `alicloud-transport-hyper` crate.
//!
//! Time is injected the same way: retries sleep through [`Sleep`] and read the clock through
//! [`TimeSource`], so they work on any runtime and can be tested without waiting.
//!
//! With the `test-util` feature, the [`test_util`] module provides replay, capture, closure and
//! never-answering transports and a manual clock.
//!
//! # Writing a transport
//!
//! A transport that wraps another one and logs each exchange:
//!
//! ```
//! use alicloud_transport::{HttpRequest, Transport, TransportFuture};
//!
//! #[derive(Debug)]
//! struct Logging<T> {
//!     inner: T,
//! }
//!
//! impl<T: Transport> Transport for Logging<T> {
//!     fn send(&self, request: HttpRequest) -> TransportFuture {
//!         let line = format!("{} {}", request.method(), request.uri());
//!         let response = self.inner.send(request);
//!         TransportFuture::new(async move {
//!             let result = response.await;
//!             match &result {
//!                 Ok(response) => eprintln!("{line} -> {}", response.status()),
//!                 Err(error) => eprintln!("{line} -> {error}"),
//!             }
//!             result
//!         })
//!     }
//! }
//!
//! // Any transport can be wrapped, including another user-written one.
//! #[derive(Debug)]
//! struct AlwaysOk;
//!
//! impl Transport for AlwaysOk {
//!     fn send(&self, _request: HttpRequest) -> TransportFuture {
//!         TransportFuture::ready(Ok(http::Response::new(bytes::Bytes::from_static(b"{}"))))
//!     }
//! }
//!
//! let transport = Logging { inner: AlwaysOk };
//! let future = transport.send(http::Request::new(bytes::Bytes::new()));
//! # let mut future = future;
//! # let poll = std::pin::Pin::new(&mut future)
//! #     .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
//! # use std::future::Future;
//! # assert!(matches!(poll, std::task::Poll::Ready(Ok(_))));
//! ```
//!
//! An adapter for another HTTP client follows the same pattern: convert the request, call the
//! client inside the future, convert the response, and map its errors to [`TransportError`]
//! (choosing [`TransportError::connect`] when the request certainly did not leave the process).
#![forbid(unsafe_code)]

mod error;
mod time;
mod transport;

#[cfg(feature = "test-util")]
pub mod test_util;

pub use error::{BoxError, TransportError, TransportErrorKind};
pub use time::{SharedSleep, SharedTimeSource, Sleep, SleepFuture, SystemTimeSource, TimeSource};
pub use transport::{HttpRequest, HttpResponse, SharedTransport, Transport, TransportFuture};
