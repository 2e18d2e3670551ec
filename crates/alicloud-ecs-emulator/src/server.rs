//! The HTTP server: a hyper 1 accept loop (HTTP/1.1 and h2c) that serves at most
//! [`ServerLimits::max_connections`] connections at once, reads each request body within its
//! size and time limits, and shuts down gracefully.
//!
//! A client that disconnects mid-request only ends its own connection (logged at debug level).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderValue, Request, Response, Version, header};
use http_body::Body as _;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError, watch};
use tokio::time::Instant;

use alicloud_ecs_model::codes;

use crate::access_log::{self, Summary};
use crate::connection::{Activity, ServerState, drive, http_builder, stopped};
use crate::limits::{CLOSE_GRACE, MAX_BODY, ServerLimits};
use crate::reply_body::{ReplyBody, into_http};
use crate::request::{fallback_format, host_of};
use crate::respond::{ApiError, Ctx};
use crate::service::{Inner, Reply, handle};

/// Why a request body could not be read.
enum BodyError {
    TooLarge,
    TooSlow,
    Broken,
}

impl BodyError {
    fn api_error(&self) -> ApiError {
        match self {
            Self::TooLarge => ApiError::new(
                413,
                "RequestEntityTooLarge",
                format!("The request body is larger than {MAX_BODY} bytes."),
            ),
            Self::TooSlow => ApiError::new(
                408,
                codes::REQUEST_TIMEOUT,
                "The request body was not received in time.",
            ),
            Self::Broken => ApiError::new(
                400,
                codes::INVALID_PARAMETER,
                "The request body could not be read.",
            ),
        }
    }
}

/// Read the whole body, within [`MAX_BODY`] and `limits.body_read_timeout`. A body whose
/// declared length is over the limit is refused without reading it.
async fn read_body(body: Incoming, limits: &ServerLimits) -> Result<bytes::Bytes, BodyError> {
    if body.size_hint().lower() > MAX_BODY as u64 {
        return Err(BodyError::TooLarge);
    }
    let read = Limited::new(body, MAX_BODY).collect();
    match tokio::time::timeout(limits.body_read_timeout, read).await {
        Err(_) => Err(BodyError::TooSlow),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyError::TooLarge)
        }
        Ok(Err(err)) => {
            tracing::debug!(%err, "request body ended early");
            Err(BodyError::Broken)
        }
    }
}

async fn serve_one(
    inner: Arc<Inner>,
    request: Request<Incoming>,
    peer: IpAddr,
    limits: ServerLimits,
) -> Response<ReplyBody> {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let body = read_body(body, &limits).await;
    let summary = access_log::enabled().then(|| {
        let bytes = body.as_ref().map_or(&[][..], |b| &b[..]);
        Summary::of(&parts, bytes)
    });
    let reply = match body {
        Ok(body) => handle(&inner, Request::from_parts(parts, body), peer).await,
        Err(err) => {
            let ctx = Ctx {
                request_id: inner.next_request_id(),
                format: fallback_format(&parts.headers),
                host: host_of(&parts.headers, &parts.uri),
            };
            let mut response = ctx.error(&err.api_error());
            if parts.version <= Version::HTTP_11 {
                // The rest of the body is not read: the connection cannot carry another request.
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            Reply::from(response)
        }
    };
    if let Some(summary) = summary {
        summary.record(peer, reply.response.status().as_u16(), started.elapsed());
    }
    into_http(reply)
}

/// Serve one accepted connection; its slot is given back when it ends.
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    inner: Arc<Inner>,
    builder: Arc<auto::Builder<TokioExecutor>>,
    limits: ServerLimits,
    server: ServerState,
    _slot: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let activity = Activity::new();
    let service = {
        let activity = activity.clone();
        service_fn(move |request| {
            let inner = inner.clone();
            let busy = activity.begin();
            async move {
                let response = serve_one(inner, request, peer.ip(), limits).await;
                drop(busy);
                Ok::<_, Infallible>(response)
            }
        })
    };
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    drive(connection, &activity, &limits, server).await;
}

/// Accept connections on `listener` until `shutdown` turns true, then drain.
pub(crate) async fn serve(
    listener: TcpListener,
    inner: Arc<Inner>,
    limits: ServerLimits,
    mut shutdown: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let builder = Arc::new(http_builder(&limits));
    let (full, full_watch) = watch::channel(false);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = stopped(&mut shutdown) => break,
        };
        // Without a free slot, this connection waits (and the next ones wait in the listen
        // backlog), while connections idle for a while give up theirs.
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(TryAcquireError::Closed) => break,
            Err(TryAcquireError::NoPermits) => {
                full.send_replace(true);
                let slot = tokio::select! {
                    slot = slots.clone().acquire_owned() => slot.ok(),
                    () = stopped(&mut shutdown) => None,
                };
                full.send_replace(false);
                match slot {
                    Some(slot) => slot,
                    None => break,
                }
            }
        };
        tokio::spawn(serve_connection(
            stream,
            peer,
            inner.clone(),
            builder.clone(),
            limits,
            ServerState {
                shutdown: shutdown.clone(),
                full: full_watch.clone(),
            },
            slot,
        ));
    }
    drop(listener);
    // Every connection closes within the grace period and gives its slot back.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let wait = CLOSE_GRACE + Duration::from_secs(1);
    let drained = tokio::time::timeout(wait, slots.acquire_many(all)).await;
    if drained.is_err() {
        tracing::warn!("some connections were still open after {CLOSE_GRACE:?}");
    }
}
