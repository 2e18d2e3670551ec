//! Proxy settings: explicit [`ProxyConfig`]s and the conventional environment variables.

use std::fmt;

use hyper_util::client::proxy::matcher::Matcher;

use crate::BuildError;

/// Which proxy to use for which destination.
///
/// Only `http://` proxies are supported. Requests to `https://` destinations go through an HTTP
/// `CONNECT` tunnel (TLS stays end to end); requests to `http://` destinations are forwarded.
/// Credentials in the proxy URL (`http://user:pass@proxy:3128`) are sent as
/// `Proxy-Authorization: Basic` and never shown by `Debug`.
///
/// ```
/// use alicloud_transport_hyper::{HyperTransport, ProxyConfig};
///
/// let proxy = ProxyConfig::all("http://proxy.internal:3128").no_proxy("localhost, 10.0.0.0/8");
/// let transport = HyperTransport::builder().proxy(proxy).build();
/// assert!(transport.is_ok());
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    http: Option<String>,
    https: Option<String>,
    no_proxy: String,
}

impl ProxyConfig {
    /// No proxy for any destination.
    pub fn none() -> Self {
        Self::default()
    }

    /// The same proxy for `http://` and `https://` destinations.
    pub fn all(url: impl Into<String>) -> Self {
        let url = url.into();
        Self {
            http: Some(url.clone()),
            https: Some(url),
            no_proxy: String::new(),
        }
    }

    /// The proxy for `http://` destinations.
    pub fn http(mut self, url: impl Into<String>) -> Self {
        self.http = Some(url.into());
        self
    }

    /// The proxy for `https://` destinations.
    pub fn https(mut self, url: impl Into<String>) -> Self {
        self.https = Some(url.into());
        self
    }

    /// Destinations reached directly, in `NO_PROXY` syntax: comma-separated host names (which
    /// also match their subdomains), IP addresses, CIDR ranges, or `*` for everything.
    pub fn no_proxy(mut self, list: impl Into<String>) -> Self {
        self.no_proxy = list.into();
        self
    }

    /// Whether plain-HTTP requests may need `Proxy-Authorization`: the proxy for `http://`
    /// destinations has credentials.
    pub(crate) fn forwards_credentials(&self) -> bool {
        self.http.as_deref().is_some_and(has_credentials)
    }

    /// Checks the URLs and builds the matcher.
    pub(crate) fn matcher(&self) -> Result<Matcher, BuildError> {
        let mut builder = Matcher::builder().no(self.no_proxy.as_str());
        if let Some(url) = &self.http {
            builder = builder.http(check_url(url)?);
        }
        if let Some(url) = &self.https {
            builder = builder.https(check_url(url)?);
        }
        Ok(builder.build())
    }
}

/// Whether the environment's proxy for `http://` destinations (`HTTP_PROXY` or `ALL_PROXY`,
/// in either case, as the matcher reads them) has credentials. When it has none, no request
/// needs a per-request proxy lookup.
pub(crate) fn env_forwards_credentials() -> bool {
    ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|url| has_credentials(&url)))
}

/// Whether a proxy URL has `user[:password]@` before its host.
fn has_credentials(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or_default();
    authority.contains('@')
}

/// Accepts `host:port` or `http://[user:pass@]host:port`.
/// The ECS instance metadata service: it hands out credentials, answers only on the instance
/// itself, and must never be sent through a proxy, whatever the environment says.
const METADATA_HOST: &str = "100.100.100.200";

/// The proxy for a request to `uri`, if any.
pub(crate) fn intercept(
    matcher: &Matcher,
    uri: &http::Uri,
) -> Option<hyper_util::client::proxy::matcher::Intercept> {
    if uri.host() == Some(METADATA_HOST) {
        return None;
    }
    matcher.intercept(uri)
}

fn check_url(url: &str) -> Result<&str, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidProxy {
        url: redact(url),
        reason: reason.to_owned(),
    };
    let uri: http::Uri = url.parse().map_err(|_| invalid("not a URL"))?;
    match uri.scheme_str() {
        None | Some("http") => {}
        Some(_) => return Err(invalid("only http:// proxies are supported")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid("missing host"));
    }
    Ok(url)
}

/// `url` with any `user:password@` replaced by `***@`.
pub(crate) fn redact(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), url),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}***@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("http", &self.http.as_deref().map(redact))
            .field("https", &self.https.as_deref().map(redact))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intercept(config: &ProxyConfig, uri: &str) -> Option<String> {
        let matcher = config.matcher().unwrap();
        super::intercept(&matcher, &uri.parse().unwrap()).map(|i| i.uri().to_string())
    }

    #[test]
    fn routes_by_scheme_and_no_proxy() {
        let config = ProxyConfig::none()
            .https("http://secure-proxy:3128")
            .http("plain-proxy:8080")
            .no_proxy("internal.example, 10.0.0.0/8");
        assert_eq!(
            intercept(&config, "https://ecs.aliyuncs.com/").as_deref(),
            Some("http://secure-proxy:3128/")
        );
        assert_eq!(
            intercept(&config, "http://ecs.aliyuncs.com/").as_deref(),
            Some("http://plain-proxy:8080/")
        );
        assert_eq!(intercept(&config, "https://api.internal.example/"), None);
        assert_eq!(intercept(&config, "http://10.1.2.3/"), None);
        assert_eq!(intercept(&ProxyConfig::none(), "https://a.example/"), None);
        let all = ProxyConfig::all("http://proxy.example:3128");
        assert_eq!(
            intercept(&all, "http://100.100.100.200/latest/api/token"),
            None,
            "metadata is direct"
        );
    }

    #[test]
    fn rejects_unusable_urls_without_leaking_credentials() {
        let err = ProxyConfig::all("https://user:secret@proxy:443")
            .matcher()
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("only http:// proxies"), "{text}");
        assert!(!text.contains("secret"), "{text}");
        assert!(ProxyConfig::all("socks5://proxy:1080").matcher().is_err());
        assert!(ProxyConfig::all("http://").matcher().is_err());
        assert!(ProxyConfig::all("not a url").matcher().is_err());
    }

    #[test]
    fn knows_when_plain_requests_need_proxy_credentials() {
        assert!(ProxyConfig::all("http://user:pass@proxy:3128").forwards_credentials());
        assert!(
            ProxyConfig::none()
                .http("u@proxy:3128")
                .forwards_credentials()
        );
        assert!(!ProxyConfig::all("http://proxy:3128/a@b").forwards_credentials());
        assert!(
            !ProxyConfig::none()
                .https("http://user:pass@proxy:3128")
                .forwards_credentials()
        );
        assert!(!ProxyConfig::none().forwards_credentials());
    }

    #[test]
    fn debug_hides_credentials() {
        let config = ProxyConfig::all("http://user:secret@proxy:3128/path@x");
        let shown = format!("{config:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("http://***@proxy:3128/path@x"), "{shown}");
        assert_eq!(redact("proxy:3128"), "proxy:3128");
    }
}
