//! Runtime-agnostic time: the [`Sleep`] and [`TimeSource`] traits that retries and waiters use.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

/// Waits for a duration on whatever async runtime the application uses.
///
/// The tokio implementation lives in `alicloud-transport-hyper`; tests use a manual clock whose
/// sleeps complete at once.
pub trait Sleep: Send + Sync + fmt::Debug {
    /// Returns a future that completes once `duration` has passed.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

impl<T: Sleep + ?Sized> Sleep for Arc<T> {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        (**self).sleep(duration)
    }
}

impl<T: Sleep + ?Sized> Sleep for Box<T> {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        (**self).sleep(duration)
    }
}

/// The future returned by [`Sleep::sleep`].
pub struct SleepFuture {
    inner: Option<Pin<Box<dyn Future<Output = ()> + Send + 'static>>>,
}

impl SleepFuture {
    /// Wraps a future.
    pub fn new(future: impl Future<Output = ()> + Send + 'static) -> Self {
        Self {
            inner: Some(Box::pin(future)),
        }
    }

    /// A future that completes immediately.
    pub fn ready() -> Self {
        Self { inner: None }
    }
}

impl Future for SleepFuture {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match &mut self.get_mut().inner {
            Some(future) => future.as_mut().poll(cx),
            None => Poll::Ready(()),
        }
    }
}

impl fmt::Debug for SleepFuture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.inner.is_some() {
            "pending"
        } else {
            "ready"
        };
        f.debug_tuple("SleepFuture").field(&state).finish()
    }
}

/// Tells the current wall-clock time (used for request timestamps and waiter deadlines).
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

impl<T: TimeSource + ?Sized> TimeSource for Arc<T> {
    fn now(&self) -> SystemTime {
        (**self).now()
    }
}

impl<T: TimeSource + ?Sized> TimeSource for Box<T> {
    fn now(&self) -> SystemTime {
        (**self).now()
    }
}

/// The operating system's clock ([`SystemTime::now`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemTimeSource;

impl SystemTimeSource {
    /// The system clock.
    pub fn new() -> Self {
        Self
    }
}

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A cheaply cloneable, type-erased [`Sleep`].
#[derive(Clone)]
pub struct SharedSleep(Arc<dyn Sleep>);

impl SharedSleep {
    /// Wraps `sleep`.
    pub fn new(sleep: impl Sleep + 'static) -> Self {
        Self(Arc::new(sleep))
    }
}

impl From<Arc<dyn Sleep>> for SharedSleep {
    fn from(sleep: Arc<dyn Sleep>) -> Self {
        Self(sleep)
    }
}

impl fmt::Debug for SharedSleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedSleep").field(&self.0).finish()
    }
}

impl Sleep for SharedSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.0.sleep(duration)
    }
}

/// A cheaply cloneable, type-erased [`TimeSource`].
#[derive(Clone)]
pub struct SharedTimeSource(Arc<dyn TimeSource>);

impl SharedTimeSource {
    /// Wraps `time_source`.
    pub fn new(time_source: impl TimeSource + 'static) -> Self {
        Self(Arc::new(time_source))
    }
}

impl Default for SharedTimeSource {
    fn default() -> Self {
        Self::new(SystemTimeSource)
    }
}

impl From<Arc<dyn TimeSource>> for SharedTimeSource {
    fn from(time_source: Arc<dyn TimeSource>) -> Self {
        Self(time_source)
    }
}

impl fmt::Debug for SharedTimeSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedTimeSource").field(&self.0).finish()
    }
}

impl TimeSource for SharedTimeSource {
    fn now(&self) -> SystemTime {
        self.0.now()
    }
}

#[cfg(test)]
mod tests {
    use std::task::Waker;

    use super::*;

    #[derive(Debug)]
    struct Instant;

    impl Sleep for Instant {
        fn sleep(&self, _: Duration) -> SleepFuture {
            SleepFuture::new(async {})
        }
    }

    fn is_ready(mut future: SleepFuture) -> bool {
        Pin::new(&mut future)
            .poll(&mut Context::from_waker(Waker::noop()))
            .is_ready()
    }

    #[test]
    fn sleep_futures_and_wrappers() {
        assert!(is_ready(SleepFuture::ready()));
        assert!(is_ready(Instant.sleep(Duration::from_secs(1))));
        assert!(is_ready(Arc::new(Instant).sleep(Duration::ZERO)));
        assert!(is_ready(Box::new(Instant).sleep(Duration::ZERO)));
        assert!(is_ready(SharedSleep::new(Instant).sleep(Duration::ZERO)));
        let never = SleepFuture::new(std::future::pending());
        assert_eq!(format!("{never:?}"), "SleepFuture(\"pending\")");
        assert!(!is_ready(never));
    }

    #[test]
    fn system_time_source_is_after_the_epoch() {
        let shared = SharedTimeSource::default();
        assert!(shared.now() > SystemTime::UNIX_EPOCH);
        assert!(Arc::new(SystemTimeSource::new()).now() > SystemTime::UNIX_EPOCH);
        assert!(Box::new(SystemTimeSource).now() > SystemTime::UNIX_EPOCH);
    }
}
