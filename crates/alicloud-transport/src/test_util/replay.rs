//! [`ReplayTransport`]: answers with recorded responses in order and checks the requests.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::matching::{RequestMismatch, differences};
use super::{clone_request, lock};
use crate::{HttpRequest, HttpResponse, Transport, TransportError, TransportFuture};

/// One expected request and the answer to give when it arrives.
#[derive(Debug)]
pub struct ReplayEvent {
    request: HttpRequest,
    response: Result<HttpResponse, TransportError>,
}

impl ReplayEvent {
    /// Expect `request`, answer with `response`.
    pub fn new(request: HttpRequest, response: HttpResponse) -> Self {
        Self {
            request,
            response: Ok(response),
        }
    }

    /// Expect `request`, fail it with `error`.
    pub fn error(request: HttpRequest, error: TransportError) -> Self {
        Self {
            request,
            response: Err(error),
        }
    }

    /// The request this event expects.
    pub fn expected_request(&self) -> &HttpRequest {
        &self.request
    }
}

/// A transport that replays a conversation: the `n`-th request gets the `n`-th response.
///
/// It records every request; [`assert_requests_match`](Self::assert_requests_match) then checks
/// them against the expected ones, comparing method, path, query parameters (decoded, in any
/// order), headers and body, and ignoring the signature, nonce and timestamp. A request beyond
/// the recorded ones fails with a [`TransportError`] of kind `Other`.
///
/// ```
/// use alicloud_transport::Transport;
/// use alicloud_transport::test_util::{ReplayEvent, ReplayTransport};
///
/// let get = |uri: &str| http::Request::get(uri).body(bytes::Bytes::new()).unwrap();
/// let replay = ReplayTransport::new(vec![ReplayEvent::new(
///     get("https://ecs.aliyuncs.com/?Action=DescribeTasks&Signature=expected"),
///     http::Response::new(bytes::Bytes::from_static(b"{}")),
/// )]);
/// let _response = replay.send(get("https://ecs.aliyuncs.com/?Signature=actual&Action=DescribeTasks"));
/// replay.assert_requests_match(&[]);
/// ```
#[derive(Clone, Debug)]
pub struct ReplayTransport {
    state: Arc<Mutex<ReplayState>>,
}

#[derive(Debug)]
struct ReplayState {
    expected: Vec<HttpRequest>,
    responses: VecDeque<Result<HttpResponse, TransportError>>,
    actual: Vec<HttpRequest>,
}

impl ReplayTransport {
    /// A transport that replays `events` in order.
    pub fn new(events: Vec<ReplayEvent>) -> Self {
        let (expected, responses) = events
            .into_iter()
            .map(|event| (event.request, event.response))
            .unzip();
        Self {
            state: Arc::new(Mutex::new(ReplayState {
                expected,
                responses,
                actual: Vec::new(),
            })),
        }
    }

    /// Copies of the requests received so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        lock(&self.state).actual.iter().map(clone_request).collect()
    }

    /// Compares the received requests with the expected ones.
    ///
    /// `ignore` names extra query parameters, form parameters or headers to skip, on top of
    /// [`DEFAULT_IGNORED_QUERY_PARAMS`](super::DEFAULT_IGNORED_QUERY_PARAMS) and
    /// [`DEFAULT_IGNORED_HEADERS`](super::DEFAULT_IGNORED_HEADERS). A different number of
    /// requests is a mismatch too.
    pub fn check_requests_match(&self, ignore: &[&str]) -> Result<(), RequestMismatch> {
        let state = lock(&self.state);
        let mut found = Vec::new();
        if state.expected.len() != state.actual.len() {
            found.push(format!(
                "expected {} requests, got {}",
                state.expected.len(),
                state.actual.len()
            ));
        }
        for (index, (expected, actual)) in state.expected.iter().zip(&state.actual).enumerate() {
            found.extend(
                differences(expected, actual, ignore)
                    .into_iter()
                    .map(|difference| format!("request #{}: {difference}", index + 1)),
            );
        }
        if found.is_empty() {
            Ok(())
        } else {
            Err(RequestMismatch::new(found))
        }
    }

    /// Like [`check_requests_match`](Self::check_requests_match), but panics with the list of
    /// differences.
    #[track_caller]
    #[allow(
        clippy::panic,
        reason = "a test assertion reports failure by panicking"
    )]
    pub fn assert_requests_match(&self, ignore: &[&str]) {
        if let Err(mismatch) = self.check_requests_match(ignore) {
            panic!("{mismatch}");
        }
    }
}

impl Transport for ReplayTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        let mut state = lock(&self.state);
        let description = format!("{} {}", request.method(), request.uri());
        state.actual.push(request);
        let number = state.actual.len();
        let response = state.responses.pop_front().unwrap_or_else(|| {
            Err(TransportError::other(format!(
                "replay: request #{number} ({description}) has no recorded response"
            )))
        });
        TransportFuture::ready(response)
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};

    use super::*;
    use crate::TransportErrorKind;

    fn get(uri: &str) -> HttpRequest {
        http::Request::get(uri).body(bytes::Bytes::new()).unwrap()
    }

    fn answer(body: &'static str) -> HttpResponse {
        http::Response::new(bytes::Bytes::from_static(body.as_bytes()))
    }

    fn send(transport: &ReplayTransport, uri: &str) -> Result<HttpResponse, TransportError> {
        let mut future = transport.send(get(uri));
        match Pin::new(&mut future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(result) => result,
            Poll::Pending => panic!("replay answers at once"),
        }
    }

    #[test]
    fn replays_in_order_then_fails() {
        let replay = ReplayTransport::new(vec![
            ReplayEvent::new(get("/?Action=A"), answer("first")),
            ReplayEvent::error(get("/?Action=B"), TransportError::timeout("slow")),
        ]);
        let handle = replay.clone();
        assert_eq!(
            send(&replay, "/?Action=A").unwrap().body().as_ref(),
            b"first"
        );
        let err = send(&replay, "/?Action=B").unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::Timeout);
        handle.assert_requests_match(&[]);

        let err = send(&replay, "/?Action=C").unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::Other);
        assert!(err.message().contains("request #3 (GET /?Action=C)"));
        assert_eq!(handle.requests().len(), 3);
        let mismatch = handle.check_requests_match(&[]).unwrap_err();
        assert_eq!(mismatch.differences(), ["expected 2 requests, got 3"]);
    }

    #[test]
    fn reports_numbered_differences() {
        let replay = ReplayTransport::new(vec![
            ReplayEvent::new(get("/?Action=A"), answer("")),
            ReplayEvent::new(get("/?Action=B"), answer("")),
        ]);
        send(&replay, "/?Action=A").unwrap();
        send(&replay, "/?Action=X").unwrap();
        let mismatch = replay.check_requests_match(&[]).unwrap_err();
        assert_eq!(
            mismatch.differences(),
            ["request #2: query parameter Action: expected [\"B\"], got [\"X\"]"]
        );
        assert!(mismatch.to_string().contains("  - request #2"));
        assert!(replay.check_requests_match(&["Action"]).is_ok());
    }

    #[test]
    #[should_panic(expected = "expected 1 requests, got 0")]
    fn assert_panics_on_mismatch() {
        let event = ReplayEvent::new(get("/"), answer(""));
        assert_eq!(event.expected_request().uri(), "/");
        ReplayTransport::new(vec![event]).assert_requests_match(&[]);
    }
}
