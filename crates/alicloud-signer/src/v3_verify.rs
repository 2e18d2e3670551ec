//! Signature V3 verification: parsing the `Authorization` header and recomputing the signature
//! over the headers the client declared in `SignedHeaders`.

use std::borrow::Cow;

use crate::digest::constant_time_eq;
use crate::encode::sort_pairs;
use crate::timestamp::parse_timestamp;
use crate::v3::{
    ACTION, AUTHORIZATION, CONTENT_SHA256, DATE, NONCE, SECURITY_TOKEN, VERSION, canonical_request,
    lowercase, string_to_sign,
};
use crate::verify::required;
use crate::{Credentials, SignatureVersion, V3Algorithm, VerifiableRequest, Verified, VerifyError};

/// The parts of an `Authorization: ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`
/// header (or `ACS3-HMAC-SM3 ...`).
struct Authorization<'a> {
    algorithm: V3Algorithm,
    credential: &'a str,
    signed_headers: Vec<Cow<'a, str>>,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, VerifyError> {
    let malformed = |reason: &str| VerifyError::Malformed(format!("Authorization: {reason}"));
    let value = value.trim();
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    let algorithm = V3Algorithm::from_name(algorithm)
        .ok_or_else(|| VerifyError::UnknownAlgorithm(algorithm.to_owned()))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| malformed("expected key=value parts"))?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(malformed(&format!("unexpected part {key}"))),
        };
        if slot.replace(value).is_some() {
            return Err(malformed(&format!("{key} is repeated")));
        }
    }
    let credential = credential
        .filter(|c| !c.is_empty())
        .ok_or_else(|| malformed("missing Credential"))?;
    let signature = signature.ok_or_else(|| malformed("missing Signature"))?;
    let mut names: Vec<Cow<'_, str>> = signed_headers
        .ok_or_else(|| malformed("missing SignedHeaders"))?
        .split(';')
        .map(lowercase)
        .collect();
    if names.iter().any(|n| n.is_empty() || n == AUTHORIZATION) {
        return Err(malformed("invalid SignedHeaders"));
    }
    names.sort_unstable();
    names.dedup();
    Ok(Authorization {
        algorithm,
        credential,
        signed_headers: names,
        signature,
    })
}

/// Verifies a V3 signature (`ACS3-HMAC-SHA256` or `ACS3-HMAC-SM3`) using the client's
/// `SignedHeaders` list.
///
/// The list must include `host` and every `x-acs-*` header of the request; `x-acs-date`,
/// `x-acs-signature-nonce` and `x-acs-content-sha256` are required, and the latter must equal
/// the hash of the body (SHA-256, or SM3 for `ACS3-HMAC-SM3`). `x-acs-action` and `x-acs-version` are reported if present.
pub fn verify_v3(
    request: &VerifiableRequest<'_>,
    lookup: impl Fn(&str) -> Option<Credentials>,
) -> Result<Verified, VerifyError> {
    let header = required(request.single_header(AUTHORIZATION)?, "Authorization")?;
    let auth = parse_authorization(header)?;
    let is_signed = |name: &str| auth.signed_headers.iter().any(|n| n == name);
    if !is_signed("host") {
        return Err(VerifyError::HeaderNotSigned("host".to_owned()));
    }
    for (name, _) in request.headers {
        let name = lowercase(name);
        if name.starts_with("x-acs-") && !is_signed(&name) {
            return Err(VerifyError::HeaderNotSigned(name.into_owned()));
        }
    }
    let date = required(request.single_header(DATE)?, DATE)?;
    let timestamp = parse_timestamp(date.trim())
        .map_err(|err| VerifyError::Malformed(format!("{DATE}: {err}")))?;
    let nonce = required(request.single_header(NONCE)?, NONCE)?.trim();
    let content_sha256 = required(request.single_header(CONTENT_SHA256)?, CONTENT_SHA256)?;
    let security_token = request.single_header(SECURITY_TOKEN)?.map(str::trim);
    let action = request.single_header(ACTION)?.map(str::trim);
    let api_version = request.single_header(VERSION)?.map(str::trim);

    let mut headers: Vec<(Cow<'_, str>, &str)> = Vec::with_capacity(auth.signed_headers.len() + 2);
    for name in &auth.signed_headers {
        let before = headers.len();
        if name == "host" && !request.host.is_empty() {
            headers.push((name.clone(), request.host.trim()));
        } else {
            headers.extend(
                request
                    .header_values(name)
                    .map(|v| (name.clone(), v.trim())),
            );
        }
        if headers.len() == before {
            return Err(VerifyError::SignedHeaderMissing(name.to_string()));
        }
    }
    let credentials = lookup(auth.credential)
        .ok_or_else(|| VerifyError::UnknownAccessKey(auth.credential.to_owned()))?;
    let mut payload_hash = String::with_capacity(64);
    auth.algorithm
        .hash_hex_into(&mut payload_hash, request.body);
    if content_sha256.trim() != payload_hash {
        return Err(VerifyError::BodyHashMismatch);
    }

    headers.sort_unstable();
    let mut query = request.query.to_vec();
    sort_pairs(&mut query);
    let canonical = canonical_request(
        request.method,
        request.path,
        &query,
        &headers,
        &payload_hash,
    );
    let string_to_sign = string_to_sign(auth.algorithm, &canonical.request);
    let mut expected = String::with_capacity(64);
    auth.algorithm
        .write_signature(&mut expected, &credentials, &string_to_sign);
    if !constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        return Err(VerifyError::SignatureMismatch { string_to_sign });
    }
    Ok(Verified {
        version: SignatureVersion::V3,
        algorithm: Some(auth.algorithm),
        access_key_id: auth.credential.to_owned(),
        security_token: security_token.map(str::to_owned),
        timestamp,
        nonce: nonce.to_owned(),
        action: action.map(str::to_owned),
        api_version: api_version.map(str::to_owned),
    })
}
