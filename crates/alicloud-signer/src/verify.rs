//! Server-side verification: the received request, the verified identity, and dispatch between
//! V1 and V3.

use std::fmt;

use time::OffsetDateTime;

use crate::{Credentials, SignatureVersion, V3Algorithm, VerifyError, verify_v1, verify_v3};

/// A received request, as a server sees it after decoding the query (and a form body).
///
/// Build one with [`VerifiableRequest::new`] and the `with_*` methods.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct VerifiableRequest<'a> {
    /// The HTTP method as received.
    pub method: &'a str,
    /// The host the client addressed (the `Host` header, or HTTP/2 `:authority`). It is the
    /// value of the signed `host` header; when empty, a `host` entry in `headers` is used.
    pub host: &'a str,
    /// The request path as received (still percent-encoded), without the query.
    pub path: &'a str,
    /// Decoded query parameters (see [`parse_query`](crate::encode::parse_query)).
    pub query: &'a [(&'a str, &'a str)],
    /// Decoded form-body parameters; V1 signs them together with the query (a pair repeated
    /// from the query counts once, see [`params`](Self::params)), V3 covers them by the body
    /// hash.
    pub form: &'a [(&'a str, &'a str)],
    /// Headers as received (names in any case; repeated names allowed).
    pub headers: &'a [(&'a str, &'a str)],
    /// The body bytes, checked against `x-acs-content-sha256` by V3.
    pub body: &'a [u8],
}

impl<'a> VerifiableRequest<'a> {
    /// A request without parameters, headers or body.
    pub fn new(method: &'a str, host: &'a str, path: &'a str) -> Self {
        Self {
            method,
            host,
            path,
            query: &[],
            form: &[],
            headers: &[],
            body: &[],
        }
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

    /// Sets the received headers.
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

    /// The values of every header named `name` (ASCII case-insensitive).
    pub(crate) fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    /// The single value of header `name`; `Ok(None)` if absent, an error if repeated.
    pub(crate) fn single_header(&self, name: &str) -> Result<Option<&'a str>, VerifyError> {
        single(self.header_values(name), name)
    }

    /// The query and the form body as one parameter map, as the gateway sees them: the query's
    /// pairs, then each form pair that is not the same name with the same value in the query
    /// (the legacy Python SDK sends `RegionId` in both; it counts once, for the signature
    /// too). A name with different values in the two stays twice, and is refused where one
    /// value is needed.
    pub fn params(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        parameter_union(self.query, self.form).copied()
    }

    /// The single value of parameter `name` in the query and form together.
    pub(crate) fn single_param(&self, name: &str) -> Result<Option<&'a str>, VerifyError> {
        let values = self.params().filter(|(n, _)| *n == name).map(|(_, v)| v);
        single(values, name)
    }
}

/// The query's parameters, then each form parameter that is not the same pair as one of the
/// query's: the one parameter map the gateway sees (and signs) when a request has both.
/// Written once for signing, verification and servers that read the parameters.
pub fn parameter_union<'s, P: PartialEq>(
    query: &'s [P],
    form: &'s [P],
) -> impl Iterator<Item = &'s P> + 's {
    query
        .iter()
        .chain(form.iter().filter(move |pair| !query.contains(pair)))
}

fn single<'a>(
    mut values: impl Iterator<Item = &'a str>,
    name: &str,
) -> Result<Option<&'a str>, VerifyError> {
    let first = values.next();
    if values.next().is_some() {
        return Err(VerifyError::Malformed(format!("{name} is repeated")));
    }
    Ok(first)
}

/// Unwraps a required field.
pub(crate) fn required<'a>(value: Option<&'a str>, name: &str) -> Result<&'a str, VerifyError> {
    value.ok_or_else(|| VerifyError::MissingField(name.to_owned()))
}

/// A successfully verified request: who signed it and the values a server checks next (clock
/// skew of `timestamp`, reuse of `nonce`, pairing of `security_token` with the AccessKey).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The signature version used.
    pub version: SignatureVersion,
    /// The V3 algorithm (`ACS3-HMAC-SHA256` or `ACS3-HMAC-SM3`); `None` for V1, which is always
    /// HMAC-SHA1.
    pub algorithm: Option<V3Algorithm>,
    /// The AccessKey ID that signed.
    pub access_key_id: String,
    /// The STS token sent (`SecurityToken` or `x-acs-security-token`), if any.
    pub security_token: Option<String>,
    /// The signing time (`Timestamp` or `x-acs-date`).
    pub timestamp: OffsetDateTime,
    /// The nonce (`SignatureNonce` or `x-acs-signature-nonce`).
    pub nonce: String,
    /// The operation (`Action` or `x-acs-action`), if sent.
    pub action: Option<String>,
    /// The API version (`Version` or `x-acs-version`), if sent.
    pub api_version: Option<String>,
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("version", &self.version)
            .field("algorithm", &self.algorithm)
            .field("access_key_id", &self.access_key_id)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .field("timestamp", &self.timestamp)
            .field("nonce", &self.nonce)
            .field("action", &self.action)
            .field("api_version", &self.api_version)
            .finish()
    }
}

/// Tells which signature version a request claims: V3 if it has an `Authorization` header, V1 if
/// it has a `Signature` parameter, `None` for an unsigned request.
pub fn detect_version(request: &VerifiableRequest<'_>) -> Option<SignatureVersion> {
    if request.header_values("authorization").next().is_some() {
        Some(SignatureVersion::V3)
    } else if request
        .query
        .iter()
        .chain(request.form)
        .any(|(name, _)| *name == "Signature")
    {
        Some(SignatureVersion::V1)
    } else {
        None
    }
}

/// Verifies a V1 or V3 signature, whichever the request carries (see [`detect_version`]).
///
/// `lookup` maps an AccessKey ID to its credentials; `None` gives
/// [`VerifyError::UnknownAccessKey`]. An unsigned request gives
/// [`VerifyError::MissingField`]`("Authorization")`.
pub fn verify(
    request: &VerifiableRequest<'_>,
    lookup: impl Fn(&str) -> Option<Credentials>,
) -> Result<Verified, VerifyError> {
    match detect_version(request) {
        Some(SignatureVersion::V1) => verify_v1(request, lookup),
        Some(SignatureVersion::V3) => verify_v3(request, lookup),
        None => Err(VerifyError::MissingField("Authorization".to_owned())),
    }
}
