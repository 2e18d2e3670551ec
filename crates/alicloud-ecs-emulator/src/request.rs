//! Reading an RPC request: the decoded query and form body, the host, and the response format
//! the client asked for.
//!
//! V1 requests name the format in the `Format` parameter (case-insensitive, XML when absent, as
//! ECS does); V3 requests through `Accept` (JSON unless it mentions XML). Operation parameters
//! are the query and an `application/x-www-form-urlencoded` body together, for V1 (which signs
//! both) and V3 (whose signature covers the body through its hash), as the official tea SDKs
//! send `formData` operations; a pair repeated from the query with the same value counts once,
//! as the legacy Python SDK sends `RegionId` in both.

use alicloud_ecs_model::Format;
use alicloud_signer::encode::parse_query;
use bytes::Bytes;
use http::{HeaderMap, Method, Request, Uri, header};

use crate::respond::ApiError;

/// A request with its parameters decoded.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) method: Method,
    pub(crate) host: String,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) form: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Parsed {
    /// Decode `request`. Fails on a query or form body that is not valid percent-encoded UTF-8.
    pub(crate) fn new(request: Request<Bytes>) -> Result<Self, ApiError> {
        let (parts, body) = request.into_parts();
        let host = host_of(&parts.headers, &parts.uri);
        let query = parse_query(parts.uri.query().unwrap_or(""))
            .map_err(|_| ApiError::invalid("QueryString"))?;
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
        let form = if is_form && !body.is_empty() {
            let text = std::str::from_utf8(&body).map_err(|_| ApiError::invalid("Body"))?;
            parse_query(text).map_err(|_| ApiError::invalid("Body"))?
        } else {
            Vec::new()
        };
        Ok(Self {
            method: parts.method,
            host,
            path: parts.uri.path().to_owned(),
            query,
            form,
            headers: parts.headers,
            body,
        })
    }

    /// Whether the request carries a V3 `Authorization` header.
    pub(crate) fn is_v3(&self) -> bool {
        self.headers.contains_key(header::AUTHORIZATION)
    }

    /// The first value of parameter `name` in the query, then the form body.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The response format the client asked for.
    pub(crate) fn format(&self) -> Format {
        if self.is_v3() {
            format_from_accept(&self.headers)
        } else {
            format_from_param(self.param("Format"))
        }
    }

    /// The operation's parameters: the query, then each form pair that is not the same name
    /// with the same value in the query.
    pub(crate) fn operation_params(&self) -> Vec<(&str, &str)> {
        alicloud_signer::parameter_union(&self.query, &self.form)
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }
}

/// The host the client addressed: the `Host` header, else the URI's authority.
pub(crate) fn host_of(headers: &HeaderMap, uri: &Uri) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.as_str().to_owned()))
        .unwrap_or_default()
}

/// The format of a request that could not be parsed: from `Accept` if it is signed with V3,
/// else XML (the V1 default).
pub(crate) fn fallback_format(headers: &HeaderMap) -> Format {
    if headers.contains_key(header::AUTHORIZATION) {
        format_from_accept(headers)
    } else {
        Format::Xml
    }
}

fn format_from_accept(headers: &HeaderMap) -> Format {
    let wants_xml = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("xml"));
    if wants_xml { Format::Xml } else { Format::Json }
}

fn format_from_param(value: Option<&str>) -> Format {
    match value {
        Some(v) if v.eq_ignore_ascii_case("json") => Format::Json,
        _ => Format::Xml,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(uri: &str, headers: &[(&str, &str)], body: &str) -> Parsed {
        let mut builder = Request::builder().method("POST").uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        Parsed::new(builder.body(Bytes::from(body.to_owned())).unwrap()).unwrap()
    }

    #[test]
    fn v1_format_is_case_insensitive_and_defaults_to_xml() {
        assert_eq!(parse("/?Format=json", &[], "").format(), Format::Json);
        assert_eq!(parse("/?Format=JSON", &[], "").format(), Format::Json);
        assert_eq!(parse("/?Format=XML", &[], "").format(), Format::Xml);
        assert_eq!(parse("/", &[], "").format(), Format::Xml);
        let form = [("content-type", "application/x-www-form-urlencoded")];
        assert_eq!(parse("/", &form, "Format=Json").format(), Format::Json);
    }

    #[test]
    fn v3_format_follows_accept() {
        let auth = ("authorization", "ACS3-HMAC-SHA256 x");
        assert_eq!(parse("/", &[auth], "").format(), Format::Json);
        let json = [auth, ("accept", "application/json")];
        assert_eq!(parse("/?Format=XML", &json, "").format(), Format::Json);
        let xml = [auth, ("accept", "application/xml")];
        assert_eq!(parse("/", &xml, "").format(), Format::Xml);
    }

    #[test]
    fn operation_params_are_the_union_of_query_and_form() {
        let form = ("content-type", "application/x-www-form-urlencoded");
        let v1 = parse("/?A=1&B=x+y", &[form], "C=%2A");
        assert_eq!(
            v1.operation_params(),
            [("A", "1"), ("B", "x y"), ("C", "*")]
        );
        // V3 form bodies (the tea SDKs' `formData` operations) are parameters too.
        let v3 = parse("/?A=1", &[form, ("authorization", "x")], "C=2");
        assert_eq!(v3.operation_params(), [("A", "1"), ("C", "2")]);
        // The same pair in both counts once; different values stay apart.
        let both = parse("/?RegionId=r&A=1", &[form], "RegionId=r&A=2");
        assert_eq!(
            both.operation_params(),
            [("RegionId", "r"), ("A", "1"), ("A", "2")]
        );
        // A body that is not a form is not read as parameters.
        let json = parse("/?A=1", &[("content-type", "application/json")], "C=2");
        assert_eq!(json.operation_params(), [("A", "1")]);
    }

    #[test]
    fn host_comes_from_the_header_or_the_uri() {
        assert_eq!(parse("/", &[("host", "h:1")], "").host, "h:1");
        assert_eq!(parse("http://a:2/?x=1", &[], "").host, "a:2");
        let bad = Request::builder()
            .uri("/?x=%ZZ")
            .body(Bytes::new())
            .unwrap();
        assert_eq!(Parsed::new(bad).unwrap_err().code, "InvalidParameter");
    }
}
