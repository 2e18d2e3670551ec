//! [`CredentialsError`]: why credentials could not be loaded, without ever showing a secret.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

/// Why a provider (or the whole chain) could not supply credentials.
///
/// Three shapes share this type:
///
/// - **not found**: the source is not configured (a variable is unset, a file is missing);
///   [`is_not_found`](Self::is_not_found) is true and a chain moves on;
/// - **provider error**: the source is configured but failed (malformed file, STS refused the
///   request, metadata service error); it names the source and may carry the service's error
///   [`code`](Self::code), message and [`request_id`](Self::request_id);
/// - **chain error**: no source of a chain worked; [`attempts`](Self::attempts) lists each
///   source tried and why it failed, and `Display` prints them all.
///
/// Messages never contain secret values: providers only put variable names, file paths,
/// profile names, modes and service error codes in them.
///
/// ```
/// use alicloud_ecs::credentials::CredentialsError;
///
/// let err = CredentialsError::provider_error("vault", "the vault is sealed");
/// assert_eq!(err.to_string(), "vault: the vault is sealed");
/// assert!(!err.is_not_found());
/// assert!(CredentialsError::not_found("VAULT_ADDR is not set").is_not_found());
/// ```
#[derive(Clone)]
pub struct CredentialsError(Box<Inner>);

/// The fields, boxed so that `Result<_, CredentialsError>` stays small.
#[derive(Clone)]
struct Inner {
    not_found: bool,
    source_name: Option<String>,
    message: String,
    service: Option<ServiceError>,
    attempts: Vec<(String, String)>,
    cause: Option<Arc<dyn StdError + Send + Sync + 'static>>,
}

/// The error a credentials service (STS, the metadata service) answered with.
#[derive(Clone, Debug, Default)]
struct ServiceError {
    status: Option<u16>,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl CredentialsError {
    /// The source is not configured, so a chain should try the next one.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(true, None, message.into())
    }

    /// The source `source_name` is configured but could not supply credentials.
    pub fn provider_error(source_name: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(false, Some(source_name.into()), message.into())
    }

    /// The error of a chain in which no source worked. It counts as not found only when every
    /// source was not found.
    pub(crate) fn no_credentials(attempts: Vec<(String, String, bool)>) -> Self {
        let not_found = attempts.iter().all(|(_, _, not_found)| *not_found);
        let mut err = Self::new(not_found, None, String::new());
        err.0.attempts = attempts
            .into_iter()
            .map(|(source, reason, _)| (source, reason))
            .collect();
        err
    }

    fn new(not_found: bool, source_name: Option<String>, message: String) -> Self {
        Self(Box::new(Inner {
            not_found,
            source_name,
            message,
            service: None,
            attempts: Vec::new(),
            cause: None,
        }))
    }

    /// Records the underlying cause, returned by [`std::error::Error::source`].
    #[must_use]
    pub fn with_source(mut self, cause: impl StdError + Send + Sync + 'static) -> Self {
        self.0.cause = Some(Arc::new(cause));
        self
    }

    /// Records the error a service answered with: HTTP status, error code, message and
    /// request ID (each optional).
    #[must_use]
    pub(crate) fn with_service_error(
        mut self,
        status: u16,
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
    ) -> Self {
        self.0.service = Some(ServiceError {
            status: Some(status),
            code,
            message,
            request_id,
        });
        self
    }

    /// True when no source was configured (as opposed to a configured source that failed).
    pub fn is_not_found(&self) -> bool {
        self.0.not_found
    }

    /// For a chain error, each source tried and why it did not supply credentials, in order.
    /// Empty for the error of a single provider.
    pub fn attempts(&self) -> &[(String, String)] {
        &self.0.attempts
    }

    /// The name of the failed source, for a provider error.
    pub fn source_name(&self) -> Option<&str> {
        self.0.source_name.as_deref()
    }

    /// The human-readable message, without the source name (empty for a chain error).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The error code the credentials service returned, e.g. `InvalidAccessKeyId.NotFound`.
    pub fn code(&self) -> Option<&str> {
        self.0.service.as_ref()?.code.as_deref()
    }

    /// The error message the credentials service returned.
    pub fn service_message(&self) -> Option<&str> {
        self.0.service.as_ref()?.message.as_deref()
    }

    /// The request ID the credentials service returned.
    pub fn request_id(&self) -> Option<&str> {
        self.0.service.as_ref()?.request_id.as_deref()
    }

    /// The HTTP status of the service's error response.
    pub fn http_status(&self) -> Option<u16> {
        self.0.service.as_ref()?.status
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.attempts.is_empty() {
            let summary = if self.0.not_found {
                "no credentials found"
            } else {
                "no credentials could be loaded"
            };
            write!(f, "{summary}; tried: ")?;
            for (i, (source, reason)) in self.0.attempts.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{source}: {reason}")?;
            }
            return Ok(());
        }
        if let Some(source) = &self.0.source_name {
            write!(f, "{source}: ")?;
        }
        f.write_str(&self.0.message)?;
        if let Some(service) = &self.0.service {
            let details = [
                service.status.map(|status| format!("HTTP {status}")),
                service.code.as_ref().map(|code| format!("code {code}")),
                service
                    .message
                    .as_ref()
                    .map(|message| format!("message {message:?}")),
                service
                    .request_id
                    .as_ref()
                    .map(|id| format!("request id {id}")),
            ];
            let details: Vec<String> = details.into_iter().flatten().collect();
            if !details.is_empty() {
                write!(f, " ({})", details.join(", "))?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsError")
            .field("not_found", &self.0.not_found)
            .field("source_name", &self.0.source_name)
            .field("message", &self.0.message)
            .field("service", &self.0.service)
            .field("attempts", &self.0.attempts)
            .field("cause", &self.0.cause)
            .finish()
    }
}

impl StdError for CredentialsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0
            .cause
            .as_deref()
            .map(|cause| cause as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_of_each_shape() {
        assert_eq!(
            CredentialsError::not_found("X is not set").to_string(),
            "X is not set"
        );
        let sts = CredentialsError::provider_error("sts AssumeRole", "request refused")
            .with_service_error(
                404,
                Some("InvalidAccessKeyId.NotFound".into()),
                Some("Specified access key is not found.".into()),
                Some("REQ-1".into()),
            );
        assert_eq!(
            sts.to_string(),
            "sts AssumeRole: request refused (HTTP 404, code InvalidAccessKeyId.NotFound, \
             message \"Specified access key is not found.\", request id REQ-1)"
        );
        assert_eq!(sts.code(), Some("InvalidAccessKeyId.NotFound"));
        assert_eq!(sts.request_id(), Some("REQ-1"));
        assert_eq!(sts.http_status(), Some(404));
        assert_eq!(
            sts.service_message(),
            Some("Specified access key is not found.")
        );
        assert_eq!(sts.source_name(), Some("sts AssumeRole"));
        assert_eq!(sts.message(), "request refused");
    }

    #[test]
    fn chain_errors_list_attempts_and_classify() {
        let all_missing = CredentialsError::no_credentials(vec![
            ("environment".into(), "X is not set".into(), true),
            ("profile".into(), "file not found".into(), true),
        ]);
        assert!(all_missing.is_not_found());
        assert_eq!(
            all_missing.to_string(),
            "no credentials found; tried: environment: X is not set; profile: file not found"
        );
        assert_eq!(all_missing.attempts().len(), 2);
        let one_failed = CredentialsError::no_credentials(vec![
            ("environment".into(), "X is not set".into(), true),
            ("profile".into(), "invalid JSON".into(), false),
        ]);
        assert!(!one_failed.is_not_found());
        assert!(
            one_failed
                .to_string()
                .starts_with("no credentials could be loaded; tried: ")
        );
    }

    #[test]
    fn source_is_kept() {
        let io = std::io::Error::other("disk on fire");
        let err = CredentialsError::provider_error("file", "read failed").with_source(io);
        assert_eq!(
            StdError::source(&err).map(ToString::to_string).as_deref(),
            Some("disk on fire")
        );
        assert!(format!("{err:?}").contains("disk on fire"));
    }
}
