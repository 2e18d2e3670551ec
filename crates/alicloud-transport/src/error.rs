//! The error a transport returns: what went wrong, and whether the request can have reached
//! the server.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

/// A boxed error, as accepted by the [`TransportError`] constructors.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// What kind of failure a [`TransportError`] describes.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// No connection could be established (refused, DNS failure, unreachable, proxy refused).
    /// The request never left the process, so it is always safe to retry.
    Connect,
    /// A deadline passed: connecting, or waiting for the response.
    Timeout,
    /// Reading or writing on an established connection failed, for instance because the
    /// server closed it halfway through the response.
    Io,
    /// The TLS handshake failed for a reason other than the server's certificate (no common
    /// protocol version, a malformed handshake message). Never sent.
    Tls,
    /// The server's certificate was rejected: an untrusted issuer, a name that does not match
    /// the host, an expired or revoked certificate. Never sent, and trying again will not help,
    /// so retry policies should not repeat it.
    Certificate,
    /// The response body was larger than the transport accepts.
    BodyTooLarge,
    /// Anything else, such as a request the transport cannot send.
    Other,
}

impl TransportErrorKind {
    /// A short human-readable phrase for this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connect => "connection failed",
            Self::Timeout => "timed out",
            Self::Io => "I/O error",
            Self::Tls => "TLS error",
            Self::Certificate => "certificate rejected",
            Self::BodyTooLarge => "response body too large",
            Self::Other => "transport error",
        }
    }

    /// Whether errors of this kind, by default, may have reached the server.
    fn may_have_been_sent_by_default(self) -> bool {
        !matches!(self, Self::Connect | Self::Tls | Self::Certificate)
    }

    /// Whether a failure of this kind is expected to repeat however often the request is
    /// tried (a rejected certificate); retry policies should give up at once.
    pub fn is_permanent(self) -> bool {
        matches!(self, Self::Certificate)
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure to exchange a request and a response.
///
/// Besides its [`kind`](Self::kind), the error records whether the request can have reached the
/// server ([`may_have_been_sent`](Self::may_have_been_sent)). A retry policy may always retry an
/// error that was [never sent](Self::is_never_sent); anything else is only safe to retry for
/// idempotent operations.
///
/// ```
/// use alicloud_transport::{TransportError, TransportErrorKind};
///
/// let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
/// let err = TransportError::connect(refused);
/// assert_eq!(err.kind(), TransportErrorKind::Connect);
/// assert!(err.is_never_sent());
/// assert_eq!(err.to_string(), "connection failed: connection refused");
///
/// let err = TransportError::timeout("no response within 30s");
/// assert!(err.may_have_been_sent());
/// let err = err.with_may_have_been_sent(false);
/// assert!(err.is_never_sent());
/// ```
#[derive(Clone)]
pub struct TransportError {
    kind: TransportErrorKind,
    may_have_been_sent: bool,
    message: String,
    source: Option<Arc<dyn StdError + Send + Sync + 'static>>,
}

impl TransportError {
    /// An error of `kind` with a human-readable `message` and no source.
    ///
    /// Whether the request may have been sent starts from the kind's default: `Connect`,
    /// `Tls` and `Certificate` were never sent, every other kind may have been.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            may_have_been_sent: kind.may_have_been_sent_by_default(),
            message: message.into(),
            source: None,
        }
    }

    /// An error of `kind` caused by `source`; the message is the source's `Display`.
    pub fn from_source(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        let source: BoxError = source.into();
        Self::new(kind, source.to_string()).with_source(source)
    }

    /// No connection could be established; never sent.
    pub fn connect(source: impl Into<BoxError>) -> Self {
        Self::from_source(TransportErrorKind::Connect, source)
    }

    /// A deadline passed. May have been sent unless marked otherwise with
    /// [`with_may_have_been_sent(false)`](Self::with_may_have_been_sent).
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(TransportErrorKind::Timeout, message)
    }

    /// Reading or writing on an established connection failed; may have been sent.
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self::from_source(TransportErrorKind::Io, source)
    }

    /// The TLS handshake failed; never sent.
    pub fn tls(source: impl Into<BoxError>) -> Self {
        Self::from_source(TransportErrorKind::Tls, source)
    }

    /// The server's certificate was rejected; never sent, and not worth retrying.
    pub fn certificate(source: impl Into<BoxError>) -> Self {
        Self::from_source(TransportErrorKind::Certificate, source)
    }

    /// The response body exceeded `limit` bytes.
    pub fn body_too_large(limit: usize) -> Self {
        Self::new(
            TransportErrorKind::BodyTooLarge,
            format!("the response body exceeds the limit of {limit} bytes"),
        )
    }

    /// Any other failure; may have been sent unless marked otherwise.
    pub fn other(source: impl Into<BoxError>) -> Self {
        Self::from_source(TransportErrorKind::Other, source)
    }

    /// Replaces the human-readable message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Sets the underlying cause, returned by [`std::error::Error::source`].
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(Arc::from(source.into()));
        self
    }

    /// Records whether the request may have reached the server.
    ///
    /// A [`Connect`](TransportErrorKind::Connect) error is never sent whatever this says.
    pub fn with_may_have_been_sent(mut self, may_have_been_sent: bool) -> Self {
        self.may_have_been_sent = may_have_been_sent;
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The human-readable message, without the kind phrase.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// True when the request certainly did not reach the server, so a retry is always safe.
    pub fn is_never_sent(&self) -> bool {
        self.kind == TransportErrorKind::Connect || !self.may_have_been_sent
    }

    /// True when the request may have reached the server (the opposite of
    /// [`is_never_sent`](Self::is_never_sent)).
    pub fn may_have_been_sent(&self) -> bool {
        !self.is_never_sent()
    }

    /// True when trying again cannot help (see [`TransportErrorKind::is_permanent`]).
    pub fn is_permanent(&self) -> bool {
        self.kind.is_permanent()
    }

    /// True for [`TransportErrorKind::Timeout`].
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("may_have_been_sent", &self.may_have_been_sent())
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            f.write_str(self.kind.as_str())
        } else {
            write!(f, "{}: {}", self.kind, self.message)
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_default_to_the_expected_sent_state() {
        assert!(TransportError::connect("refused").is_never_sent());
        assert!(TransportError::tls("no common version").is_never_sent());
        assert!(TransportError::certificate("UnknownIssuer").is_never_sent());
        assert!(TransportError::certificate("UnknownIssuer").is_permanent());
        assert!(!TransportError::tls("no common version").is_permanent());
        assert!(!TransportError::connect("refused").is_permanent());
        assert!(TransportError::timeout("slow").may_have_been_sent());
        assert!(TransportError::io("reset").may_have_been_sent());
        assert!(TransportError::body_too_large(10).may_have_been_sent());
        assert!(TransportError::other("odd").may_have_been_sent());
    }

    #[test]
    fn connect_errors_stay_never_sent() {
        let err = TransportError::connect("refused").with_may_have_been_sent(true);
        assert!(err.is_never_sent());
    }

    #[test]
    fn display_and_source() {
        let io = std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "peer closed");
        let err = TransportError::io(io).with_message("reading the body");
        assert_eq!(err.to_string(), "I/O error: reading the body");
        let source = StdError::source(&err).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("peer closed"));
        assert_eq!(
            TransportError::new(TransportErrorKind::Other, "").to_string(),
            "transport error"
        );
        assert_eq!(
            TransportError::body_too_large(16).to_string(),
            "response body too large: the response body exceeds the limit of 16 bytes"
        );
    }

    #[test]
    fn errors_are_clone_send_sync() {
        fn assert_traits<T: Clone + Send + Sync + 'static>() {}
        assert_traits::<TransportError>();
        let err = TransportError::other("x");
        assert_eq!(err.clone().message(), "x");
    }
}
