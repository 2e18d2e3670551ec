//! [`OidcProvider`]: temporary credentials from STS `AssumeRoleWithOIDC` (RRSA, e.g. in ACK
//! pods), exchanging an OIDC token file for a role's credentials without signing.

use std::path::PathBuf;

use alicloud_transport::{TimeSource, Transport};
use time::OffsetDateTime;

use super::sts_api::{STS_VERSION, StsEndpoint, default_session_name, parse_response};
use super::util::{build_request, display_path};
use super::{
    CachedProvider, Credentials, CredentialsContext, CredentialsError, CredentialsFuture,
    ProvideCredentials,
};

const SOURCE: &str = "sts AssumeRoleWithOIDC";
const ROLE_ARN_VAR: &str = "ALIBABA_CLOUD_ROLE_ARN";
const PROVIDER_ARN_VAR: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
const TOKEN_FILE_VAR: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
const DEFAULT_DURATION_SECONDS: u32 = 3600;
const MIN_DURATION_SECONDS: u32 = 900;

/// Credentials for a RAM role from an OIDC token (RRSA).
///
/// Each setting comes from the builder, else the environment: `ALIBABA_CLOUD_ROLE_ARN`,
/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (all three required),
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`, `ALIBABA_CLOUD_STS_REGION` and
/// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`. The token file is read at each refresh (it rotates);
/// the request is an unsigned `POST` with the parameters in a form body. The credentials are
/// cached until shortly before they expire.
#[derive(Debug)]
pub struct OidcProvider {
    cache: CachedProvider,
}

impl OidcProvider {
    /// A provider configured from the environment.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Starts a provider whose unset settings come from the environment.
    pub fn builder() -> OidcProviderBuilder {
        OidcProviderBuilder::default()
    }
}

impl Default for OidcProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for OidcProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        self.cache.provide_credentials(ctx)
    }
}

/// Configures an [`OidcProvider`].
#[derive(Debug, Default)]
pub struct OidcProviderBuilder {
    role_arn: Option<String>,
    oidc_provider_arn: Option<String>,
    token_file: Option<PathBuf>,
    session_name: Option<String>,
    duration_seconds: Option<u32>,
    policy: Option<String>,
    endpoint: StsEndpoint,
}

impl OidcProviderBuilder {
    /// The ARN of the role to assume.
    #[must_use]
    pub fn role_arn(mut self, arn: impl Into<String>) -> Self {
        self.role_arn = Some(arn.into());
        self
    }

    /// The ARN of the OIDC identity provider.
    #[must_use]
    pub fn oidc_provider_arn(mut self, arn: impl Into<String>) -> Self {
        self.oidc_provider_arn = Some(arn.into());
        self
    }

    /// The file holding the OIDC token.
    #[must_use]
    pub fn token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.token_file = Some(path.into());
        self
    }

    /// The `RoleSessionName`; defaults to `alicloud-rs-<unix seconds>`.
    #[must_use]
    pub fn role_session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// The `DurationSeconds`: at least 900 (checked when fetching), default 3600.
    #[must_use]
    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }

    /// A policy further restricting the role's permissions.
    #[must_use]
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// Uses the regional endpoint `sts.<region>.aliyuncs.com`.
    #[must_use]
    pub fn sts_region(mut self, region: impl Into<String>) -> Self {
        self.endpoint.region = Some(region.into());
        self
    }

    /// With a region, uses the VPC endpoint `sts-vpc.<region>.aliyuncs.com`.
    #[must_use]
    pub fn enable_vpc(mut self, enable: bool) -> Self {
        self.endpoint.vpc = Some(enable);
        self
    }

    /// Sends to this endpoint instead (a host, or a URL such as `http://127.0.0.1:8080`).
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint.url = Some(endpoint.into());
        self
    }

    /// Builds the provider.
    pub fn build(self) -> OidcProvider {
        OidcProvider {
            cache: CachedProvider::new(OidcFetch(self)),
        }
    }
}

/// The uncached `AssumeRoleWithOIDC` call.
#[derive(Debug)]
struct OidcFetch(OidcProviderBuilder);

impl OidcFetch {
    async fn fetch(&self, ctx: &CredentialsContext) -> Result<Credentials, CredentialsError> {
        let config = &self.0;
        let env = ctx.env();
        let role_arn = config.role_arn.clone().or_else(|| env.var(ROLE_ARN_VAR));
        let provider_arn = config
            .oidc_provider_arn
            .clone()
            .or_else(|| env.var(PROVIDER_ARN_VAR));
        let token_file = config
            .token_file
            .clone()
            .or_else(|| env.var(TOKEN_FILE_VAR).map(PathBuf::from));
        let (Some(role_arn), Some(provider_arn), Some(token_file)) =
            (role_arn, provider_arn, token_file)
        else {
            return Err(CredentialsError::not_found(format!(
                "{ROLE_ARN_VAR}, {PROVIDER_ARN_VAR} and {TOKEN_FILE_VAR} are not all set"
            )));
        };
        let duration = config.duration_seconds.unwrap_or(DEFAULT_DURATION_SECONDS);
        if duration < MIN_DURATION_SECONDS {
            return Err(CredentialsError::provider_error(
                SOURCE,
                format!(
                    "DurationSeconds is {duration}, below the minimum of {MIN_DURATION_SECONDS}"
                ),
            ));
        }
        let token = std::fs::read_to_string(&token_file).map_err(|err| {
            let shown = display_path(&token_file, env);
            CredentialsError::provider_error(
                SOURCE,
                format!("cannot read the token file {shown}: {err}"),
            )
            .with_source(err)
        })?;
        let now = ctx.time().now();
        let session_name = config
            .session_name
            .clone()
            .or_else(|| env.var("ALIBABA_CLOUD_ROLE_SESSION_NAME"))
            .unwrap_or_else(|| default_session_name(now));
        let timestamp = alicloud_signer::format_timestamp(OffsetDateTime::from(now))
            .map_err(|err| CredentialsError::provider_error(SOURCE, err.to_string()))?;
        let duration = duration.to_string();
        let mut form = vec![
            ("DurationSeconds", duration.as_str()),
            ("OIDCProviderArn", provider_arn.as_str()),
            ("OIDCToken", token.trim()),
            ("RoleArn", role_arn.as_str()),
            ("RoleSessionName", session_name.as_str()),
        ];
        form.extend(config.policy.as_deref().map(|policy| ("Policy", policy)));
        let query = alicloud_signer::encode::canonical_query_string(&[
            ("Action", "AssumeRoleWithOIDC"),
            ("Format", "JSON"),
            ("Timestamp", timestamp.as_str()),
            ("Version", STS_VERSION),
        ]);
        let (base, host) = config.endpoint.resolve(env)?;
        let builder = http::Request::post(format!("{base}/?{query}"))
            .header(http::header::ACCEPT, "application/json")
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            );
        let body = alicloud_signer::encode::canonical_query_string(&form);
        let request = build_request(SOURCE, builder, body.into())?;
        let response = ctx.transport().send(request).await.map_err(|err| {
            CredentialsError::provider_error(SOURCE, format!("request to {host} failed: {err}"))
                .with_source(err)
        })?;
        parse_response(SOURCE, &response, &[Some(token.trim())])
    }
}

impl ProvideCredentials for OidcFetch {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(self.fetch(ctx))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use alicloud_transport::HttpRequest;
    use alicloud_transport::test_util::{FnTransport, ManualClock};

    use super::*;
    use crate::credentials::test_support::{TempHome, block_on, context_with, response};

    const OK: &str = r#"{"RequestId":"R","Credentials":{"AccessKeyId":"STS.oidc","AccessKeySecret":"oidc-secret","SecurityToken":"t","Expiration":"2024-01-01T01:00:00Z"}}"#;

    #[test]
    fn exchanges_the_token_file_from_the_environment() {
        let home = TempHome::new();
        let token = home.write("token", "jwt-token-value\n");
        let seen: Arc<Mutex<Vec<HttpRequest>>> = Arc::default();
        let log = seen.clone();
        let transport = FnTransport::new(move |request| {
            log.lock().unwrap().push(request);
            Ok(response(200, OK))
        });
        let env = home.env(&[
            (ROLE_ARN_VAR, "acs:ram::1:role/pod"),
            (PROVIDER_ARN_VAR, "acs:ram::1:oidc-provider/ack"),
            (TOKEN_FILE_VAR, token.to_str().unwrap()),
            ("ALIBABA_CLOUD_STS_REGION", "cn-hangzhou"),
            ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-session"),
        ]);
        let ctx = context_with(transport, ManualClock::default(), env);
        let creds = block_on(OidcProvider::new().provide_credentials(&ctx)).unwrap();
        assert_eq!(creds.access_key_id(), "STS.oidc");
        let requests = seen.lock().unwrap();
        let request = &requests[0];
        assert_eq!(request.method(), "POST");
        assert_eq!(
            request.uri().to_string(),
            "https://sts.cn-hangzhou.aliyuncs.com/?Action=AssumeRoleWithOIDC&Format=JSON\
             &Timestamp=2024-01-01T00%3A00%3A00Z&Version=2015-04-01"
        );
        assert_eq!(
            std::str::from_utf8(request.body()).unwrap(),
            "DurationSeconds=3600&OIDCProviderArn=acs%3Aram%3A%3A1%3Aoidc-provider%2Fack\
             &OIDCToken=jwt-token-value&RoleArn=acs%3Aram%3A%3A1%3Arole%2Fpod\
             &RoleSessionName=pod-session"
        );
    }

    #[test]
    fn unconfigured_and_failing() {
        let home = TempHome::new();
        let transport = FnTransport::new(|_| {
            Ok(response(
                400,
                r#"{"Code":"InvalidParameter.OIDCToken","Message":"bad token jwt-xyz","RequestId":"R-9"}"#,
            ))
        });
        let ctx = context_with(
            transport,
            ManualClock::default(),
            home.env(&[(ROLE_ARN_VAR, "arn")]),
        );
        let err = block_on(OidcProvider::new().provide_credentials(&ctx)).unwrap_err();
        assert!(err.is_not_found());

        let missing = OidcProvider::builder()
            .oidc_provider_arn("p")
            .token_file(home.path().join("absent"))
            .build();
        let err = block_on(missing.provide_credentials(&ctx)).unwrap_err();
        assert!(
            err.to_string()
                .contains("cannot read the token file ~/absent"),
            "{err}"
        );

        let token = home.write("t", "jwt-xyz");
        let short = OidcProvider::builder()
            .oidc_provider_arn("p")
            .token_file(&token)
            .duration_seconds(60)
            .build();
        let err = block_on(short.provide_credentials(&ctx)).unwrap_err();
        assert!(err.to_string().contains("below the minimum"));

        let refused = OidcProvider::builder()
            .oidc_provider_arn("p")
            .token_file(&token)
            .build();
        let err = block_on(refused.provide_credentials(&ctx)).unwrap_err();
        assert_eq!(err.code(), Some("InvalidParameter.OIDCToken"));
        assert!(!err.to_string().contains("jwt-xyz"), "{err}");
    }
}
