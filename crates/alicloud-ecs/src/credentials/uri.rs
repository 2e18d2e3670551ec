//! [`UriProvider`]: temporary credentials served over HTTP by a local credentials service
//! (`ALIBABA_CLOUD_CREDENTIALS_URI`).

use alicloud_transport::Transport;

use super::util::{CodedCredentials, build_request};
use super::{
    CachedProvider, Credentials, CredentialsContext, CredentialsError, CredentialsFuture,
    ProvideCredentials,
};

const SOURCE: &str = "credentials uri";
const URI_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";

/// Credentials from a `GET` to a URI that answers with
/// `{"Code":"Success","AccessKeyId":…,"AccessKeySecret":…,"SecurityToken":…,"Expiration":…}`.
///
/// The URI is [`with_uri`](Self::with_uri), else `ALIBABA_CLOUD_CREDENTIALS_URI` (read at each
/// refresh). The credentials are cached until shortly before they expire.
#[derive(Debug)]
pub struct UriProvider {
    cache: CachedProvider,
}

impl UriProvider {
    /// A provider reading the URI from `ALIBABA_CLOUD_CREDENTIALS_URI`.
    pub fn new() -> Self {
        Self {
            cache: CachedProvider::new(FetchUri(None)),
        }
    }

    /// A provider fetching from `uri`.
    pub fn with_uri(uri: impl Into<String>) -> Self {
        Self {
            cache: CachedProvider::new(FetchUri(Some(uri.into()))),
        }
    }
}

impl Default for UriProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for UriProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        self.cache.provide_credentials(ctx)
    }
}

/// The uncached request.
#[derive(Debug)]
struct FetchUri(Option<String>);

impl FetchUri {
    async fn fetch(&self, ctx: &CredentialsContext) -> Result<Credentials, CredentialsError> {
        let uri = self
            .0
            .clone()
            .or_else(|| ctx.env().var(URI_VAR))
            .ok_or_else(|| CredentialsError::not_found(format!("{URI_VAR} is not set")))?;
        let request = build_request(SOURCE, http::Request::get(&uri), bytes::Bytes::new())?;
        let response = ctx.transport().send(request).await.map_err(|err| {
            CredentialsError::provider_error(SOURCE, format!("request failed: {err}"))
                .with_source(err)
        })?;
        if !response.status().is_success() {
            return Err(CredentialsError::provider_error(
                SOURCE,
                format!("the service answered HTTP {}", response.status().as_u16()),
            ));
        }
        CodedCredentials::parse(SOURCE, response.body())
    }
}

impl ProvideCredentials for FetchUri {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(self.fetch(ctx))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use alicloud_transport::test_util::{FnTransport, ManualClock};

    use super::*;
    use crate::credentials::Env;
    use crate::credentials::test_support::{block_on, context_with, response};

    const DOC: &str = r#"{"Code":"Success","AccessKeyId":"STS.uri","AccessKeySecret":"uri-secret","SecurityToken":"t","Expiration":"2024-01-01T06:00:00Z"}"#;

    #[test]
    fn fetches_from_the_configured_uri_and_caches() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let transport = FnTransport::new(move |request| {
            log.lock().unwrap().push(request.uri().to_string());
            Ok(response(200, DOC))
        });
        let env = Env::from_vars([(URI_VAR, "http://localhost:9999/creds")]);
        let ctx = context_with(transport, ManualClock::default(), env);
        let provider = UriProvider::new();
        for _ in 0..2 {
            let creds = block_on(provider.provide_credentials(&ctx)).unwrap();
            assert_eq!(creds.access_key_id(), "STS.uri");
        }
        assert_eq!(*seen.lock().unwrap(), ["http://localhost:9999/creds"]);
        assert!(!format!("{provider:?}").contains("uri-secret"));
    }

    #[test]
    fn unset_and_failing_uris() {
        let ctx = context_with(
            FnTransport::new(|_| Ok(response(500, ""))),
            ManualClock::default(),
            Env::from_vars([("X", "1")]),
        );
        let err = block_on(UriProvider::new().provide_credentials(&ctx)).unwrap_err();
        assert!(err.is_not_found());
        assert_eq!(err.to_string(), "ALIBABA_CLOUD_CREDENTIALS_URI is not set");
        let err = block_on(UriProvider::with_uri("http://x/").provide_credentials(&ctx));
        assert_eq!(
            err.unwrap_err().to_string(),
            "credentials uri: the service answered HTTP 500"
        );
    }
}
