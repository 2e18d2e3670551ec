//! [`Client`]: cheap to clone, `Send + Sync`, one connection pool shared by all clones.

use std::fmt;
use std::sync::Arc;

use alicloud_ecs_model::Operation;

use crate::config::{Config, ConfigBuilder};
use crate::credentials::{CredentialsContext, DefaultCredentialsChain, Env, region_from_env};
use crate::error::Error;
use crate::send::CallOptions;

/// The ECS task client. Clone it freely: clones share the configuration and the transport's
/// connection pool, so there is no need to wrap it in an `Arc`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    credentials_context: CredentialsContext,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish()
    }
}

impl Client {
    /// Start configuring a client; see [`ConfigBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            config: Config::builder(),
        }
    }

    /// A client for a finished [`Config`].
    pub fn from_config(config: Config) -> Self {
        let credentials_context = CredentialsContext::new(
            config.transport.clone(),
            config.time.clone(),
            config.env.clone(),
        )
        .with_sleep(config.sleep.clone());
        Self {
            inner: Arc::new(Inner {
                config,
                credentials_context,
            }),
        }
    }

    /// A client configured the way the `aliyun` CLI and the official SDKs find their settings:
    /// the region from `ALIBABA_CLOUD_REGION_ID` (and the older names) or the selected
    /// `~/.aliyun/config.json` profile, credentials from the default provider chain, and the
    /// endpoint from `ALIBABA_CLOUD_ENDPOINT` when set. Reads no network.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_env_with(Env::process())
    }

    /// [`from_env`](Self::from_env) reading the given environment (tests, sandboxes).
    pub fn from_env_with(env: Env) -> Result<Self, Error> {
        let profile = env.var("ALIBABA_CLOUD_PROFILE");
        let mut builder = Config::builder()
            .env(env.clone())
            .credentials_provider(DefaultCredentialsChain::new());
        if let Some(region) = region_from_env(&env, profile.as_deref()) {
            builder = builder.region(region);
        }
        if let Some(endpoint) = env.var("ALIBABA_CLOUD_ENDPOINT") {
            builder = builder.endpoint(endpoint);
        }
        Ok(Self::from_config(builder.build()?))
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub(crate) fn credentials_context(&self) -> &CredentialsContext {
        &self.inner.credentials_context
    }

    /// Send any operation's request. The generated methods (`describe_task_attribute()`, …)
    /// are the friendlier way in; this is the generic path they use.
    pub async fn send<O: Operation>(
        &self,
        request: O,
        options: &CallOptions,
    ) -> Result<O::Response, Error> {
        crate::send::send(self, request, options).await
    }
}

/// Builds a [`Client`]; every [`ConfigBuilder`] setting is available.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    config: ConfigBuilder,
}

impl ClientBuilder {
    /// Change the configuration with a [`ConfigBuilder`] method.
    pub fn configure(mut self, f: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        self.config = f(self.config);
        self
    }

    /// Check the configuration and make the client.
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client::from_config(self.config.build()?))
    }
}

macro_rules! forward {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*);)*) => {
        impl ClientBuilder {$(
            $(#[$doc])*
            pub fn $name(mut self, $($arg: $ty),*) -> Self {
                self.config = self.config.$name($($arg),*);
                self
            }
        )*}
    };
}

forward! {
    /// The default region, e.g. `cn-hangzhou`.
    region(region: impl Into<String>);
    /// Send every request to this endpoint instead of the region's.
    endpoint(endpoint: impl Into<String>);
    /// Accept `http://` endpoints to hosts that are not loopback.
    allow_insecure_http(allow: bool);
    /// Use the public or the VPC endpoint of the region.
    network(network: crate::Network);
    /// Use fixed credentials.
    credentials(credentials: crate::Credentials);
    /// Where credentials come from.
    credentials_provider(provider: impl crate::credentials::ProvideCredentials + 'static);
    /// The HTTP transport.
    transport(transport: impl alicloud_transport::Transport + 'static);
    /// How to wait between attempts and polls.
    sleep(sleep: impl alicloud_transport::Sleep + 'static);
    /// The clock.
    time_source(time: impl alicloud_transport::TimeSource + 'static);
    /// Where credential providers read variables and files.
    env(env: Env);
    /// The retry policy.
    retry(retry: crate::RetryConfig);
    /// The longest one attempt may take.
    attempt_timeout(timeout: std::time::Duration);
    /// The response format to ask for.
    format(format: alicloud_ecs_model::Format);
    /// The signature scheme.
    signature_version(version: alicloud_signer::SignatureVersion);
    /// Text appended to the `User-Agent` header.
    user_agent_suffix(suffix: impl Into<String>);
}
