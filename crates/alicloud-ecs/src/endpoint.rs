//! Where requests go: an explicit endpoint, or the ECS host of a region.
//!
//! Resolution follows the official SDKs: an endpoint given in the configuration is used as
//! it is; otherwise the region's host comes from the table below (the few regions whose
//! host breaks the pattern, such as `cn-hangzhou` → `ecs-cn-hangzhou.aliyuncs.com`), and
//! every other region is `ecs.<region>.aliyuncs.com`. With [`Network::Vpc`] the host is
//! `ecs-vpc.<region>.aliyuncs.com`. Requests use HTTPS unless an `http://` endpoint is given
//! explicitly. Plain HTTP is accepted only for loopback hosts (`127.0.0.0/8`, `::1`,
//! `localhost`: the local emulator) unless the configuration opts in with
//! `allow_insecure_http(true)`: anything else would send signed requests, and any security
//! token, in the clear.

use std::fmt;

use bytes::Bytes;
use http::uri::{Authority, PathAndQuery, Scheme};

use crate::error::Error;

/// Which network the regional endpoint is reached over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Network {
    /// The public endpoint.
    #[default]
    Public,
    /// The VPC endpoint (`ecs-vpc.<region>.aliyuncs.com`), reachable from inside Alibaba Cloud.
    Vpc,
}

/// A scheme and authority to send requests to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    https: bool,
    /// Parsed once; clones share its bytes, so each call's request URI costs no parse of it.
    authority: Authority,
}

/// `text` as a URI authority.
fn parse_authority(text: String) -> Result<Authority, Error> {
    Authority::from_maybe_shared(Bytes::from(text))
        .map_err(|e| Error::construction(format!("endpoint host: {e}")))
}

/// Whether `text` is a code of the kind region ids, product codes and API versions are:
/// non-empty, ASCII letters, digits and `-` only (so it is safe in a host name or header).
pub(crate) fn is_code(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn check_region(region: &str) -> Result<(), Error> {
    if is_code(region) {
        Ok(())
    } else {
        Err(Error::construction(format!(
            "region {region:?} is not a region id like cn-hangzhou"
        )))
    }
}

impl Endpoint {
    /// Parse `https://host[:port]`, `http://host[:port]` or a bare `host[:port]` (HTTPS).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim().trim_end_matches('/');
        let (https, rest) = if let Some(rest) = text.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = text.strip_prefix("http://") {
            (false, rest)
        } else if text.contains("://") {
            return Err(Error::construction(format!(
                "endpoint {text:?}: only http:// and https:// are supported"
            )));
        } else {
            (true, text)
        };
        let authority = rest
            .parse::<Authority>()
            .ok()
            .filter(|_| {
                !rest.is_empty()
                    && rest.chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_')
                    })
            })
            .ok_or_else(|| {
                Error::construction(format!("endpoint {text:?} is not a host[:port]"))
            })?;
        Ok(Self { https, authority })
    }

    /// The endpoint of a region.
    pub fn for_region(region: &str, network: Network) -> Result<Self, Error> {
        check_region(region)?;
        let authority = match network {
            Network::Vpc => parse_authority(format!("ecs-vpc.{region}.aliyuncs.com"))?,
            Network::Public => match SPECIAL_HOSTS.binary_search_by(|(r, _)| (*r).cmp(region)) {
                Ok(i) => Authority::from_static(SPECIAL_HOSTS[i].1),
                Err(_) => parse_authority(format!("ecs.{region}.aliyuncs.com"))?,
            },
        };
        Ok(Self {
            https: true,
            authority,
        })
    }

    /// The endpoint of another product's API in a region, by the regional rule of the
    /// official SDKs: `<product>.<region>.aliyuncs.com`, or `<product>-vpc.<region>.aliyuncs.com`
    /// with [`Network::Vpc`]. `ecs` uses [`for_region`](Self::for_region). Products whose
    /// hosts break the rule need an explicit endpoint.
    pub fn for_product(product: &str, region: &str, network: Network) -> Result<Self, Error> {
        let product = product.to_ascii_lowercase();
        if product == "ecs" {
            return Self::for_region(region, network);
        }
        if !is_code(&product) || product.starts_with('-') {
            return Err(Error::construction(format!(
                "product {product:?} is not a product code like ecs or vpc"
            )));
        }
        check_region(region)?;
        let authority = parse_authority(match network {
            Network::Vpc => format!("{product}-vpc.{region}.aliyuncs.com"),
            Network::Public => format!("{product}.{region}.aliyuncs.com"),
        })?;
        Ok(Self {
            https: true,
            authority,
        })
    }

    /// `host[:port]`, also the signed `host` header.
    pub fn authority(&self) -> &str {
        self.authority.as_str()
    }

    /// Whether requests use TLS.
    pub fn is_https(&self) -> bool {
        self.https
    }

    /// Whether the host is a loopback address: `127.0.0.0/8`, `::1` or `localhost`.
    pub fn is_loopback(&self) -> bool {
        let authority = self.authority.as_str();
        let host = match authority.strip_prefix('[') {
            // `[v6]` or `[v6]:port`
            Some(rest) => rest.split(']').next().unwrap_or(""),
            None => authority.split(':').next().unwrap_or(""),
        };
        let host = host.strip_suffix('.').unwrap_or(host);
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// Fails for a plain-HTTP endpoint whose host is not loopback, unless `allowed`.
    pub(crate) fn check_insecure_http(&self, allowed: bool) -> Result<(), Error> {
        if self.https || allowed || self.is_loopback() {
            return Ok(());
        }
        Err(Error::construction(format!(
            "endpoint {self} uses plain HTTP to a host that is not loopback: requests and \
             credentials would travel unencrypted; use https:// or opt in with \
             `allow_insecure_http(true)` (CLI: --allow-insecure-http)"
        )))
    }

    /// The request URI for a canonical query string, from the parsed scheme and authority:
    /// only the path and query are parsed per request.
    pub(crate) fn uri(&self, query: &str) -> Result<http::Uri, http::Error> {
        let path_and_query = if query.is_empty() {
            PathAndQuery::from_static("/")
        } else {
            let mut text = String::with_capacity(query.len() + 2);
            text.push_str("/?");
            text.push_str(query);
            PathAndQuery::from_maybe_shared(Bytes::from(text))?
        };
        let mut parts = http::uri::Parts::default();
        parts.scheme = Some(if self.https {
            Scheme::HTTPS
        } else {
            Scheme::HTTP
        });
        parts.authority = Some(self.authority.clone());
        parts.path_and_query = Some(path_and_query);
        Ok(http::Uri::from_parts(parts)?)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}",
            if self.https { "https" } else { "http" },
            self.authority
        )
    }
}

/// Regions whose ECS host is not `ecs.<region>.aliyuncs.com` (sorted for binary search).
const SPECIAL_HOSTS: &[(&str, &str)] = &[
    ("ap-northeast-2-pop", "ecs.aliyuncs.com"),
    ("cn-beijing-finance-pop", "ecs.aliyuncs.com"),
    ("cn-beijing-gov-1", "ecs.aliyuncs.com"),
    ("cn-beijing-nu16-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-edge-1", "ecs.cn-qingdao-nebula.aliyuncs.com"),
    ("cn-fujian", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-haidian-cm12-c01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-hangzhou-bj-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-hangzhou-finance", "ecs.aliyuncs.com"),
    (
        "cn-hangzhou-internal-prod-1",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    (
        "cn-hangzhou-internal-test-1",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    (
        "cn-hangzhou-internal-test-2",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    (
        "cn-hangzhou-internal-test-3",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    ("cn-hangzhou-test-306", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-hongkong-finance-pop", "ecs.aliyuncs.com"),
    (
        "cn-huhehaote-nebula-1",
        "ecs.cn-qingdao-nebula.aliyuncs.com",
    ),
    ("cn-north-2-gov-1", "ecs.aliyuncs.com"),
    ("cn-shanghai-et15-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shanghai-et2-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shanghai-finance-1", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shanghai-inner", "ecs.aliyuncs.com"),
    (
        "cn-shanghai-internal-test-1",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    ("cn-shenzhen-finance-1", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shenzhen-inner", "ecs.aliyuncs.com"),
    ("cn-shenzhen-st4-d01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shenzhen-su18-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-wuhan", "ecs.aliyuncs.com"),
    ("cn-yushanfang", "ecs.aliyuncs.com"),
    ("cn-zhangbei", "ecs.aliyuncs.com"),
    ("cn-zhangbei-na61-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-zhangjiakou-na62-a01", "ecs.cn-zhangjiakou.aliyuncs.com"),
    (
        "cn-zhengzhou-nebula-1",
        "ecs.cn-qingdao-nebula.aliyuncs.com",
    ),
    ("eu-west-1-oxs", "ecs.cn-shenzhen-cloudstone.aliyuncs.com"),
    ("rus-west-1-pop", "ecs.aliyuncs.com"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_resolve_like_the_official_sdks() {
        let host = |r| {
            Endpoint::for_region(r, Network::Public)
                .unwrap()
                .to_string()
        };
        assert_eq!(host("cn-hangzhou"), "https://ecs-cn-hangzhou.aliyuncs.com");
        assert_eq!(host("cn-shanghai"), "https://ecs.cn-shanghai.aliyuncs.com");
        assert_eq!(host("cn-wuhan"), "https://ecs.aliyuncs.com");
        assert_eq!(
            host("cn-edge-1"),
            "https://ecs.cn-qingdao-nebula.aliyuncs.com"
        );
        assert_eq!(
            host("ap-southeast-1"),
            "https://ecs.ap-southeast-1.aliyuncs.com"
        );
        let vpc = Endpoint::for_region("cn-hangzhou", Network::Vpc).unwrap();
        assert_eq!(vpc.authority(), "ecs-vpc.cn-hangzhou.aliyuncs.com");
        assert!(Endpoint::for_region("", Network::Public).is_err());
        assert!(Endpoint::for_region("cn hangzhou", Network::Public).is_err());
        assert!(SPECIAL_HOSTS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn explicit_endpoints() {
        let e = Endpoint::parse("http://127.0.0.1:8080/").unwrap();
        assert!(!e.is_https());
        assert_eq!(
            e.uri("A=1").unwrap().to_string(),
            "http://127.0.0.1:8080/?A=1"
        );
        let e = Endpoint::parse("ecs.example.com").unwrap();
        assert!(e.is_https());
        assert_eq!(e.uri("").unwrap().to_string(), "https://ecs.example.com/");
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("").is_err());
        assert!(Endpoint::parse("http://a b").is_err());
        assert!(Endpoint::parse("https://host/path").is_err());
    }

    #[test]
    fn product_endpoints() {
        let host = |p, n| {
            Endpoint::for_product(p, "cn-shanghai", n)
                .unwrap()
                .to_string()
        };
        assert_eq!(
            host("vpc", Network::Public),
            "https://vpc.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            host("VPC", Network::Vpc),
            "https://vpc-vpc.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            host("ecs", Network::Public),
            "https://ecs.cn-shanghai.aliyuncs.com"
        );
        let hangzhou = Endpoint::for_product("Ecs", "cn-hangzhou", Network::Public).unwrap();
        assert_eq!(hangzhou.authority(), "ecs-cn-hangzhou.aliyuncs.com");
        for bad in ["", "v.pc", "vpc/x", "-vpc"] {
            assert!(
                Endpoint::for_product(bad, "cn-shanghai", Network::Public).is_err(),
                "{bad}"
            );
        }
        assert!(Endpoint::for_product("vpc", "cn shanghai", Network::Public).is_err());
    }

    #[test]
    fn loopback_hosts() {
        let loopback = |text| Endpoint::parse(text).unwrap().is_loopback();
        for text in [
            "http://127.0.0.1:8080",
            "http://127.9.8.7",
            "http://[::1]:8080",
            "http://[::1]",
            "http://localhost:1",
            "http://LocalHost.",
        ] {
            assert!(loopback(text), "{text}");
        }
        for text in [
            "http://10.0.0.1",
            "http://128.0.0.1:80",
            "http://[::2]:80",
            "http://localhost.example.com",
            "http://example.com",
            "http://127.0.0.1.nip.io",
        ] {
            assert!(!loopback(text), "{text}");
        }
    }

    #[test]
    fn plain_http_needs_loopback_or_an_opt_in() {
        let remote = Endpoint::parse("http://ecs.example.com").unwrap();
        let Err(Error::Construction(e)) = remote.check_insecure_http(false) else {
            panic!("plain HTTP to a remote host must be refused");
        };
        assert!(
            e.message().contains("allow_insecure_http"),
            "{}",
            e.message()
        );
        assert!(remote.check_insecure_http(true).is_ok());
        let local = Endpoint::parse("http://127.0.0.1:9").unwrap();
        assert!(local.check_insecure_http(false).is_ok());
        let tls = Endpoint::parse("https://ecs.example.com").unwrap();
        assert!(tls.check_insecure_http(false).is_ok());
    }
}
