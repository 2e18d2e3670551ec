//! Tests of [`CachedProvider`](super::CachedProvider): caching, refresh margin, failed
//! refreshes and their backoff, single flight.

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
    // Second failure in a row: the next refresh waits 2 s.
    clock.advance(Duration::from_secs(2));
    assert_eq!(id(&cached, &ctx), "id-4");
}

#[test]
fn failed_refreshes_back_off_while_serving_the_valid_credentials() {
    let (clock, ctx) = setup();
    let counting = Counting::new(Duration::from_secs(600));
    let cached = CachedProvider::new(counting.clone());
    assert_eq!(id(&cached, &ctx), "id-1");
    counting.0.fail.store(true, Ordering::SeqCst);
    // Inside the 180 s margin: the refresh fails, the valid credentials are served.
    clock.advance(Duration::from_secs(450));
    assert_eq!(id(&cached, &ctx), "id-1");
    assert_eq!(counting.fetches(), 2);
    // Within the 1 s backoff, no fetch at all, however many calls.
    for _ in 0..10 {
        assert_eq!(id(&cached, &ctx), "id-1");
    }
    assert_eq!(counting.fetches(), 2);
    // Then one fetch (failing again), then a 2 s wait, then 4 s.
    clock.advance(Duration::from_secs(1));
    assert_eq!(id(&cached, &ctx), "id-1");
    assert_eq!(counting.fetches(), 3);
    clock.advance(Duration::from_millis(1999));
    assert_eq!(id(&cached, &ctx), "id-1");
    assert_eq!(counting.fetches(), 3);
    clock.advance(Duration::from_millis(1));
    assert_eq!(id(&cached, &ctx), "id-1");
    assert_eq!(counting.fetches(), 4);
    // A success starts over.
    counting.0.fail.store(false, Ordering::SeqCst);
    clock.advance(Duration::from_secs(4));
    assert_eq!(id(&cached, &ctx), "id-5");
    assert_eq!(counting.fetches(), 5);
}

#[test]
fn a_failure_without_credentials_is_remembered_during_the_backoff() {
    let (clock, ctx) = setup();
    let counting = Counting::new(Duration::from_secs(600));
    counting.0.fail.store(true, Ordering::SeqCst);
    let cached = CachedProvider::new(counting.clone());
    for _ in 0..5 {
        let err = block_on(cached.provide_credentials(&ctx)).unwrap_err();
        assert_eq!(err.to_string(), "counting: down");
    }
    assert_eq!(counting.fetches(), 1);
    counting.0.fail.store(false, Ordering::SeqCst);
    clock.advance(Duration::from_secs(1));
    assert_eq!(id(&cached, &ctx), "id-2");
}

/// A provider whose fetch stays pending until the gate is opened, counting fetches.
#[derive(Debug, Clone, Default)]
struct Gated(Arc<(AtomicUsize, AtomicBool)>);

impl ProvideCredentials for Gated {
    fn provide_credentials<'a>(&'a self, _ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
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

fn poll_once(future: &mut CredentialsFuture<'_>) -> Poll<Result<Credentials, CredentialsError>> {
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
