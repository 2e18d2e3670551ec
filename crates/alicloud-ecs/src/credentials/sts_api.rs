//! The STS API details shared by `AssumeRole` and `AssumeRoleWithOIDC`: endpoint selection,
//! default session names, and reading responses without echoing secrets.

use std::time::{SystemTime, UNIX_EPOCH};

use alicloud_transport::HttpResponse;
use serde::Deserialize;

use super::util::{TemporaryCredentials, describe_json_error, is_true};
use super::{Credentials, CredentialsError, Env};

/// The STS API version.
pub(crate) const STS_VERSION: &str = "2015-04-01";

/// `alicloud-rs-<unix seconds>`.
pub(crate) fn default_session_name(now: SystemTime) -> String {
    let seconds = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format!("alicloud-rs-{seconds}")
}

/// Where STS requests go: an explicit endpoint, or one derived from the region and VPC flag.
#[derive(Clone, Debug, Default)]
pub(crate) struct StsEndpoint {
    pub(crate) url: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) vpc: Option<bool>,
}

impl StsEndpoint {
    /// The base URL (without a trailing `/`) and the host to sign.
    pub(crate) fn resolve(&self, env: &Env) -> Result<(String, String), CredentialsError> {
        let base = match &self.url {
            Some(url) if url.contains("://") => url.trim_end_matches('/').to_owned(),
            Some(host) => format!("https://{}", host.trim_end_matches('/')),
            None => {
                let region = self
                    .region
                    .clone()
                    .or_else(|| env.var("ALIBABA_CLOUD_STS_REGION"));
                let vpc = self
                    .vpc
                    .unwrap_or_else(|| is_true(env, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"));
                match region {
                    Some(region) if vpc => format!("https://sts-vpc.{region}.aliyuncs.com"),
                    Some(region) => format!("https://sts.{region}.aliyuncs.com"),
                    None => "https://sts.aliyuncs.com".to_owned(),
                }
            }
        };
        let host = base
            .parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.authority().map(|a| a.as_str().to_owned()))
            .ok_or_else(|| {
                CredentialsError::provider_error(
                    "sts",
                    format!("the STS endpoint {base:?} is not a valid URL"),
                )
            })?;
        Ok((base, host))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StsSuccess {
    credentials: TemporaryCredentials,
}

/// The error body of an Alibaba Cloud API.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct StsErrorBody {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

/// Reads an STS response: the temporary credentials, or an error carrying the service's code,
/// message and request ID. `redact` lists values that must not be echoed back.
pub(crate) fn parse_response(
    source: &str,
    response: &HttpResponse,
    redact: &[Option<&str>],
) -> Result<Credentials, CredentialsError> {
    let status = response.status();
    if status.is_success() {
        let parsed: StsSuccess = serde_json::from_slice(response.body()).map_err(|err| {
            CredentialsError::provider_error(
                source,
                format!("unexpected response: {}", describe_json_error(&err)),
            )
        })?;
        return parsed.credentials.into_credentials(source);
    }
    let body: StsErrorBody = serde_json::from_slice(response.body()).unwrap_or_default();
    let message = body
        .message
        .map(|message| sanitize_message(&message, redact));
    Err(
        CredentialsError::provider_error(source, "the request was refused").with_service_error(
            status.as_u16(),
            body.code,
            message,
            body.request_id,
        ),
    )
}

/// Drops the server's string-to-sign (it echoes the security token) and any value of
/// `redact`, in every form the client's errors redact (as is, percent-encoded once or twice).
fn sanitize_message(message: &str, redact: &[Option<&str>]) -> String {
    const MARKER: &str = "string to sign is:";
    let mut text = match message.find(MARKER) {
        Some(at) => format!("{} (omitted)", &message[..at + MARKER.len()]),
        None => message.to_owned(),
    };
    crate::redact::Secrets::new(redact.iter().flatten().copied()).scrub(&mut text);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::response;

    #[test]
    fn endpoints() {
        let env = Env::from_vars([("X", "1")]);
        let resolve = |endpoint: StsEndpoint, env: &Env| endpoint.resolve(env).unwrap();
        let default = StsEndpoint::default();
        assert_eq!(resolve(default.clone(), &env).0, "https://sts.aliyuncs.com");
        let regional = StsEndpoint {
            region: Some("cn-shanghai".into()),
            ..StsEndpoint::default()
        };
        assert_eq!(
            resolve(regional.clone(), &env),
            (
                "https://sts.cn-shanghai.aliyuncs.com".into(),
                "sts.cn-shanghai.aliyuncs.com".into()
            )
        );
        let vpc_env = Env::from_vars([
            ("ALIBABA_CLOUD_STS_REGION", "cn-beijing"),
            ("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "true"),
        ]);
        assert_eq!(
            resolve(default, &vpc_env).0,
            "https://sts-vpc.cn-beijing.aliyuncs.com"
        );
        let local = StsEndpoint {
            url: Some("http://127.0.0.1:9000/".into()),
            ..regional
        };
        assert_eq!(
            resolve(local, &env),
            ("http://127.0.0.1:9000".into(), "127.0.0.1:9000".into())
        );
        let bad = StsEndpoint {
            url: Some("http://bad host".into()),
            ..StsEndpoint::default()
        };
        assert!(bad.resolve(&env).is_err());
    }

    #[test]
    fn error_responses_carry_code_and_hide_echoed_values() {
        let body = r#"{"RequestId":"R-1","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3Dtok-123"}"#;
        let err =
            parse_response("sts AssumeRole", &response(400, body), &[Some("tok-123")]).unwrap_err();
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(err.request_id(), Some("R-1"));
        assert_eq!(err.http_status(), Some(400));
        assert!(!err.to_string().contains("tok-123"), "{err}");
        assert!(err.to_string().contains("(omitted)"));

        let echo = r#"{"Code":"X","Message":"bad secret-xyz"}"#;
        let err = parse_response(
            "sts AssumeRole",
            &response(403, echo),
            &[Some("secret-xyz")],
        )
        .unwrap_err();
        assert_eq!(err.service_message(), Some("bad ** redacted **"));
        // Percent-encoded echoes are redacted too.
        let encoded = r#"{"Code":"X","Message":"bad key%2Fvalue"}"#;
        let err = parse_response(
            "sts AssumeRole",
            &response(403, encoded),
            &[Some("key/value")],
        )
        .unwrap_err();
        assert_eq!(err.service_message(), Some("bad ** redacted **"));

        let err = parse_response("sts AssumeRole", &response(502, "<html>"), &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "sts AssumeRole: the request was refused (HTTP 502)"
        );
        let err = parse_response("sts AssumeRole", &response(200, "{}"), &[]).unwrap_err();
        assert!(
            err.to_string().contains("missing field `Credentials`"),
            "{err}"
        );
    }

    #[test]
    fn session_name_default() {
        let now = UNIX_EPOCH + std::time::Duration::from_secs(1_704_067_200);
        assert_eq!(default_session_name(now), "alicloud-rs-1704067200");
    }
}
