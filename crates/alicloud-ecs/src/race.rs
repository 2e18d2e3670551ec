//! Racing a future against a timer, without depending on any async runtime.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use alicloud_transport::{Sleep, SleepFuture};

/// The limit passed before the future finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Elapsed;

/// Run `future` for at most `limit`, timed by `sleep`. The timer starts only if the future
/// does not finish on its first poll, so a future that is ready at once never touches the
/// clock (which keeps manual test clocks exact).
pub(crate) fn timeout<'a, F: Future + Unpin + 'a>(
    sleep: &'a dyn Sleep,
    limit: Duration,
    future: F,
) -> impl Future<Output = Result<F::Output, Elapsed>> + 'a {
    Race {
        future,
        sleep,
        limit,
        timer: None,
    }
}

struct Race<'a, F> {
    future: F,
    sleep: &'a dyn Sleep,
    limit: Duration,
    timer: Option<SleepFuture>,
}

impl<F: Future + Unpin> Future for Race<'_, F> {
    type Output = Result<F::Output, Elapsed>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(v) = Pin::new(&mut self.future).poll(cx) {
            return Poll::Ready(Ok(v));
        }
        let (sleep, limit) = (self.sleep, self.limit);
        let timer = self.timer.get_or_insert_with(|| sleep.sleep(limit));
        if Pin::new(timer).poll(cx).is_ready() {
            return Poll::Ready(Err(Elapsed));
        }
        Poll::Pending
    }
}
