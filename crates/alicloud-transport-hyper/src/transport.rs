//! [`HyperTransport`]: sends requests through the pooled hyper-util client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use alicloud_transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportFuture};
use bytes::Bytes;
use http::header::{CONTENT_LENGTH, PROXY_AUTHORIZATION};
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::proxy::matcher::Matcher;

use crate::builder::{BuildError, HyperTransportBuilder};
use crate::classify;
use crate::connector::{ProxyConnector, TimeoutConnector};

type Connector = TimeoutConnector<HttpsConnector<ProxyConnector>>;

/// The default [`Transport`]: hyper 1 over rustls (ring), with a connection pool.
///
/// Clones are cheap and share the pool. Requests must be sent from inside a tokio runtime with
/// the time driver enabled; elsewhere they fail with a never-sent error instead of panicking.
#[derive(Clone)]
pub struct HyperTransport {
    client: Client<Connector, Full<Bytes>>,
    request_timeout: Duration,
    max_response_body: usize,
    proxy: Arc<Matcher>,
    /// Whether the proxy for plain-HTTP requests has credentials (else nothing to add).
    forward_auth: bool,
}

impl HyperTransport {
    /// A transport with the default settings (see [`HyperTransportBuilder`]).
    pub fn new() -> Result<Self, BuildError> {
        Self::builder().build()
    }

    /// Starts configuring a transport.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::new()
    }

    pub(crate) fn from_parts(
        client: Client<Connector, Full<Bytes>>,
        request_timeout: Duration,
        max_response_body: usize,
        proxy: Arc<Matcher>,
        forward_auth: bool,
    ) -> Self {
        Self {
            client,
            request_timeout,
            max_response_body,
            proxy,
            forward_auth,
        }
    }

    async fn execute(self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(never_sent("HyperTransport needs a tokio runtime"));
        }
        let uri = request.uri();
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
            // The query is left out: signature V1 carries the security token there.
            return Err(never_sent(format!(
                "the request URI must be an absolute http:// or https:// URL, got {}",
                uri.path()
            )));
        }
        let request = self.with_forward_proxy_auth(request).map(Full::new);
        match tokio::time::timeout(self.request_timeout, self.exchange(request)).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::timeout(format!(
                "no complete response within {:?}",
                self.request_timeout
            ))),
        }
    }

    async fn exchange(
        &self,
        request: http::Request<Full<Bytes>>,
    ) -> Result<HttpResponse, TransportError> {
        let skip_length_check = request.method() == http::Method::HEAD;
        let response = self
            .client
            .request(request)
            .await
            .map_err(classify::request_error)?;
        let (parts, body) = response.into_parts();
        let limit = self.max_response_body;
        let announced = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        if !skip_length_check && announced.is_some_and(|length| length > limit as u64) {
            return Err(TransportError::body_too_large(limit));
        }
        let body = Limited::new(body, limit)
            .collect()
            .await
            .map_err(|error| classify::body_error(error, limit))?
            .to_bytes();
        Ok(http::Response::from_parts(parts, body))
    }

    /// Adds `Proxy-Authorization` to plain-HTTP requests forwarded through a proxy with
    /// credentials (HTTPS requests carry them on the `CONNECT` instead).
    fn with_forward_proxy_auth(&self, mut request: HttpRequest) -> HttpRequest {
        if self.forward_auth
            && request.uri().scheme_str() == Some("http")
            && let Some(auth) = crate::proxy::intercept(&self.proxy, request.uri())
                .and_then(|proxy| proxy.basic_auth().cloned())
        {
            request.headers_mut().insert(PROXY_AUTHORIZATION, auth);
        }
        request
    }
}

fn never_sent(message: impl Into<String>) -> TransportError {
    TransportError::new(alicloud_transport::TransportErrorKind::Other, message)
        .with_may_have_been_sent(false)
}

impl Transport for HyperTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        TransportFuture::new(self.clone().execute(request))
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("request_timeout", &self.request_timeout)
            .field("max_response_body", &self.max_response_body)
            .finish_non_exhaustive()
    }
}
