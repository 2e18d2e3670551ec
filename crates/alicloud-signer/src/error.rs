//! The error types of signing and verification.

use std::fmt;

use crate::timestamp::TimestampError;

/// Why a request could not be signed. Values that may be secret are never included.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The HTTP method is not an uppercase ASCII word such as `GET` or `POST`.
    InvalidMethod(String),
    /// The path is not an absolute, already-encoded path (must start with `/`, no spaces,
    /// control characters, `?` or `#`).
    InvalidPath(String),
    /// A header name is not an HTTP token or a header value contains a line break or another
    /// control character. Carries the header name.
    InvalidHeader(String),
    /// The caller passed a parameter that the V1 signer sets itself (`AccessKeyId`, `Action`,
    /// `Version`, `Signature*`, `Timestamp`, `SecurityToken`).
    ReservedParameter(String),
    /// The caller passed a header that the V3 signer sets itself (`host`, `authorization`,
    /// `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
    /// `x-acs-content-sha256`, `x-acs-security-token`).
    ReservedHeader(String),
    /// The nonce is empty or contains characters other than visible ASCII.
    InvalidNonce,
    /// The signing time cannot be written as `YYYY-MM-DDThh:mm:ssZ`.
    InvalidTime(TimestampError),
    /// The request could not be read or rebuilt (for example a non-UTF-8 header value or a
    /// malformed query string in an `http::Request`).
    InvalidRequest(String),
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidMethod(method) => write!(f, "invalid HTTP method {method:?}"),
            Self::InvalidPath(path) => write!(f, "invalid request path {path:?}"),
            Self::InvalidHeader(name) => write!(f, "invalid name or value for header {name:?}"),
            Self::ReservedParameter(name) => {
                write!(
                    f,
                    "parameter {name:?} is set by the signer and must not be passed"
                )
            }
            Self::ReservedHeader(name) => {
                write!(
                    f,
                    "header {name:?} is set by the signer and must not be passed"
                )
            }
            Self::InvalidNonce => f.write_str("the nonce must be non-empty visible ASCII"),
            Self::InvalidTime(err) => write!(f, "invalid signing time: {err}"),
            Self::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
        }
    }
}

impl std::error::Error for SigningError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidTime(err) => Some(err),
            _ => None,
        }
    }
}

impl From<TimestampError> for SigningError {
    fn from(err: TimestampError) -> Self {
        Self::InvalidTime(err)
    }
}

/// Why a request's signature was rejected.
///
/// A server maps these to Alibaba error codes itself, for example `MissingField` to
/// `IncompleteSignature` or `MissingParameter`, `UnknownAccessKey` to
/// `InvalidAccessKeyId.NotFound`, and `SignatureMismatch` to `SignatureDoesNotMatch` with the
/// message `Specified signature is not matched with our calculation. server string to sign
/// is:{string_to_sign}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// A required signature field is absent: a V1 parameter (`AccessKeyId`, `Signature`,
    /// `SignatureMethod`, `SignatureVersion`, `SignatureNonce`, `Timestamp`), a V3 header
    /// (`authorization`, `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`), or
    /// both `Authorization` and `Signature` (an unsigned request).
    MissingField(String),
    /// The algorithm is not `ACS3-HMAC-SHA256` or `ACS3-HMAC-SM3`, or not `HMAC-SHA1` with
    /// `SignatureVersion=1.0`.
    UnknownAlgorithm(String),
    /// The credential lookup knows no secret for this AccessKey ID.
    UnknownAccessKey(String),
    /// A header that must be signed (`host`, any `x-acs-*`) is not listed in `SignedHeaders`.
    HeaderNotSigned(String),
    /// A header listed in `SignedHeaders` is not present in the request.
    SignedHeaderMissing(String),
    /// `x-acs-content-sha256` does not equal the SHA-256 of the body.
    BodyHashMismatch,
    /// The signature does not match; carries the string-to-sign the verifier computed.
    SignatureMismatch {
        /// The verifier's string-to-sign, for the error message.
        string_to_sign: String,
    },
    /// A field is present but unusable: a malformed `Authorization` header, a bad timestamp,
    /// a duplicated signature parameter.
    Malformed(String),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingField(name) => write!(f, "missing signature field {name}"),
            Self::UnknownAlgorithm(alg) => write!(f, "unsupported signature algorithm {alg:?}"),
            Self::UnknownAccessKey(id) => write!(f, "access key {id:?} is not known"),
            Self::HeaderNotSigned(name) => write!(f, "header {name} must be signed"),
            Self::SignedHeaderMissing(name) => {
                write!(f, "signed header {name} is missing from the request")
            }
            Self::BodyHashMismatch => {
                f.write_str("x-acs-content-sha256 does not match the request body")
            }
            Self::SignatureMismatch { string_to_sign } => write!(
                f,
                "signature does not match; server string to sign is:{string_to_sign}"
            ),
            Self::Malformed(reason) => write!(f, "malformed signature field: {reason}"),
        }
    }
}

impl std::error::Error for VerifyError {}
