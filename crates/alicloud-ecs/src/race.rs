//! Racing a future against a timer, without depending on any async runtime.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use alicloud_transport::Sleep;

/// The limit passed before the future finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Elapsed;

/// Run `future` for at most `limit`, timed by `sleep`.
pub(crate) async fn timeout<F: Future + Unpin>(
    sleep: &dyn Sleep,
    limit: Duration,
    future: F,
) -> Result<F::Output, Elapsed> {
    Race {
        first: future,
        second: sleep.sleep(limit),
    }
    .await
}

/// Polls two futures and finishes with the first; the second finishing first is [`Elapsed`].
struct Race<A, B> {
    first: A,
    second: B,
}

impl<A: Future + Unpin, B: Future + Unpin> Future for Race<A, B> {
    type Output = Result<A::Output, Elapsed>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(v) = Pin::new(&mut self.first).poll(cx) {
            return Poll::Ready(Ok(v));
        }
        if Pin::new(&mut self.second).poll(cx).is_ready() {
            return Poll::Ready(Err(Elapsed));
        }
        Poll::Pending
    }
}
