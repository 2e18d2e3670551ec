//! Test support: start an emulator, build V1/V3-signed raw requests, send them with a small
//! hyper client or through in-process dispatch, and read the replies.

use std::time::Duration;

use alicloud_ecs_emulator::{Credentials, Emulator, EmulatorBuilder, EmulatorHandle};
use alicloud_signer::encode::canonical_query_string;
use alicloud_signer::{SignableRequest, SigningParams, sign_v1, sign_v3};
use bytes::Bytes;
use http::{HeaderMap, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use time::OffsetDateTime;

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A started emulator and a client for it.
pub struct TestEmulator {
    pub handle: EmulatorHandle,
    pub client: HttpClient,
}

/// A builder with a frozen clock and a fixed seed.
pub fn frozen() -> EmulatorBuilder {
    Emulator::builder().speed(0.0).seed(42)
}

impl TestEmulator {
    pub async fn start(builder: EmulatorBuilder) -> Self {
        let handle = builder.start().await.expect("emulator starts");
        Self {
            handle,
            client: client(),
        }
    }

    pub async fn frozen() -> Self {
        Self::start(frozen()).await
    }

    /// A V3 call with the default credentials.
    pub fn call(&self, action: &str) -> Call {
        Call::new(action, self.handle.default_credentials())
    }

    pub async fn send(&self, call: &Call) -> Reply {
        let request = call.request(&self.host());
        send(&self.client, &self.handle.endpoint(), request)
            .await
            .expect("request succeeds")
    }

    pub fn host(&self) -> String {
        self.handle.addr().to_string()
    }

    /// Advance the frozen clock.
    pub async fn advance(&self, secs: u64) {
        self.handle
            .control()
            .advance(Duration::from_secs(secs))
            .await
            .unwrap();
    }
}

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// Send `request` (path and query only in its URI) to `endpoint`.
pub async fn send(
    client: &HttpClient,
    endpoint: &str,
    request: Request<Bytes>,
) -> Result<Reply, Box<dyn std::error::Error + Send + Sync>> {
    let (mut parts, body) = request.into_parts();
    parts.uri = format!("{endpoint}{}", parts.uri).parse()?;
    let response = client
        .request(Request::from_parts(parts, Full::new(body)))
        .await?;
    let (parts, body) = response.into_parts();
    let body = body.collect().await?.to_bytes();
    Ok(Reply::new(parts.status.as_u16(), parts.headers, body))
}

/// Signature scheme of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sig {
    V1,
    V3,
    Unsigned,
}

/// One RPC call, signed when built.
#[derive(Debug, Clone)]
pub struct Call {
    pub action: String,
    pub version: String,
    pub params: Vec<(String, String)>,
    pub sig: Sig,
    pub method: &'static str,
    pub form: bool,
    /// With `form()`: parameters sent in the query too, with the same value.
    pub also_in_query: Vec<(String, String)>,
    pub format: Option<String>,
    pub credentials: Credentials,
    pub time: Option<OffsetDateTime>,
    pub nonce: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl Call {
    pub fn new(action: &str, credentials: Credentials) -> Self {
        Self {
            action: action.to_owned(),
            version: "2014-05-26".to_owned(),
            params: Vec::new(),
            sig: Sig::V3,
            method: "POST",
            form: false,
            also_in_query: Vec::new(),
            format: None,
            credentials,
            time: None,
            nonce: None,
            headers: Vec::new(),
        }
    }
    pub fn param(mut self, name: &str, value: &str) -> Self {
        self.params.push((name.to_owned(), value.to_owned()));
        self
    }
    /// Replace the value of an existing parameter.
    pub fn set(mut self, name: &str, value: &str) -> Self {
        for (n, v) in &mut self.params {
            if n == name {
                *v = value.to_owned();
            }
        }
        self
    }
    pub fn region(self, region: &str) -> Self {
        self.param("RegionId", region)
    }
    pub fn v1(mut self) -> Self {
        self.sig = Sig::V1;
        self
    }
    pub fn unsigned(mut self) -> Self {
        self.sig = Sig::Unsigned;
        self
    }
    pub fn get(mut self) -> Self {
        self.method = "GET";
        self
    }
    /// Operation parameters in a form body (V1 and V3).
    pub fn form(mut self) -> Self {
        self.form = true;
        self
    }
    /// V1: the `Format` parameter; V3: `Accept: application/xml` for `XML`.
    /// With `form()`: send `name` in the query as well as in the body (same value, signed
    /// once), as the legacy Python SDK does with `RegionId`.
    pub fn also_in_query(mut self, name: &str) -> Self {
        if let Some((_, value)) = self.params.iter().find(|(n, _)| n == name) {
            self.also_in_query.push((name.to_owned(), value.clone()));
        }
        self
    }

    pub fn format(mut self, format: &str) -> Self {
        self.format = Some(format.to_owned());
        self
    }
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }
    pub fn at(mut self, time: OffsetDateTime) -> Self {
        self.time = Some(time);
        self
    }
    pub fn nonce(mut self, nonce: &str) -> Self {
        self.nonce = Some(nonce.to_owned());
        self
    }
    pub fn version(mut self, version: &str) -> Self {
        self.version = version.to_owned();
        self
    }

    /// The signed request, with a path-and-query URI and `host` header.
    pub fn request(&self, host: &str) -> Request<Bytes> {
        let time = self.time.unwrap_or_else(OffsetDateTime::now_utc);
        let nonce = self.nonce.clone().unwrap_or_else(alicloud_signer::nonce);
        let params = SigningParams::new(&self.credentials, time, &nonce);
        let pairs: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let mut builder = Request::builder().method(self.method).header("host", host);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        let (uri, body) = match self.sig {
            Sig::V3 => {
                let mut headers: Vec<(&str, &str)> = Vec::new();
                if self
                    .format
                    .as_deref()
                    .is_some_and(|f| f.eq_ignore_ascii_case("xml"))
                {
                    headers.push(("accept", "application/xml"));
                } else {
                    headers.push(("accept", "application/json"));
                }
                // With `form()`, the parameters travel in a form body the signature hashes
                // (as the tea SDKs send `formData` operations); `also_in_query` repeats some.
                let body = if self.form {
                    headers.push(("content-type", "application/x-www-form-urlencoded"));
                    canonical_query_string(&pairs)
                } else {
                    String::new()
                };
                let query: Vec<(&str, &str)> = if self.form {
                    self.also_in_query
                        .iter()
                        .map(|(n, v)| (n.as_str(), v.as_str()))
                        .collect()
                } else {
                    pairs.clone()
                };
                let signable = SignableRequest::new(self.method, host, &self.action, &self.version)
                    .with_query(&query)
                    .with_headers(&headers)
                    .with_body(body.as_bytes());
                let signed = sign_v3(&signable, &params).expect("signs");
                for (name, value) in headers.iter().copied().chain(signed.headers()) {
                    builder = builder.header(name, value);
                }
                (format!("/?{}", signed.canonical_query()), Bytes::from(body))
            }
            Sig::V1 | Sig::Unsigned => {
                let mut query: Vec<(&str, &str)> = Vec::new();
                if let Some(format) = &self.format {
                    query.push(("Format", format));
                }
                let (form, extra): (&[(&str, &str)], _) = if self.form {
                    (&pairs, vec![])
                } else {
                    (&[], pairs.clone())
                };
                query.extend(extra);
                // Sent in the query as well, but signed once (the legacy Python SDK's way).
                let repeated: Vec<(&str, &str)> = self
                    .also_in_query
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                let signable = SignableRequest::new(self.method, host, &self.action, &self.version)
                    .with_query(&query)
                    .with_form(form);
                let uri = if self.sig == Sig::V1 {
                    let signed = sign_v1(&signable, &params).expect("signs");
                    let mut uri = format!("/?{}", signed.signed_query());
                    for (name, value) in &repeated {
                        uri.push('&');
                        uri.push_str(&canonical_query_string(&[(name, value)]));
                    }
                    uri
                } else {
                    let mut all = query.clone();
                    all.push(("Action", &self.action));
                    all.push(("Version", &self.version));
                    format!("/?{}", canonical_query_string(&all))
                };
                let body = if self.form {
                    builder = builder.header("content-type", "application/x-www-form-urlencoded");
                    Bytes::from(canonical_query_string(form))
                } else {
                    Bytes::new()
                };
                (uri, body)
            }
        };
        builder.uri(uri).body(body).expect("valid request")
    }
}

/// A response.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn new(status: u16, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body: String::from_utf8(body.to_vec()).expect("UTF-8 body"),
        }
    }

    pub fn from_response(response: http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        Self::new(parts.status.as_u16(), parts.headers, body)
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The error `Code` of a JSON or XML error body.
    pub fn code(&self) -> String {
        if self.content_type().starts_with("text/xml") {
            let start = self.body.find("<Code>").expect("has <Code>") + 6;
            let end = self.body[start..].find("</Code>").expect("closes </Code>");
            self.body[start..start + end].to_owned()
        } else {
            self.json()["Code"].as_str().unwrap_or_default().to_owned()
        }
    }

    /// Assert an error reply with this status and code; returns the message.
    pub fn expect_error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status, status, "status of {}", self.body);
        assert_eq!(self.code(), code, "code of {}", self.body);
        if self.content_type().starts_with("text/xml") {
            let start = self.body.find("<Message>").map_or(0, |i| i + 9);
            let end = self.body[start..].find("</Message>").unwrap_or(0);
            self.body[start..start + end].to_owned()
        } else {
            self.json()["Message"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        }
    }

    /// Assert success and return the JSON body.
    pub fn ok(&self) -> Value {
        assert_eq!(self.status, 200, "{}", self.body);
        self.json()
    }
}
