//! Alibaba Cloud ACS request signatures, V3 (`ACS3-HMAC-SHA256`, or `ACS3-HMAC-SM3` through
//! [`V3Algorithm`]) and V1 (RPC HMAC-SHA1, `SignatureVersion=1.0`): signing and verification as
//! pure functions, bit-exact with the official SDKs.
//!
//! - Signing takes a [`SignableRequest`] (method, host, path, **decoded** parameters, headers,
//!   body) and [`SigningParams`] (credentials, time, nonce) and returns what to add to the
//!   request, plus the canonical request and string-to-sign for debugging.
//! - Verification takes a received [`VerifiableRequest`] and a credential lookup and returns who
//!   signed it ([`Verified`]) or why not ([`VerifyError`]), including the server's
//!   string-to-sign on a mismatch. [`check_replay`] then applies the timestamp window and
//!   nonce rules, with a [`NonceStore`] such as the bounded [`MemoryNonceStore`].
//! - [`encode`] has the shared percent-encoding and query parsing; the `http` feature applies a
//!   signature to an `http::Request`.
//!
//! Nothing here does I/O or reads the clock: the time and nonce are inputs ([`nonce()`] is the
//! default nonce source).
//!
//! ```
//! use alicloud_signer::{Credentials, SignableRequest, SigningParams, VerifiableRequest, sign_v3, verify};
//! use time::macros::datetime;
//!
//! let creds = Credentials::new("STS.testid", "testsecret").with_security_token("CAIS+token/with=chars");
//! let query = [("RegionId", "cn-hangzhou"), ("TaskId", "t-bp67acfmxazb4p****")];
//! let request = SignableRequest::new("POST", "ecs-cn-hangzhou.aliyuncs.com", "DescribeTaskAttribute", "2014-05-26")
//!     .with_query(&query);
//! let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), "6a1f3c1e2f5d4b8e9c0d1e2f3a4b5c6d");
//! let signed = sign_v3(&request, &params)?;
//! assert_eq!(signed.signature(), "e3105382f9db2808684e66f95b7acead43f48b3539ce12e4b0f6d6988982e3be");
//! // Send: POST https://ecs-cn-hangzhou.aliyuncs.com/?{canonical_query} with these headers.
//! assert_eq!(signed.canonical_query(), "RegionId=cn-hangzhou&TaskId=t-bp67acfmxazb4p%2A%2A%2A%2A");
//! let headers: Vec<(&str, &str)> = signed.headers().collect();
//!
//! // A server verifies what it received.
//! let mut received = headers.clone();
//! received.push(("Host", "ecs-cn-hangzhou.aliyuncs.com"));
//! let decoded = alicloud_signer::encode::parse_query(signed.canonical_query())?;
//! let decoded: Vec<(&str, &str)> = decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
//! let incoming = VerifiableRequest::new("POST", "", "/").with_query(&decoded).with_headers(&received);
//! let verified = verify(&incoming, |id| (id == "STS.testid").then(|| creds.clone()))?;
//! assert_eq!(verified.action.as_deref(), Some("DescribeTaskAttribute"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

mod algorithm;
mod credentials;
mod digest;
pub mod encode;
mod error;
mod fields;
#[cfg(feature = "http")]
mod http;
mod mac;
mod nonce;
mod nonce_store;
mod output;
mod replay;
mod request;
mod timestamp;
mod v1;
mod v3;
mod v3_verify;
mod verify;

use std::fmt;

pub use algorithm::V3Algorithm;
pub use credentials::Credentials;
pub use error::{SigningError, VerifyError};
pub use fields::Pairs;
#[cfg(feature = "http")]
pub use http::sign_http_request;
pub use nonce::nonce;
pub use nonce_store::MemoryNonceStore;
pub use output::{SigningOutput, sign};
pub use replay::{NonceStore, ReplayError, check_replay, check_timestamp};
pub use request::{SignableRequest, SignedHeaderPolicy, SigningParams};
pub use timestamp::{TimestampError, format_timestamp, parse_timestamp};
pub use v1::{SigningOutputV1, V1_RESERVED_PARAMETERS, sign_v1, verify_v1};
pub use v3::{SigningOutputV3, sign_v3};
pub use v3_verify::verify_v3;
pub use verify::{VerifiableRequest, Verified, detect_version, parameter_union, verify};

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The signature scheme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// RPC signature: HMAC-SHA1 over the sorted parameters, sent as query parameters
    /// (`SignatureVersion=1.0`; Alibaba's newer docs call this "V2").
    V1,
    /// `ACS3-HMAC-SHA256`, sent as headers. The default.
    #[default]
    V3,
}

impl fmt::Display for SignatureVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::V1 => "V1",
            Self::V3 => "V3",
        })
    }
}
