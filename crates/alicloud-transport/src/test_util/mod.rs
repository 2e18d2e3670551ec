//! Test doubles for code that sends requests through a [`Transport`](crate::Transport) or
//! waits through [`Sleep`](crate::Sleep) and [`TimeSource`](crate::TimeSource).
//!
//! | Double | Behaviour |
//! |---|---|
//! | [`ReplayTransport`] | Answers with recorded responses in order, records the requests, and checks them against the expected ones, ignoring signatures, nonces and timestamps. |
//! | [`CaptureTransport`] | Records every request and answers with a fixed response. |
//! | [`FnTransport`] | A closure (sync or async) acts as the transport. |
//! | [`NeverTransport`] | Never answers, for timeout tests. |
//! | [`ManualClock`] | A clock that only moves when told to; its sleeps finish at once and advance it. |
//!
//! Every double is `Clone` and clones share state, so a test keeps one handle and gives another
//! to the client under test.
//!
//! Enabled by the `test-util` feature.

mod clock;
mod doubles;
mod matching;
mod replay;

pub use clock::ManualClock;
pub use doubles::{CaptureTransport, FnTransport, NeverTransport};
pub use matching::{DEFAULT_IGNORED_HEADERS, DEFAULT_IGNORED_QUERY_PARAMS, RequestMismatch};
pub use replay::{ReplayEvent, ReplayTransport};

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::{HttpRequest, HttpResponse};

/// Copies a request (`http::Request` is not `Clone` because of its extensions, which are
/// dropped here).
fn clone_request(request: &HttpRequest) -> HttpRequest {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// Copies a response, dropping its extensions.
fn clone_response(response: &HttpResponse) -> HttpResponse {
    let mut copy = http::Response::new(response.body().clone());
    *copy.status_mut() = response.status();
    *copy.version_mut() = response.version();
    *copy.headers_mut() = response.headers().clone();
    copy
}

/// Locks `mutex`, carrying on if a panicking test poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
