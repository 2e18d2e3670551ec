//! Request authentication as the gateway does it: V1/V3 signature verification with
//! `alicloud-signer`, then STS token pairing, the clock-skew window and nonce replay
//! ([`check_replay`]), each mapped to Alibaba's error code. A blank nonce counts as a missing
//! one (`MissingParameter`, before the signature is checked); a nonce memory that is full of
//! unexpired nonces refuses the request with `ServiceUnavailable` (503) rather than forget one.

use std::collections::HashMap;
use std::time::Duration;

use alicloud_ecs_model::codes;
use alicloud_signer::{
    Credentials, ReplayError, VerifiableRequest, Verified, VerifyError, check_replay, verify,
};
use time::OffsetDateTime;

use crate::control_guard::ControlToken;
use crate::nonces::NonceCache;
use crate::request::Parsed;
use crate::respond::ApiError;

/// One accepted key.
#[derive(Clone)]
struct Key {
    credentials: Credentials,
    /// The STS token that must accompany the key, if it is an STS key.
    token: Option<String>,
}

/// The keys, the skew window, the nonce memory, and the control API's token.
pub(crate) struct Auth {
    keys: HashMap<String, Key>,
    max_skew: Duration,
    nonces: NonceCache,
    control_token: Option<ControlToken>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("access_key_ids", &self.keys.keys().collect::<Vec<_>>())
            .field("max_skew", &self.max_skew)
            .field("control_token", &self.control_token)
            .finish_non_exhaustive()
    }
}

impl Auth {
    /// Accept `keys` (each with its STS token, if any).
    pub(crate) fn new(
        keys: &[Credentials],
        max_skew: Duration,
        nonce_capacity: usize,
        control_token: Option<ControlToken>,
    ) -> Self {
        let keys = keys
            .iter()
            .map(|c| {
                let key = Key {
                    credentials: Credentials::new(c.access_key_id(), c.access_key_secret()),
                    token: c.security_token().map(str::to_owned),
                };
                (c.access_key_id().to_owned(), key)
            })
            .collect();
        Self {
            keys,
            max_skew,
            nonces: NonceCache::new(nonce_capacity),
            control_token,
        }
    }

    /// The token the control API requires, if any.
    pub(crate) fn control_token(&self) -> Option<&ControlToken> {
        self.control_token.as_ref()
    }

    /// Forget every nonce seen so far.
    pub(crate) fn forget_nonces(&self) {
        self.nonces.clear();
    }

    /// Authenticate `request` at wall-clock time `now`.
    pub(crate) fn check(
        &self,
        request: &Parsed,
        now: OffsetDateTime,
    ) -> Result<Verified, ApiError> {
        check_nonce_present(request)?;
        let query: Vec<(&str, &str)> = pairs(&request.query);
        let form: Vec<(&str, &str)> = pairs(&request.form);
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str(), v)))
            .collect();
        let verifiable =
            VerifiableRequest::new(request.method.as_str(), &request.host, &request.path)
                .with_query(&query)
                .with_form(&form)
                .with_headers(&headers)
                .with_body(&request.body);
        let verified = verify(&verifiable, |id| {
            self.keys.get(id).map(|key| key.credentials.clone())
        })
        .map_err(|e| verify_error(e, request))?;

        let expected = self
            .keys
            .get(&verified.access_key_id)
            .and_then(|key| key.token.as_deref());
        // A stale request is refused as expired before its token is looked at.
        alicloud_signer::check_timestamp(verified.timestamp, now, self.max_skew)
            .map_err(|e| replay_error(e, request))?;
        check_token(expected, verified.security_token.as_deref())?;
        check_replay(&verified, now, self.max_skew, &self.nonces)
            .map_err(|e| replay_error(e, request))?;
        Ok(verified)
    }
}

/// The nonce field of the request's signature version.
fn nonce_field(request: &Parsed) -> &'static str {
    if request.is_v3() {
        "x-acs-signature-nonce"
    } else {
        "SignatureNonce"
    }
}

/// A blank nonce is a missing one, refused before the signature is checked, as the signature
/// check refuses a request without a nonce.
fn check_nonce_present(request: &Parsed) -> Result<(), ApiError> {
    let blank = |value: &str| value.trim().is_empty();
    let blank_nonce = if request.is_v3() {
        request
            .headers
            .get_all("x-acs-signature-nonce")
            .iter()
            .any(|v| v.to_str().is_ok_and(blank))
    } else {
        request.param("Signature").is_some() && request.param("SignatureNonce").is_some_and(blank)
    };
    if blank_nonce {
        return Err(ApiError::missing(nonce_field(request)));
    }
    Ok(())
}

fn expired() -> ApiError {
    ApiError::new(
        400,
        codes::INVALID_TIME_STAMP_EXPIRED,
        "Specified time stamp or date value is expired.",
    )
}

/// Map a replay refusal to the gateway's error.
fn replay_error(err: ReplayError, request: &Parsed) -> ApiError {
    match err {
        ReplayError::TimestampOutsideWindow { .. } => expired(),
        ReplayError::EmptyNonce => ApiError::missing(nonce_field(request)),
        ReplayError::NonceReused => ApiError::new(
            400,
            codes::SIGNATURE_NONCE_USED,
            "Specified signature nonce was used already.",
        ),
        _ => ApiError::new(
            503,
            codes::SERVICE_UNAVAILABLE,
            "The request has failed due to a temporary failure of the server: too many recent \
             signature nonces to remember another one.",
        ),
    }
}

fn pairs(list: &[(String, String)]) -> Vec<(&str, &str)> {
    list.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

/// An STS key needs exactly its token; a long-term key must come without one.
fn check_token(expected: Option<&str>, sent: Option<&str>) -> Result<(), ApiError> {
    let mismatch = || {
        ApiError::new(
            400,
            codes::INVALID_SECURITY_TOKEN_MISMATCH_WITH_ACCESS_KEY,
            "Specified SecurityToken mismatch with the AccessKey.",
        )
    };
    match (expected, sent) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(ApiError::missing("SecurityToken")),
        (Some(expected), Some(sent)) if constant_time_eq(expected, sent) => Ok(()),
        _ => Err(mismatch()),
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn incomplete(detail: &str) -> ApiError {
    ApiError::new(
        400,
        codes::INCOMPLETE_SIGNATURE,
        format!("The request signature does not conform to Aliyun standards. {detail}"),
    )
}

/// Map a verification failure to the gateway's error.
fn verify_error(err: VerifyError, request: &Parsed) -> ApiError {
    match err {
        VerifyError::MissingField(field) => {
            let unsigned = field == "Authorization" && request.param("Action").is_some();
            ApiError::missing(if unsigned { "Signature" } else { &field })
        }
        VerifyError::UnknownAccessKey(_) => ApiError::new(
            404,
            codes::INVALID_ACCESS_KEY_ID_NOT_FOUND,
            "Specified access key is not found.",
        ),
        VerifyError::SignatureMismatch { string_to_sign } => ApiError::new(
            400,
            codes::SIGNATURE_DOES_NOT_MATCH,
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
        ),
        VerifyError::Malformed(reason)
            if reason.starts_with("Timestamp:") || reason.starts_with("x-acs-date:") =>
        {
            ApiError::new(
                400,
                codes::INVALID_TIME_STAMP_FORMAT,
                "Specified time stamp or date value is not well formatted.",
            )
        }
        VerifyError::UnknownAlgorithm(algorithm) => {
            incomplete(&format!("Unsupported signature algorithm {algorithm}."))
        }
        VerifyError::BodyHashMismatch => {
            incomplete("x-acs-content-sha256 does not match the request body.")
        }
        other => incomplete(&format!("({other})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sts_tokens_must_pair_with_their_key() {
        assert!(check_token(None, None).is_ok());
        assert!(check_token(Some("tok"), Some("tok")).is_ok());
        assert_eq!(
            check_token(Some("tok"), None).unwrap_err().code,
            codes::MISSING_PARAMETER
        );
        for (expected, sent) in [(Some("tok"), Some("tok2")), (None, Some("tok"))] {
            assert_eq!(
                check_token(expected, sent).unwrap_err().code,
                codes::INVALID_SECURITY_TOKEN_MISMATCH_WITH_ACCESS_KEY
            );
        }
    }

    #[test]
    fn debug_shows_no_secrets() {
        let auth = Auth::new(
            &[Credentials::new("id", "sekrit").with_security_token("sts-token-value")],
            Duration::from_secs(900),
            16,
            Some(ControlToken::new("control-pass".to_owned())),
        );
        let shown = format!("{auth:?} {auth:#?}");
        assert!(shown.contains("id") && !shown.contains("sekrit"), "{shown}");
        assert!(!shown.contains("sts-token-value"), "{shown}");
        assert!(!shown.contains("control-pass"), "{shown}");
    }
}
