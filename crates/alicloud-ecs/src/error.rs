//! The one error type every call returns, with accessors that work on every variant.
//!
//! Match on [`Error::code`] against the constants in [`codes`](crate::codes) rather than on
//! messages (Alibaba's messages change and some are templates):
//!
//! ```
//! # fn handle(result: Result<(), alicloud_ecs::Error>) {
//! use alicloud_ecs::{codes, Error};
//! match result {
//!     Ok(()) => {}
//!     Err(e) if e.code() == Some(codes::INVALID_TASK_ID_NOT_FOUND) => eprintln!("no such task: {e}"),
//!     Err(e) if e.is_throttling() => eprintln!("slow down: {e}"),
//!     Err(Error::Dispatch(e)) if e.is_never_sent() => eprintln!("could not connect: {e}"),
//!     Err(e) => eprintln!("{e}"),
//! }
//! # }
//! ```

use std::fmt;
use std::time::Duration;

use alicloud_ecs_model::{ErrorResponse, ParseError, codes};
use alicloud_transport::{HttpResponse, TransportError};

use crate::credentials::CredentialsError;

/// What went wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client or the request could not be built: no region, a bad endpoint, a missing
    /// required parameter, no transport.
    Construction(ConstructionError),
    /// No credentials could be found or refreshed.
    Credentials(CredentialsError),
    /// The request got no response: connection refused, TLS failure, I/O error.
    Dispatch(TransportError),
    /// An attempt, or the whole call, took longer than allowed.
    Timeout(TimeoutError),
    /// Alibaba answered with an error (`Code`, `Message`, `RequestId`, …).
    Service(Box<ServiceError>),
    /// Alibaba answered, but the body could not be read; the raw response is kept.
    Response(Box<ResponseError>),
}

/// A client or request that could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConstructionError {
    message: String,
}

impl ConstructionError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// What is missing or wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A call that ran out of time.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeoutError {
    /// The limit that was reached.
    pub limit: Duration,
    /// How many attempts were made.
    pub attempts: u32,
}

/// An error response from the service.
#[derive(Clone)]
#[non_exhaustive]
pub struct ServiceError {
    /// The HTTP status.
    pub status: u16,
    /// The parsed error body.
    pub body: ErrorResponse,
    /// The server's `x-acs-retry-after` hint.
    pub retry_after: Option<Duration>,
    /// The response as received.
    pub raw: HttpResponse,
}

impl fmt::Debug for ServiceError {
    /// The raw body is summarized: it may echo request details the parsed `body` has redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("body", &self.body)
            .field("retry_after", &self.retry_after)
            .field("raw", &format_args!("<{} bytes>", self.raw.body().len()))
            .finish()
    }
}

/// A response whose body could not be read.
///
/// Its `Display` and `Debug` never show the body, and the reason has the caller's secrets
/// redacted (a parser's message may quote part of the body, which may echo the request).
#[non_exhaustive]
pub struct ResponseError {
    /// Why reading failed, with secrets redacted.
    pub(crate) reason: String,
    /// The parser's own error; its text may quote the body as it is.
    parse: ParseError,
    /// The response as received.
    pub raw: HttpResponse,
}

impl ResponseError {
    pub(crate) fn new(parse: ParseError, raw: HttpResponse) -> Self {
        Self {
            reason: parse.to_string(),
            parse,
            raw,
        }
    }

    /// Why reading failed, with secrets redacted.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The parser's error. Unlike [`reason`](Self::reason), its text is not redacted and may
    /// quote part of the body; it is deliberately not part of the error's `source()` chain.
    pub fn parse_error(&self) -> &ParseError {
        &self.parse
    }
}

impl fmt::Debug for ResponseError {
    /// The raw body is summarized, as in [`ServiceError`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseError")
            .field("reason", &self.reason)
            .field("format", &self.parse.format())
            .field("status", &self.raw.status().as_u16())
            .field("raw", &format_args!("<{} bytes>", self.raw.body().len()))
            .finish()
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unreadable response (HTTP {}): {}",
            self.raw.status().as_u16(),
            self.reason
        )
    }
}

impl std::error::Error for ResponseError {}

impl Error {
    pub(crate) fn construction(message: impl Into<String>) -> Self {
        Self::Construction(ConstructionError::new(message))
    }

    fn service(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error code, e.g. `InvalidTaskId.NotFound`.
    pub fn code(&self) -> Option<&str> {
        self.service().and_then(|e| e.body.code.as_deref())
    }

    /// The service's error message.
    pub fn message(&self) -> Option<&str> {
        self.service().and_then(|e| e.body.message.as_deref())
    }

    /// The request id to quote to Alibaba support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(e) => e.body.request_id.as_deref(),
            Self::Response(e) => e
                .raw
                .headers()
                .get("x-acs-request-id")
                .and_then(|v| v.to_str().ok()),
            _ => None,
        }
    }

    /// The host that answered.
    pub fn host_id(&self) -> Option<&str> {
        self.service().and_then(|e| e.body.host_id.as_deref())
    }

    /// Alibaba's troubleshooting link.
    pub fn recommend(&self) -> Option<&str> {
        self.service().and_then(|e| e.body.recommend.as_deref())
    }

    /// The HTTP status, when there was a response.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.status),
            Self::Response(e) => Some(e.raw.status().as_u16()),
            _ => None,
        }
    }

    /// The raw response, when there was one.
    pub fn raw_response(&self) -> Option<&HttpResponse> {
        match self {
            Self::Service(e) => Some(&e.raw),
            Self::Response(e) => Some(&e.raw),
            _ => None,
        }
    }

    /// Whether the service refused the request because of rate limits.
    pub fn is_throttling(&self) -> bool {
        self.code().is_some_and(is_throttling_code)
    }

    /// Whether the failure is transient by nature, so that trying again later may succeed:
    /// throttling, server errors (`ServiceUnavailable`, `InternalError`, HTTP 5xx), timeouts and
    /// transport failures other than a rejected server certificate. Whether the client retries
    /// also depends on the operation being safe to repeat; see [`RetryConfig`](crate::RetryConfig).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Dispatch(e) => !e.is_permanent(),
            Self::Timeout(_) => true,
            Self::Service(e) => {
                let code = e.body.code.as_deref().unwrap_or("");
                is_throttling_code(code) || is_transient_code(code) || e.status >= 500
            }
            Self::Response(e) => e.raw.status().is_server_error(),
            Self::Construction(_) | Self::Credentials(_) => false,
        }
    }

    /// Whether the thing asked for does not exist (`*.NotFound` codes, HTTP 404).
    pub fn is_not_found(&self) -> bool {
        self.code()
            .is_some_and(|c| c.ends_with(".NotFound") || c == "NotFound")
            || (self.http_status() == Some(404)
                && !matches!(self.code(), Some(c) if c.starts_with("InvalidAccessKeyId")))
    }
}

pub(crate) fn is_throttling_code(code: &str) -> bool {
    codes::THROTTLING_CODES.contains(&code) || code.starts_with("Throttling")
}

pub(crate) fn is_transient_code(code: &str) -> bool {
    codes::TRANSIENT_CODES.contains(&code) || code == "ServiceUnAvailable"
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Construction(e) => write!(f, "cannot build the request: {}", e.message),
            Self::Credentials(e) => write!(f, "{e}"),
            Self::Dispatch(e) => write!(f, "request failed: {e}"),
            Self::Timeout(e) => write!(
                f,
                "timed out after {:?} ({} attempt{})",
                e.limit,
                e.attempts,
                if e.attempts == 1 { "" } else { "s" }
            ),
            Self::Service(e) => {
                let code = e.body.code.as_deref().unwrap_or("UnknownError");
                let message = e.body.message.as_deref().unwrap_or("(no message)");
                write!(
                    f,
                    "{code}: {message} (RequestId {}, HTTP {})",
                    e.body.request_id.as_deref().unwrap_or("-"),
                    e.status
                )
            }
            Self::Response(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Credentials(e) => Some(e),
            Self::Dispatch(e) => Some(e),
            Self::Response(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Self::Credentials(e)
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Self::Dispatch(e)
    }
}

/// A service error as tests need one (shared by this crate's unit tests).
#[cfg(test)]
pub(crate) fn service_error(status: u16, code: &str, message: &str) -> Error {
    let mut body = ErrorResponse::default();
    body.code = Some(code.to_owned());
    body.message = Some(message.to_owned());
    body.request_id = Some("7A4A78A8".to_owned());
    let raw = http::Response::builder()
        .status(status)
        .body(bytes::Bytes::new())
        .unwrap_or_default();
    Error::Service(Box::new(ServiceError {
        status,
        body,
        retry_after: None,
        raw,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: u16, code: &str) -> Error {
        service_error(status, code, "The specified \"TaskId\" is not found.")
    }

    #[test]
    fn display_reads_code_message_request_id_status() {
        let e = service(400, "InvalidTaskId.NotFound");
        assert_eq!(
            e.to_string(),
            "InvalidTaskId.NotFound: The specified \"TaskId\" is not found. (RequestId 7A4A78A8, HTTP 400)"
        );
        assert!(e.is_not_found());
        assert!(!e.is_retryable());
        assert_eq!(e.http_status(), Some(400));
    }

    #[test]
    fn classification() {
        assert!(service(400, "Throttling.User").is_throttling());
        assert!(service(400, "Throttling.User").is_retryable());
        assert!(service(503, "ServiceUnavailable").is_retryable());
        assert!(service(500, "Whatever").is_retryable());
        assert!(!service(403, "InvalidTaskId.IncorrectTaskStatus").is_retryable());
        assert!(!service(404, "InvalidAccessKeyId.NotFound").is_retryable());
        assert!(Error::Dispatch(TransportError::timeout("slow")).is_retryable());
        assert!(!Error::Dispatch(TransportError::certificate("UnknownIssuer")).is_retryable());
        assert!(!Error::construction("no region").is_retryable());
    }
}
