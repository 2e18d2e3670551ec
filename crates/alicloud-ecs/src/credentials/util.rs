//! Helpers shared by the providers: the temporary-credentials JSON, expiry parsing, JSON error
//! descriptions that cannot leak values, home-relative paths, and a provider built on first use.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use alicloud_transport::HttpRequest;
use serde::Deserialize;

use super::{Credentials, CredentialsError, Env, SharedCredentialsProvider};

/// The temporary credentials that STS, the metadata service and credentials URIs return.
/// Deliberately without `Debug`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct TemporaryCredentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: String,
    expiration: String,
}

impl TemporaryCredentials {
    /// Converts to [`Credentials`], parsing `Expiration` (`YYYY-MM-DDThh:mm:ssZ`).
    pub(crate) fn into_credentials(self, source: &str) -> Result<Credentials, CredentialsError> {
        let expiry = parse_expiration(&self.expiration).ok_or_else(|| {
            CredentialsError::provider_error(
                source,
                format!(
                    "Expiration {:?} is not of the form YYYY-MM-DDThh:mm:ssZ",
                    self.expiration
                ),
            )
        })?;
        Ok(Credentials::new(self.access_key_id, self.access_key_secret)
            .with_security_token(self.security_token)
            .with_expiry(expiry))
    }
}

/// The document of the metadata service and of credentials URIs: temporary credentials with
/// a `Code` that must be `Success`. Deliberately without `Debug`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct CodedCredentials {
    code: String,
    #[serde(flatten)]
    credentials: Option<TemporaryCredentials>,
}

impl CodedCredentials {
    /// Parses `body` and converts it, naming `source` in errors.
    pub(crate) fn parse(source: &str, body: &[u8]) -> Result<Credentials, CredentialsError> {
        let document: Self = serde_json::from_slice(body).map_err(|err| {
            CredentialsError::provider_error(
                source,
                format!(
                    "unexpected credentials document: {}",
                    describe_json_error(&err)
                ),
            )
        })?;
        match document.credentials {
            Some(creds) if document.code == "Success" => creds.into_credentials(source),
            _ => Err(CredentialsError::provider_error(
                source,
                format!("the credentials document has Code {:?}", document.code),
            )),
        }
    }
}

/// Parses a `YYYY-MM-DDThh:mm:ssZ` UTC time.
pub(crate) fn parse_expiration(text: &str) -> Option<SystemTime> {
    alicloud_signer::parse_timestamp(text)
        .ok()
        .map(SystemTime::from)
}

/// Describes a JSON error by its position and kind only: serde's "invalid type/value" messages
/// quote the offending value, which could be a secret.
pub(crate) fn describe_json_error(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let quotes_a_value = text.starts_with("invalid type") || text.starts_with("invalid value");
    let what = if quotes_a_value {
        let expected = text
            .find(", expected ")
            .and_then(|start| text.get(start + 2..))
            .and_then(|rest| rest.split(" at line ").next())
            .unwrap_or("a different value");
        format!("unexpected value ({expected})")
    } else {
        text.split(" at line ").next().unwrap_or(&text).to_owned()
    };
    format!("{what} at line {} column {}", err.line(), err.column())
}

/// `path` with the home directory shown as `~`, for messages.
pub(crate) fn display_path(path: &Path, env: &Env) -> String {
    if let Some(home) = env.home()
        && let Ok(rest) = path.strip_prefix(&home)
    {
        return Path::new("~").join(rest).display().to_string();
    }
    path.display().to_string()
}

/// Whether a flag variable is set to `true` (any case).
pub(crate) fn is_true(env: &Env, name: &str) -> bool {
    env.var(name)
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

/// Locks `mutex`, carrying on if a panicking thread poisoned it (the guarded state stays
/// consistent at every await point).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Builds a request; a malformed URI (from a user-supplied endpoint) becomes a provider error.
pub(crate) fn build_request(
    source: &str,
    builder: http::request::Builder,
    body: bytes::Bytes,
) -> Result<HttpRequest, CredentialsError> {
    builder.body(body).map_err(|err| {
        CredentialsError::provider_error(source, format!("cannot build the request: {err}"))
    })
}

/// A provider built from configuration files on first use and then kept, so that the caches of
/// the providers it is made of survive between calls. A failed build is retried next time.
#[derive(Debug, Default)]
pub(crate) struct LazyProvider(Mutex<Option<SharedCredentialsProvider>>);

impl LazyProvider {
    /// The provider, building it with `build` if this is the first successful call.
    pub(crate) fn get_or_try_init(
        &self,
        build: impl FnOnce() -> Result<SharedCredentialsProvider, CredentialsError>,
    ) -> Result<SharedCredentialsProvider, CredentialsError> {
        let mut slot = lock(&self.0);
        if let Some(provider) = slot.as_ref() {
            return Ok(provider.clone());
        }
        let provider = build()?;
        *slot = Some(provider.clone());
        Ok(provider)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;

    #[test]
    fn temporary_credentials_convert_with_expiry() {
        let json = r#"{"AccessKeyId":"STS.id","AccessKeySecret":"tmp-secret","SecurityToken":"tok","Expiration":"2024-01-01T01:00:00Z","Code":"Success"}"#;
        let parsed: TemporaryCredentials = serde_json::from_str(json).unwrap();
        let creds = parsed.into_credentials("test").unwrap();
        assert_eq!(creds.access_key_id(), "STS.id");
        assert_eq!(creds.security_token(), Some("tok"));
        let expected = SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_070_800);
        assert_eq!(creds.expiry(), Some(expected));

        let bad =
            r#"{"AccessKeyId":"a","AccessKeySecret":"b","SecurityToken":"c","Expiration":"soon"}"#;
        let parsed: TemporaryCredentials = serde_json::from_str(bad).unwrap();
        let err = parsed.into_credentials("test").unwrap_err();
        assert!(err.to_string().contains("\"soon\""), "{err}");
    }

    #[test]
    fn coded_documents_need_success() {
        let ok = br#"{"Code":"Success","AccessKeyId":"STS.a","AccessKeySecret":"b","SecurityToken":"c","Expiration":"2024-01-01T01:00:00Z","LastUpdated":"x"}"#;
        assert_eq!(
            CodedCredentials::parse("t", ok).unwrap().access_key_id(),
            "STS.a"
        );
        let failed = CodedCredentials::parse("t", br#"{"Code":"Failed"}"#).unwrap_err();
        assert_eq!(
            failed.to_string(),
            "t: the credentials document has Code \"Failed\""
        );
        let garbage = CodedCredentials::parse("t", b"<html>").unwrap_err();
        assert!(
            garbage
                .to_string()
                .starts_with("t: unexpected credentials document: ")
        );
    }

    #[test]
    fn json_errors_never_quote_values() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct S {
            secret: String,
        }
        let err = serde_json::from_str::<S>(r#"{"secret": 98765}"#).unwrap_err();
        let text = describe_json_error(&err);
        assert!(!text.contains("98765"), "{text}");
        assert_eq!(
            text,
            "unexpected value (expected a string) at line 1 column 16"
        );
        let err = serde_json::from_str::<S>("{").unwrap_err();
        assert_eq!(
            describe_json_error(&err),
            "EOF while parsing an object at line 1 column 1"
        );
        let err = serde_json::from_str::<S>("{}").unwrap_err();
        assert!(describe_json_error(&err).starts_with("missing field `secret`"));
    }

    #[test]
    fn paths_under_home_use_a_tilde() {
        let env = Env::from_vars([("HOME", "/home/someone")]);
        let inside = PathBuf::from("/home/someone/.aliyun/config.json");
        assert_eq!(display_path(&inside, &env), "~/.aliyun/config.json");
        let outside = PathBuf::from("/etc/creds");
        assert_eq!(display_path(&outside, &env), "/etc/creds");
    }

    #[test]
    fn flags_and_lazy_provider() {
        let env = Env::from_vars([("A", "TRUE"), ("B", "yes")]);
        assert!(is_true(&env, "A"));
        assert!(!is_true(&env, "B"));
        assert!(!is_true(&env, "C"));

        let lazy = LazyProvider::default();
        let err = lazy.get_or_try_init(|| Err(CredentialsError::not_found("no")));
        assert!(err.is_err());
        let built = lazy
            .get_or_try_init(|| Ok(Credentials::new("first", "s").into()))
            .unwrap();
        let again = lazy
            .get_or_try_init(|| Ok(Credentials::new("second", "s").into()))
            .unwrap();
        assert!(format!("{built:?}").contains("first"));
        assert!(format!("{again:?}").contains("first"));
    }
}
