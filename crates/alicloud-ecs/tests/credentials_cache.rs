//! Caching of temporary credentials across tasks: one metadata fetch for many concurrent
//! callers, and a refresh once the cached value is within the refresh margin.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};
use std::time::Duration;

use alicloud_ecs::credentials::{CredentialsContext, EcsRamRoleProvider, Env, ProvideCredentials};
use alicloud_transport::test_util::{FnTransport, ManualClock};
use alicloud_transport::{HttpRequest, HttpResponse, SharedTimeSource, SharedTransport};

/// A latch that futures wait on until the test opens it.
#[derive(Clone, Default)]
struct Gate(Arc<Mutex<(bool, Vec<Waker>)>>);

impl Gate {
    fn open(&self) {
        let mut state = self.0.lock().unwrap();
        state.0 = true;
        state.1.drain(..).for_each(Waker::wake);
    }

    fn wait(&self) -> impl Future<Output = ()> + Send + 'static {
        let gate = self.clone();
        std::future::poll_fn(move |cx| {
            let mut state = gate.0.lock().unwrap();
            if state.0 {
                Poll::Ready(())
            } else {
                state.1.push(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

fn response(body: String) -> HttpResponse {
    http::Response::new(bytes::Bytes::from(body))
}

/// A metadata service whose credential documents wait for `gate` and expire one hour after
/// the clock's time, counting credential fetches.
fn imds(gate: Gate, clock: ManualClock, fetches: Arc<AtomicUsize>) -> FnTransport {
    FnTransport::new_async(move |request: HttpRequest| {
        let gate = gate.clone();
        let clock = clock.clone();
        let fetches = fetches.clone();
        async move {
            if request.method() == "PUT" {
                return Ok(response("token".to_owned()));
            }
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            gate.wait().await;
            let expiry = time::OffsetDateTime::from(clock.now() + Duration::from_secs(3600));
            let expiration = alicloud_signer::format_timestamp(expiry).unwrap();
            Ok(response(format!(
                r#"{{"Code":"Success","AccessKeyId":"STS.ecs-{n}","AccessKeySecret":"s","SecurityToken":"t","Expiration":"{expiration}"}}"#
            )))
        }
    })
}

fn setup() -> (Gate, ManualClock, Arc<AtomicUsize>, CredentialsContext) {
    let gate = Gate::default();
    let clock = ManualClock::default();
    let fetches = Arc::new(AtomicUsize::new(0));
    let ctx = CredentialsContext::new(
        SharedTransport::new(imds(gate.clone(), clock.clone(), fetches.clone())),
        SharedTimeSource::new(clock.clone()),
        Env::from_vars([("ALIBABA_CLOUD_ECS_METADATA", "EcsRole")]),
    );
    (gate, clock, fetches, ctx)
}

#[tokio::test(flavor = "current_thread")]
async fn sixteen_concurrent_callers_share_one_fetch() {
    let (gate, _, fetches, ctx) = setup();
    let provider = Arc::new(
        EcsRamRoleProvider::builder()
            .endpoint("http://imds.test")
            .build(),
    );
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let provider = provider.clone();
            let ctx = ctx.clone();
            tokio::spawn(async move { provider.provide_credentials(&ctx).await })
        })
        .collect();
    // On the current-thread runtime, each yield lets every spawned task run until it blocks.
    for _ in 0..4 {
        tokio::task::yield_now().await;
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "one fetch is in flight");
    gate.open();
    for task in tasks {
        let creds = task.await.unwrap().unwrap();
        assert_eq!(creds.access_key_id(), "STS.ecs-1");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_on_a_thread_pool_share_one_fetch() {
    let (gate, _, fetches, ctx) = setup();
    let provider = Arc::new(
        EcsRamRoleProvider::builder()
            .endpoint("http://imds.test")
            .build(),
    );
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let provider = provider.clone();
            let ctx = ctx.clone();
            tokio::spawn(async move { provider.provide_credentials(&ctx).await })
        })
        .collect();
    while fetches.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    gate.open();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().access_key_id(), "STS.ecs-1");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn cached_until_the_refresh_margin() {
    let (gate, clock, fetches, ctx) = setup();
    gate.open();
    let provider = EcsRamRoleProvider::builder()
        .endpoint("http://imds.test")
        .build();
    let first = provider.provide_credentials(&ctx).await.unwrap();
    assert_eq!(first.access_key_id(), "STS.ecs-1");
    clock.advance(Duration::from_secs(3600 - 181));
    let cached = provider.provide_credentials(&ctx).await.unwrap();
    assert_eq!(cached.access_key_id(), "STS.ecs-1");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(1));
    let refreshed = provider.provide_credentials(&ctx).await.unwrap();
    assert_eq!(refreshed.access_key_id(), "STS.ecs-2");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}
