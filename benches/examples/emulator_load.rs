//! Load on an emulator that is already running: signed V3 requests of one action, `IN_FLIGHT`
//! at a time, from the bare hyper client (so the emulator, not the client, is measured).
//!
//! ```text
//! cargo run --release -p alicloud-benches --example emulator_load -- ENDPOINT ID SECRET N IN_FLIGHT ACTION [Name=Value]…
//! ```
//!
//! Prints `ACTION REQUESTS_PER_SECOND P50_MS P99_MS` after a warm-up of 1 000 requests.
#![allow(clippy::print_stdout, missing_docs)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alicloud_benches::{BareClient, BenchError, run_calls};
use alicloud_ecs::Credentials;

const USAGE: &str = "usage: emulator_load ENDPOINT ACCESS_KEY_ID ACCESS_KEY_SECRET N IN_FLIGHT ACTION [Name=Value]…";
const WARM_UP: usize = 1_000;

fn main() -> Result<(), BenchError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [endpoint, id, secret, n, in_flight, action, params @ ..] = args.as_slice() else {
        return Err(USAGE.into());
    };
    let calls: usize = n.parse().map_err(|_| USAGE)?;
    let in_flight: usize = in_flight.parse().map_err(|_| USAGE)?;
    let params: Vec<(String, String)> = params
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| format!("not Name=Value: {p}\n{USAGE}"))
        })
        .collect::<Result<_, _>>()?;
    let client = BareClient::new(endpoint, Credentials::new(id.clone(), secret.clone()))?;
    let label = action.clone();
    let action: Arc<str> = action.as_str().into();
    let params = Arc::new(params);
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(calls)));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let call = {
        let latencies = latencies.clone();
        move || {
            let (client, action, params, latencies) = (
                client.clone(),
                action.clone(),
                params.clone(),
                latencies.clone(),
            );
            async move {
                let query: Vec<(&str, &str)> = params
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                // Signing is the client's work: the clock starts when the request leaves.
                let request = client.signed(&action, &query)?;
                let started = Instant::now();
                client.send(request).await?;
                let took = started.elapsed();
                if let Ok(mut all) = latencies.lock() {
                    all.push(took);
                }
                Ok(())
            }
        }
    };
    let elapsed = runtime.block_on(async {
        run_calls(WARM_UP, in_flight, call.clone()).await?;
        if let Ok(mut all) = latencies.lock() {
            all.clear();
        }
        run_calls(calls, in_flight, call).await
    })?;
    let mut all = latencies.lock().map_err(|_| "poisoned")?.clone();
    all.sort();
    let at = |q: f64| all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)));
    let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
    println!(
        "{label} {:.0} {:.2} {:.2}",
        calls as f64 / elapsed.as_secs_f64(),
        ms(at(0.50)),
        ms(at(0.99))
    );
    Ok(())
}
