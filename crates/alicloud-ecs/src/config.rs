//! Client configuration and its builder. `build()` checks everything and never panics: a
//! missing region, an invalid endpoint or a missing transport is a [`ConstructionError`].
//!
//! [`ConstructionError`]: crate::error::ConstructionError

use std::time::Duration;

use alicloud_ecs_model::Format;
use alicloud_signer::SignatureVersion;
use alicloud_transport::{
    SharedSleep, SharedTimeSource, SharedTransport, Sleep, TimeSource, Transport,
};

use crate::credentials::{Env, ProvideCredentials, SharedCredentialsProvider};
use crate::endpoint::{Endpoint, Network};
use crate::error::Error;
use crate::retry::RetryConfig;

pub(crate) const NO_REGION: &str = "no region: set one on the client (`.region(..)`, ALIBABA_CLOUD_REGION_ID, or a profile's region_id) or on the request";

/// Everything a [`Client`](crate::Client) needs. Cheap to clone.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<Endpoint>,
    pub(crate) network: Network,
    pub(crate) credentials: SharedCredentialsProvider,
    pub(crate) transport: SharedTransport,
    pub(crate) sleep: SharedSleep,
    pub(crate) time: SharedTimeSource,
    pub(crate) env: Env,
    pub(crate) retry: RetryConfig,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) format: Format,
    pub(crate) signature: SignatureVersion,
    pub(crate) user_agent: String,
    pub(crate) user_agent_header: http::HeaderValue,
    pub(crate) allow_insecure_http: bool,
}

impl Config {
    /// Start a configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The default region (`RegionId` of requests that do not set one).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The explicit endpoint, if one was configured.
    pub fn endpoint(&self) -> Option<&Endpoint> {
        self.endpoint.as_ref()
    }

    /// The response format requested.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The signature scheme.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// Whether `http://` endpoints to hosts other than loopback are accepted.
    pub fn allows_insecure_http(&self) -> bool {
        self.allow_insecure_http
    }

    /// The endpoint a request for `region` goes to.
    pub(crate) fn resolve_endpoint(&self, region: Option<&str>) -> Result<Endpoint, Error> {
        if let Some(endpoint) = &self.endpoint {
            return Ok(endpoint.clone());
        }
        let region = region
            .or(self.region.as_deref())
            .ok_or_else(|| Error::construction(NO_REGION))?;
        Endpoint::for_region(region, self.network)
    }
}

/// Builds a [`Config`]; see [`Config::builder`].
#[derive(Debug, Default)]
#[must_use]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint: Option<String>,
    network: Network,
    credentials: Option<SharedCredentialsProvider>,
    transport: Option<SharedTransport>,
    sleep: Option<SharedSleep>,
    time: Option<SharedTimeSource>,
    env: Option<Env>,
    retry: RetryConfig,
    attempt_timeout: Option<Duration>,
    format: Format,
    signature: SignatureVersion,
    user_agent_suffix: Option<String>,
    allow_insecure_http: bool,
}

impl ConfigBuilder {
    /// The default region, e.g. `cn-hangzhou`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Send every request to this endpoint (`https://host`, `http://127.0.0.1:8080` for the
    /// emulator, or a bare `host[:port]` for HTTPS) instead of the region's. `http://` is
    /// accepted only for loopback hosts unless [`allow_insecure_http`](Self::allow_insecure_http)
    /// is set.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Accept `http://` endpoints to hosts that are not loopback (`127.0.0.0/8`, `::1`,
    /// `localhost`). Off by default: without TLS, signed requests and security tokens travel
    /// in the clear and can be read or replayed by anyone on the path.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Use the region's VPC endpoint.
    pub fn network(mut self, network: Network) -> Self {
        self.network = network;
        self
    }

    /// Where credentials come from; the default is the
    /// [`DefaultCredentialsChain`](crate::credentials::DefaultCredentialsChain).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Use fixed credentials.
    pub fn credentials(self, credentials: crate::Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// The HTTP transport; the default (feature `default-transport`) is hyper with rustls.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(SharedTransport::new(transport));
        self
    }

    /// How to wait between attempts and polls; the default (feature `default-transport`) is
    /// tokio's timer.
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Some(SharedSleep::new(sleep));
        self
    }

    /// The clock used for signing, budgets and credential expiry; the default is the system clock.
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time = Some(SharedTimeSource::new(time));
        self
    }

    /// Where the credential providers read variables and files; the default is the process
    /// environment and home directory.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The longest one attempt may take (the transport's own timeouts also apply).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The response format to ask for (JSON by default).
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// The signature scheme (V3 by default).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature = version;
        self
    }

    /// Text appended to the `User-Agent` header (e.g. your application's name/version).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Check and freeze the configuration.
    pub fn build(self) -> Result<Config, Error> {
        let endpoint = self.endpoint.as_deref().map(Endpoint::parse).transpose()?;
        if let Some(endpoint) = &endpoint {
            endpoint.check_insecure_http(self.allow_insecure_http)?;
        }
        if let Some(region) = &self.region {
            Endpoint::for_region(region, self.network)?;
        }
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport()?,
        };
        let sleep = match self.sleep {
            Some(s) => s,
            None => default_sleep()?,
        };
        let env = self.env.unwrap_or_else(Env::process);
        let mut user_agent = format!(
            "AlibabaCloud ({}; {}) Rust alicloud-ecs/{}",
            std::env::consts::OS,
            std::env::consts::ARCH,
            env!("CARGO_PKG_VERSION")
        );
        let suffix = self
            .user_agent_suffix
            .or_else(|| env.var("ALIBABA_CLOUD_USER_AGENT"));
        if let Some(suffix) = suffix.filter(|s| !s.trim().is_empty()) {
            user_agent.push(' ');
            user_agent.push_str(suffix.trim());
        }
        let user_agent_header = http::HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::construction("the user agent suffix contains characters not allowed in a header")
        })?;
        let credentials = self.credentials.unwrap_or_else(|| {
            SharedCredentialsProvider::new(crate::credentials::DefaultCredentialsChain::new())
        });
        Ok(Config {
            region: self.region,
            endpoint,
            network: self.network,
            credentials,
            transport,
            sleep,
            time: self.time.unwrap_or_default(),
            env,
            retry: self.retry,
            attempt_timeout: self.attempt_timeout,
            format: self.format,
            signature: self.signature,
            user_agent,
            user_agent_header,
            allow_insecure_http: self.allow_insecure_http,
        })
    }
}

#[cfg(feature = "default-transport")]
fn default_transport() -> Result<SharedTransport, Error> {
    alicloud_transport_hyper::HyperTransport::new()
        .map(SharedTransport::new)
        .map_err(|e| Error::construction(format!("cannot build the default transport: {e}")))
}

#[cfg(not(feature = "default-transport"))]
fn default_transport() -> Result<SharedTransport, Error> {
    Err(Error::construction(
        "no transport: call .transport(..) or enable the `default-transport` feature",
    ))
}

#[cfg(feature = "default-transport")]
fn default_sleep() -> Result<SharedSleep, Error> {
    Ok(SharedSleep::new(alicloud_transport_hyper::TokioSleep::new()))
}

#[cfg(not(feature = "default-transport"))]
fn default_sleep() -> Result<SharedSleep, Error> {
    Err(Error::construction(
        "no sleep implementation: call .sleep(..) or enable the `default-transport` feature",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(builder: ConfigBuilder) -> String {
        match builder.build() {
            Err(Error::Construction(e)) => e.message().to_owned(),
            other => panic!("expected a construction error, got {other:?}"),
        }
    }

    #[test]
    fn bad_settings_are_construction_errors() {
        assert!(rejected(Config::builder().region("cn hangzhou")).contains("region"));
        assert!(rejected(Config::builder().endpoint("ftp://x")).contains("endpoint"));
        assert!(rejected(Config::builder().user_agent_suffix("app\n1.0")).contains("user agent"));
    }

    #[test]
    fn plain_http_is_for_loopback_unless_allowed() {
        let remote = || Config::builder().endpoint("http://ecs.example.com:8080");
        assert!(rejected(remote()).contains("allow_insecure_http"));
        let allowed = remote().allow_insecure_http(true).build().unwrap();
        assert!(allowed.allows_insecure_http());
        for local in [
            "http://127.0.0.1:8080",
            "http://[::1]:8080",
            "http://localhost:80",
        ] {
            assert!(Config::builder().endpoint(local).build().is_ok(), "{local}");
        }
        assert!(
            Config::builder()
                .endpoint("https://ecs.example.com")
                .build()
                .is_ok()
        );
    }

    #[test]
    fn the_user_agent_carries_the_suffix() {
        let config = Config::builder()
            .user_agent_suffix(" my-app/2 ")
            .build()
            .unwrap();
        assert!(
            config.user_agent().starts_with("AlibabaCloud ("),
            "{}",
            config.user_agent()
        );
        let tail = format!(" alicloud-ecs/{} my-app/2", env!("CARGO_PKG_VERSION"));
        assert!(
            config.user_agent().ends_with(&tail),
            "{}",
            config.user_agent()
        );
        assert_eq!(
            config.user_agent_header.to_str().ok(),
            Some(config.user_agent())
        );
    }
}
