//! The request log that `--verbose` shows on stderr: one `INFO` event per request served over
//! HTTP, on the target [`TARGET`], with the peer, the action (or the control API's method and
//! path), the AccessKey ID the request claims, the HTTP status and the duration. Nothing else
//! of the request is logged: never a secret, a signature, a token or a parameter value. Logged
//! text comes from the client, so it is cut to 64 visible ASCII characters and quoted.

use std::net::IpAddr;
use std::time::Duration;

use alicloud_signer::encode::parse_query;
use http::{header, request::Parts};

use crate::control_http::is_control_path;

/// The tracing target of the request log.
pub(crate) const TARGET: &str = "alicloud_ecs_emulator::access";

/// The longest logged value.
const MAX_LEN: usize = 64;

/// Whether the request log is on (so requests need summarizing).
pub(crate) fn enabled() -> bool {
    tracing::enabled!(target: TARGET, tracing::Level::INFO)
}

/// What the log says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    action: String,
    access_key_id: String,
}

/// `text` made safe to log: visible ASCII only, at most [`MAX_LEN`] characters.
fn clean(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(MAX_LEN)
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .collect();
    if out.is_empty() {
        out.push('-');
    }
    out
}

impl Summary {
    /// Summarize a request from its head and (form) body.
    pub(crate) fn of(parts: &Parts, body: &[u8]) -> Self {
        let path = parts.uri.path();
        if is_control_path(path) {
            return Self {
                action: format!("{} {}", clean(parts.method.as_str()), clean(path)),
                access_key_id: "-".to_owned(),
            };
        }
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let mut params = parse_query(parts.uri.query().unwrap_or("")).unwrap_or_default();
        let is_form = header(header::CONTENT_TYPE.as_str())
            .is_some_and(|v| v.contains("application/x-www-form-urlencoded"));
        if is_form && let Ok(text) = std::str::from_utf8(body) {
            params.extend(parse_query(text).unwrap_or_default());
        }
        let param = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let action = header("x-acs-action").or_else(|| param("Action"));
        // V3: `Authorization: ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=…,Signature=…`.
        let v3_key = header(header::AUTHORIZATION.as_str()).and_then(|auth| {
            let start = auth.find("Credential=")? + "Credential=".len();
            auth.get(start..)?.split([',', ' ']).next()
        });
        let access_key_id = v3_key.or_else(|| param("AccessKeyId"));
        Self {
            action: clean(action.unwrap_or("-")),
            access_key_id: clean(access_key_id.unwrap_or("-")),
        }
    }

    /// Log the request's outcome.
    pub(crate) fn record(&self, peer: IpAddr, status: u16, took: Duration) {
        tracing::info!(
            target: TARGET,
            %peer,
            action = ?self.action,
            access_key_id = ?self.access_key_id,
            status,
            duration_ms = %format_args!("{:.3}", took.as_secs_f64() * 1000.0),
            "request"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(uri: &str, headers: &[(&str, &str)], body: &str) -> Summary {
        let mut builder = http::Request::post(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let (parts, ()) = builder.body(()).unwrap().into_parts();
        Summary::of(&parts, body.as_bytes())
    }

    fn expect(summary: Summary, action: &str, access_key_id: &str) {
        assert_eq!(
            summary,
            Summary {
                action: action.to_owned(),
                access_key_id: access_key_id.to_owned(),
            }
        );
    }

    #[test]
    fn v1_v3_and_control_requests() {
        expect(
            summary(
                "/?Action=DescribeTasks&AccessKeyId=ak&Signature=c2ln",
                &[],
                "",
            ),
            "DescribeTasks",
            "ak",
        );
        let form = ("content-type", "application/x-www-form-urlencoded");
        expect(
            summary(
                "/?Signature=x",
                &[form],
                "Action=CancelTask&AccessKeyId=LTAI1",
            ),
            "CancelTask",
            "LTAI1",
        );
        let auth = (
            "authorization",
            "ACS3-HMAC-SHA256 Credential=LTAI5t,SignedHeaders=host,Signature=abc",
        );
        expect(
            summary("/", &[auth, ("x-acs-action", "ImportImage")], ""),
            "ImportImage",
            "LTAI5t",
        );
        expect(summary("/", &[], ""), "-", "-");
        expect(
            summary("/_emulator/clock/advance?secs=5", &[auth], ""),
            "POST /_emulator/clock/advance",
            "-",
        );
    }

    #[test]
    fn logged_values_are_short_and_visible() {
        let long = "A".repeat(500);
        let s = summary(&format!("/?Action={long}&AccessKeyId=a%0Ab"), &[], "");
        assert_eq!(s.action.len(), MAX_LEN);
        assert_eq!(s.access_key_id, "a?b");
    }
}
