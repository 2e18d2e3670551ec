//! Shared pieces of the end-to-end benchmarks: the call every client makes
//! (`DescribeTaskAttribute` of the emulator's seed task), the SDK client pointed at an
//! emulator, the "bare hyper" baseline that signs and sends the same request with nothing
//! else, and a loop measuring calls per second with a given number of calls in flight.
//!
//! The bare baseline exists to price the SDK's own work. The emulator rejects unsigned
//! requests and reused nonces, so the baseline cannot replay one fixed request: it signs afresh
//! with `alicloud-signer` (V3, like the SDK), sends over a pooled keep-alive hyper client and
//! reads the body. It does not parse the body, has no retry loop, no timeouts, no credential
//! provider, no tracing span and no TLS-capable connector: everything the SDK adds on top.

#![forbid(unsafe_code)]

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alicloud_ecs::{Client, Credentials};
use alicloud_signer::{SignableRequest, SigningParams, sign_v3};
use alicloud_transport::{HttpRequest, Transport, TransportError, TransportFuture};
use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use time::OffsetDateTime;

/// The task every benchmark describes: the emulator's documented example task.
pub const TASK_ID: &str = "t-23ym6mvro";
/// The region of [`TASK_ID`].
pub const REGION: &str = "cn-hangzhou";
/// The API version of ECS.
pub const VERSION: &str = "2014-05-26";
/// The action every benchmark calls.
pub const ACTION: &str = "DescribeTaskAttribute";

/// Any failure of a benchmark call; benchmarks only report it.
pub type BenchError = Box<dyn std::error::Error + Send + Sync>;

/// The SDK client as a user would configure it for the emulator: region, explicit `http://`
/// endpoint, fixed credentials, everything else (transport, retries, V3, JSON) at defaults.
pub fn sdk_client(endpoint: &str, credentials: Credentials) -> Result<Client, alicloud_ecs::Error> {
    Client::builder()
        .region(REGION)
        .endpoint(endpoint)
        .credentials(credentials)
        .build()
}

/// One `DescribeTaskAttribute` call through the SDK, checking that it describes [`TASK_ID`].
pub async fn sdk_describe(client: &Client) -> Result<(), BenchError> {
    let task = client
        .describe_task_attribute()
        .task_id(TASK_ID)
        .send()
        .await?;
    if task.task_id.as_deref() == Some(TASK_ID) {
        Ok(())
    } else {
        Err(format!("unexpected task in the response: {:?}", task.task_id).into())
    }
}

/// The client of [`sdk_client`] with another transport: [`PlainTransport`] leaves only the
/// facade's own overhead (request, signing, retry loop, parsing); a tuned `HyperTransport`
/// shows the effect of a setting.
pub fn sdk_client_with_transport(
    endpoint: &str,
    credentials: Credentials,
    transport: impl Transport + 'static,
) -> Result<Client, alicloud_ecs::Error> {
    Client::builder()
        .region(REGION)
        .endpoint(endpoint)
        .credentials(credentials)
        .transport(transport)
        .build()
}

/// The smallest [`Transport`]: the bare baseline's hyper-util client (plain HTTP, keep-alive,
/// `TCP_NODELAY`) without the default transport's timeouts, body limit, proxy support or
/// TLS-capable connector.
#[derive(Clone)]
pub struct PlainTransport {
    client: HyperClient<HttpConnector, Full<Bytes>>,
}

impl PlainTransport {
    /// A transport with its own connection pool.
    pub fn new() -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        Self {
            client: HyperClient::builder(TokioExecutor::new()).build(connector),
        }
    }
}

impl Default for PlainTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for PlainTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlainTransport").finish_non_exhaustive()
    }
}

impl Transport for PlainTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        let client = self.client.clone();
        TransportFuture::new(async move {
            let response = client
                .request(request.map(Full::new))
                .await
                .map_err(TransportError::io)?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(TransportError::io)?;
            Ok(http::Response::from_parts(parts, body.to_bytes()))
        })
    }
}

/// The baseline: sign, send with a pooled keep-alive hyper client, read the body.
#[derive(Clone)]
pub struct BareClient {
    client: HyperClient<HttpConnector, Empty<Bytes>>,
    /// `http://HOST:PORT`, without a trailing slash.
    endpoint: Arc<str>,
    /// `HOST:PORT`, the signed host.
    host: Arc<str>,
    credentials: Credentials,
}

impl BareClient {
    /// A client for an `http://HOST:PORT` endpoint. Like the SDK's transport it sets
    /// `TCP_NODELAY`; unlike it, it keeps every idle connection.
    pub fn new(endpoint: &str, credentials: Credentials) -> Result<Self, BenchError> {
        let endpoint = endpoint.trim_end_matches('/');
        let host = endpoint
            .strip_prefix("http://")
            .ok_or_else(|| format!("the endpoint must start with http://, got {endpoint}"))?;
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        Ok(Self {
            client: HyperClient::builder(TokioExecutor::new()).build(connector),
            endpoint: endpoint.into(),
            host: host.into(),
            credentials,
        })
    }

    /// A freshly signed `GET` of `DescribeTaskAttribute` (the CPU part of [`describe`]).
    ///
    /// [`describe`]: Self::describe
    pub fn request(&self) -> Result<http::Request<Empty<Bytes>>, BenchError> {
        self.signed(ACTION, &[("RegionId", REGION), ("TaskId", TASK_ID)])
    }

    /// A freshly signed (V3) `GET` of any action with these query parameters.
    pub fn signed(
        &self,
        action: &str,
        query: &[(&str, &str)],
    ) -> Result<http::Request<Empty<Bytes>>, BenchError> {
        let signable = SignableRequest::new("GET", &self.host, action, VERSION).with_query(query);
        let nonce = alicloud_signer::nonce();
        let params = SigningParams::new(&self.credentials, OffsetDateTime::now_utc(), &nonce);
        let signed = sign_v3(&signable, &params)?;
        let mut request =
            http::Request::get(format!("{}/?{}", self.endpoint, signed.canonical_query()))
                .header(http::header::ACCEPT, "application/json");
        for (name, value) in signed.headers() {
            request = request.header(name, value);
        }
        Ok(request.body(Empty::new())?)
    }

    /// One signed `GET` of `DescribeTaskAttribute`; returns the body of a 200 response.
    pub async fn describe(&self) -> Result<Bytes, BenchError> {
        self.send(self.request()?).await
    }

    /// Send any request through the pooled client; returns the body of a 200 response.
    pub async fn send(&self, request: http::Request<Empty<Bytes>>) -> Result<Bytes, BenchError> {
        let response = self.client.request(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        if status.is_success() {
            Ok(body)
        } else {
            Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&body)).into())
        }
    }
}

/// CPU time (user + system, all threads) this process has used so far; `None` outside Linux.
///
/// Summed over the threads' scheduler clocks (`/proc/self/task/*/sched`, nanoseconds), so that
/// 20 000 calls resolve to a hundredth of a microsecond each; where those files are missing,
/// from `/proc/self/stat` in clock ticks (10 ms, half a microsecond over 20 000 calls). The
/// threads must outlive the measurement, as a tokio runtime's workers do.
pub fn process_cpu_time() -> Option<Duration> {
    threads_cpu_time().or_else(|| {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        cpu_ticks(&stat).map(|ticks| Duration::from_millis(ticks * 10))
    })
}

fn threads_cpu_time() -> Option<Duration> {
    let mut total = Duration::ZERO;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let sched = std::fs::read_to_string(task.ok()?.path().join("sched")).ok()?;
        total += sum_exec_runtime(&sched)?;
    }
    Some(total)
}

/// `se.sum_exec_runtime` of a `/proc/PID/task/TID/sched` file: milliseconds with six decimals.
fn sum_exec_runtime(sched: &str) -> Option<Duration> {
    let line = sched
        .lines()
        .find(|line| line.starts_with("se.sum_exec_runtime"))?;
    let (_, value) = line.split_once(':')?;
    let (ms, ns) = value.trim().split_once('.')?;
    let ns: u64 = format!("{ns:0<6}").get(..6)?.parse().ok()?;
    Some(Duration::from_millis(ms.parse().ok()?) + Duration::from_nanos(ns))
}

/// utime + stime (fields 14 and 15) of a `/proc/PID/stat` line. The command name (field 2) may
/// contain spaces and parentheses, so fields are counted from its last `)`.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

/// Run `calls` calls of `call`, keeping `in_flight` of them running at once (1: one after the
/// other), on the current tokio runtime. Returns the time taken, or the first failure.
pub async fn run_calls<F, Fut>(
    calls: usize,
    in_flight: usize,
    call: F,
) -> Result<Duration, BenchError>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), BenchError>> + Send + 'static,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..in_flight.max(1))
        .map(|_| {
            let call = call.clone();
            let next = next.clone();
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    call().await?;
                }
                Ok::<(), BenchError>(())
            })
        })
        .collect();
    for worker in workers {
        worker.await??;
    }
    Ok(started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_client_needs_a_plain_http_endpoint() {
        let credentials = Credentials::new("id", "secret");
        assert!(BareClient::new("https://127.0.0.1:1", credentials.clone()).is_err());
        let client = BareClient::new("http://127.0.0.1:1/", credentials).unwrap();
        assert_eq!(&*client.endpoint, "http://127.0.0.1:1");
        assert_eq!(&*client.host, "127.0.0.1:1");
    }

    #[test]
    fn cpu_ticks_reads_utime_and_stime() {
        let stat = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 1 0 0 0 70 8 0 0 20 0 3 0 1 2 3";
        assert_eq!(cpu_ticks(stat), Some(78));
        assert_eq!(cpu_ticks("4242 (truncated) S 1"), None);
        assert!(process_cpu_time().is_some() || !cfg!(target_os = "linux"));
    }

    #[test]
    fn sum_exec_runtime_reads_nanoseconds() {
        let sched = "calls (4242, #threads: 3)\n---\nse.exec_start : 1.5\nse.sum_exec_runtime                          :          1657.032410\nnr_switches : 1\n";
        assert_eq!(
            sum_exec_runtime(sched),
            Some(Duration::from_nanos(1_657_032_410))
        );
        assert_eq!(
            sum_exec_runtime("se.sum_exec_runtime : 12.5"),
            Some(Duration::from_micros(12_500))
        );
        assert_eq!(sum_exec_runtime("nr_switches : 1"), None);
        let before = process_cpu_time().unwrap();
        let spin = Instant::now();
        while spin.elapsed() < Duration::from_millis(20) {}
        assert!(process_cpu_time().unwrap() > before);
    }

    #[test]
    fn sdk_client_builds_for_an_http_endpoint() {
        let client = sdk_client("http://127.0.0.1:1", Credentials::new("id", "secret")).unwrap();
        assert_eq!(client.config().region(), Some(REGION));
    }
}
