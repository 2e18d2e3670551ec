//! End-to-end: `DescribeTaskAttribute` over keep-alive loopback HTTP/1.1 to an emulator running
//! in this process (frozen clock), through the SDK and through the bare hyper baseline (sign,
//! send, read the body; see the crate docs), one call at a time and 64 at once.
//!
//! One tokio multi-thread runtime (a worker per core) serves both the emulator and the
//! clients, so on a 2-core machine they share the 2 cores. Every iteration is a `block_on`
//! from the bench thread; both sides pay that equally. The item counters turn times into
//! calls per second.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::LazyLock;

use alicloud_benches::{
    BareClient, run_calls, sdk_client, sdk_client_with_transport, sdk_describe,
};
use alicloud_ecs::Client;
use alicloud_ecs_emulator::{Emulator, EmulatorHandle};
use alicloud_transport_hyper::HyperTransport;
use divan::Bencher;
use divan::counter::ItemsCount;
use tokio::runtime::Runtime;

fn main() {
    divan::main();
}

/// Calls in flight in the concurrent benchmarks.
const IN_FLIGHT: usize = 64;

struct Setup {
    runtime: Runtime,
    sdk: Client,
    /// The SDK with a connection pool that keeps 64 idle connections (default: 32).
    sdk_pool_64: Client,
    bare: BareClient,
    _emulator: EmulatorHandle,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let emulator = runtime
        .block_on(Emulator::builder().speed(0.0).seed(1).start())
        .expect("emulator starts");
    let endpoint = emulator.endpoint();
    let sdk = sdk_client(&endpoint, emulator.default_credentials()).expect("client");
    let transport = HyperTransport::builder()
        .pool_max_idle_per_host(IN_FLIGHT)
        .build()
        .expect("transport");
    let sdk_pool_64 =
        sdk_client_with_transport(&endpoint, emulator.default_credentials(), transport)
            .expect("client");
    let bare = BareClient::new(&endpoint, emulator.default_credentials()).expect("bare client");
    // Warm up: open the pooled connections both ways and fill the allocators' caches.
    runtime.block_on(async {
        for client in [sdk.clone(), sdk_pool_64.clone()] {
            run_calls(1_000, IN_FLIGHT, move || {
                let client = client.clone();
                async move { sdk_describe(&client).await }
            })
            .await
            .expect("SDK warm-up");
        }
        let client = bare.clone();
        run_calls(1_000, IN_FLIGHT, move || {
            let client = client.clone();
            async move { client.describe().await.map(drop) }
        })
        .await
        .expect("bare warm-up");
    });
    Setup {
        runtime,
        sdk,
        sdk_pool_64,
        bare,
        _emulator: emulator,
    }
});

#[divan::bench(sample_count = 400, sample_size = 25)]
fn sdk_sequential(bencher: Bencher<'_, '_>) {
    let setup = &*SETUP;
    bencher
        .counter(ItemsCount::new(1usize))
        .bench_local(|| setup.runtime.block_on(sdk_describe(&setup.sdk)).unwrap());
}

#[divan::bench(sample_count = 400, sample_size = 25)]
fn bare_hyper_sequential(bencher: Bencher<'_, '_>) {
    let setup = &*SETUP;
    bencher
        .counter(ItemsCount::new(1usize))
        .bench_local(|| setup.runtime.block_on(setup.bare.describe()).unwrap());
}

/// 64 calls at once through `client`, per iteration.
fn sdk_in_flight(bencher: Bencher<'_, '_>, client: &Client) {
    let setup = &*SETUP;
    bencher.counter(ItemsCount::new(IN_FLIGHT)).bench_local(|| {
        let client = client.clone();
        let calls = run_calls(IN_FLIGHT, IN_FLIGHT, move || {
            let client = client.clone();
            async move { sdk_describe(&client).await }
        });
        setup.runtime.block_on(calls).unwrap()
    });
}

#[divan::bench(sample_count = 200, sample_size = 2)]
fn sdk_64_in_flight(bencher: Bencher<'_, '_>) {
    sdk_in_flight(bencher, &SETUP.sdk);
}

/// The same with a pool keeping 64 idle connections: with the default (32), every burst of
/// 64 closes 32 connections when it ends and opens 32 new ones at the next.
#[divan::bench(sample_count = 200, sample_size = 2)]
fn sdk_64_in_flight_pool_64(bencher: Bencher<'_, '_>) {
    sdk_in_flight(bencher, &SETUP.sdk_pool_64);
}

#[divan::bench(sample_count = 200, sample_size = 2)]
fn bare_hyper_64_in_flight(bencher: Bencher<'_, '_>) {
    let setup = &*SETUP;
    bencher.counter(ItemsCount::new(IN_FLIGHT)).bench_local(|| {
        let client = setup.bare.clone();
        let calls = run_calls(IN_FLIGHT, IN_FLIGHT, move || {
            let client = client.clone();
            async move { client.describe().await.map(drop) }
        });
        setup.runtime.block_on(calls).unwrap()
    });
}
