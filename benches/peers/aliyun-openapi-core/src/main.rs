//! Calls per second of the `aliyun-openapi-core-rust-sdk` crate (1.1.0, its recommended
//! `RPClient`) calling `DescribeTaskAttribute` on the emulator's seed task.
//!
//! Usage: `aliyun-openapi-core-peer ENDPOINT ACCESS_KEY_ID ACCESS_KEY_SECRET N [IN_FLIGHT]`
//! with ENDPOINT `http://HOST:PORT`. Prints `sequential CALLS_PER_SECOND CPU_US_PER_CALL`
//! and, with IN_FLIGHT > 1, the same for `in_flight_IN_FLIGHT`; exits non-zero (printing
//! the crate's error) on the first failed call.

use std::error::Error;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aliyun_openapi_core_rust_sdk::client::rpc::RPClient;

const TASK_ID: &str = "t-23ym6mvro";
const WARM_UP: usize = 20;

type BoxError = Box<dyn Error + Send + Sync>;

async fn describe(client: &RPClient) -> Result<(), BoxError> {
    let body = client
        .clone()
        .version("2014-05-26")
        .get("DescribeTaskAttribute")
        .query([("RegionId", "cn-hangzhou"), ("TaskId", TASK_ID)])
        .text()
        .await?;
    if body.contains(TASK_ID) {
        Ok(())
    } else {
        Err(format!("unexpected response: {body}").into())
    }
}

/// CPU time (user + system, all threads) used so far, from `/proc/self/stat` (Linux, 100
/// ticks per second).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

/// Make `calls` calls, `in_flight` at a time; print `label CALLS_PER_SECOND CPU_US_PER_CALL`.
async fn run(
    label: &str,
    client: Arc<RPClient>,
    calls: usize,
    in_flight: usize,
) -> Result<(), BoxError> {
    let next = Arc::new(AtomicUsize::new(0));
    let cpu_before = cpu_time();
    let started = Instant::now();
    let workers: Vec<_> = (0..in_flight)
        .map(|_| {
            let (client, next) = (client.clone(), next.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    describe(&client).await?;
                }
                Ok::<(), BoxError>(())
            })
        })
        .collect();
    for worker in workers {
        worker.await??;
    }
    let rate = calls as f64 / started.elapsed().as_secs_f64();
    let cpu = match (cpu_before, cpu_time()) {
        (Some(before), Some(after)) => {
            format!(
                " {:.1}",
                (after - before).as_secs_f64() * 1e6 / calls as f64
            )
        }
        _ => String::new(),
    };
    println!("{label} {rate:.1}{cpu}");
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().collect();
    if !(5..=6).contains(&args.len()) {
        return Err("usage: aliyun-openapi-core-peer ENDPOINT ID SECRET N [IN_FLIGHT]".into());
    }
    let endpoint = format!("{}/", args[1].trim_end_matches('/'));
    let calls: usize = args[4].parse()?;
    let in_flight: usize = args.get(5).map_or(Ok(1), |n| n.parse())?;
    let client = Arc::new(RPClient::new(args[2].as_str(), args[3].as_str(), endpoint));
    for _ in 0..WARM_UP {
        describe(&client).await?;
    }
    run("sequential", client.clone(), calls, 1).await?;
    if in_flight > 1 {
        run(&format!("in_flight_{in_flight}"), client, calls, in_flight).await?;
    }
    Ok(())
}
