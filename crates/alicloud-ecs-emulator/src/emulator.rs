//! The library entry points: [`EmulatorBuilder`] configures, [`Emulator`] serves requests
//! in-process, [`EmulatorHandle`] is a running HTTP server.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use alicloud_signer::Credentials;
use bytes::Bytes;
use http::{Request, Response};
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::auth::Auth;
use crate::clock::{Clock, to_ms, wall_now};
use crate::control::Control;
use crate::faults::{FaultConfig, Faults};
use crate::persist;
use crate::rng::{AtomicSplitMix, derive, seed_from_time};
use crate::server::{cut, serve};
use crate::service::{Inner, handle};
use crate::state::State;
use crate::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET};

/// Why an emulator could not start or a control call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The state file exists but cannot be read.
    #[error("state file: {0}")]
    StateFile(String),
    /// The state file could not be written.
    #[error("cannot save the state file: {0}")]
    Save(#[source] std::io::Error),
    /// The configuration is unusable (for example a negative speed).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A control request was rejected (for example a seed task in an unknown region).
    #[error("invalid control request: {0}")]
    Invalid(String),
}

/// Configures an emulator; start from [`Emulator::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct EmulatorBuilder {
    listen: SocketAddr,
    keys: Vec<Credentials>,
    state_file: Option<PathBuf>,
    speed: f64,
    seed: Option<u64>,
    faults: FaultConfig,
    start_time: Option<OffsetDateTime>,
    max_clock_skew: Duration,
    nonce_capacity: usize,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            keys: Vec::new(),
            state_file: None,
            speed: 1.0,
            seed: None,
            faults: FaultConfig::default(),
            start_time: None,
            max_clock_skew: Duration::from_secs(15 * 60),
            nonce_capacity: 1 << 18,
        }
    }
}

impl EmulatorBuilder {
    /// The address to listen on (default `127.0.0.1:0`, a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Accept this AccessKey pair. Without any key the documented default pair
    /// ([`DEFAULT_ACCESS_KEY_ID`], [`DEFAULT_ACCESS_KEY_SECRET`]) is accepted.
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.keys.push(Credentials::new(id, secret));
        self
    }

    /// Accept this STS key, only together with exactly this security token.
    pub fn sts_key(
        mut self,
        id: impl Into<String>,
        secret: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        self.keys
            .push(Credentials::new(id, secret).with_security_token(token));
        self
    }

    /// Keep the state in this file: loaded at start, saved atomically after every change.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Task time runs `speed` times faster than real time (default 1); 0 freezes it, so it
    /// moves only through [`Control::advance`].
    pub fn speed(mut self, speed: f64) -> Self {
        self.speed = speed;
        self
    }

    /// Seed the random ids (task ids, image ids, `RequestId`s, fault ratios); default: from
    /// the wall clock.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Start with these faults.
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
        self
    }

    /// Start the emulated clock at this time instead of now (ignored when a state file
    /// provides the time).
    pub fn start_time(mut self, at: OffsetDateTime) -> Self {
        self.start_time = Some(at);
        self
    }

    /// How far a request's `Timestamp`/`x-acs-date` may be from the wall clock (default 15
    /// minutes).
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// How many signature nonces to remember at most (default 262 144).
    pub fn nonce_capacity(mut self, capacity: usize) -> Self {
        self.nonce_capacity = capacity;
        self
    }

    /// Build an emulator without a socket, for [`Emulator::dispatch`].
    pub fn build(self) -> Result<Emulator, EmulatorError> {
        if !self.speed.is_finite() || self.speed < 0.0 {
            return Err(EmulatorError::Config(format!(
                "speed must be a finite number ≥ 0, got {}",
                self.speed
            )));
        }
        for fault in &self.faults.faults {
            fault
                .validate()
                .map_err(|e| EmulatorError::Config(e.to_string()))?;
        }
        let seed = self.seed.unwrap_or_else(seed_from_time);
        let keys = if self.keys.is_empty() {
            vec![Credentials::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_ACCESS_KEY_SECRET,
            )]
        } else {
            self.keys
        };
        let snapshot = match &self.state_file {
            Some(path) => {
                persist::load(path).map_err(|e| EmulatorError::StateFile(e.to_string()))?
            }
            None => None,
        };
        let (state, origin) = match snapshot {
            Some(snapshot) => {
                let origin = snapshot.resume_ms(to_ms(wall_now()), self.speed);
                (snapshot.state, origin)
            }
            None => (
                State::initial(derive(seed, 0)),
                to_ms(self.start_time.unwrap_or_else(wall_now)),
            ),
        };
        let faults = Faults::new(derive(seed, 2));
        for fault in self.faults.faults {
            faults.add(fault);
        }
        let inner = Inner::new(
            state,
            Clock::new(origin, self.speed),
            Auth::new(&keys, self.max_clock_skew, self.nonce_capacity),
            faults,
            AtomicSplitMix::new(derive(seed, 1)),
            self.state_file,
            seed,
        );
        Ok(Emulator {
            inner: Arc::new(inner),
            credentials: keys,
            listen: self.listen,
        })
    }

    /// Build the emulator and serve it over HTTP.
    pub async fn start(self) -> Result<EmulatorHandle, EmulatorError> {
        self.build()?.start().await
    }
}

/// An emulator that serves requests in-process; [`start`](Self::start) puts it on a socket.
/// Cheap to clone (clones share the state).
#[derive(Clone)]
pub struct Emulator {
    pub(crate) inner: Arc<Inner>,
    credentials: Vec<Credentials>,
    listen: SocketAddr,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Configure an emulator.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Serve one request as if it came from a loopback client. A drop fault shows as a body
    /// cut to half of its `Content-Length`.
    pub async fn dispatch(&self, request: Request<Bytes>) -> Response<Bytes> {
        let reply = handle(&self.inner, request, IpAddr::V4(Ipv4Addr::LOCALHOST)).await;
        let (mut parts, body) = reply.response.into_parts();
        parts.headers.insert(
            http::header::CONTENT_LENGTH,
            http::HeaderValue::from(body.len()),
        );
        let body = if reply.drop_connection {
            cut(&body)
        } else {
            body
        };
        Response::from_parts(parts, body)
    }

    /// The in-process control handle.
    pub fn control(&self) -> Control {
        Control::new(self.inner.clone())
    }

    /// Every accepted key (STS keys carry their token).
    pub fn credentials(&self) -> &[Credentials] {
        &self.credentials
    }

    /// The first accepted key: the default pair unless keys were configured.
    pub fn default_credentials(&self) -> Credentials {
        self.credentials
            .first()
            .cloned()
            .unwrap_or_else(|| Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET))
    }

    /// Listen on the configured address and serve in the background.
    pub async fn start(self) -> Result<EmulatorHandle, EmulatorError> {
        let bind_error = |source| EmulatorError::Bind {
            addr: self.listen,
            source,
        };
        let listener = TcpListener::bind(self.listen).await.map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        let (shutdown, signal) = watch::channel(false);
        let task = tokio::spawn(serve(listener, self.inner.clone(), signal));
        Ok(EmulatorHandle {
            emulator: self,
            addr,
            shutdown,
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops the server (without waiting);
/// [`shutdown`](Self::shutdown) stops it and waits for open connections to finish.
#[derive(Debug)]
pub struct EmulatorHandle {
    emulator: Emulator,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl EmulatorHandle {
    /// The base URL to send requests to, e.g. `http://127.0.0.1:40123`.
    pub fn endpoint(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every accepted key (STS keys carry their token).
    pub fn credentials(&self) -> &[Credentials] {
        self.emulator.credentials()
    }

    /// The first accepted key: the default pair unless keys were configured.
    pub fn default_credentials(&self) -> Credentials {
        self.emulator.default_credentials()
    }

    /// The in-process control handle.
    pub fn control(&self) -> Control {
        self.emulator.control()
    }

    /// The emulator behind the server, for in-process dispatch.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Serve one request in-process (see [`Emulator::dispatch`]).
    pub async fn dispatch(&self, request: Request<Bytes>) -> Response<Bytes> {
        self.emulator.dispatch(request).await
    }

    /// Stop accepting connections and wait (up to 5 seconds) for open ones to finish.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take()
            && let Err(err) = task.await
        {
            tracing::warn!(%err, "the server task failed");
        }
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
