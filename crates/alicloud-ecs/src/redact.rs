//! Keeping the caller's secrets out of errors.
//!
//! Alibaba echoes its string-to-sign in `SignatureDoesNotMatch` messages; with STS credentials
//! and V1 signing that text holds the security token (percent-encoded once or twice). A body
//! that cannot be read may be quoted by the parser's message, and a transport's message may
//! quote what it was given. Every error an attempt returns passes through [`redact`], which
//! replaces the access key secret and the security token, in each of those forms, by
//! `** redacted **` wherever the error's `Display` or `Debug` would show them.

use std::error::Error as StdError;

use alicloud_transport::TransportError;

use crate::Credentials;
use crate::error::Error;

const MARK: &str = "** redacted **";

/// `error` without the secrets of `credentials`.
pub(crate) fn redact(mut error: Error, credentials: &Credentials) -> Error {
    let secrets = Secrets::of(credentials);
    if secrets.is_empty() {
        return error;
    }
    match &mut error {
        Error::Service(e) => {
            if let Some(message) = e.body.message.as_mut() {
                secrets.scrub(message);
            }
            if let Some(recommend) = e.body.recommend.as_mut() {
                secrets.scrub(recommend);
            }
        }
        Error::Response(e) => secrets.scrub(&mut e.reason),
        Error::Dispatch(e) => {
            let shown = chain(e);
            if secrets.found_in(&shown) {
                // The cause chain would show the secret too: keep only a scrubbed message.
                let mut message = e.message().to_owned();
                secrets.scrub(&mut message);
                let sent = e.may_have_been_sent();
                *e = TransportError::new(e.kind(), message).with_may_have_been_sent(sent);
            }
        }
        Error::Construction(_) | Error::Credentials(_) | Error::Timeout(_) => {}
    }
    error
}

/// The message of `error` and of every cause, as `Debug` would show them.
fn chain(error: &TransportError) -> String {
    let mut shown = format!("{error:?}");
    let mut cause = StdError::source(error);
    while let Some(current) = cause {
        shown.push_str(&current.to_string());
        cause = current.source();
    }
    shown
}

/// Each secret in the forms it can be echoed in: as it is, percent-encoded, and twice
/// percent-encoded (V1's string-to-sign).
pub(crate) struct Secrets(Vec<String>);

impl Secrets {
    /// The security token and the access key secret of `credentials`.
    fn of(credentials: &Credentials) -> Self {
        Self::new([
            credentials.security_token().unwrap_or(""),
            credentials.access_key_secret(),
        ])
    }

    /// These values (empty ones are ignored).
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms = Vec::new();
        for secret in secrets.into_iter().filter(|s| !s.is_empty()) {
            let once = alicloud_signer::encode::percent_encode(secret);
            let twice = alicloud_signer::encode::percent_encode(&once);
            // Longest first, so that a longer form is not left half replaced.
            forms.extend([twice, once, secret.to_owned()]);
        }
        forms.dedup();
        Self(forms)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn found_in(&self, text: &str) -> bool {
        self.0.iter().any(|form| text.contains(form.as_str()))
    }

    /// Replaces every form of every secret in `text` by the redaction mark.
    pub(crate) fn scrub(&self, text: &mut String) {
        for form in &self.0 {
            if text.contains(form.as_str()) {
                *text = text.replace(form.as_str(), MARK);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_every_secret_is_replaced() {
        let creds = Credentials::new("id", "the/secret").with_security_token("tok+en");
        let secrets = Secrets::of(&creds);
        let mut text = "a tok+en b tok%2Ben c tok%252Ben d the%2Fsecret e the/secret".to_owned();
        secrets.scrub(&mut text);
        assert_eq!(text.matches(MARK).count(), 5, "{text}");
        assert!(!secrets.found_in(&text), "{text}");
    }

    #[test]
    fn transport_errors_quoting_a_secret_lose_their_cause() {
        let creds = Credentials::new("id", "s3cr3t-value");
        let quoted =
            TransportError::other("the server said s3cr3t-value").with_may_have_been_sent(false);
        let Error::Dispatch(e) = redact(Error::Dispatch(quoted), &creds) else {
            unreachable!()
        };
        assert!(!format!("{e} {e:?}").contains("s3cr3t-value"), "{e:?}");
        assert!(e.is_never_sent());
        assert!(StdError::source(&e).is_none());
        let plain = TransportError::connect("refused");
        let Error::Dispatch(e) = redact(Error::Dispatch(plain), &creds) else {
            unreachable!()
        };
        assert!(StdError::source(&e).is_some(), "an innocent cause is kept");
    }
}
