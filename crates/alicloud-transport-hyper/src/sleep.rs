//! [`TokioSleep`]: the tokio implementation of [`Sleep`], with a thread-timer fallback so that
//! a sleep requested outside a tokio runtime waits instead of panicking.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use alicloud_transport::{Sleep, SleepFuture};

/// Sleeps with [`tokio::time::sleep`] inside a tokio runtime (with the time driver enabled);
/// outside one, a short-lived thread times the sleep.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl TokioSleep {
    /// The tokio sleep.
    pub fn new() -> Self {
        Self
    }
}

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        match tokio::runtime::Handle::try_current() {
            Ok(_) => SleepFuture::new(tokio::time::sleep(duration)),
            Err(_) => SleepFuture::new(ThreadSleep {
                duration,
                state: None,
            }),
        }
    }
}

/// Whether the timer thread has fired, and who to wake when it does.
type Shared = Arc<Mutex<(bool, Option<Waker>)>>;

struct ThreadSleep {
    duration: Duration,
    state: Option<Shared>,
}

impl Future for ThreadSleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.duration.is_zero() {
            return Poll::Ready(());
        }
        let duration = self.duration;
        let state = self.state.get_or_insert_with(|| {
            let state: Shared = Arc::new(Mutex::new((false, None)));
            let timer = state.clone();
            std::thread::spawn(move || {
                std::thread::sleep(duration);
                let mut guard = timer.lock().unwrap_or_else(PoisonError::into_inner);
                guard.0 = true;
                if let Some(waker) = guard.1.take() {
                    waker.wake();
                }
            });
            state
        });
        let mut guard = state.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.0 {
            Poll::Ready(())
        } else {
            guard.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn sleeps_on_the_tokio_clock() {
        let start = tokio::time::Instant::now();
        TokioSleep::new().sleep(Duration::from_secs(60)).await;
        assert!(start.elapsed() >= Duration::from_secs(60));
    }

    #[test]
    fn outside_a_runtime_it_waits_instead_of_panicking() {
        let start = std::time::Instant::now();
        let sleep = TokioSleep::new().sleep(Duration::from_millis(30));
        // Made outside any runtime, driven by one without a time driver: the thread times it.
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(sleep);
        assert!(start.elapsed() >= Duration::from_millis(30));
    }
}
