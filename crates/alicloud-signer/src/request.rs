//! What goes into signing: the request to sign, the signing parameters, and input validation.

use time::OffsetDateTime;

use crate::{Credentials, SigningError, V3Algorithm};

/// A request to sign, described by borrowed parts. Parameters are **decoded** name/value pairs;
/// the signer encodes them canonically.
///
/// Build one with [`SignableRequest::new`] and the `with_*` methods.
///
/// - `query`: the query parameters, signed by both versions (without V1's common parameters,
///   which the V1 signer adds from `action`, `version` and the signing parameters).
/// - `form`: the parameters of an `application/x-www-form-urlencoded` body, if any. V1 signs
///   them together with the query; V3 ignores them and hashes `body` instead, so the caller
///   must also pass the encoded body as `body` (and `content-type` in `headers`).
/// - `headers`: headers that will be sent. V3 signs `content-type` and every `x-acs-*` header
///   among them (or all of them with [`SignedHeaderPolicy::All`]); V1 ignores them.
/// - `action`, `version`: the API operation and version, placed as `Action`/`Version`
///   parameters (V1) or `x-acs-action`/`x-acs-version` headers (V3).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct SignableRequest<'a> {
    /// Uppercase HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The `host` header value: endpoint host, with the port if it is not the default.
    pub host: &'a str,
    /// The already-encoded request path (V3 `CanonicalURI`); `/` for RPC APIs. V1 always signs `/`.
    pub path: &'a str,
    /// The API operation, e.g. `DescribeTaskAttribute`.
    pub action: &'a str,
    /// The API version, e.g. `2014-05-26`.
    pub version: &'a str,
    /// Decoded query parameters.
    pub query: &'a [(&'a str, &'a str)],
    /// Decoded form-body parameters (V1 signs them; V3 hashes `body` instead).
    pub form: &'a [(&'a str, &'a str)],
    /// Headers to send, as name/value pairs (names case-insensitive).
    pub headers: &'a [(&'a str, &'a str)],
    /// The body bytes (hashed by V3).
    pub body: &'a [u8],
}

impl<'a> SignableRequest<'a> {
    /// A request with path `/`, no parameters, no extra headers and an empty body.
    pub fn new(method: &'a str, host: &'a str, action: &'a str, version: &'a str) -> Self {
        Self {
            method,
            host,
            path: "/",
            action,
            version,
            query: &[],
            form: &[],
            headers: &[],
            body: &[],
        }
    }

    /// Sets the already-encoded request path.
    #[must_use]
    pub fn with_path(mut self, path: &'a str) -> Self {
        self.path = path;
        self
    }

    /// Sets the decoded query parameters.
    #[must_use]
    pub fn with_query(mut self, query: &'a [(&'a str, &'a str)]) -> Self {
        self.query = query;
        self
    }

    /// Sets the decoded form-body parameters.
    #[must_use]
    pub fn with_form(mut self, form: &'a [(&'a str, &'a str)]) -> Self {
        self.form = form;
        self
    }

    /// Sets the extra headers that will be sent.
    #[must_use]
    pub fn with_headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }

    /// Sets the body bytes.
    #[must_use]
    pub fn with_body(mut self, body: &'a [u8]) -> Self {
        self.body = body;
        self
    }
}

/// Which of the caller's headers V3 signs (the signer's own headers and `host` always are).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignedHeaderPolicy {
    /// `content-type` and every `x-acs-*` header, as the official Go SDK and the V3 docs do.
    #[default]
    Standard,
    /// Every header passed in [`SignableRequest::headers`], as the official Python SDK does.
    All,
}

/// The credentials, time and nonce of one signature.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct SigningParams<'a> {
    /// The credentials to sign with.
    pub credentials: &'a Credentials,
    /// The signing time (any offset; written in UTC, whole seconds).
    pub time: OffsetDateTime,
    /// A unique nonce, e.g. from [`nonce()`](crate::nonce()).
    pub nonce: &'a str,
    /// Which caller headers V3 signs.
    pub header_policy: SignedHeaderPolicy,
    /// The V3 algorithm (V1 always signs with HMAC-SHA1).
    pub algorithm: V3Algorithm,
}

impl<'a> SigningParams<'a> {
    /// Parameters with the [standard](SignedHeaderPolicy::Standard) header policy and the
    /// default V3 algorithm, `ACS3-HMAC-SHA256`.
    pub fn new(credentials: &'a Credentials, time: OffsetDateTime, nonce: &'a str) -> Self {
        Self {
            credentials,
            time,
            nonce,
            header_policy: SignedHeaderPolicy::Standard,
            algorithm: V3Algorithm::HmacSha256,
        }
    }

    /// Sets the V3 algorithm, e.g. [`V3Algorithm::HmacSm3`] for `ACS3-HMAC-SM3`.
    #[must_use]
    pub fn with_algorithm(mut self, algorithm: V3Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Sets which caller headers V3 signs.
    #[must_use]
    pub fn with_header_policy(mut self, header_policy: SignedHeaderPolicy) -> Self {
        self.header_policy = header_policy;
        self
    }
}

/// Checks the method is an uppercase ASCII word.
pub(crate) fn check_method(method: &str) -> Result<(), SigningError> {
    if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(SigningError::InvalidMethod(method.to_owned()))
    }
}

/// Checks the path is absolute and free of characters that cannot appear unencoded.
pub(crate) fn check_path(path: &str) -> Result<(), SigningError> {
    let valid = path.starts_with('/')
        && path
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'?' && b != b'#');
    if valid {
        Ok(())
    } else {
        Err(SigningError::InvalidPath(path.to_owned()))
    }
}

/// Checks the nonce is non-empty visible ASCII.
pub(crate) fn check_nonce(nonce: &str) -> Result<(), SigningError> {
    if !nonce.is_empty() && nonce.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(SigningError::InvalidNonce)
    }
}

/// Whether `name` is an HTTP token (a valid header name).
pub(crate) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `value` can be sent as a header value (no line breaks or other controls but tab).
pub(crate) fn is_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b >= 0x20 && b != 0x7F))
}

/// Checks a header value that the signer writes itself, naming the header on failure.
pub(crate) fn check_header_value(name: &str, value: &str) -> Result<(), SigningError> {
    if is_header_value(value) {
        Ok(())
    } else {
        Err(SigningError::InvalidHeader(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        assert!(check_method("POST").is_ok());
        assert!(check_method("post").is_err());
        assert!(check_method("").is_err());
        assert!(check_path("/").is_ok());
        assert!(check_path("/a%20b/c").is_ok());
        assert!(check_path("a").is_err());
        assert!(check_path("/a b").is_err());
        assert!(check_path("/?x").is_err());
        assert!(check_nonce("3ee8c1b8-83d3").is_ok());
        assert!(check_nonce("").is_err());
        assert!(check_nonce("a b").is_err());
        assert!(is_token("x-acs-date"));
        assert!(!is_token("bad name"));
        assert!(!is_token(""));
        assert!(is_header_value("a\tb ü"));
        assert!(!is_header_value("a\r\nb"));
    }
}
