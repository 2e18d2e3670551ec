//! Signature V3 (`ACS3-HMAC-SHA256`, or `ACS3-HMAC-SM3` with SM3 as `hash` and HMAC-SM3 as
//! `hmac`): the canonical request and signing.
//!
//! ```text
//! CanonicalRequest = METHOD \n PATH \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(hash(body))
//! StringToSign     = ALGORITHM \n hex(hash(CanonicalRequest))
//! Signature        = hex(hmac(secret, StringToSign))
//! ```

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use crate::encode::{pairs_len_hint, sort_pairs, write_pairs};
use crate::fields::{Fields, Pairs};
use crate::request::{
    check_header_value, check_method, check_nonce, check_path, is_header_value, is_token,
};
use crate::timestamp::write_timestamp;
use crate::{SignableRequest, SignedHeaderPolicy, SigningError, SigningParams, V3Algorithm};

pub(crate) const ACTION: &str = "x-acs-action";
pub(crate) const VERSION: &str = "x-acs-version";
pub(crate) const DATE: &str = "x-acs-date";
pub(crate) const NONCE: &str = "x-acs-signature-nonce";
pub(crate) const CONTENT_SHA256: &str = "x-acs-content-sha256";
pub(crate) const SECURITY_TOKEN: &str = "x-acs-security-token";
pub(crate) const AUTHORIZATION: &str = "authorization";

/// Headers the V3 signer sets, which callers must not pass.
pub(crate) const RESERVED: [&str; 8] = [
    "host",
    AUTHORIZATION,
    ACTION,
    VERSION,
    DATE,
    NONCE,
    CONTENT_SHA256,
    SECURITY_TOKEN,
];

/// The result of [`sign_v3`]: headers to add, and the intermediates.
#[derive(Clone)]
pub struct SigningOutputV3 {
    /// Added headers (lowercase names); `authorization` is always last.
    headers: Fields,
    canonical_request: String,
    canonical_query: Range<usize>,
    signed_headers: Range<usize>,
    string_to_sign: String,
    algorithm: V3Algorithm,
}

impl SigningOutputV3 {
    /// The headers to set (lowercase names): `x-acs-action`, `x-acs-version`, `x-acs-date`,
    /// `x-acs-signature-nonce`, `x-acs-content-sha256`, `x-acs-security-token` (with STS
    /// credentials) and `authorization`.
    pub fn headers(&self) -> Pairs<'_> {
        self.headers.iter()
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        self.headers.last()
    }

    /// The algorithm that signed.
    pub fn algorithm(&self) -> V3Algorithm {
        self.algorithm
    }

    /// The lowercase hex signature.
    pub fn signature(&self) -> &str {
        self.authorization()
            .rsplit_once(",Signature=")
            .map_or("", |(_, signature)| signature)
    }

    /// The canonical request that was hashed. It contains the security token, if any.
    pub fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// The canonical query string: also the query string to send (without `?`).
    pub fn canonical_query(&self) -> &str {
        self.canonical_request
            .get(self.canonical_query.clone())
            .unwrap_or_default()
    }

    /// The `SignedHeaders` list, e.g. `host;x-acs-action;...`.
    pub fn signed_headers(&self) -> &str {
        self.canonical_request
            .get(self.signed_headers.clone())
            .unwrap_or_default()
    }

    /// The string that was signed: the algorithm name, `\n`, and the hex hash (SHA-256 or SM3)
    /// of the canonical request.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }
}

impl fmt::Debug for SigningOutputV3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutputV3")
            .field("algorithm", &self.algorithm)
            .field("headers", &self.headers.redacted(SECURITY_TOKEN))
            .finish_non_exhaustive()
    }
}

pub(crate) fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// A canonical request plus the byte ranges of its query and `SignedHeaders` lines.
pub(crate) struct Canonical {
    pub(crate) request: String,
    pub(crate) query: Range<usize>,
    pub(crate) signed_headers: Range<usize>,
}

/// Builds the canonical request from sorted query pairs and sorted `(lowercase name, trimmed
/// value)` headers; repeated names are joined with `,` in value order.
pub(crate) fn canonical_request(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(Cow<'_, str>, &str)],
    payload_hash: &str,
) -> Canonical {
    let headers_len: usize = headers.iter().map(|(n, v)| 2 * n.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(
        method.len() + path.len() + pairs_len_hint(query) + headers_len + payload_hash.len() + 8,
    );
    out.push_str(method);
    out.push('\n');
    out.push_str(path);
    out.push('\n');
    let query_start = out.len();
    write_pairs(&mut out, query);
    let query_range = query_start..out.len();
    out.push('\n');
    let mut previous: Option<&str> = None;
    for (name, value) in headers {
        if previous == Some(name.as_ref()) {
            out.push(',');
        } else {
            if previous.is_some() {
                out.push('\n');
            }
            out.push_str(name);
            out.push(':');
        }
        out.push_str(value);
        previous = Some(name.as_ref());
    }
    if previous.is_some() {
        out.push('\n');
    }
    out.push('\n');
    let signed_start = out.len();
    let mut previous: Option<&str> = None;
    for (name, _) in headers {
        if previous != Some(name.as_ref()) {
            if previous.is_some() {
                out.push(';');
            }
            out.push_str(name);
        }
        previous = Some(name.as_ref());
    }
    let signed_headers = signed_start..out.len();
    out.push('\n');
    out.push_str(payload_hash);
    Canonical {
        request: out,
        query: query_range,
        signed_headers,
    }
}

/// The algorithm name, `\n`, and the hex hash of the canonical request.
pub(crate) fn string_to_sign(algorithm: V3Algorithm, canonical_request: &str) -> String {
    let name = algorithm.name();
    let mut out = String::with_capacity(name.len() + 65);
    out.push_str(name);
    out.push('\n');
    algorithm.hash_hex_into(&mut out, canonical_request.as_bytes());
    out
}

/// Signs `request` with signature V3, using `params.algorithm` (`ACS3-HMAC-SHA256` unless set).
///
/// Signs `host`, the signer's own `x-acs-*` headers, and the caller headers chosen by
/// `params.header_policy`. Passing a header the signer sets gives
/// [`SigningError::ReservedHeader`].
pub fn sign_v3(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
) -> Result<SigningOutputV3, SigningError> {
    check_method(request.method)?;
    check_path(request.path)?;
    check_nonce(params.nonce)?;
    let creds = params.credentials;
    let algorithm = params.algorithm;
    if request.host.is_empty() || !is_header_value(request.host) {
        return Err(SigningError::InvalidHeader("host".to_owned()));
    }
    check_header_value(ACTION, request.action)?;
    check_header_value(VERSION, request.version)?;
    let id = creds.access_key_id();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
        return Err(SigningError::InvalidHeader(AUTHORIZATION.to_owned()));
    }
    let token = creds.security_token();
    if let Some(token) = token {
        check_header_value(SECURITY_TOKEN, token)?;
    }
    let values_len = request.action.len()
        + request.version.len()
        + params.nonce.len()
        + token.map_or(0, str::len)
        + id.len()
        + 256;
    let mut added = Fields::with_capacity(RESERVED.len(), values_len);
    added.push(ACTION, request.action);
    added.push(VERSION, request.version);
    added.try_push_with(DATE, |out| write_timestamp(out, params.time))?;
    added.push(NONCE, params.nonce);
    added.push_with(CONTENT_SHA256, |out| {
        algorithm.hash_hex_into(out, request.body);
    });
    if let Some(token) = token {
        added.push(SECURITY_TOKEN, token);
    }

    let mut signed: Vec<(Cow<'_, str>, &str)> = Vec::with_capacity(request.headers.len() + 8);
    for &(name, value) in request.headers {
        if !is_token(name) || !is_header_value(value) {
            return Err(SigningError::InvalidHeader(name.to_owned()));
        }
        let name = lowercase(name);
        if RESERVED.contains(&name.as_ref()) {
            return Err(SigningError::ReservedHeader(name.into_owned()));
        }
        let selected = match params.header_policy {
            SignedHeaderPolicy::All => true,
            SignedHeaderPolicy::Standard => name == "content-type" || name.starts_with("x-acs-"),
        };
        if selected {
            signed.push((name, value.trim()));
        }
    }
    signed.push((Cow::Borrowed("host"), request.host.trim()));
    // The signer's own values are trimmed like the caller's: `x-acs-action`, `x-acs-version`
    // and the token may carry white space that receivers strip.
    signed.extend(added.iter().map(|(n, v)| (Cow::Borrowed(n), v.trim())));
    signed.sort_unstable();

    let mut query = request.query.to_vec();
    sort_pairs(&mut query);
    let payload_hash = added.get(CONTENT_SHA256);
    let canonical = canonical_request(request.method, request.path, &query, &signed, payload_hash);
    let string_to_sign = string_to_sign(algorithm, &canonical.request);

    let signed_headers = canonical
        .request
        .get(canonical.signed_headers.clone())
        .unwrap_or_default();
    added.push_with(AUTHORIZATION, |out| {
        for part in [
            algorithm.name(),
            " Credential=",
            id,
            ",SignedHeaders=",
            signed_headers,
            ",Signature=",
        ] {
            out.push_str(part);
        }
        algorithm.write_signature(out, creds, &string_to_sign);
    });

    Ok(SigningOutputV3 {
        headers: added,
        canonical_request: canonical.request,
        canonical_query: canonical.query,
        signed_headers: canonical.signed_headers,
        string_to_sign,
        algorithm,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Credentials, VerifiableRequest, verify};
    use time::macros::datetime;

    #[test]
    fn signer_values_are_trimmed_in_the_canonical_headers() {
        let creds = Credentials::new("testid", "testsecret").with_security_token(" tok\t");
        let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), "n");
        let request = SignableRequest::new("GET", "h", "/////\t", " 2014-05-26 ");
        let out = sign_v3(&request, &params).unwrap();
        let canonical = out.canonical_request();
        assert!(canonical.contains("\nx-acs-action://///\n"), "{canonical}");
        assert!(
            canonical.contains("\nx-acs-version:2014-05-26\n"),
            "{canonical}"
        );
        assert!(
            canonical.contains("\nx-acs-security-token:tok\n"),
            "{canonical}"
        );

        let mut headers: Vec<(&str, &str)> = out.headers().collect();
        headers.push(("host", "h"));
        let received = VerifiableRequest::new("GET", "", "/").with_headers(&headers);
        let verified = verify(&received, |_| Some(creds.clone())).unwrap();
        assert_eq!(verified.action.as_deref(), Some("/////"));
    }
}
