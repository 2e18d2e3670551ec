//! Signing results: what to add to the request, plus the intermediate strings for debugging.

use crate::fields::Pairs;
use crate::{
    SignableRequest, SignatureVersion, SigningError, SigningOutputV1, SigningOutputV3,
    SigningParams, sign_v1, sign_v3,
};

/// The result of [`sign`]: a V1 or a V3 signature.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum SigningOutput {
    /// Query parameters to add.
    V1(SigningOutputV1),
    /// Headers to add.
    V3(SigningOutputV3),
}

impl SigningOutput {
    /// Which signature version produced this output.
    pub fn version(&self) -> SignatureVersion {
        match self {
            Self::V1(_) => SignatureVersion::V1,
            Self::V3(_) => SignatureVersion::V3,
        }
    }

    /// Headers to set on the request (empty for V1).
    pub fn headers(&self) -> Pairs<'_> {
        match self {
            Self::V1(_) => Pairs::empty(),
            Self::V3(out) => out.headers(),
        }
    }

    /// Decoded query parameters to add to the request's query (empty for V3).
    pub fn query_params(&self) -> Pairs<'_> {
        match self {
            Self::V1(out) => out.query_params(),
            Self::V3(_) => Pairs::empty(),
        }
    }

    /// The complete query string to send (without `?`): the request's query parameters, plus the
    /// signature parameters for V1, canonically encoded. Form parameters are not included.
    pub fn query_string(&self) -> &str {
        match self {
            Self::V1(out) => out.signed_query(),
            Self::V3(out) => out.canonical_query(),
        }
    }

    /// The signature (Base64 for V1, lowercase hex for V3).
    pub fn signature(&self) -> &str {
        match self {
            Self::V1(out) => out.signature(),
            Self::V3(out) => out.signature(),
        }
    }

    /// The string that was signed.
    pub fn string_to_sign(&self) -> &str {
        match self {
            Self::V1(out) => out.string_to_sign(),
            Self::V3(out) => out.string_to_sign(),
        }
    }
}

/// Signs `request` with the given signature version.
///
/// ```
/// use alicloud_signer::{Credentials, SignableRequest, SignatureVersion, SigningParams, sign};
/// use time::macros::datetime;
///
/// let creds = Credentials::new("testid", "testsecret");
/// let query = [("RegionId", "cn-hangzhou")];
/// let request = SignableRequest::new("POST", "ecs-cn-hangzhou.aliyuncs.com", "DescribeRegions", "2014-05-26")
///     .with_query(&query);
/// let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), "nonce-1");
/// let v1 = sign(SignatureVersion::V1, &request, &params).unwrap();
/// assert!(v1.query_string().contains("&Signature="));
/// let v3 = sign(SignatureVersion::default(), &request, &params).unwrap();
/// assert_eq!(v3.query_string(), "RegionId=cn-hangzhou");
/// assert!(v3.headers().any(|(name, _)| name == "authorization"));
/// ```
pub fn sign(
    version: SignatureVersion,
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
) -> Result<SigningOutput, SigningError> {
    match version {
        SignatureVersion::V1 => sign_v1(request, params).map(SigningOutput::V1),
        SignatureVersion::V3 => sign_v3(request, params).map(SigningOutput::V3),
    }
}
