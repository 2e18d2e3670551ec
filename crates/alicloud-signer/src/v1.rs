//! Signature V1 (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`): signing and verification.
//!
//! All parameters (query and form body as one map, a pair repeated in both counted once,
//! without `Signature`) are sorted by name, encoded into the canonicalized query string, and `METHOD&%2F&encode(canonical)` is signed with HMAC-SHA1 keyed
//! by `secret + "&"`; the signature is standard Base64.

use std::fmt;

use crate::digest::{base64_into, constant_time_eq};
use crate::encode::{
    pairs_len_hint, percent_encode_into, percent_encode_twice_into, sort_pairs, write_pairs,
};
use crate::fields::{Fields, Pairs};
use crate::request::{check_method, check_nonce};
use crate::timestamp::{parse_timestamp, write_timestamp};
use crate::verify::required;
use crate::{
    Credentials, SignableRequest, SignatureVersion, SigningError, SigningParams, VerifiableRequest,
    Verified, VerifyError,
};

const SIGNATURE_METHOD: &str = "HMAC-SHA1";
const SIGNATURE_VERSION: &str = "1.0";
const SECURITY_TOKEN: &str = "SecurityToken";
const SIGNATURE: &str = "Signature";

/// Parameters the V1 signer sets, which callers must not pass ([`sign_v1`] refuses them with
/// [`SigningError::ReservedParameter`](crate::SigningError::ReservedParameter)).
pub const V1_RESERVED_PARAMETERS: [&str; 9] = [
    "AccessKeyId",
    "Action",
    "Version",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    SECURITY_TOKEN,
    SIGNATURE,
];

/// The result of [`sign_v1`]: query parameters to add, and the intermediates.
#[derive(Clone)]
pub struct SigningOutputV1 {
    /// Added parameters; `Signature` is always last.
    params: Fields,
    canonical_query: CanonicalQuery,
    string_to_sign: String,
    signed_query: String,
}

/// Where the canonicalized query string is kept.
#[derive(Clone)]
enum CanonicalQuery {
    /// Without form parameters it is the signed query up to `&Signature=`: this many bytes.
    PrefixOfSignedQuery(usize),
    /// With form parameters it is a string of its own.
    Own(String),
}

impl SigningOutputV1 {
    /// The decoded parameters to add to the query: `AccessKeyId`, `Action`, `Version`,
    /// `SignatureMethod`, `SignatureVersion`, `SignatureNonce`, `Timestamp`, `SecurityToken`
    /// (with STS credentials) and `Signature`.
    pub fn query_params(&self) -> Pairs<'_> {
        self.params.iter()
    }

    /// The Base64 signature (decoded; it must be percent-encoded on the wire).
    pub fn signature(&self) -> &str {
        self.params.last()
    }

    /// The `CanonicalizedQueryString` that was signed (query and form parameters).
    pub fn canonical_query(&self) -> &str {
        match &self.canonical_query {
            CanonicalQuery::PrefixOfSignedQuery(len) => {
                self.signed_query.get(..*len).unwrap_or_default()
            }
            CanonicalQuery::Own(query) => query,
        }
    }

    /// The string that was signed: `METHOD&%2F&encode(canonical_query)`.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The complete query string to send, without `?`: the request's query parameters and the
    /// added ones, canonically encoded, followed by `&Signature=...`. Form parameters are not
    /// included (they travel in the body).
    pub fn signed_query(&self) -> &str {
        &self.signed_query
    }
}

impl fmt::Debug for SigningOutputV1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutputV1")
            .field("query_params", &self.params.redacted(SECURITY_TOKEN))
            .finish_non_exhaustive()
    }
}

/// The canonicalized query string of sorted pairs and the V1 string-to-sign
/// `METHOD&%2F&encode(canonical)`, written in one pass. The canonical string gets `spare`
/// bytes of extra capacity.
fn string_to_sign(method: &str, sorted: &[(&str, &str)], spare: usize) -> (String, String) {
    let len_hint = pairs_len_hint(sorted);
    let mut canonical = String::with_capacity(len_hint + spare);
    let mut to_sign = String::with_capacity(method.len() + 5 + len_hint * 5 / 4);
    to_sign.push_str(method);
    to_sign.push_str("&%2F&");
    for (i, (name, value)) in sorted.iter().enumerate() {
        if i > 0 {
            canonical.push('&');
            to_sign.push_str("%26");
        }
        percent_encode_into(&mut canonical, name);
        percent_encode_twice_into(&mut to_sign, name);
        canonical.push('=');
        to_sign.push_str("%3D");
        percent_encode_into(&mut canonical, value);
        percent_encode_twice_into(&mut to_sign, value);
    }
    (canonical, to_sign)
}

/// Appends the Base64 HMAC-SHA1 of `string_to_sign` (keyed by `secret + "&"`) to `out`.
fn write_signature(out: &mut String, credentials: &Credentials, string_to_sign: &str) {
    base64_into(out, &credentials.v1_key().sign(string_to_sign.as_bytes()));
}

/// Signs `request` with signature V1.
///
/// The common parameters are added from `request.action`/`request.version` and `params`; the
/// caller passes only operation parameters (and `Format`, if wanted) in `query`/`form`. Passing
/// one of the added parameters gives [`SigningError::ReservedParameter`].
pub fn sign_v1(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
) -> Result<SigningOutputV1, SigningError> {
    check_method(request.method)?;
    check_nonce(params.nonce)?;
    if let Some((name, _)) = request
        .query
        .iter()
        .chain(request.form)
        .find(|(name, _)| V1_RESERVED_PARAMETERS.contains(name))
    {
        return Err(SigningError::ReservedParameter((*name).to_owned()));
    }
    let creds = params.credentials;
    let token = creds.security_token();
    let values_len = creds.access_key_id().len()
        + request.action.len()
        + request.version.len()
        + params.nonce.len()
        + token.map_or(0, str::len)
        + 64;
    let mut added = Fields::with_capacity(V1_RESERVED_PARAMETERS.len(), values_len);
    added.push("AccessKeyId", creds.access_key_id());
    added.push("Action", request.action);
    added.push("Version", request.version);
    added.push("SignatureMethod", SIGNATURE_METHOD);
    added.push("SignatureVersion", SIGNATURE_VERSION);
    added.push("SignatureNonce", params.nonce);
    added.try_push_with("Timestamp", |out| write_timestamp(out, params.time))?;
    if let Some(token) = token {
        added.push(SECURITY_TOKEN, token);
    }

    let mut all: Vec<(&str, &str)> =
        Vec::with_capacity(request.query.len() + request.form.len() + V1_RESERVED_PARAMETERS.len());
    // A form pair that repeats a query pair is one parameter, as the verifier counts it.
    all.extend(crate::verify::parameter_union(request.query, request.form));
    all.extend(added.iter());
    sort_pairs(&mut all);
    // Room for `&Signature=` and the encoded signature (28 Base64 characters, `+/=` escaped).
    const SIGNATURE_SPACE: usize = 48;
    let (canonical, string_to_sign) = string_to_sign(request.method, &all, SIGNATURE_SPACE);

    // Without form parameters, the query to send is the canonical one plus the signature.
    let (mut signed_query, canonical_query) = if request.form.is_empty() {
        let len = canonical.len();
        (canonical, CanonicalQuery::PrefixOfSignedQuery(len))
    } else {
        all.clear();
        all.extend_from_slice(request.query);
        all.extend(added.iter());
        sort_pairs(&mut all);
        let mut query = String::with_capacity(pairs_len_hint(&all) + SIGNATURE_SPACE);
        write_pairs(&mut query, &all);
        (query, CanonicalQuery::Own(canonical))
    };
    added.push_with(SIGNATURE, |out| {
        write_signature(out, creds, &string_to_sign);
    });
    signed_query.push_str("&Signature=");
    percent_encode_into(&mut signed_query, added.last());

    Ok(SigningOutputV1 {
        params: added,
        canonical_query,
        string_to_sign,
        signed_query,
    })
}

/// Verifies a V1 signature over the union of the query and form parameters.
///
/// Requires `AccessKeyId`, `Signature`, `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`,
/// `SignatureNonce` and a `YYYY-MM-DDThh:mm:ssZ` `Timestamp`, each at most once.
pub fn verify_v1(
    request: &VerifiableRequest<'_>,
    lookup: impl Fn(&str) -> Option<Credentials>,
) -> Result<Verified, VerifyError> {
    let field = |name: &str| request.single_param(name);
    let provided = required(field(SIGNATURE)?, SIGNATURE)?;
    let method = required(field("SignatureMethod")?, "SignatureMethod")?;
    if method != SIGNATURE_METHOD {
        return Err(VerifyError::UnknownAlgorithm(method.to_owned()));
    }
    let version = required(field("SignatureVersion")?, "SignatureVersion")?;
    if version != SIGNATURE_VERSION {
        return Err(VerifyError::UnknownAlgorithm(format!(
            "SignatureVersion={version}"
        )));
    }
    let access_key_id = required(field("AccessKeyId")?, "AccessKeyId")?;
    let nonce = required(field("SignatureNonce")?, "SignatureNonce")?;
    let timestamp = required(field("Timestamp")?, "Timestamp")?;
    let timestamp = parse_timestamp(timestamp)
        .map_err(|err| VerifyError::Malformed(format!("Timestamp: {err}")))?;
    let security_token = field(SECURITY_TOKEN)?;
    let action = field("Action")?;
    let api_version = field("Version")?;
    let credentials = lookup(access_key_id)
        .ok_or_else(|| VerifyError::UnknownAccessKey(access_key_id.to_owned()))?;

    let mut all: Vec<(&str, &str)> = request
        .params()
        .filter(|(name, _)| *name != SIGNATURE)
        .collect();
    sort_pairs(&mut all);
    let (_, string_to_sign) = string_to_sign(request.method, &all, 0);
    let mut expected = String::with_capacity(28);
    write_signature(&mut expected, &credentials, &string_to_sign);
    if !constant_time_eq(expected.as_bytes(), provided.as_bytes()) {
        return Err(VerifyError::SignatureMismatch { string_to_sign });
    }
    Ok(Verified {
        version: SignatureVersion::V1,
        algorithm: None,
        access_key_id: access_key_id.to_owned(),
        security_token: security_token.map(str::to_owned),
        timestamp,
        nonce: nonce.to_owned(),
        action: action.map(str::to_owned),
        api_version: api_version.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn creds() -> Credentials {
        Credentials::new("testid", "testsecret").with_security_token("CAIS+token/with=chars")
    }

    #[test]
    fn rejects_reserved_parameters() {
        let creds = creds();
        let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), "n");
        for name in V1_RESERVED_PARAMETERS {
            let query = [(name, "x")];
            let request = SignableRequest::new("GET", "h", "A", "V").with_form(&query);
            let err = sign_v1(&request, &params).unwrap_err();
            assert_eq!(err, SigningError::ReservedParameter(name.to_owned()));
        }
    }

    #[test]
    fn form_parameters_are_signed_but_not_in_the_signed_query() {
        let creds = creds();
        let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), "n");
        let query = [("RegionId", "cn-hangzhou")];
        let form = [("RoleArn", "acs:ram::1:role/x")];
        let request = SignableRequest::new("POST", "h", "AssumeRole", "2015-04-01")
            .with_query(&query)
            .with_form(&form);
        let out = sign_v1(&request, &params).unwrap();
        assert!(out.canonical_query().contains("RoleArn="));
        assert!(!out.signed_query().contains("RoleArn"));
        assert!(out.signed_query().contains("RegionId=cn-hangzhou"));
        assert!(out.signed_query().ends_with(&format!(
            "&Signature={}",
            crate::encode::percent_encode(out.signature())
        )));
    }

    #[test]
    fn debug_hides_the_token() {
        let creds = creds();
        let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), "n");
        let out = sign_v1(&SignableRequest::new("GET", "h", "A", "V"), &params).unwrap();
        let shown = format!("{out:?}");
        assert!(!shown.contains("CAIS"), "{shown}");
        assert!(shown.contains("SignatureNonce"));
    }
}
