//! `--dry-run`: the request is signed as it would be sent, then caught by a transport that
//! sends nothing, and printed (method, URL, headers) with the signature and the security
//! token replaced by `REDACTED`, and passwords too (`Password`, `VncPassword`, …). The
//! AccessKey secret itself is never part of a request.

use std::fmt;
use std::sync::{Arc, Mutex};

use alicloud_transport::{
    HttpRequest, Transport, TransportError, TransportErrorKind, TransportFuture,
};

/// What replaces a secret.
const REDACTED: &str = "REDACTED";

/// Query parameters whose values are never printed (V1 signing puts them in the URL).
const SECRET_PARAMS: [&str; 3] = ["Signature", "SecurityToken", "AccessKeySecret"];

/// Headers whose values are never printed.
const SECRET_HEADERS: [&str; 3] = [
    "x-acs-security-token",
    "x-acs-accesskey-secret",
    "x-acs-signature",
];

/// A transport that keeps the first request it is handed and answers with an error.
#[derive(Clone, Default)]
pub(crate) struct Capture {
    request: Arc<Mutex<Option<HttpRequest>>>,
}

impl fmt::Debug for Capture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Capture").finish_non_exhaustive()
    }
}

impl Transport for Capture {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        if let Ok(mut slot) = self.request.lock()
            && slot.is_none()
        {
            *slot = Some(request);
        }
        TransportFuture::ready(Err(TransportError::new(
            TransportErrorKind::Other,
            "dry run: the request was not sent",
        )
        .with_may_have_been_sent(false)))
    }
}

impl Capture {
    /// The caught request, printed with its secrets redacted.
    pub(crate) fn rendered(&self) -> Option<String> {
        let slot = self.request.lock().ok()?;
        slot.as_ref().map(render)
    }
}

/// `METHOD URL`, then `name: value` per header, then the body if there is one.
fn render(request: &HttpRequest) -> String {
    let mut out = format!(
        "{} {}\n",
        request.method(),
        redact_uri(&request.uri().to_string())
    );
    for (name, value) in request.headers() {
        let value = String::from_utf8_lossy(value.as_bytes());
        out.push_str(&format!(
            "{name}: {}\n",
            redact_header(name.as_str(), &value)
        ));
    }
    if !request.body().is_empty() {
        out.push('\n');
        out.push_str(&redact_query(&String::from_utf8_lossy(request.body())));
        out.push('\n');
    }
    out
}

fn redact_uri(uri: &str) -> String {
    match uri.split_once('?') {
        Some((base, query)) => format!("{base}?{}", redact_query(query)),
        None => uri.to_owned(),
    }
}

fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_param(name) => format!("{name}={REDACTED}"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The signer's secrets, and parameters holding a password.
fn is_secret_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_PARAMS.iter().any(|s| s.eq_ignore_ascii_case(name))
        || lower.ends_with("password")
        || lower.ends_with("passwd")
}

fn redact_header(name: &str, value: &str) -> String {
    if SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name)) {
        return REDACTED.to_owned();
    }
    if name.eq_ignore_ascii_case("authorization") {
        // `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`: keep all but the last.
        return match value.find("Signature=") {
            Some(at) => {
                let end = value[at..].find(',').map_or(value.len(), |e| at + e);
                format!("{}Signature={REDACTED}{}", &value[..at], &value[end..])
            }
            None => REDACTED.to_owned(),
        };
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_and_tokens_are_redacted() {
        assert_eq!(
            redact_uri("https://h/?AccessKeyId=ak&Signature=abc%3D&SecurityToken=tok&X=1"),
            "https://h/?AccessKeyId=ak&Signature=REDACTED&SecurityToken=REDACTED&X=1"
        );
        assert_eq!(
            redact_header(
                "Authorization",
                "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-date,Signature=f00"
            ),
            "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-date,Signature=REDACTED"
        );
        assert_eq!(redact_header("authorization", "Basic x"), "REDACTED");
        assert_eq!(redact_header("x-acs-security-token", "tok"), "REDACTED");
        assert_eq!(
            redact_header("x-acs-action", "DescribeTasks"),
            "DescribeTasks"
        );
        assert_eq!(redact_uri("https://h/"), "https://h/");
        assert_eq!(
            redact_query("Password=p&VncPassword=v&ImageId=m-1"),
            "Password=REDACTED&VncPassword=REDACTED&ImageId=m-1"
        );
    }

    #[test]
    fn the_capture_keeps_the_request_and_hides_it_from_debug() {
        let capture = Capture::default();
        let request = HttpRequest::new("a=1&Signature=s".into());
        assert!(capture.rendered().is_none());
        drop(capture.send(request));
        let shown = capture.rendered().unwrap();
        assert!(shown.ends_with("\na=1&Signature=REDACTED\n"), "{shown}");
        assert_eq!(format!("{capture:?}"), "Capture { .. }");
    }
}
