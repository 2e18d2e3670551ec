//! [`AssumeRoleProvider`]: temporary credentials from STS `AssumeRole` (the `RamRoleArn` mode),
//! signed with signature V1 by the source credentials.

use std::fmt;

use alicloud_signer::{SignableRequest, SigningParams, sign_v1};
use alicloud_transport::{TimeSource, Transport};
use time::OffsetDateTime;

use super::sts_api::{STS_VERSION, StsEndpoint, default_session_name, parse_response};
use super::util::build_request;
use super::{
    CachedProvider, Credentials, CredentialsContext, CredentialsError, CredentialsFuture,
    ProvideCredentials, SharedCredentialsProvider,
};

const SOURCE: &str = "sts AssumeRole";
const DEFAULT_DURATION_SECONDS: u32 = 3600;
const MIN_DURATION_SECONDS: u32 = 900;

/// Temporary credentials for a RAM role, from STS `AssumeRole`.
///
/// The request is a `POST` with every parameter in the query, V1-signed with the credentials of
/// the source provider (their security token included when the source is itself temporary, as
/// with chained roles). The result is cached and refreshed before it expires (see
/// [`CachedProvider`]).
///
/// The endpoint is `sts.aliyuncs.com`, `sts.<region>.aliyuncs.com` with an STS region, or
/// `sts-vpc.<region>.aliyuncs.com` with VPC enabled; the region and VPC flag default to
/// `ALIBABA_CLOUD_STS_REGION` and `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`.
///
/// ```
/// use alicloud_ecs::credentials::{AssumeRoleProvider, Credentials};
///
/// let provider = AssumeRoleProvider::builder(
///     "acs:ram::123456789012:role/deployer",
///     Credentials::new("LTAI-source", "source-secret"),
/// )
/// .role_session_name("deploy-job")
/// .duration_seconds(900)
/// .sts_region("cn-hangzhou")
/// .build()?;
/// # let _ = provider;
/// # Ok::<(), alicloud_ecs::credentials::CredentialsError>(())
/// ```
#[derive(Debug)]
pub struct AssumeRoleProvider {
    cache: CachedProvider,
}

impl AssumeRoleProvider {
    /// Starts a provider assuming `role_arn` with the credentials of `source`.
    pub fn builder(
        role_arn: impl Into<String>,
        source: impl ProvideCredentials + 'static,
    ) -> AssumeRoleProviderBuilder {
        AssumeRoleProviderBuilder {
            config: AssumeRole {
                source: SharedCredentialsProvider::new(source),
                role_arn: role_arn.into(),
                session_name: None,
                duration_seconds: DEFAULT_DURATION_SECONDS,
                policy: None,
                external_id: None,
                endpoint: StsEndpoint::default(),
            },
        }
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        self.cache.provide_credentials(ctx)
    }
}

/// Configures an [`AssumeRoleProvider`].
#[derive(Debug)]
pub struct AssumeRoleProviderBuilder {
    config: AssumeRole,
}

impl AssumeRoleProviderBuilder {
    /// The `RoleSessionName`; defaults to `alicloud-rs-<unix seconds>`.
    #[must_use]
    pub fn role_session_name(mut self, name: impl Into<String>) -> Self {
        self.config.session_name = Some(name.into());
        self
    }

    /// The `DurationSeconds` of the credentials: at least 900, default 3600 (the maximum is the
    /// role's maximum session duration).
    #[must_use]
    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.config.duration_seconds = seconds;
        self
    }

    /// A policy further restricting the role's permissions, as a JSON document.
    #[must_use]
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.config.policy = Some(policy.into());
        self
    }

    /// The `ExternalId` the role's trust policy requires.
    #[must_use]
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.config.external_id = Some(external_id.into());
        self
    }

    /// Uses the regional endpoint `sts.<region>.aliyuncs.com`.
    #[must_use]
    pub fn sts_region(mut self, region: impl Into<String>) -> Self {
        self.config.endpoint.region = Some(region.into());
        self
    }

    /// With a region, uses the VPC endpoint `sts-vpc.<region>.aliyuncs.com`.
    #[must_use]
    pub fn enable_vpc(mut self, enable: bool) -> Self {
        self.config.endpoint.vpc = Some(enable);
        self
    }

    /// Sends to this endpoint instead: a host (HTTPS is used) or a URL such as
    /// `http://127.0.0.1:8080` (for tests).
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.config.endpoint.url = Some(endpoint.into());
        self
    }

    /// Builds the provider; fails if the duration is below 900 seconds or the role ARN is
    /// empty.
    pub fn build(self) -> Result<AssumeRoleProvider, CredentialsError> {
        if self.config.role_arn.is_empty() {
            return Err(CredentialsError::provider_error(
                SOURCE,
                "the role ARN is empty",
            ));
        }
        if self.config.duration_seconds < MIN_DURATION_SECONDS {
            return Err(CredentialsError::provider_error(
                SOURCE,
                format!(
                    "DurationSeconds is {}, below the minimum of {MIN_DURATION_SECONDS}",
                    self.config.duration_seconds
                ),
            ));
        }
        Ok(AssumeRoleProvider {
            cache: CachedProvider::new(self.config),
        })
    }
}

/// The uncached `AssumeRole` call.
struct AssumeRole {
    source: SharedCredentialsProvider,
    role_arn: String,
    session_name: Option<String>,
    duration_seconds: u32,
    policy: Option<String>,
    external_id: Option<String>,
    endpoint: StsEndpoint,
}

impl AssumeRole {
    async fn fetch(&self, ctx: &CredentialsContext) -> Result<Credentials, CredentialsError> {
        let source = self.source.provide_credentials(ctx).await.map_err(|err| {
            CredentialsError::provider_error(
                SOURCE,
                format!("the source credentials are unavailable: {err}"),
            )
            .with_source(err)
        })?;
        let (base, host) = self.endpoint.resolve(ctx.env())?;
        let now = ctx.time().now();
        let session_name = self
            .session_name
            .clone()
            .unwrap_or_else(|| default_session_name(now));
        let duration = self.duration_seconds.to_string();
        let mut params = vec![
            ("DurationSeconds", duration.as_str()),
            ("Format", "JSON"),
            ("RoleArn", self.role_arn.as_str()),
            ("RoleSessionName", session_name.as_str()),
        ];
        params.extend(self.policy.as_deref().map(|policy| ("Policy", policy)));
        params.extend(self.external_id.as_deref().map(|id| ("ExternalId", id)));
        let nonce = alicloud_signer::nonce();
        let request =
            SignableRequest::new("POST", &host, "AssumeRole", STS_VERSION).with_query(&params);
        let signing = SigningParams::new(&source, OffsetDateTime::from(now), &nonce);
        let signed = sign_v1(&request, &signing).map_err(|err| {
            CredentialsError::provider_error(SOURCE, format!("cannot sign the request: {err}"))
        })?;
        let builder = http::Request::post(format!("{base}/?{}", signed.signed_query()))
            .header(http::header::ACCEPT, "application/json");
        let request = build_request(SOURCE, builder, bytes::Bytes::new())?;
        let response = ctx.transport().send(request).await.map_err(|err| {
            CredentialsError::provider_error(SOURCE, format!("request to {host} failed: {err}"))
                .with_source(err)
        })?;
        let redact = [Some(source.access_key_secret()), source.security_token()];
        parse_response(SOURCE, &response, &redact)
    }
}

impl ProvideCredentials for AssumeRole {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(self.fetch(ctx))
    }
}

impl fmt::Debug for AssumeRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRole")
            .field("source", &self.source)
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration_seconds", &self.duration_seconds)
            .field("policy", &self.policy.as_ref().map(|_| "(set)"))
            .field(
                "external_id",
                &self.external_id.as_ref().map(|_| "** redacted **"),
            )
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_validates_duration_and_arn() {
        let source = Credentials::new("id", "builder-secret");
        let err = AssumeRoleProvider::builder("arn", source.clone())
            .duration_seconds(899)
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "sts AssumeRole: DurationSeconds is 899, below the minimum of 900"
        );
        assert!(
            AssumeRoleProvider::builder("", source.clone())
                .build()
                .is_err()
        );
        let provider = AssumeRoleProvider::builder("acs:ram::1:role/r", source)
            .external_id("ext-id-value")
            .policy("{}")
            .enable_vpc(true)
            .build()
            .unwrap();
        let shown = format!("{provider:?}");
        assert!(shown.contains("acs:ram::1:role/r"), "{shown}");
        assert!(!shown.contains("builder-secret") && !shown.contains("ext-id-value"));
    }
}
