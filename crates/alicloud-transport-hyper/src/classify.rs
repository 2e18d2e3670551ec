//! Turning hyper, hyper-util and rustls errors into [`TransportError`]s.

use std::error::Error as StdError;
use std::io;

use alicloud_transport::TransportError;
use http_body_util::LengthLimitError;

use crate::connector::ConnectTimedOut;

type BoxError = Box<dyn StdError + Send + Sync>;

/// Classifies a failure of `Client::request` (connecting, writing the request or reading the
/// response head).
pub(crate) fn request_error(error: hyper_util::client::legacy::Error) -> TransportError {
    let message = describe(&error);
    if !error.is_connect() {
        // The connection was established, so the request may have been written.
        return TransportError::io(error).with_message(message);
    }
    let timed_out = causes(&error).any(|cause| {
        cause.is::<ConnectTimedOut>()
            || cause
                .downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
    });
    if timed_out {
        TransportError::timeout(message)
            .with_source(error)
            .with_may_have_been_sent(false)
    } else if causes(&error).any(is_certificate_error) {
        TransportError::certificate(error).with_message(message)
    } else if causes(&error).any(|cause| cause.is::<rustls::Error>()) {
        TransportError::tls(error).with_message(message)
    } else {
        TransportError::connect(error).with_message(message)
    }
}

/// Whether `cause` is rustls rejecting the server's certificate: the same certificate will be
/// rejected on every attempt.
fn is_certificate_error(cause: &(dyn StdError + 'static)) -> bool {
    matches!(
        cause.downcast_ref::<rustls::Error>(),
        Some(
            rustls::Error::InvalidCertificate(_)
                | rustls::Error::NoCertificatesPresented
                | rustls::Error::UnsupportedNameType
                | rustls::Error::InvalidCertRevocationList(_)
        )
    )
}

/// Classifies a failure while reading the response body through `Limited`.
pub(crate) fn body_error(error: BoxError, limit: usize) -> TransportError {
    if error.is::<LengthLimitError>() {
        return TransportError::body_too_large(limit);
    }
    let message = describe(error.as_ref());
    TransportError::io(error).with_message(format!("reading the response body: {message}"))
}

/// `error` and its causes. For an `io::Error` wrapping another error, the wrapped error comes
/// next (`io::Error::source` would skip it).
fn causes<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(
        Some(error),
        |&current: &&'a (dyn StdError + 'static)| match current.downcast_ref::<io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
            None => current.source(),
        },
    )
}

/// A one-line description of the cause chain, without hyper-util's uninformative top level
/// ("client error (Connect)") and without repeating a message an error shares with its cause.
fn describe(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in causes(error) {
        let text = cause.to_string();
        if text.starts_with("client error (") || parts.last() == Some(&text) {
            continue;
        }
        parts.push(text);
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use alicloud_transport::TransportErrorKind;

    use super::*;

    #[test]
    fn walks_into_wrapped_io_errors() {
        let tls = io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        );
        let outer = io::Error::other(tls);
        assert!(causes(&outer).any(|c| c.is::<rustls::Error>()));
        assert!(causes(&outer).any(is_certificate_error));
        let other = io::Error::other(rustls::Error::DecryptError);
        assert!(!causes(&other).any(is_certificate_error));
        assert_eq!(describe(&outer), "invalid peer certificate: UnknownIssuer");
    }

    #[tokio::test]
    async fn body_errors() {
        use http_body_util::{BodyExt, Full, Limited};
        let over = Limited::new(Full::new(bytes::Bytes::from_static(b"123456789")), 8);
        let limit_error = over.collect().await.unwrap_err();
        let too_large = body_error(limit_error, 8);
        assert_eq!(too_large.kind(), TransportErrorKind::BodyTooLarge);
        let reset = body_error(Box::new(io::Error::from(io::ErrorKind::ConnectionReset)), 8);
        assert_eq!(reset.kind(), TransportErrorKind::Io);
        assert!(reset.may_have_been_sent());
        assert_eq!(
            reset.message(),
            "reading the response body: connection reset"
        );
    }

    #[test]
    fn describes_connect_timeouts() {
        let timed_out: BoxError = Box::new(ConnectTimedOut(Duration::from_secs(5)));
        assert_eq!(describe(timed_out.as_ref()), "no connection within 5s");
    }
}
