//! [`EcsRamRoleProvider`]: the credentials of the RAM role attached to an ECS instance, from the
//! instance metadata service (IMDSv2 token first, token-less IMDSv1 as a fallback).

use super::util::{CodedCredentials, build_request, is_true};
use super::{
    CachedProvider, Credentials, CredentialsContext, CredentialsError, CredentialsFuture,
    ProvideCredentials,
};
use alicloud_transport::{HttpResponse, Transport, TransportError};

/// How long one metadata-service request may take (the official SDKs use about 1 s).
const IMDS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

const SOURCE: &str = "ecs ram role";
const DEFAULT_ENDPOINT: &str = "http://100.100.100.200";
const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";
const TOKEN_TTL_HEADER: &str = "x-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_TTL_SECONDS: &str = "21600";

/// Credentials of the instance RAM role, from the ECS metadata service at
/// `http://100.100.100.200`.
///
/// 1. `PUT /latest/api/token` fetches an IMDSv2 token, sent with the next requests. If that
///    fails, the provider continues without a token unless IMDSv1 is disabled
///    (`ALIBABA_CLOUD_IMDSV1_DISABLED=true` or [`disable_imdsv1`](EcsRamRoleProviderBuilder::disable_imdsv1)).
/// 2. The role name is `ALIBABA_CLOUD_ECS_METADATA` (or [`role_name`](EcsRamRoleProviderBuilder::role_name)),
///    else discovered from `/latest/meta-data/ram/security-credentials/`.
/// 3. `/latest/meta-data/ram/security-credentials/<role>` (the name percent-encoded as one path
///    segment) returns the credentials, whose `Code` must be `Success`.
///
/// The credentials are cached until shortly before they expire. Requests use the transport's
/// own timeouts. When the role name is not configured and the metadata service cannot be
/// reached, the error is a "not found" one (this is not an ECS instance).
#[derive(Debug)]
pub struct EcsRamRoleProvider {
    cache: CachedProvider,
}

impl EcsRamRoleProvider {
    /// A provider configured from the environment.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Starts a provider configured from the environment and the builder's settings.
    pub fn builder() -> EcsRamRoleProviderBuilder {
        EcsRamRoleProviderBuilder {
            config: Imds::default(),
        }
    }
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        self.cache.provide_credentials(ctx)
    }
}

/// Configures an [`EcsRamRoleProvider`].
#[derive(Debug)]
pub struct EcsRamRoleProviderBuilder {
    config: Imds,
}

impl EcsRamRoleProviderBuilder {
    /// The RAM role name (instead of `ALIBABA_CLOUD_ECS_METADATA` or discovery).
    #[must_use]
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.config.role_name = Some(name.into());
        self
    }

    /// The metadata service's base URL, e.g. `http://127.0.0.1:8080` for tests.
    #[must_use]
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Forbids the token-less IMDSv1 fallback (as `ALIBABA_CLOUD_IMDSV1_DISABLED=true` does).
    #[must_use]
    pub fn disable_imdsv1(mut self, disable: bool) -> Self {
        self.config.imdsv1_disabled = Some(disable);
        self
    }

    /// Builds the provider.
    pub fn build(self) -> EcsRamRoleProvider {
        EcsRamRoleProvider {
            cache: CachedProvider::new(self.config),
        }
    }
}

/// The uncached metadata service calls.
#[derive(Clone, Debug, Default)]
struct Imds {
    role_name: Option<String>,
    endpoint: Option<String>,
    imdsv1_disabled: Option<bool>,
}

/// A failed metadata request: `unreachable` when no response arrived at all.
struct Failure {
    unreachable: bool,
    reason: String,
}

impl Imds {
    async fn fetch(&self, ctx: &CredentialsContext) -> Result<Credentials, CredentialsError> {
        let env = ctx.env();
        let base = self.endpoint.as_deref().unwrap_or(DEFAULT_ENDPOINT);
        let configured_role = self
            .role_name
            .clone()
            .or_else(|| env.var("ALIBABA_CLOUD_ECS_METADATA"));
        let v1_disabled = self
            .imdsv1_disabled
            .unwrap_or_else(|| is_true(env, "ALIBABA_CLOUD_IMDSV1_DISABLED"));
        // Without a configured role, an unreachable service means "not on ECS".
        let fail = |step: &str, failure: Failure| {
            let message = format!("{step}: {}", failure.reason);
            if failure.unreachable && configured_role.is_none() {
                CredentialsError::not_found(format!("metadata service not reachable ({message})"))
            } else {
                CredentialsError::provider_error(SOURCE, message)
            }
        };

        let token = match self.get_token(ctx, base).await {
            Ok(token) => Some(token),
            // Nothing answered at all: IMDSv1 lives at the same address, so do not wait again.
            Err(failure) if failure.unreachable && configured_role.is_none() => {
                return Err(fail("fetching the IMDSv2 token", failure));
            }
            Err(failure) if v1_disabled => {
                return Err(fail(
                    "fetching the IMDSv2 token (IMDSv1 is disabled)",
                    failure,
                ));
            }
            Err(failure) => {
                tracing::debug!(reason = %failure.reason, "no IMDSv2 token; falling back to IMDSv1");
                None
            }
        };
        let role = match configured_role.clone() {
            Some(role) => role,
            None => {
                let listing = self
                    .get(ctx, &format!("{base}{CREDENTIALS_PATH}"), token.as_deref())
                    .await
                    .map_err(|failure| fail("discovering the role name", failure))?;
                first_line(&listing).ok_or_else(|| {
                    CredentialsError::provider_error(SOURCE, "no RAM role is attached")
                })?
            }
        };
        // The name is one path segment, whatever it contains.
        let segment = alicloud_signer::encode::percent_encode(&role);
        let body = self
            .get(
                ctx,
                &format!("{base}{CREDENTIALS_PATH}{segment}"),
                token.as_deref(),
            )
            .await
            .map_err(|failure| fail(&format!("fetching role {role:?}"), failure))?;
        CodedCredentials::parse(SOURCE, &body)
    }

    async fn get_token(&self, ctx: &CredentialsContext, base: &str) -> Result<String, Failure> {
        let builder = http::Request::put(format!("{base}{TOKEN_PATH}"))
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS);
        let body = self.send(ctx, builder).await?;
        String::from_utf8(body.to_vec())
            .ok()
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty())
            .ok_or_else(|| Failure {
                unreachable: false,
                reason: "empty or invalid token".to_owned(),
            })
    }

    async fn get(
        &self,
        ctx: &CredentialsContext,
        url: &str,
        token: Option<&str>,
    ) -> Result<bytes::Bytes, Failure> {
        let mut builder = http::Request::get(url);
        if let Some(token) = token {
            builder = builder.header(TOKEN_HEADER, token);
        }
        self.send(ctx, builder).await
    }

    async fn send(
        &self,
        ctx: &CredentialsContext,
        builder: http::request::Builder,
    ) -> Result<bytes::Bytes, Failure> {
        let request =
            build_request(SOURCE, builder, bytes::Bytes::new()).map_err(|err| Failure {
                unreachable: false,
                reason: err.message().to_owned(),
            })?;
        let sent = ctx.transport().send(request);
        let result = match ctx.sleep() {
            Some(sleep) => crate::race::timeout(sleep, IMDS_TIMEOUT, sent)
                .await
                .unwrap_or_else(|_| {
                    Err(TransportError::timeout(
                        "no answer from the metadata service within 1 s",
                    ))
                }),
            None => sent.await,
        };
        let response: HttpResponse = result.map_err(|err| Failure {
            unreachable: true,
            reason: err.to_string(),
        })?;
        if response.status().is_success() {
            Ok(response.into_body())
        } else {
            Err(Failure {
                unreachable: false,
                reason: format!("HTTP {}", response.status().as_u16()),
            })
        }
    }
}

impl ProvideCredentials for Imds {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(self.fetch(ctx))
    }
}

/// The first non-empty line of a text body.
fn first_line(body: &[u8]) -> Option<String> {
    std::str::from_utf8(body)
        .ok()?
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_of_listing() {
        assert_eq!(
            first_line(b"\n my-role \nother\n").as_deref(),
            Some("my-role")
        );
        assert_eq!(first_line(b"  \n"), None);
        assert_eq!(first_line(&[0xff]), None);
    }
}
