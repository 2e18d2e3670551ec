//! The one path every operation takes: parameters → credentials → signature → transport →
//! response or error, inside the retry loop, in one tracing span per call.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use alicloud_ecs_model::{ErrorResponse, Format, Operation, from_slice};
use alicloud_signer::{SignableRequest, SignatureVersion, SigningParams, sign_v1, sign_v3};
use alicloud_transport::{HttpRequest, HttpResponse, Sleep, TimeSource, Transport, TransportError};
use bytes::Bytes;
use http::{HeaderName, HeaderValue};
use time::OffsetDateTime;
use tracing::Instrument;

use crate::client::Client;
use crate::credentials::ProvideCredentials;
use crate::endpoint::Endpoint;
use crate::error::{Error, ResponseError, ServiceError, TimeoutError};
use crate::retry::{Jitter, RetryConfig, should_retry};

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// The longest one attempt may take.
    pub timeout: Option<Duration>,
    /// The retry policy of this call.
    pub retry: Option<RetryConfig>,
}

/// Send `request` with the client's configuration and `options`.
pub(crate) async fn send<O: Operation>(
    client: &Client,
    mut request: O,
    options: &CallOptions,
) -> Result<O::Response, Error> {
    let config = client.config();
    if let Some(region) = config.region() {
        request.default_region(region);
    }
    if O::INFO.client_token.is_some() && request.idempotency_token().is_none() {
        request.default_idempotency_token(&alicloud_signer::nonce());
    }
    let params = request.to_params().map_err(|e| match e.parameter() {
        "RegionId" => Error::construction(crate::config::NO_REGION),
        _ => Error::construction(e.to_string()),
    })?;
    let prepared = Prepared {
        action: O::INFO.action,
        version: O::INFO.version,
        params: params.iter().collect(),
        endpoint: config.resolve_endpoint(request.region())?,
        region: request.region(),
        format: config.format(),
        repeatable: O::INFO.idempotent || request.idempotency_token().is_some(),
    };
    run(client, prepared, options, |response, format| {
        from_slice(format, response.body())
            .map_err(|source| Error::Response(Box::new(ResponseError::new(source, response))))
    })
    .await
}

/// A request ready for the retry loop: everything but the credentials, the signature and the
/// time, which each attempt sets afresh.
pub(crate) struct Prepared<'a> {
    pub(crate) action: &'a str,
    pub(crate) version: &'a str,
    pub(crate) params: Vec<(&'a str, &'a str)>,
    pub(crate) endpoint: Endpoint,
    /// For the tracing span only.
    pub(crate) region: Option<&'a str>,
    /// The format asked for (V1 `Format` parameter, V3 `Accept` header).
    pub(crate) format: Format,
    /// Whether repeating the request after it may have been sent is harmless.
    pub(crate) repeatable: bool,
}

/// Reads a success response; error responses never reach it.
pub(crate) type Reader<T> = fn(HttpResponse, Format) -> Result<T, Error>;

/// Run `prepared` through the retry loop in one tracing span, reading the success body with
/// `read`. Every kind of call (typed operations, raw calls) takes this path.
pub(crate) async fn run<T>(
    client: &Client,
    prepared: Prepared<'_>,
    options: &CallOptions,
    read: Reader<T>,
) -> Result<T, Error> {
    let config = client.config();
    let span = tracing::debug_span!(
        "ecs_call",
        action = prepared.action,
        region = prepared.region.unwrap_or("-"),
        attempt = tracing::field::Empty,
        request_id = tracing::field::Empty,
        status = tracing::field::Empty,
    );
    let call = Call {
        client,
        prepared: &prepared,
        timeout: options.timeout.or(config.attempt_timeout),
        read,
    };
    let retry = options.retry.as_ref().unwrap_or(&config.retry);
    retry_loop(&call, retry, &span)
        .instrument(span.clone())
        .await
}

struct Call<'a, T> {
    client: &'a Client,
    prepared: &'a Prepared<'a>,
    timeout: Option<Duration>,
    read: Reader<T>,
}

async fn retry_loop<T>(
    call: &Call<'_, T>,
    retry: &RetryConfig,
    span: &tracing::Span,
) -> Result<T, Error> {
    let config = call.client.config();
    let repeatable = call.prepared.repeatable;
    let started = config.time.now();
    let mut jitter = Jitter::seeded(seed(started));
    let mut attempt = 1;
    loop {
        span.record("attempt", attempt);
        let elapsed = config
            .time
            .now()
            .duration_since(started)
            .unwrap_or_default();
        let remaining = retry.total_budget().saturating_sub(elapsed);
        // Each attempt, credentials included, ends within its own timeout and the call's budget.
        let limit = call.timeout.map_or(remaining, |t| t.min(remaining));
        let outcome =
            crate::race::timeout(&config.sleep, limit, Box::pin(attempt_once(call, span))).await;
        let error = match outcome {
            Ok(Ok(response)) => {
                tracing::debug!(attempts = attempt, "call succeeded");
                return Ok(response);
            }
            Ok(Err(error)) => error,
            Err(crate::race::Elapsed) => Error::Timeout(TimeoutError {
                limit,
                attempts: attempt,
            }),
        };
        if attempt >= retry.attempts() || !should_retry(&error, repeatable) {
            return Err(error);
        }
        let delay = retry.delay(attempt, &error, jitter.next());
        let elapsed = config
            .time
            .now()
            .duration_since(started)
            .unwrap_or_default();
        if elapsed.saturating_add(delay) >= retry.total_budget() {
            tracing::debug!(%error, "not retrying: the call's time budget would be exceeded");
            return Err(error);
        }
        tracing::debug!(%error, attempt, delay_ms = delay.as_millis() as u64, "retrying");
        config.sleep.sleep(delay).await;
        attempt += 1;
    }
}

/// A jitter seed: the time, mixed with a per-process call counter so that calls starting in the
/// same instant do not back off in lockstep.
fn seed(now: SystemTime) -> u64 {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let nanos = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    (nanos as u64) ^ CALLS.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
}

async fn attempt_once<T>(call: &Call<'_, T>, span: &tracing::Span) -> Result<T, Error> {
    let config = call.client.config();
    let prepared = call.prepared;
    let credentials = config
        .credentials
        .provide_credentials(call.client.credentials_context())
        .await?;
    let now = OffsetDateTime::from(config.time.now());
    let nonce = alicloud_signer::nonce();
    let signing = SigningParams::new(&credentials, now, &nonce);
    let authority = prepared.endpoint.authority();
    let request = match config.signature_version() {
        SignatureVersion::V1 => {
            let mut query = prepared.params.clone();
            query.push(("Format", prepared.format.as_param()));
            let signable =
                SignableRequest::new("POST", authority, prepared.action, prepared.version)
                    .with_query(&query);
            let signed = sign_v1(&signable, &signing)
                .map_err(|e| Error::construction(format!("cannot sign: {e}")))?;
            http_request(call, signed.signed_query(), std::iter::empty())
        }
        _ => {
            let signable =
                SignableRequest::new("POST", authority, prepared.action, prepared.version)
                    .with_query(&prepared.params);
            let signed = sign_v3(&signable, &signing)
                .map_err(|e| Error::construction(format!("cannot sign: {e}")))?;
            http_request(call, signed.canonical_query(), signed.headers())
        }
    }?;
    let sent = config.transport.send(request);
    let response = sent.await.map_err(|e: TransportError| {
        let e = crate::redact::redact(Error::Dispatch(e), &credentials);
        tracing::debug!(error = %e, "transport error");
        e
    })?;
    span.record("status", response.status().as_u16());
    if let Some(id) = response
        .headers()
        .get("x-acs-request-id")
        .and_then(|v| v.to_str().ok())
    {
        span.record("request_id", id);
    }
    check_response(response, prepared.format, span)
        .and_then(|(response, format)| (call.read)(response, format))
        .map_err(|e| crate::redact::redact(e, &credentials))
}

fn http_request<'a, T>(
    call: &Call<'_, T>,
    query: &str,
    headers: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<HttpRequest, Error> {
    let invalid = |e: &dyn std::fmt::Display| {
        Error::construction(format!("cannot build the HTTP request: {e}"))
    };
    let config = call.client.config();
    let uri = call.prepared.endpoint.uri(query).map_err(|e| invalid(&e))?;
    let mut request = http::Request::new(Bytes::new());
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = uri;
    let map = request.headers_mut();
    map.reserve(10);
    map.insert(
        http::header::ACCEPT,
        HeaderValue::from_static(call.prepared.format.media_type()),
    );
    map.insert(http::header::USER_AGENT, config.user_agent_header.clone());
    for (name, value) in headers {
        let value = HeaderValue::from_str(value).map_err(|e| invalid(&e))?;
        map.append(header_name(name).map_err(|e| invalid(&e))?, value);
    }
    Ok(request)
}

/// The signer's header names, without parsing the ones it always sets.
fn header_name(name: &str) -> Result<HeaderName, http::header::InvalidHeaderName> {
    const KNOWN: [HeaderName; 7] = [
        HeaderName::from_static("x-acs-action"),
        HeaderName::from_static("x-acs-version"),
        HeaderName::from_static("x-acs-date"),
        HeaderName::from_static("x-acs-signature-nonce"),
        HeaderName::from_static("x-acs-content-sha256"),
        HeaderName::from_static("x-acs-security-token"),
        HeaderName::from_static("authorization"),
    ];
    match KNOWN.iter().find(|known| known.as_str() == name) {
        Some(known) => Ok(known.clone()),
        None => HeaderName::from_bytes(name.as_bytes()),
    }
}

fn body_format(response: &HttpResponse, requested: Format) -> Format {
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.contains("xml") {
        Format::Xml
    } else if content_type.contains("json") {
        Format::Json
    } else {
        requested
    }
}

/// A success response, with the format its body is in; or the error an error body describes,
/// as a [`ServiceError`]. The format comes from `content-type` (Alibaba may answer errors in
/// XML even when JSON was asked for).
pub(crate) fn check_response(
    response: HttpResponse,
    requested: Format,
    span: &tracing::Span,
) -> Result<(HttpResponse, Format), Error> {
    let format = body_format(&response, requested);
    if response.status().is_success() {
        return Ok((response, format));
    }
    let status = response.status().as_u16();
    let other = if format == Format::Json {
        Format::Xml
    } else {
        Format::Json
    };
    let parsed = from_slice::<ErrorResponse>(format, response.body())
        .or_else(|first| from_slice::<ErrorResponse>(other, response.body()).map_err(|_| first));
    match parsed {
        Ok(body) => {
            if let Some(id) = &body.request_id {
                span.record("request_id", id.as_str());
            }
            let retry_after = response
                .headers()
                .get("x-acs-retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|ms| *ms > 0)
                .map(Duration::from_millis);
            tracing::debug!(
                status,
                code = body.code.as_deref().unwrap_or("-"),
                "service error"
            );
            Err(Error::Service(Box::new(ServiceError {
                status,
                body,
                retry_after,
                raw: response,
            })))
        }
        Err(source) => Err(Error::Response(Box::new(ResponseError::new(
            source, response,
        )))),
    }
}
