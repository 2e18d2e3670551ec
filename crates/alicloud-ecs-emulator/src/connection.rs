//! One HTTP connection's life: hyper's protocol settings (HTTP/1.1 header deadline, HTTP/2
//! keep-alive, stream and header limits), and a watchdog that closes the connection when it
//! idles too long (or never completes a first request), when it has been idle for
//! [`RECLAIM_AFTER`] while the server is full and other connections wait for its slot, when
//! the server shuts down, and drops it when closing takes longer than [`CLOSE_GRACE`].

use std::fmt::Display;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulConnection;
use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};

use crate::limits::{CLOSE_GRACE, ServerLimits};

/// The largest header block an HTTP/2 client may send.
const MAX_HEADER_LIST: u32 = 64 * 1024;
/// Concurrent HTTP/2 streams per connection.
const MAX_STREAMS: u32 = 128;
/// While the server is full, a connection idle this long after a request gives up its slot.
pub(crate) const RECLAIM_AFTER: Duration = Duration::from_secs(1);

/// hyper's connection builder, HTTP/1.1 and h2c (sniffed from the first bytes), with `limits`.
pub(crate) fn http_builder(limits: &ServerLimits) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.keep_alive_interval)
        .keep_alive_timeout(limits.keep_alive_timeout)
        .max_concurrent_streams(MAX_STREAMS)
        .max_header_list_size(MAX_HEADER_LIST);
    builder
}

/// What a connection is doing: requests in flight and when the last one started or ended.
#[derive(Debug)]
pub(crate) struct Activity {
    opened: Instant,
    in_flight: AtomicUsize,
    /// Requests started so far.
    started: AtomicU64,
    /// Milliseconds after `opened` of the last start or end of a request.
    last_ms: AtomicU64,
}

/// A request in flight; dropping it (when the request is answered or abandoned) ends it.
#[derive(Debug)]
pub(crate) struct Busy(Arc<Activity>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Activity {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            opened: Instant::now(),
            in_flight: AtomicUsize::new(0),
            started: AtomicU64::new(0),
            last_ms: AtomicU64::new(0),
        })
    }

    /// A request starts.
    pub(crate) fn begin(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.started.fetch_add(1, Ordering::AcqRel);
        self.touch();
        Busy(self.clone())
    }

    fn touch(&self) {
        let ms = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.fetch_max(ms, Ordering::AcqRel);
    }

    /// When the connection counts as idle if nothing happens until then: `handshake_timeout`
    /// after opening until a first request arrives, then `idle_timeout` after the last request
    /// ended, or [`RECLAIM_AFTER`] if the server is `full`. `None` while a request is in flight.
    fn idle_at(&self, limits: &ServerLimits, full: bool) -> Option<Instant> {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return None;
        }
        let limit = if self.started.load(Ordering::Acquire) == 0 {
            limits.handshake_timeout
        } else if full {
            limits.idle_timeout.min(RECLAIM_AFTER)
        } else {
            limits.idle_timeout
        };
        let last = Duration::from_millis(self.last_ms.load(Ordering::Acquire));
        Some(self.opened + last + limit)
    }
}

/// Resolves once the server shuts down (or its shutdown sender is gone).
pub(crate) async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// What a connection watches of the server: shutdown, and whether connections wait for a slot.
#[derive(Debug, Clone)]
pub(crate) struct ServerState {
    pub(crate) shutdown: watch::Receiver<bool>,
    pub(crate) full: watch::Receiver<bool>,
}

/// Serve `connection` until it ends, closing it gracefully when `activity` shows it idle or
/// the server shuts down, and dropping it if closing takes longer than [`CLOSE_GRACE`].
pub(crate) async fn drive<C>(
    connection: C,
    activity: &Activity,
    limits: &ServerLimits,
    server: ServerState,
) where
    C: GracefulConnection,
    C::Error: Display,
{
    let ServerState {
        mut shutdown,
        mut full,
    } = server;
    let mut watching_full = true;
    let mut connection = pin!(connection);
    let mut closing_until: Option<Instant> = None;
    loop {
        let idle_at = |full: &watch::Receiver<bool>| activity.idle_at(limits, *full.borrow());
        let wake = match closing_until {
            Some(deadline) => deadline,
            None => idle_at(&full).unwrap_or_else(|| Instant::now() + limits.idle_timeout),
        };
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(err) = result {
                    tracing::debug!(%err, "connection ended with an error");
                }
                return;
            }
            () = sleep_until(wake) => {
                if closing_until.is_some() {
                    tracing::debug!("connection did not close in time; dropped");
                    return;
                }
                if idle_at(&full).is_some_and(|at| at <= Instant::now()) {
                    tracing::debug!("closing an idle connection");
                    connection.as_mut().graceful_shutdown();
                    closing_until = Some(Instant::now() + CLOSE_GRACE);
                }
            }
            () = stopped(&mut shutdown), if closing_until.is_none() => {
                connection.as_mut().graceful_shutdown();
                closing_until = Some(Instant::now() + CLOSE_GRACE);
            }
            changed = full.changed(), if closing_until.is_none() && watching_full => {
                // The deadline is worked out anew; a closed channel means the server stops.
                watching_full = changed.is_ok();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ServerLimits {
        ServerLimits {
            handshake_timeout: Duration::from_secs(1),
            idle_timeout: Duration::from_secs(5),
            ..ServerLimits::default()
        }
    }

    #[tokio::test]
    async fn idle_deadlines_follow_the_requests() {
        let activity = Activity::new();
        let opened = activity.opened;
        assert_eq!(
            activity.idle_at(&limits(), false),
            Some(opened + Duration::from_secs(1)),
            "before the first request: the handshake deadline"
        );
        assert_eq!(
            activity.idle_at(&limits(), true),
            Some(opened + Duration::from_secs(1)),
            "a new connection is not reclaimed"
        );
        let busy = activity.begin();
        assert_eq!(activity.idle_at(&limits(), true), None, "busy");
        let second = activity.begin();
        tokio::time::sleep(Duration::from_millis(30)).await;
        drop(busy);
        assert_eq!(
            activity.idle_at(&limits(), true),
            None,
            "still one in flight"
        );
        drop(second);
        let ended = opened.elapsed();
        let idle_at = activity.idle_at(&limits(), false).unwrap();
        assert!(idle_at >= opened + Duration::from_millis(30) + Duration::from_secs(5));
        assert!(idle_at <= opened + ended + Duration::from_secs(5));
        let reclaim_at = activity.idle_at(&limits(), true).unwrap();
        assert_eq!(reclaim_at + Duration::from_secs(4), idle_at);
    }
}
