//! [`DefaultCredentialsChain`]: tries each credentials source in the order of the official SDKs
//! and keeps the first one that works.

use std::fmt;
use std::sync::{Mutex, OnceLock};

use alicloud_transport::TimeSource;

use super::backoff::Backoff;
use super::util::{is_true, lock};
use super::{
    Credentials, CredentialsContext, CredentialsError, CredentialsFuture, EcsRamRoleProvider,
    EnvironmentProvider, IniFileProvider, OidcProvider, ProfileProvider, ProvideCredentials,
    SharedCredentialsProvider, UriProvider,
};

/// The default credentials chain: environment → OIDC → aliyun CLI profile
/// (`~/.aliyun/config.json`) → credentials file (`~/.alibabacloud/credentials`) → ECS
/// instance RAM role → credentials URI.
///
/// Each source that is not configured or fails is recorded and the next one is tried; when none
/// works, the error lists every source and why (see [`CredentialsError::attempts`]). The CLI
/// profile is skipped with `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` and the metadata service
/// with `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`.
///
/// Like the official Python SDK, the chain remembers the source that first supplied
/// credentials and asks only that source afterwards (its errors are then returned as they
/// are); sources with temporary credentials cache and refresh them themselves.
///
/// Until a source has worked, a chain in which none did remembers its error: calls within
/// 1 s get that error again without asking any source (the metadata service's 1 s timeout
/// included); each further failure in a row doubles the wait, up to 30 s.
///
/// ```
/// use alicloud_ecs::credentials::DefaultCredentialsChain;
///
/// let chain = DefaultCredentialsChain::builder().profile_name("dev").build();
/// # let _ = chain;
/// ```
pub struct DefaultCredentialsChain {
    links: Vec<Link>,
    resolved: OnceLock<usize>,
    /// The latest "no source worked" error, and how long it is served without probing.
    failed: Mutex<Backoff>,
}

/// One source of the chain.
#[derive(Debug)]
struct Link {
    label: &'static str,
    disabled_by: Option<&'static str>,
    provider: SharedCredentialsProvider,
}

impl DefaultCredentialsChain {
    /// The chain with default settings.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Starts a chain with custom settings.
    pub fn builder() -> DefaultCredentialsChainBuilder {
        DefaultCredentialsChainBuilder::default()
    }

    async fn load(&self, ctx: &CredentialsContext) -> Result<Credentials, CredentialsError> {
        if let Some(link) = self.resolved.get().and_then(|&index| self.links.get(index)) {
            return link.provider.provide_credentials(ctx).await;
        }
        if let Some(err) = lock(&self.failed).waiting_error(ctx.time().now()) {
            return Err(err.clone());
        }
        let mut attempts = Vec::with_capacity(self.links.len());
        for (index, link) in self.links.iter().enumerate() {
            if let Some(flag) = link.disabled_by
                && is_true(ctx.env(), flag)
            {
                attempts.push((link.label.to_owned(), format!("disabled by {flag}"), true));
                continue;
            }
            match link.provider.provide_credentials(ctx).await {
                Ok(creds) => {
                    tracing::debug!(source = link.label, "credentials loaded");
                    let _ = self.resolved.set(index);
                    *lock(&self.failed) = Default::default();
                    return Ok(creds);
                }
                Err(err) => {
                    tracing::debug!(source = link.label, reason = %err, "credentials source skipped");
                    attempts.push((
                        link.label.to_owned(),
                        reason(&err, link.label),
                        err.is_not_found(),
                    ));
                }
            }
        }
        let err = CredentialsError::no_credentials(attempts);
        let wait = lock(&self.failed).failed(ctx.time().now(), &err);
        tracing::debug!(
            wait_ms = wait.as_millis() as u64,
            "no credentials source worked"
        );
        Err(err)
    }
}

/// The error's text, without the source name when it repeats the chain's label.
fn reason(err: &CredentialsError, label: &str) -> String {
    let text = err.to_string();
    match err.source_name() {
        Some(source) if source == label => text
            .strip_prefix(source)
            .and_then(|rest| rest.strip_prefix(": "))
            .map_or_else(|| text.clone(), str::to_owned),
        _ => text,
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(self.load(ctx))
    }
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let resolved = self
            .resolved
            .get()
            .and_then(|&index| self.links.get(index))
            .map(|link| link.label);
        f.debug_struct("DefaultCredentialsChain")
            .field("links", &self.links)
            .field("resolved", &resolved)
            .finish()
    }
}

/// Configures a [`DefaultCredentialsChain`].
#[derive(Clone, Debug, Default)]
pub struct DefaultCredentialsChainBuilder {
    profile_name: Option<String>,
    imds_endpoint: Option<String>,
    sts_endpoint: Option<String>,
}

impl DefaultCredentialsChainBuilder {
    /// Uses this `~/.aliyun/config.json` profile, like the CLI's `--profile` (it wins over
    /// `ALIBABA_CLOUD_PROFILE` and the file's `current`).
    #[must_use]
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Sends metadata service requests to this base URL instead of `http://100.100.100.200`.
    #[must_use]
    pub fn imds_endpoint(mut self, url: impl Into<String>) -> Self {
        self.imds_endpoint = Some(url.into());
        self
    }

    /// Sends STS requests (role profiles, OIDC) to this endpoint: a host or a URL.
    #[must_use]
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// Builds the chain.
    pub fn build(self) -> DefaultCredentialsChain {
        let mut profile = ProfileProvider::new();
        let mut ini = IniFileProvider::new();
        let mut oidc = OidcProvider::builder();
        let mut ecs = EcsRamRoleProvider::builder();
        if let Some(name) = self.profile_name {
            profile = profile.with_profile_name(name);
        }
        if let Some(url) = self.imds_endpoint {
            profile = profile.with_imds_endpoint(url.clone());
            ini = ini.with_imds_endpoint(url.clone());
            ecs = ecs.endpoint(url);
        }
        if let Some(endpoint) = self.sts_endpoint {
            profile = profile.with_sts_endpoint(endpoint.clone());
            ini = ini.with_sts_endpoint(endpoint.clone());
            oidc = oidc.endpoint(endpoint);
        }
        let link = |label, disabled_by, provider| Link {
            label,
            disabled_by,
            provider,
        };
        let links = vec![
            link(
                "environment",
                None,
                SharedCredentialsProvider::new(EnvironmentProvider::new()),
            ),
            link("oidc", None, SharedCredentialsProvider::new(oidc.build())),
            link(
                "cli profile",
                Some("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"),
                SharedCredentialsProvider::new(profile),
            ),
            link(
                "credentials file",
                None,
                SharedCredentialsProvider::new(ini),
            ),
            link(
                "ecs ram role",
                Some("ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
                SharedCredentialsProvider::new(ecs.build()),
            ),
            link(
                "credentials uri",
                None,
                SharedCredentialsProvider::new(UriProvider::new()),
            ),
        ];
        DefaultCredentialsChain {
            links,
            resolved: OnceLock::new(),
            failed: Mutex::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_drop_a_repeated_label() {
        let err = CredentialsError::provider_error("cli profile", "invalid JSON");
        assert_eq!(reason(&err, "cli profile"), "invalid JSON");
        assert_eq!(reason(&err, "oidc"), "cli profile: invalid JSON");
        let err = CredentialsError::not_found("X is not set");
        assert_eq!(reason(&err, "environment"), "X is not set");
    }

    #[test]
    fn debug_lists_the_sources_in_order() {
        let shown = format!("{:?}", DefaultCredentialsChain::new());
        let order = [
            "environment",
            "oidc",
            "cli profile",
            "credentials file",
            "ecs ram role",
            "credentials uri",
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|label| shown.find(label).unwrap())
            .collect();
        assert!(
            positions.windows(2).all(|pair| pair[0] < pair[1]),
            "{shown}"
        );
        assert!(shown.contains("resolved: None"));
    }
}
