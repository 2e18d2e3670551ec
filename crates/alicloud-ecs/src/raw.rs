//! [`RawCall`]: any RPC action by name, with string parameters.

use std::time::Duration;

use alicloud_ecs_model::{Format, json_value};
use alicloud_transport::HttpResponse;
use bytes::Bytes;

use crate::client::Client;
use crate::endpoint::Endpoint;
use crate::error::{Error, ResponseError};
use crate::retry::RetryConfig;
use crate::send::{CallOptions, Prepared, Reader};

/// The API version of ECS, used unless [`RawCall::version`] says otherwise.
const ECS_VERSION: &str = "2014-05-26";

/// Whether the client sets the parameter `name` itself: the signer's (V1 common parameters and
/// the signature) and `Format`.
fn is_reserved(name: &str) -> bool {
    name.eq_ignore_ascii_case("Format")
        || alicloud_signer::V1_RESERVED_PARAMETERS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
}

/// A call of any RPC action by name, with string parameters, for what the typed methods do
/// not cover.
///
/// ```no_run
/// # async fn run(client: alicloud_ecs::Client) -> Result<(), alicloud_ecs::Error> {
/// let task = client
///     .call("DescribeTaskAttribute")
///     .param("RegionId", "cn-hangzhou")
///     .param("TaskId", "t-23ym6mvro")
///     .idempotent(true)
///     .send()
///     .await?;
/// println!("{}", task["TaskStatus"]);
/// # Ok(()) }
/// ```
///
/// A raw call takes the same path as a typed one: the same credentials, signature (V3 or V1),
/// retries, time budget, errors ([`ServiceError`](crate::ServiceError) from error bodies, with
/// secrets redacted) and tracing span. What differs:
///
/// * **Parameters** are sent exactly as given, flattened by you (`Name.1`, `Name.1.Field`).
///   `RegionId` is not added: set it with `.param("RegionId", …)`. It also picks the regional
///   endpoint; without it the client's region does.
/// * **Retries**: a raw call is not idempotent unless you say so with
///   [`idempotent(true)`](RawCall::idempotent). Until then it is repeated only when the
///   request certainly did not reach the server or the server refused it by throttling,
///   never after a timeout or server error that may have followed its execution.
/// * **Version** defaults to ECS's `2014-05-26`; another product needs its own.
/// * **Endpoint**: [`endpoint`](RawCall::endpoint) wins, then [`product`](RawCall::product)
///   (the product's regional host), then the client's endpoint, then the region's ECS host.
/// * **Format**: [`send`](RawCall::send) always asks for JSON (whatever the client's format)
///   and returns the body as a [`serde_json::Value`]; a success body that is not JSON is an
///   [`Error::Response`]. [`send_bytes`](RawCall::send_bytes) asks for the client's format
///   and returns the body as received.
#[derive(Debug, Clone)]
#[must_use = "a call does nothing until `.send().await`"]
pub struct RawCall {
    client: Client,
    action: String,
    version: Option<String>,
    params: Vec<(String, String)>,
    endpoint: Option<String>,
    product: Option<String>,
    idempotent: bool,
    options: CallOptions,
}

impl Client {
    /// Call the RPC action `action` (e.g. `"DescribeTaskAttribute"`) with string parameters;
    /// see [`RawCall`].
    pub fn call(&self, action: impl Into<String>) -> RawCall {
        RawCall {
            client: self.clone(),
            action: action.into(),
            version: None,
            params: Vec::new(),
            endpoint: None,
            product: None,
            idempotent: false,
            options: CallOptions::default(),
        }
    }
}

impl RawCall {
    /// Adds the parameter `name=value`, sent as given (repeat the call for several).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// The API version (default `2014-05-26`, ECS's).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Send this call to `endpoint` (`https://host[:port]`, or `http://` for loopback hosts
    /// unless the client allows insecure HTTP), whatever the client's endpoint or region.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Send this call to the regional host of another product's API
    /// (`<product>.<region>.aliyuncs.com`, or its VPC host), e.g. `"vpc"`. Set its
    /// [`version`](Self::version) too.
    pub fn product(mut self, product: impl Into<String>) -> Self {
        self.product = Some(product.into());
        self
    }

    /// Whether repeating the action is harmless (a `Describe*` call, or one carrying a
    /// `ClientToken`), so that timeouts and server errors may be retried. Default `false`.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// The longest one attempt of this call may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// The retry policy of this call.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.options.retry = Some(retry);
        self
    }

    /// Send the call, asking for JSON, and return the body as a JSON value.
    pub async fn send(self) -> Result<serde_json::Value, Error> {
        let read: Reader<serde_json::Value> = |response, _format| {
            json_value(response.body())
                .map_err(|source| Error::Response(Box::new(ResponseError::new(source, response))))
        };
        self.run(Format::Json, read).await
    }

    /// Send the call, asking for the client's format, and return the body as received.
    pub async fn send_bytes(self) -> Result<Bytes, Error> {
        let format = self.client.config().format();
        let read: Reader<Bytes> = |response: HttpResponse, _format| Ok(response.into_body());
        self.run(format, read).await
    }

    async fn run<T>(self, format: Format, read: Reader<T>) -> Result<T, Error> {
        self.check()?;
        let config = self.client.config();
        let region = self
            .params
            .iter()
            .find(|(name, _)| name == "RegionId")
            .map(|(_, value)| value.as_str())
            .or(config.region());
        let endpoint = match (&self.endpoint, &self.product) {
            (Some(endpoint), _) => {
                let endpoint = Endpoint::parse(endpoint)?;
                endpoint.check_insecure_http(config.allows_insecure_http())?;
                endpoint
            }
            (None, Some(product)) => {
                let region = region.ok_or_else(|| Error::construction(crate::config::NO_REGION))?;
                Endpoint::for_product(product, region, config.network)?
            }
            (None, None) => config.resolve_endpoint(region)?,
        };
        let prepared = Prepared {
            action: &self.action,
            version: self.version.as_deref().unwrap_or(ECS_VERSION),
            params: self
                .params
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str()))
                .collect(),
            endpoint,
            region,
            format,
            repeatable: self.idempotent,
        };
        crate::send::run(&self.client, prepared, &self.options, read).await
    }

    /// The action, version and parameter names are well formed and leave the client's own
    /// parameters alone.
    fn check(&self) -> Result<(), Error> {
        let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
        if !word(&self.action) {
            return Err(Error::construction(format!(
                "action {:?} is not an action name like DescribeTasks",
                self.action
            )));
        }
        if let Some(version) = &self.version
            && !crate::endpoint::is_code(version)
        {
            return Err(Error::construction(format!(
                "version {version:?} is not an API version like 2014-05-26"
            )));
        }
        if let Some(product) = self.product.as_deref()
            && self.version.is_none()
            && self.endpoint.is_none()
            && !product.eq_ignore_ascii_case("ecs")
        {
            return Err(Error::construction(format!(
                "product {product:?} needs its API version: add .version(..)"
            )));
        }
        for (name, _) in &self.params {
            if name.is_empty() {
                return Err(Error::construction("a parameter has an empty name"));
            }
            if is_reserved(name) {
                return Err(Error::construction(format!(
                    "parameter {name:?} is set by the client; it cannot be passed to a raw call"
                )));
            }
        }
        Ok(())
    }
}
