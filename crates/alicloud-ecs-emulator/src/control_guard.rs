//! Who may use the control API, so that neither another machine nor a web page can drive it.
//!
//! In order, a control request is refused with:
//!
//! 1. 403 from a client that is not on a loopback address;
//! 2. 403 if it carries an `Origin` header (browsers send one with cross-site requests);
//! 3. 403 if its `Host` (or the authority of its URI) is not a loopback name or address —
//!    `localhost`, `127.0.0.0/8` or `[::1]`, with or without a port — which defeats DNS
//!    rebinding;
//! 4. 401 without `Authorization: Bearer TOKEN`, when a control token is configured;
//! 5. 415 for a write (`POST`, `PUT`, `PATCH`, `DELETE`) that carries a body or a
//!    `Content-Type` other than `application/json` (the types a page can send without asking
//!    first are all refused this way).

use std::fmt;
use std::net::IpAddr;

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use serde_json::json;

use crate::request::host_of;
use crate::respond::control_json;

/// The bearer token the control API requires when configured. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ControlToken(String);

impl fmt::Debug for ControlToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ControlToken(** redacted **)")
    }
}

impl ControlToken {
    /// A token as configured; [`validate`](Self::validate) before use.
    pub(crate) fn new(token: String) -> Self {
        Self(token)
    }

    /// A token must be non-empty visible ASCII, as it travels in a header.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if !self.0.is_empty() && self.0.bytes().all(|b| b.is_ascii_graphic()) {
            Ok(())
        } else {
            Err("the control token must be non-empty visible ASCII".to_owned())
        }
    }

    /// Whether `presented` is this token (in constant time for equal lengths).
    fn matches(&self, presented: &str) -> bool {
        self.0.len() == presented.len()
            && self
                .0
                .bytes()
                .zip(presented.bytes())
                .fold(0u8, |acc, (x, y)| acc | (x ^ y))
                == 0
    }
}

/// Whether a client at `ip` may use the control API: loopback addresses only (IPv4, IPv6, and
/// IPv4-mapped IPv6).
pub(crate) fn loopback_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// Whether `host` (a `Host` header or URI authority) names this machine's loopback
/// interface: `localhost`, a `127.0.0.0/8` address or `[::1]`, with an optional port.
pub(crate) fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, "")) => ip,
            Some((ip, port)) if is_port(port.strip_prefix(':')) => ip,
            _ => return false,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) if is_port(Some(port)) => name,
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok_and(loopback_ip)
}

fn is_port(port: Option<&str>) -> bool {
    port.is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Why a control request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    status: StatusCode,
    message: &'static str,
}

fn refuse(status: StatusCode, message: &'static str) -> Refusal {
    Refusal { status, message }
}

impl Refusal {
    /// The response to send: `{"error": …}`, with a bearer challenge for 401.
    pub(crate) fn into_response(self) -> Response<Bytes> {
        let mut response = control_json(self.status, &json!({ "error": self.message }));
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"alicloud-ecs-emulator\""),
            );
        }
        response
    }
}

/// Check a control request from `peer`; why not, if it may not pass.
pub(crate) fn admit(
    request: &Request<Bytes>,
    peer: IpAddr,
    token: Option<&ControlToken>,
) -> Result<(), Refusal> {
    if !loopback_ip(peer) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "the control API only answers loopback clients",
        ));
    }
    let headers = request.headers();
    if headers.contains_key(header::ORIGIN) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "the control API does not answer requests from web pages (Origin header)",
        ));
    }
    let hosts_ok = headers
        .get_all(header::HOST)
        .iter()
        .all(|h| h.to_str().is_ok_and(loopback_host))
        && request
            .uri()
            .authority()
            .is_none_or(|a| loopback_host(a.as_str()))
        && !host_of(headers, request.uri()).is_empty();
    if !hosts_ok {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "the control API only answers requests addressed to localhost, 127.0.0.0/8 or [::1]",
        ));
    }
    if let Some(token) = token {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, value)| value.trim());
        if !presented.is_some_and(|p| token.matches(p)) {
            return Err(refuse(
                StatusCode::UNAUTHORIZED,
                "the control API needs the header Authorization: Bearer <control token>",
            ));
        }
    }
    let write = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    let content_type = headers.get(header::CONTENT_TYPE);
    if write && (!request.body().is_empty() || content_type.is_some()) && !is_json(content_type) {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "control API writes with a body need Content-Type: application/json",
        ));
    }
    Ok(())
}

fn is_json(content_type: Option<&HeaderValue>) -> bool {
    content_type
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim())
        .is_some_and(|media| media.eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    const LOCAL: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn only_loopback_peers_are_allowed() {
        assert!(loopback_ip(LOCAL));
        assert!(loopback_ip(IpAddr::V4(Ipv4Addr::new(127, 8, 9, 10))));
        assert!(loopback_ip(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert!(loopback_ip(IpAddr::V6(
            Ipv4Addr::LOCALHOST.to_ipv6_mapped()
        )));
        assert!(!loopback_ip(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))));
        assert!(!loopback_ip(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
        assert!(!loopback_ip(IpAddr::V6(
            Ipv4Addr::new(192, 168, 1, 2).to_ipv6_mapped()
        )));
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LocalHost:8080",
            "localhost.",
            "127.0.0.1",
            "127.0.0.1:1",
            "127.200.3.4:65535",
            "[::1]",
            "[::1]:8080",
            "[::ffff:127.0.0.1]:80",
        ] {
            assert!(loopback_host(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "0.0.0.0",
            "[::]",
            "::1",
            "[::1]x",
            "[::1]:",
            "localhost:",
            "localhost:80:80",
            "localhost:http",
            "127.1",
        ] {
            assert!(!loopback_host(host), "{host}");
        }
    }

    fn request(method: &str, headers: &[(&str, &str)], body: &str) -> Request<Bytes> {
        let mut builder = Request::builder().method(method).uri("/_emulator/reset");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Bytes::from(body.to_owned())).unwrap()
    }

    fn status(request: &Request<Bytes>, peer: IpAddr, token: Option<&str>) -> u16 {
        let token = token.map(|t| ControlToken::new(t.to_owned()));
        match admit(request, peer, token.as_ref()) {
            Ok(()) => 200,
            Err(refusal) => {
                let response = refusal.into_response();
                let challenge = response.headers().get(header::WWW_AUTHENTICATE);
                assert_eq!(challenge.is_some(), response.status() == 401);
                response.status().as_u16()
            }
        }
    }

    #[test]
    fn refusals_in_order() {
        let host = ("host", "127.0.0.1:9");
        let json = ("content-type", "application/json; charset=utf-8");
        let ok = request("POST", &[host, json], "{}");
        assert_eq!(status(&ok, LOCAL, None), 200);
        let remote = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 2));
        assert_eq!(status(&ok, remote, None), 403);
        let page = request("POST", &[host, json, ("origin", "null")], "{}");
        assert_eq!(status(&page, LOCAL, None), 403);
        for bad in ["attacker.example", "attacker.example:9"] {
            let rebound = request("GET", &[("host", bad)], "");
            assert_eq!(status(&rebound, LOCAL, None), 403, "{bad}");
        }
        assert_eq!(status(&request("GET", &[], ""), LOCAL, None), 403);
        let absolute = Request::get("http://attacker.example/_emulator/clock")
            .header("host", "127.0.0.1")
            .body(Bytes::new())
            .unwrap();
        assert_eq!(status(&absolute, LOCAL, None), 403);

        assert_eq!(status(&ok, LOCAL, Some("s3cret")), 401);
        let bearer = request(
            "POST",
            &[host, json, ("authorization", "Bearer s3cret")],
            "{}",
        );
        assert_eq!(status(&bearer, LOCAL, Some("s3cret")), 200);
        let lower = request("GET", &[host, ("authorization", "bearer s3cret")], "");
        assert_eq!(status(&lower, LOCAL, Some("s3cret")), 200);
        for wrong in ["Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "s3cret"] {
            let sent = request("GET", &[host, ("authorization", wrong)], "");
            assert_eq!(status(&sent, LOCAL, Some("s3cret")), 401, "{wrong}");
        }

        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            let form = ("content-type", "application/x-www-form-urlencoded");
            assert_eq!(
                status(&request(method, &[host, form], ""), LOCAL, None),
                415
            );
            assert_eq!(status(&request(method, &[host], "x"), LOCAL, None), 415);
            let text = ("content-type", "text/plain");
            assert_eq!(
                status(&request(method, &[host, text], "{}"), LOCAL, None),
                415
            );
            assert_eq!(status(&request(method, &[host], ""), LOCAL, None), 200);
            assert_eq!(
                status(&request(method, &[host, json], "x"), LOCAL, None),
                200
            );
        }
        assert_eq!(status(&request("GET", &[host], ""), LOCAL, None), 200);
    }

    #[test]
    fn tokens_are_validated_and_never_shown() {
        let token = ControlToken::new("tok-s3cret".to_owned());
        assert!(token.validate().is_ok());
        assert!(!format!("{token:?}").contains("s3cret"));
        for bad in ["", "with space", "tab\t", "ünïcode"] {
            assert!(
                ControlToken::new(bad.to_owned()).validate().is_err(),
                "{bad}"
            );
        }
    }
}
