//! Simple transports for tests: [`CaptureTransport`], [`FnTransport`] and [`NeverTransport`].

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::{clone_request, clone_response, lock};
use crate::{HttpRequest, HttpResponse, Transport, TransportError, TransportFuture};

/// Records every request and answers each with the same response.
///
/// ```
/// use alicloud_transport::Transport;
/// use alicloud_transport::test_util::CaptureTransport;
///
/// let capture = CaptureTransport::new();
/// let _response = capture.send(http::Request::new(bytes::Bytes::from_static(b"a=1")));
/// assert_eq!(capture.requests().len(), 1);
/// assert_eq!(capture.last_request().map(|r| r.into_body()).as_deref(), Some(&b"a=1"[..]));
/// ```
#[derive(Clone, Debug)]
pub struct CaptureTransport {
    response: Arc<HttpResponse>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl CaptureTransport {
    /// Answers `200 OK` with an empty body.
    pub fn new() -> Self {
        Self::with_response(http::Response::new(bytes::Bytes::new()))
    }

    /// Answers every request with a copy of `response`.
    pub fn with_response(response: HttpResponse) -> Self {
        Self {
            response: Arc::new(response),
            requests: Arc::default(),
        }
    }

    /// Copies of the requests received so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        lock(&self.requests).iter().map(clone_request).collect()
    }

    /// A copy of the most recent request, if any.
    pub fn last_request(&self) -> Option<HttpRequest> {
        lock(&self.requests).last().map(clone_request)
    }
}

impl Default for CaptureTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport for CaptureTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        lock(&self.requests).push(request);
        TransportFuture::ready(Ok(clone_response(&self.response)))
    }
}

type SendFn = dyn Fn(HttpRequest) -> TransportFuture + Send + Sync;

/// A transport backed by a closure.
///
/// ```
/// use alicloud_transport::{Transport, TransportError};
/// use alicloud_transport::test_util::FnTransport;
///
/// let transport = FnTransport::new(|request| {
///     if request.uri().path() == "/down" {
///         return Err(TransportError::connect("refused"));
///     }
///     Ok(http::Response::new(bytes::Bytes::from_static(b"ok")))
/// });
/// # let _ = transport;
/// ```
#[derive(Clone)]
pub struct FnTransport {
    send: Arc<SendFn>,
}

impl FnTransport {
    /// A transport that answers each request with `f(request)`.
    pub fn new<F>(f: F) -> Self
    where
        F: Fn(HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
    {
        Self {
            send: Arc::new(move |request| TransportFuture::ready(f(request))),
        }
    }

    /// A transport that answers each request with the future `f(request)` resolves to.
    pub fn new_async<F, Fut>(f: F) -> Self
    where
        F: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<HttpResponse, TransportError>> + Send + 'static,
    {
        Self {
            send: Arc::new(move |request| TransportFuture::new(f(request))),
        }
    }
}

impl fmt::Debug for FnTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FnTransport").finish_non_exhaustive()
    }
}

impl Transport for FnTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        (self.send)(request)
    }
}

/// A transport whose responses never arrive, for testing timeouts.
#[derive(Clone, Debug, Default)]
pub struct NeverTransport {
    calls: Arc<AtomicUsize>,
}

impl NeverTransport {
    /// A transport that never answers.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many requests were sent to it.
    pub fn call_count(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl Transport for NeverTransport {
    fn send(&self, _request: HttpRequest) -> TransportFuture {
        self.calls.fetch_add(1, Ordering::SeqCst);
        TransportFuture::new(std::future::pending())
    }
}

#[cfg(test)]
mod tests {
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};

    use super::*;
    use crate::TransportErrorKind;

    fn poll(mut future: TransportFuture) -> Poll<Result<HttpResponse, TransportError>> {
        Pin::new(&mut future).poll(&mut Context::from_waker(Waker::noop()))
    }

    fn get(path: &str) -> HttpRequest {
        http::Request::get(path)
            .body(bytes::Bytes::new())
            .unwrap_or_default()
    }

    #[test]
    fn capture_records_and_answers_with_copies() {
        let response = http::Response::builder()
            .status(404)
            .header("x-acs-request-id", "r-1")
            .body(bytes::Bytes::from_static(b"{}"))
            .unwrap_or_default();
        let capture = CaptureTransport::with_response(response);
        let handle = capture.clone();
        for path in ["/a", "/b"] {
            let Poll::Ready(Ok(response)) = poll(capture.send(get(path))) else {
                panic!("capture answers at once");
            };
            assert_eq!(response.status(), 404);
            assert_eq!(response.headers()["x-acs-request-id"], "r-1");
            assert_eq!(response.body().as_ref(), b"{}");
        }
        let paths: Vec<String> = handle
            .requests()
            .iter()
            .map(|r| r.uri().to_string())
            .collect();
        assert_eq!(paths, ["/a", "/b"]);
        assert_eq!(
            handle
                .last_request()
                .map(|r| r.uri().to_string())
                .as_deref(),
            Some("/b")
        );
        assert!(CaptureTransport::default().last_request().is_none());
    }

    #[test]
    fn fn_transport_sync_and_async() {
        let sync = FnTransport::new(|request| {
            if request.uri().path() == "/down" {
                Err(TransportError::connect("refused"))
            } else {
                Ok(http::Response::new(bytes::Bytes::from_static(b"up")))
            }
        });
        assert!(matches!(poll(sync.send(get("/up"))), Poll::Ready(Ok(_))));
        let Poll::Ready(Err(err)) = poll(sync.send(get("/down"))) else {
            panic!("expected an error");
        };
        assert_eq!(err.kind(), TransportErrorKind::Connect);

        let asynchronous = FnTransport::new_async(|request: HttpRequest| async move {
            Ok(http::Response::new(request.into_body()))
        });
        let Poll::Ready(Ok(response)) = poll(asynchronous.send(get("/"))) else {
            panic!("the async closure resolves at once");
        };
        assert!(response.body().is_empty());
        assert_eq!(format!("{asynchronous:?}"), "FnTransport { .. }");
    }

    #[test]
    fn never_transport_stays_pending() {
        let never = NeverTransport::new();
        assert!(poll(never.clone().send(get("/"))).is_pending());
        assert_eq!(never.call_count(), 1);
    }
}
