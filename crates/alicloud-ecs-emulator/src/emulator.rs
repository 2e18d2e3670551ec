//! The library entry points: [`Emulator`] serves requests in-process, [`EmulatorHandle`] is a
//! running HTTP server (configured by [`EmulatorBuilder`](crate::EmulatorBuilder)).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use alicloud_signer::Credentials;
use bytes::Bytes;
use http::{Request, Response};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::builder::EmulatorBuilder;
use crate::control::Control;
use crate::control_http::is_control_path;
use crate::limits::ServerLimits;
use crate::reply_body::cut;
use crate::server::serve;
use crate::service::{Inner, handle};
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

/// An emulator that serves requests in-process; [`start`](Self::start) puts it on a socket.
/// Cheap to clone (clones share the state).
#[derive(Clone)]
pub struct Emulator {
    pub(crate) inner: Arc<Inner>,
    credentials: Vec<Credentials>,
    listen: SocketAddr,
    limits: ServerLimits,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    pub(crate) fn new(
        inner: Arc<Inner>,
        credentials: Vec<Credentials>,
        listen: SocketAddr,
        limits: ServerLimits,
    ) -> Self {
        Self {
            inner,
            credentials,
            listen,
            limits,
        }
    }

    /// Configure an emulator.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Serve one request as if it came from a loopback client (a control-API request without
    /// `Host` or URI authority is taken to address `127.0.0.1`; the other control-API checks
    /// apply as over HTTP). A drop fault shows as a body cut to half of its `Content-Length`.
    pub async fn dispatch(&self, mut request: Request<Bytes>) -> Response<Bytes> {
        if is_control_path(request.uri().path())
            && request.uri().authority().is_none()
            && !request.headers().contains_key(http::header::HOST)
        {
            request.headers_mut().insert(
                http::header::HOST,
                http::HeaderValue::from_static("127.0.0.1"),
            );
        }
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
        let task = tokio::spawn(serve(listener, self.inner.clone(), self.limits, signal));
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

    /// Stop accepting connections and wait for open ones to finish: idle ones close at once,
    /// busy ones get 5 seconds to finish their responses.
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
