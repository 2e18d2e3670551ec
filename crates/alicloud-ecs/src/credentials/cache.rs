//! [`CachedProvider`]: caches expiring credentials, refreshes them shortly before they expire,
//! and lets concurrent callers share one refresh (single flight), without any async runtime.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use alicloud_transport::TimeSource;

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
                Ok(creds)
            }
            Err(err) => {
                let now = ctx.time().now();
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
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use alicloud_transport::test_util::{ManualClock, NeverTransport};

    use super::*;
    use crate::credentials::Env;
    use crate::credentials::test_support::{block_on, context_with};

    /// Counts fetches and hands out credentials expiring `lifetime` after the clock's now, or
    /// fails while `fail` is set.
    #[derive(Debug, Clone, Default)]
    struct Counting(Arc<CountingState>);

    #[derive(Debug, Default)]
    struct CountingState {
        fetches: AtomicUsize,
        lifetime: Duration,
        fail: AtomicBool,
    }

    impl Counting {
        fn new(lifetime: Duration) -> Self {
            Self(Arc::new(CountingState {
                lifetime,
                ..CountingState::default()
            }))
        }

        fn fetches(&self) -> usize {
            self.0.fetches.load(Ordering::SeqCst)
        }
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
            let n = self.0.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            let expiry = ctx.time().now() + self.0.lifetime;
            let result = if self.0.fail.load(Ordering::SeqCst) {
                Err(CredentialsError::provider_error("counting", "down"))
            } else {
                Ok(Credentials::new(format!("id-{n}"), "s").with_expiry(expiry))
            };
            Box::pin(std::future::ready(result))
        }
    }

    fn setup() -> (ManualClock, CredentialsContext) {
        let clock = ManualClock::default();
        let ctx = context_with(
            NeverTransport::new(),
            clock.clone(),
            Env::from_vars([("X", "1")]),
        );
        (clock, ctx)
    }

    fn id(cached: &CachedProvider, ctx: &CredentialsContext) -> String {
        let creds = block_on(cached.provide_credentials(ctx)).unwrap();
        creds.access_key_id().to_owned()
    }

    #[test]
    fn serves_from_cache_and_refreshes_within_the_margin() {
        let (clock, ctx) = setup();
        let counting = Counting::new(Duration::from_secs(3600));
        let cached = CachedProvider::new(counting.clone());
        assert_eq!(cached.refresh_margin(), Duration::from_secs(180));
        assert_eq!(id(&cached, &ctx), "id-1");
        assert_eq!(id(&cached, &ctx), "id-1");
        clock.advance(Duration::from_secs(3600 - 181));
        assert_eq!(id(&cached, &ctx), "id-1");
        clock.advance(Duration::from_secs(1));
        assert_eq!(id(&cached, &ctx), "id-2");
        assert_eq!(counting.fetches(), 2);
        assert!(format!("{cached:?}").contains("id-2"));
    }

    #[test]
    fn custom_margin_and_credentials_without_expiry() {
        let (clock, ctx) = setup();
        let counting = Counting::new(Duration::from_secs(3600));
        let cached = CachedProvider::new(counting.clone()).with_refresh_margin(Duration::ZERO);
        assert_eq!(id(&cached, &ctx), "id-1");
        clock.advance(Duration::from_secs(3599));
        assert_eq!(id(&cached, &ctx), "id-1");
        clock.advance(Duration::from_secs(1));
        assert_eq!(id(&cached, &ctx), "id-2");

        let forever = CachedProvider::new(Credentials::new("static", "s"));
        clock.advance(Duration::from_secs(10 * 365 * 86_400));
        assert_eq!(id(&forever, &ctx), "static");
    }

    #[test]
    fn failed_refresh_keeps_unexpired_credentials_then_errors() {
        let (clock, ctx) = setup();
        let counting = Counting::new(Duration::from_secs(600));
        let cached = CachedProvider::new(counting.clone());
        assert_eq!(id(&cached, &ctx), "id-1");
        counting.0.fail.store(true, Ordering::SeqCst);
        clock.advance(Duration::from_secs(500));
        assert_eq!(id(&cached, &ctx), "id-1");
        clock.advance(Duration::from_secs(100));
        let err = block_on(cached.provide_credentials(&ctx)).unwrap_err();
        assert_eq!(err.to_string(), "counting: down");
        assert_eq!(counting.fetches(), 3);
        counting.0.fail.store(false, Ordering::SeqCst);
        assert_eq!(id(&cached, &ctx), "id-4");
    }

    /// A provider whose fetch stays pending until the gate is opened, counting fetches.
    #[derive(Debug, Clone, Default)]
    struct Gated(Arc<(AtomicUsize, AtomicBool)>);

    impl ProvideCredentials for Gated {
        fn provide_credentials<'a>(
            &'a self,
            _ctx: &'a CredentialsContext,
        ) -> CredentialsFuture<'a> {
            let n = self.0.0.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(std::future::poll_fn(move |_| {
                if self.0.1.load(Ordering::SeqCst) {
                    Poll::Ready(Ok(Credentials::new(format!("id-{n}"), "s")))
                } else {
                    Poll::Pending
                }
            }))
        }
    }

    fn poll_once(
        future: &mut CredentialsFuture<'_>,
    ) -> Poll<Result<Credentials, CredentialsError>> {
        future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn concurrent_callers_share_one_fetch() {
        let (_, ctx) = setup();
        let gated = Gated::default();
        let cached = CachedProvider::new(gated.clone());
        let mut futures: Vec<_> = (0..16).map(|_| cached.provide_credentials(&ctx)).collect();
        for future in &mut futures {
            assert!(poll_once(future).is_pending());
        }
        assert_eq!(gated.0.0.load(Ordering::SeqCst), 1);
        assert!(lock(&cached.state).refreshing);
        gated.0.1.store(true, Ordering::SeqCst);
        for future in &mut futures {
            let Poll::Ready(Ok(creds)) = poll_once(future) else {
                panic!("every caller gets the shared outcome");
            };
            assert_eq!(creds.access_key_id(), "id-1");
        }
        assert_eq!(gated.0.0.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_waiter_takes_over_when_the_refresher_is_dropped() {
        let (_, ctx) = setup();
        let gated = Gated::default();
        let cached = CachedProvider::new(gated.clone());
        let mut leader = cached.provide_credentials(&ctx);
        let mut waiter = cached.provide_credentials(&ctx);
        assert!(poll_once(&mut leader).is_pending());
        assert!(poll_once(&mut waiter).is_pending());
        drop(leader);
        assert!(!lock(&cached.state).refreshing);
        assert!(poll_once(&mut waiter).is_pending());
        assert_eq!(gated.0.0.load(Ordering::SeqCst), 2);
        gated.0.1.store(true, Ordering::SeqCst);
        let Poll::Ready(Ok(creds)) = poll_once(&mut waiter) else {
            panic!("the new refresher finishes");
        };
        assert_eq!(creds.access_key_id(), "id-2");
    }
}
