//! The `http` feature: sign an `http::Request` in place, or apply a signing result to one.

use http::Request;
use http::header::{CONTENT_TYPE, HOST, HeaderName, HeaderValue};
use http::uri::{PathAndQuery, Uri};

use crate::encode::parse_query;
use crate::{
    SignableRequest, SignatureVersion, SigningError, SigningOutput, SigningParams, sign, v1, v3,
};

impl SigningOutput {
    /// Applies the signature to `request`: sets the V3 headers (replacing existing values) and
    /// replaces the URI's query with [`query_string`](Self::query_string), which holds the same
    /// parameters that were signed, canonically encoded (plus the V1 signature parameters).
    ///
    /// The request must be the one that was signed; its path is kept.
    pub fn apply_to_request<B>(&self, request: &mut Request<B>) -> Result<(), SigningError> {
        for (name, value) in self.headers() {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| SigningError::InvalidHeader(name.to_owned()))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| SigningError::InvalidHeader(name.to_owned()))?;
            request.headers_mut().insert(header, value);
        }
        let mut parts = request.uri().clone().into_parts();
        let path = parts
            .path_and_query
            .as_ref()
            .map_or("/", PathAndQuery::path);
        let query = self.query_string();
        let path_and_query = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        };
        let invalid = |err: &dyn std::fmt::Display| SigningError::InvalidRequest(err.to_string());
        parts.path_and_query =
            Some(PathAndQuery::try_from(path_and_query).map_err(|e| invalid(&e))?);
        *request.uri_mut() = Uri::from_parts(parts).map_err(|e| invalid(&e))?;
        Ok(())
    }
}

/// Signs an `http::Request` in place and returns the signing result.
///
/// The host comes from the URI authority (else the `Host` header), the path and query from the
/// URI (decoded), the headers and body from the request. For V1 an
/// `application/x-www-form-urlencoded` body is parsed and signed with the query. Signature
/// parameters or headers left by an earlier signing are replaced, so a retry can simply sign the
/// same request again.
///
/// ```
/// use alicloud_signer::{Credentials, SignatureVersion, SigningParams, sign_http_request};
/// use time::macros::datetime;
///
/// let creds = Credentials::new("testid", "testsecret");
/// let params = SigningParams::new(&creds, datetime!(2024-05-01 08:00:00 UTC), "nonce-1");
/// let mut request = http::Request::post("https://ecs.cn-beijing.aliyuncs.com/?RegionId=cn-beijing")
///     .body(Vec::<u8>::new())?;
/// sign_http_request(&mut request, SignatureVersion::V3, "DescribeTasks", "2014-05-26", &params)?;
/// assert!(request.headers().contains_key("authorization"));
/// assert_eq!(request.uri().query(), Some("RegionId=cn-beijing"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign_http_request<B: AsRef<[u8]>>(
    request: &mut Request<B>,
    version: SignatureVersion,
    action: &str,
    api_version: &str,
    params: &SigningParams<'_>,
) -> Result<SigningOutput, SigningError> {
    let invalid = |what: &str, err: &dyn std::fmt::Display| {
        SigningError::InvalidRequest(format!("{what}: {err}"))
    };
    let output = {
        let host = match request.uri().authority() {
            Some(authority) => authority.as_str().rsplit('@').next().unwrap_or_default(),
            None => request
                .headers()
                .get(HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or_default(),
        };
        let decoded = parse_query(request.uri().query().unwrap_or_default())
            .map_err(|e| invalid("query", &e))?;
        let query: Vec<(&str, &str)> = decoded
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .filter(|(n, _)| {
                version != SignatureVersion::V1 || !v1::V1_RESERVED_PARAMETERS.contains(n)
            })
            .collect();
        let mut headers = Vec::with_capacity(request.headers().len());
        for (name, value) in request.headers() {
            if v3::RESERVED.contains(&name.as_str()) {
                continue;
            }
            let value = value
                .to_str()
                .map_err(|_| SigningError::InvalidHeader(name.to_string()))?;
            headers.push((name.as_str(), value));
        }
        let body = request.body().as_ref();
        let is_form = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let decoded_form = if version == SignatureVersion::V1 && is_form {
            let text = std::str::from_utf8(body).map_err(|e| invalid("form body", &e))?;
            parse_query(text).map_err(|e| invalid("form body", &e))?
        } else {
            Vec::new()
        };
        let form: Vec<(&str, &str)> = decoded_form
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let signable = SignableRequest::new(request.method().as_str(), host, action, api_version)
            .with_path(request.uri().path())
            .with_query(&query)
            .with_form(&form)
            .with_headers(&headers)
            .with_body(body);
        sign(version, &signable, params)?
    };
    output.apply_to_request(request)?;
    Ok(output)
}
