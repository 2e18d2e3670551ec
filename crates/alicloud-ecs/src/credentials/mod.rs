//! Credentials: the [`ProvideCredentials`] trait, the providers of the Alibaba Cloud tools, and
//! the [`DefaultCredentialsChain`] that tries them in the order the official SDKs use.
//!
//! | # | source | provider | used when |
//! |---|---|---|---|
//! | 1 | environment | [`EnvironmentProvider`] | `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET` are set (optional `ALIBABA_CLOUD_SECURITY_TOKEN`; the older `ALIBABACLOUD_*` and `ALICLOUD_*` names work too) |
//! | 2 | OIDC (RRSA) | [`OidcProvider`] | `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are set |
//! | 3 | aliyun CLI profile | [`ProfileProvider`] | `~/.aliyun/config.json` exists, unless `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` |
//! | 4 | credentials file | [`IniFileProvider`] | `~/.alibabacloud/credentials` (or `ALIBABA_CLOUD_CREDENTIALS_FILE`) exists |
//! | 5 | ECS instance RAM role | [`EcsRamRoleProvider`] | the metadata service answers, unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` |
//! | 6 | credentials URI | [`UriProvider`] | `ALIBABA_CLOUD_CREDENTIALS_URI` is set |
//!
//! Providers read variables and files through the [`Env`] of the [`CredentialsContext`] they are
//! given, send every HTTP request (metadata service, STS) through its transport, and read the
//! time from its clock, so tests substitute all three.
//!
//! Temporary credentials are cached: [`EcsRamRoleProvider`], [`AssumeRoleProvider`],
//! [`OidcProvider`] and [`UriProvider`] keep them in a [`CachedProvider`], which refreshes them
//! shortly before they expire and lets concurrent callers share a single refresh.
//!
//! Failures are remembered briefly: after a failed refresh, and after a chain in which no
//! source worked, the next lookup waits 1 s, doubling with each consecutive failure up to
//! 30 s; meanwhile callers get the remembered error (or the still-valid cached credentials)
//! without probing again. A success starts over.
//!
//! Secrets never appear in `Debug`, `Display`, errors or logs; the `tracing` events only name the
//! source that supplied credentials.
//!
//! ```
//! use alicloud_ecs::credentials::{CredentialsContext, DefaultCredentialsChain, Env, ProvideCredentials};
//! use alicloud_transport::test_util::{CaptureTransport, ManualClock};
//! use alicloud_transport::{SharedTimeSource, SharedTransport};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A described environment; `Env::process()` reads the real one.
//! let env = Env::from_vars([
//!     ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-example"),
//!     ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "example-secret"),
//! ]);
//! let ctx = CredentialsContext::new(
//!     SharedTransport::new(CaptureTransport::new()),
//!     SharedTimeSource::new(ManualClock::default()),
//!     env,
//! );
//! let chain = DefaultCredentialsChain::new();
//! let creds = chain.provide_credentials(&ctx).await?;
//! assert_eq!(creds.access_key_id(), "LTAI-example");
//! # Ok(())
//! # }
//! ```

mod backoff;
mod cache;
mod chain;
mod cli_config;
mod env;
mod error;
mod imds;
mod ini;
mod oidc;
mod profile;
mod sts;
mod sts_api;
mod uri;
mod util;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use alicloud_transport::{SharedSleep, SharedTimeSource, SharedTransport};

pub use alicloud_signer::Credentials;
pub use cache::CachedProvider;
pub use chain::{DefaultCredentialsChain, DefaultCredentialsChainBuilder};
pub use env::{Env, EnvironmentProvider, region_from_env};
pub use error::CredentialsError;
pub use imds::{EcsRamRoleProvider, EcsRamRoleProviderBuilder};
pub use ini::IniFileProvider;
pub use oidc::{OidcProvider, OidcProviderBuilder};
pub use profile::ProfileProvider;
pub use sts::{AssumeRoleProvider, AssumeRoleProviderBuilder};
pub use uri::UriProvider;

/// What a provider may use while fetching: the transport for HTTP calls, the clock, and the
/// environment (variables and home directory).
#[derive(Clone, Debug)]
pub struct CredentialsContext {
    transport: SharedTransport,
    time: SharedTimeSource,
    env: Env,
    sleep: Option<SharedSleep>,
}

impl CredentialsContext {
    /// A context from its three parts.
    pub fn new(transport: SharedTransport, time: SharedTimeSource, env: Env) -> Self {
        Self {
            transport,
            time,
            env,
            sleep: None,
        }
    }

    /// Time out slow metadata-service calls with this timer (the client sets its own), so
    /// that a machine outside ECS does not wait for a full connect timeout.
    pub fn with_sleep(mut self, sleep: SharedSleep) -> Self {
        self.sleep = Some(sleep);
        self
    }

    /// The timer for short timeouts, when one was given.
    pub fn sleep(&self) -> Option<&SharedSleep> {
        self.sleep.as_ref()
    }

    /// The transport every credentials request goes through.
    pub fn transport(&self) -> &SharedTransport {
        &self.transport
    }

    /// The clock used for expiry checks and request timestamps.
    pub fn time(&self) -> &SharedTimeSource {
        &self.time
    }

    /// Where variables and files are read from.
    pub fn env(&self) -> &Env {
        &self.env
    }
}

/// The future returned by [`ProvideCredentials::provide_credentials`].
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials.
///
/// Implement it to plug in your own source (a vault, a sidecar); wrap the result in a
/// [`CachedProvider`] if it returns expiring credentials.
///
/// ```
/// use alicloud_ecs::credentials::{
///     Credentials, CredentialsContext, CredentialsError, CredentialsFuture, ProvideCredentials,
/// };
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl ProvideCredentials for FromVault {
///     fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
///         Box::pin(async move {
///             match ctx.env().var("VAULT_ADDR") {
///                 Some(_) => Err(CredentialsError::provider_error("vault", "the vault is sealed")),
///                 None => Err(CredentialsError::not_found("VAULT_ADDR is not set")),
///             }
///         })
///     }
/// }
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns credentials, fetching them if needed.
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a>;
}

/// Static credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials<'a>(&'a self, _ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        (**self).provide_credentials(ctx)
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        (**self).provide_credentials(ctx)
    }
}

/// A cheaply cloneable, type-erased [`ProvideCredentials`]; clones share the provider and its
/// cache.
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Wraps `provider`.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

impl From<Arc<dyn ProvideCredentials>> for SharedCredentialsProvider {
    fn from(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self(provider)
    }
}

impl From<Credentials> for SharedCredentialsProvider {
    fn from(credentials: Credentials) -> Self {
        Self::new(credentials)
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        self.0.provide_credentials(ctx)
    }
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::{block_on, context};
    use super::*;

    #[test]
    fn static_and_shared_providers_return_the_credentials() {
        let ctx = context(Env::from_vars::<[(&str, &str); 0], _, _>([]));
        let creds = Credentials::new("id", "static-secret");
        let shared = SharedCredentialsProvider::from(creds.clone());
        let boxed: Box<dyn ProvideCredentials> = Box::new(Arc::new(shared.clone()));
        for provider in [&creds as &dyn ProvideCredentials, &shared, &boxed] {
            let got = block_on(provider.provide_credentials(&ctx)).unwrap();
            assert_eq!(got.access_key_id(), "id");
            assert!(!format!("{provider:?}").contains("static-secret"));
        }
        assert!(!format!("{ctx:?}").contains("static-secret"));
    }

    #[test]
    fn providers_are_send_sync() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<SharedCredentialsProvider>();
        check::<CredentialsContext>();
        check::<CredentialsError>();
    }
}
