//! Calls per second of this SDK (or of the bare hyper baseline) against an emulator that is
//! already running, with the same arguments and output as the Python and Rust-peer drivers so
//! `benches/run.sh` compares them under the same conditions.
//!
//! ```text
//! cargo run --release -p alicloud-benches --example calls -- sdk|sdk-plain|bare ENDPOINT ID SECRET N [IN_FLIGHT]
//! ```
//!
//! `sdk-plain` is the SDK with the bare client's transport
//! ([`PlainTransport`](alicloud_benches::PlainTransport)). Prints
//! `sequential CALLS_PER_SECOND CPU_US_PER_CALL` and, with IN_FLIGHT > 1, the same for
//! `in_flight_IN_FLIGHT`; the CPU time is this process's (user + system, all threads).
#![allow(clippy::print_stdout, missing_docs)]

use std::future::Future;

use alicloud_benches::{
    BareClient, BenchError, PlainTransport, process_cpu_time, run_calls, sdk_client,
    sdk_client_with_transport, sdk_describe,
};
use alicloud_ecs::Credentials;

const WARM_UP: usize = 1_000;
const USAGE: &str =
    "usage: calls sdk|sdk-plain|bare ENDPOINT ACCESS_KEY_ID ACCESS_KEY_SECRET N [IN_FLIGHT]";

/// Warm up, then print calls per second one at a time and with `in_flight` at once.
async fn measure<F, Fut>(calls: usize, in_flight: usize, call: F) -> Result<(), BenchError>
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<(), BenchError>> + Send + 'static,
{
    run_calls(WARM_UP, in_flight, call.clone()).await?;
    report("sequential", calls, 1, call.clone()).await?;
    if in_flight > 1 {
        report(&format!("in_flight_{in_flight}"), calls, in_flight, call).await?;
    }
    Ok(())
}

/// Print `label CALLS_PER_SECOND CPU_MICROSECONDS_PER_CALL` (this process's CPU, if known).
async fn report<F, Fut>(
    label: &str,
    calls: usize,
    in_flight: usize,
    call: F,
) -> Result<(), BenchError>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), BenchError>> + Send + 'static,
{
    let cpu_before = process_cpu_time();
    let elapsed = run_calls(calls, in_flight, call).await?;
    let cpu = match (cpu_before, process_cpu_time()) {
        (Some(before), Some(after)) => {
            format!(
                " {:.2}",
                (after - before).as_secs_f64() * 1e6 / calls as f64
            )
        }
        _ => String::new(),
    };
    println!("{label} {:.1}{cpu}", calls as f64 / elapsed.as_secs_f64());
    Ok(())
}

async fn run(args: &[String]) -> Result<(), BenchError> {
    let [client, endpoint, id, secret, calls, rest @ ..] = args else {
        return Err(USAGE.into());
    };
    let calls: usize = calls.parse()?;
    let in_flight: usize = match rest {
        [] => 1,
        [n] => n.parse()?,
        _ => return Err(USAGE.into()),
    };
    let credentials = Credentials::new(id.as_str(), secret.as_str());
    match client.as_str() {
        "sdk" | "sdk-plain" => {
            let client = if client == "sdk" {
                sdk_client(endpoint, credentials)?
            } else {
                sdk_client_with_transport(endpoint, credentials, PlainTransport::new())?
            };
            measure(calls, in_flight, move || {
                let client = client.clone();
                async move { sdk_describe(&client).await }
            })
            .await
        }
        "bare" => {
            let client = BareClient::new(endpoint, credentials)?;
            measure(calls, in_flight, move || {
                let client = client.clone();
                async move { client.describe().await.map(drop) }
            })
            .await
        }
        _ => Err(USAGE.into()),
    }
}

fn main() -> Result<(), BenchError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(&args))
}
