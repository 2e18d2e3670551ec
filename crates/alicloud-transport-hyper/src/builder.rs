//! [`HyperTransportBuilder`]: timeouts, limits, pool, trust roots, TLS and proxy settings.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};

use crate::connector::{ProxyConnector, TimeoutConnector};
use crate::proxy::ProxyConfig;
use crate::transport::HyperTransport;

const MIB: usize = 1024 * 1024;

/// Configures and builds a [`HyperTransport`].
///
/// Defaults: connect timeout 5 s, request timeout 30 s, response bodies up to 16 MiB, idle
/// pooled connections kept 90 s (at most 128 idle per host), the Mozilla roots (feature
/// `webpki-roots`) as the only trust anchors, and proxies from the environment.
#[derive(Clone)]
pub struct HyperTransportBuilder {
    connect_timeout: Duration,
    request_timeout: Duration,
    max_response_body: usize,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: usize,
    #[cfg(feature = "webpki-roots")]
    webpki_roots: bool,
    #[cfg(feature = "native-roots")]
    native_roots: bool,
    root_certificates: Vec<CertificateDer<'static>>,
    root_certificates_pem: Vec<Vec<u8>>,
    tls_config: Option<ClientConfig>,
    proxy: Option<ProxyConfig>,
}

impl HyperTransportBuilder {
    pub(crate) fn new() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            max_response_body: 16 * MIB,
            pool_idle_timeout: Some(Duration::from_secs(90)),
            pool_max_idle_per_host: 128,
            #[cfg(feature = "webpki-roots")]
            webpki_roots: true,
            #[cfg(feature = "native-roots")]
            native_roots: false,
            root_certificates: Vec::new(),
            root_certificates_pem: Vec::new(),
            tls_config: None,
            proxy: None,
        }
    }

    /// How long establishing a connection may take: TCP connect, proxy tunnel and TLS
    /// handshake together. Such a timeout is reported as never sent.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole exchange may take, from sending until the last byte of the body.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The largest response body accepted, in bytes; a larger one fails with
    /// [`BodyTooLarge`](alicloud_transport::TransportErrorKind::BodyTooLarge) after reading at
    /// most `bytes` bytes.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// How long an idle pooled connection is kept; `None` keeps it until the server closes it.
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// How many idle connections are kept per host (default 128; 0 disables reuse). Keep it at
    /// least as high as the number of calls you run at once, or bursts reopen connections.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// Whether to trust the Mozilla root set compiled in with the `webpki-roots` feature
    /// (the default when that feature is on).
    #[cfg(feature = "webpki-roots")]
    pub fn webpki_roots(mut self, enabled: bool) -> Self {
        self.webpki_roots = enabled;
        self
    }

    /// Whether to trust the operating system's certificate store (off by default). Loading it
    /// honours `SSL_CERT_FILE` and `SSL_CERT_DIR`.
    #[cfg(feature = "native-roots")]
    pub fn native_roots(mut self, enabled: bool) -> Self {
        self.native_roots = enabled;
        self
    }

    /// Also trusts this DER-encoded CA certificate.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.root_certificates
            .push(CertificateDer::from(der.into()));
        self
    }

    /// Also trusts every certificate in this PEM text (checked by [`build`](Self::build)).
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }

    /// Uses this TLS configuration instead of building one from the root settings above.
    ///
    /// Its ALPN protocols are replaced by `h2` and `http/1.1`. Build it with an explicit
    /// provider, for instance
    /// `ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))`.
    pub fn tls_config(mut self, config: ClientConfig) -> Self {
        self.tls_config = Some(config);
        self
    }

    /// Whether to read `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (and their
    /// lowercase forms) when [`build`](Self::build) runs. On by default; `false` connects
    /// directly unless [`proxy`](Self::proxy) says otherwise.
    pub fn proxy_from_env(mut self, enabled: bool) -> Self {
        self.proxy = if enabled {
            None
        } else {
            Some(ProxyConfig::none())
        };
        self
    }

    /// Uses these proxy settings instead of the environment.
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Builds the transport. It fails on unusable settings and never panics.
    pub fn build(self) -> Result<HyperTransport, BuildError> {
        let (matcher, forward_auth) = match &self.proxy {
            None => (
                Matcher::from_env(),
                crate::proxy::env_forwards_credentials(),
            ),
            Some(config) => (config.matcher()?, config.forwards_credentials()),
        };
        let proxy = Arc::new(matcher);
        let tls = match self.tls_config.clone() {
            Some(mut config) => {
                config.alpn_protocols.clear();
                config
            }
            None => self.default_tls_config()?,
        };

        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(self.connect_timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(ProxyConnector::new(http, Some(Arc::clone(&proxy))));
        let connector = TimeoutConnector::new(https, self.connect_timeout);

        let client = Client::builder(TokioExecutor::new())
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .build(connector);
        Ok(HyperTransport::from_parts(
            client,
            self.request_timeout,
            self.max_response_body,
            proxy,
            forward_auth,
        ))
    }

    fn default_tls_config(&self) -> Result<ClientConfig, BuildError> {
        let mut roots = RootCertStore::empty();
        #[cfg(feature = "webpki-roots")]
        if self.webpki_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        #[cfg(feature = "native-roots")]
        if self.native_roots {
            let native = rustls_native_certs::load_native_certs();
            if native.certs.is_empty() {
                let reason = native.errors.first().map(ToString::to_string);
                return Err(BuildError::NativeRoots(
                    reason.unwrap_or_else(|| "the store is empty".to_owned()),
                ));
            }
            // Unparsable certificates in the system store are skipped, as other clients do.
            roots.add_parsable_certificates(native.certs);
        }
        for der in &self.root_certificates {
            roots
                .add(der.clone())
                .map_err(BuildError::InvalidRootCertificate)?;
        }
        for pem in &self.root_certificates_pem {
            for der in CertificateDer::pem_slice_iter(pem) {
                let der = der.map_err(|e| BuildError::InvalidPem(e.to_string()))?;
                roots.add(der).map_err(BuildError::InvalidRootCertificate)?;
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        Ok(ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(BuildError::Tls)?
            .with_root_certificates(roots)
            .with_no_client_auth())
    }
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HyperTransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransportBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_response_body", &self.max_response_body)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("extra_roots", &self.root_certificates.len())
            .field("custom_tls_config", &self.tls_config.is_some())
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

/// Why [`HyperTransportBuilder::build`] failed.
#[non_exhaustive]
#[derive(Debug)]
pub enum BuildError {
    /// A root certificate given to the builder could not be parsed.
    InvalidRootCertificate(rustls::Error),
    /// PEM text given to the builder could not be parsed.
    InvalidPem(String),
    /// The operating system's certificate store could not be loaded.
    NativeRoots(String),
    /// rustls rejected the configuration.
    Tls(rustls::Error),
    /// A proxy URL is unusable. The URL is shown without credentials.
    InvalidProxy {
        /// The proxy URL, credentials removed.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRootCertificate(e) => write!(f, "invalid root certificate: {e}"),
            Self::InvalidPem(e) => write!(f, "invalid PEM root certificates: {e}"),
            Self::NativeRoots(e) => write!(f, "cannot load the system certificate store: {e}"),
            Self::Tls(e) => write!(f, "invalid TLS configuration: {e}"),
            Self::InvalidProxy { url, reason } => write!(f, "invalid proxy {url:?}: {reason}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidRootCertificate(e) | Self::Tls(e) => Some(e),
            _ => None,
        }
    }
}
