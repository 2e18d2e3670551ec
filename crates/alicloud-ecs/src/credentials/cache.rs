//! [`CachedProvider`]: caches expiring credentials, refreshes them shortly before they expire,
//! and lets concurrent callers share one refresh (single flight), without any async runtime.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use alicloud_transport::TimeSource;

use super::backoff::Backoff;
use super::util::lock;
use super::{
    Credentials, CredentialsContext, CredentialsError, CredentialsFuture, ProvideCredentials,
    SharedCredentialsProvider,
};

/// How long before expiry cached credentials are refreshed, unless configured otherwise.
const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(180);

/// Caches the credentials of another provider until they are about to expire.
///
/// - A cached value is returned while `now + refresh margin < expiry` (the time comes from the
///   context's clock); credentials without an expiry are kept for good.
/// - When a refresh is needed, the first caller fetches; callers arriving meanwhile wait for
///   that fetch and all receive its outcome, so `N` concurrent callers cause one fetch.
/// - If a refresh fails while the cached credentials have not actually expired yet, they are
///   returned instead of the error.
/// - A failed refresh is not tried again at once: the next one waits 1 s, doubling with each
///   consecutive failure up to 30 s. Meanwhile callers get the still-valid cached credentials,
///   or else the error of the failed refresh, without a fetch.
/// - If the fetching caller is cancelled (its future dropped), a waiting caller takes over.
///
/// The refresh margin defaults to 3 minutes.
pub struct CachedProvider {
    inner: SharedCredentialsProvider,
    margin: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    cached: Option<Credentials>,
    refreshing: bool,
    /// How many refreshes have finished; waiters compare it with the count they saw.
    finished: u64,
    /// The outcome of the latest finished refresh, handed to its waiters.
    outcome: Option<Result<Credentials, CredentialsError>>,
    waiters: Vec<Waker>,
    /// Failed refreshes in a row, the latest error, and until when the next one waits.
    backoff: Backoff,
}

impl CachedProvider {
    /// Caches the credentials of `inner` with the default 3-minute refresh margin.
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        Self {
            inner: SharedCredentialsProvider::new(inner),
            margin: DEFAULT_REFRESH_MARGIN,
            state: Mutex::default(),
        }
    }

    /// Refreshes credentials once fewer than `margin` remain before their expiry.
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The refresh margin.
    pub fn refresh_margin(&self) -> Duration {
        self.margin
    }

    fn is_fresh(&self, creds: &Credentials, now: SystemTime) -> bool {
        match (creds.expiry(), now.checked_add(self.margin)) {
            (None, _) => true,
            (Some(expiry), Some(deadline)) => deadline < expiry,
            (Some(_), None) => false,
        }
    }

    async fn get(&self, ctx: &CredentialsContext) -> Result<Credentials, CredentialsError> {
        loop {
            let waiting_since = {
                let mut state = lock(&self.state);
                let now = ctx.time().now();
                if let Some(creds) = state.cached.as_ref().filter(|c| self.is_fresh(c, now)) {
                    return Ok(creds.clone());
                }
                if let Some(err) = state
                    .backoff
                    .waiting_error(now)
                    .filter(|_| !state.refreshing)
                {
                    return match state.cached.as_ref().filter(|c| !c.is_expired_at(now)) {
                        Some(still_valid) => Ok(still_valid.clone()),
                        None => Err(err.clone()),
                    };
                }
                let waiting_since = state.refreshing.then_some(state.finished);
                state.refreshing = true;
                waiting_since
            };
            let Some(seen) = waiting_since else {
                return self.refresh(ctx).await;
            };
            let wait = WaitForRefresh {
                state: &self.state,
                seen,
            };
            if let Some(outcome) = wait.await {
                return outcome;
            }
            // The refreshing caller was cancelled: start over, possibly as the new refresher.
        }
    }

    /// Fetches from the inner provider; the caller has set `refreshing`.
    async fn refresh(&self, ctx: &CredentialsContext) -> Result<Credentials, CredentialsError> {
        let mut guard = RefreshGuard {
            state: &self.state,
            finished: false,
        };
        let result = self.inner.provide_credentials(ctx).await;
        let mut state = lock(&self.state);
        let outcome = match result {
            Ok(creds) => {
                state.cached = Some(creds.clone());
                state.backoff.succeeded();
                Ok(creds)
            }
            Err(err) => {
                let now = ctx.time().now();
                let wait = state.backoff.failed(now, &err);
                tracing::debug!(error = %err, wait_ms = wait.as_millis() as u64, "credentials refresh failed");
                match state.cached.as_ref().filter(|c| !c.is_expired_at(now)) {
                    Some(still_valid) => {
                        tracing::debug!(
                            error = %err,
                            "credentials refresh failed; using the cached credentials until they expire"
                        );
                        Ok(still_valid.clone())
                    }
                    None => Err(err),
                }
            }
        };
        state.refreshing = false;
        state.finished += 1;
        state.outcome = Some(outcome.clone());
        state.waiters.drain(..).for_each(Waker::wake);
        guard.finished = true;
        outcome
    }
}

/// Clears `refreshing` and wakes the waiters if the refreshing future is dropped midway.
struct RefreshGuard<'a> {
    state: &'a Mutex<State>,
    finished: bool,
}

impl Drop for RefreshGuard<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let mut state = lock(self.state);
            state.refreshing = false;
            state.waiters.drain(..).for_each(Waker::wake);
        }
    }
}

/// Waits for the refresh in progress: `Some(outcome)` once it finishes, `None` if it was
/// abandoned.
struct WaitForRefresh<'a> {
    state: &'a Mutex<State>,
    seen: u64,
}

impl Future for WaitForRefresh<'_> {
    type Output = Option<Result<Credentials, CredentialsError>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = lock(self.state);
        if state.finished != self.seen
            && let Some(outcome) = &state.outcome
        {
            return Poll::Ready(Some(outcome.clone()));
        }
        if !state.refreshing {
            return Poll::Ready(None);
        }
        if !state.waiters.iter().any(|w| w.will_wake(cx.waker())) {
            state.waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl ProvideCredentials for CachedProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(self.get(ctx))
    }
}

impl fmt::Debug for CachedProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("CachedProvider")
            .field("inner", &self.inner)
            .field("refresh_margin", &self.margin)
            .field("cached", &state.cached)
            .field("refreshing", &state.refreshing)
            .finish()
    }
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod tests;
