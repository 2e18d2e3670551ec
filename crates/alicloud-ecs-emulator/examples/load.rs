//! Load generator: signed V3 `DescribeTaskAttribute` requests over keep-alive HTTP/1.1
//! connections, reporting throughput and latency percentiles.
//!
//! ```text
//! cargo run --release -p alicloud-ecs-emulator --example load -- --requests 200000 --concurrency 64
//! cargo run --release -p alicloud-ecs-emulator --example load -- --endpoint http://127.0.0.1:8080
//! ```
//!
//! Without `--endpoint` an emulator is started in the same process (sharing its runtime, so the
//! numbers include the generator's own signing and HTTP work).
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alicloud_ecs_emulator::{Credentials, Emulator};
use alicloud_signer::{SignableRequest, SigningParams, sign_v3};
use bytes::Bytes;
use clap::Parser;
use http::Request;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use time::OffsetDateTime;

/// Send signed DescribeTaskAttribute requests and measure.
#[derive(Debug, Parser)]
struct Args {
    /// Requests to send (after a warm-up of 1 000).
    #[arg(long, default_value_t = 200_000)]
    requests: usize,
    /// Requests in flight (one keep-alive connection each).
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Target an emulator that is already running instead of starting one.
    #[arg(long)]
    endpoint: Option<String>,
    /// Credentials for --endpoint (default: the emulator's default pair).
    #[arg(long, value_name = "ID:SECRET")]
    access_key: Option<String>,
    /// The task to describe.
    #[arg(long, default_value = "t-23ym6mvro")]
    task_id: String,
    /// Tokio worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// What every worker shares.
struct Target {
    client: HttpClient,
    endpoint: String,
    host: String,
    credentials: Credentials,
    task_id: String,
    /// A per-run prefix and a counter make every nonce unique.
    run: String,
    sent: AtomicUsize,
}

impl Target {
    async fn describe(&self, nonce: &str) -> (u16, Bytes) {
        let query = [
            ("RegionId", "cn-hangzhou"),
            ("TaskId", self.task_id.as_str()),
        ];
        let signable =
            SignableRequest::new("POST", &self.host, "DescribeTaskAttribute", "2014-05-26")
                .with_query(&query);
        let params = SigningParams::new(&self.credentials, OffsetDateTime::now_utc(), nonce);
        let signed = sign_v3(&signable, &params).expect("signs");
        let mut request = Request::post(format!("{}/?{}", self.endpoint, signed.canonical_query()))
            .header("host", &self.host)
            .header("accept", "application/json");
        for (name, value) in signed.headers() {
            request = request.header(name, value);
        }
        let response = self
            .client
            .request(request.body(Full::new(Bytes::new())).expect("request"))
            .await
            .expect("response");
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.expect("body");
        (status, body.to_bytes())
    }
}

async fn worker(target: Arc<Target>, next: Arc<AtomicUsize>, total: usize) -> Vec<u32> {
    let mut latencies = Vec::with_capacity(total / 64 + 1);
    let mut nonce = String::with_capacity(64);
    loop {
        let n = next.fetch_add(1, Ordering::Relaxed);
        if n >= total {
            return latencies;
        }
        let sequence = target.sent.fetch_add(1, Ordering::Relaxed);
        nonce.clear();
        nonce.push_str(&target.run);
        nonce.push_str(&format!("-{sequence:x}"));
        let started = Instant::now();
        let (status, body) = target.describe(&nonce).await;
        assert_eq!(status, 200, "request {n} failed: {body:?}");
        latencies.push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
    }
}

async fn blast(target: &Arc<Target>, requests: usize, concurrency: usize) -> (Duration, Vec<u32>) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| tokio::spawn(worker(target.clone(), next.clone(), requests)))
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    for w in workers {
        latencies.extend(w.await.expect("worker"));
    }
    (started.elapsed(), latencies)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[index.min(sorted.len() - 1)]) / 1000.0
}

async fn run(args: Args) {
    let (endpoint, credentials, _emulator) = match &args.endpoint {
        Some(endpoint) => {
            let credentials = match args.access_key.as_deref().and_then(|k| k.split_once(':')) {
                Some((id, secret)) => Credentials::new(id, secret),
                None => Credentials::new(
                    alicloud_ecs_emulator::DEFAULT_ACCESS_KEY_ID,
                    alicloud_ecs_emulator::DEFAULT_ACCESS_KEY_SECRET,
                ),
            };
            (endpoint.trim_end_matches('/').to_owned(), credentials, None)
        }
        None => {
            let handle = Emulator::builder().start().await.expect("emulator starts");
            (
                handle.endpoint(),
                handle.default_credentials(),
                Some(handle),
            )
        }
    };
    let host = endpoint.trim_start_matches("http://").to_owned();
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    let client = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(args.concurrency)
        .build(connector);
    let target = Arc::new(Target {
        client,
        endpoint: endpoint.clone(),
        host,
        credentials,
        task_id: args.task_id.clone(),
        run: alicloud_signer::nonce(),
        sent: AtomicUsize::new(0),
    });
    blast(&target, 1_000, args.concurrency).await;
    let (elapsed, mut latencies) = blast(&target, args.requests, args.concurrency).await;
    latencies.sort_unstable();
    let rate = latencies.len() as f64 / elapsed.as_secs_f64();
    println!(
        "{} signed DescribeTaskAttribute requests to {endpoint}, {} in flight, {} worker threads",
        latencies.len(),
        args.concurrency,
        args.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    );
    println!("elapsed {:.2} s, {rate:.0} req/s", elapsed.as_secs_f64());
    println!(
        "latency ms: p50 {:.3}  p90 {:.3}  p99 {:.3}  p99.9 {:.3}  max {:.3}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
        percentile(&latencies, 0.999),
        percentile(&latencies, 1.0)
    );
}

fn main() {
    let args = Args::parse();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = args.threads {
        runtime.worker_threads(threads);
    }
    runtime
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(run(args));
}
