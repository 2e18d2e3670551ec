//! The [`Transport`] trait, its named future and the shared handle.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::TransportError;

/// A request as handed to a transport: the whole body is in memory.
pub type HttpRequest = http::Request<bytes::Bytes>;

/// A response as returned by a transport: the whole body is in memory.
pub type HttpResponse = http::Response<bytes::Bytes>;

type TransportResult = Result<HttpResponse, TransportError>;
type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Sends one HTTP request and returns its response.
///
/// Every request the SDK makes goes through this trait, so replacing the transport replaces the
/// whole HTTP stack: another client library, a proxying layer, or a fake in tests. The trait is
/// dyn-compatible and independent of any async runtime; the returned future is `Send` and
/// `'static`, so callers can race it against a timer or spawn it.
///
/// A transport sends the request as it is (it does not sign or retry) and reports failures to
/// exchange the request as a [`TransportError`]. A response with an error status is a response,
/// not a transport error.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` and resolves to the complete response.
    fn send(&self, request: HttpRequest) -> TransportFuture;
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        (**self).send(request)
    }
}

/// The future returned by [`Transport::send`].
///
/// It is either boxed ([`new`](Self::new)) or already resolved ([`ready`](Self::ready), which
/// needs no allocation and suits fakes).
pub struct TransportFuture {
    inner: Inner,
}

enum Inner {
    Ready(Option<TransportResult>),
    Boxed(BoxFuture<TransportResult>),
}

impl TransportFuture {
    /// Wraps a future.
    pub fn new(future: impl Future<Output = TransportResult> + Send + 'static) -> Self {
        Self {
            inner: Inner::Boxed(Box::pin(future)),
        }
    }

    /// A future that resolves immediately to `result`.
    pub fn ready(result: TransportResult) -> Self {
        Self {
            inner: Inner::Ready(Some(result)),
        }
    }
}

impl Future for TransportFuture {
    type Output = TransportResult;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().inner {
            Inner::Ready(result) => Poll::Ready(result.take().unwrap_or_else(|| {
                Err(TransportError::other(
                    "TransportFuture polled after completion",
                ))
            })),
            Inner::Boxed(future) => future.as_mut().poll(cx),
        }
    }
}

impl fmt::Debug for TransportFuture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.inner {
            Inner::Ready(Some(_)) => "ready",
            Inner::Ready(None) => "taken",
            Inner::Boxed(_) => "pending",
        };
        f.debug_tuple("TransportFuture").field(&state).finish()
    }
}

/// A cheaply cloneable, type-erased [`Transport`].
///
/// ```
/// use alicloud_transport::{SharedTransport, Transport};
/// # #[derive(Debug)] struct MyTransport;
/// # impl Transport for MyTransport {
/// #     fn send(&self, _: alicloud_transport::HttpRequest) -> alicloud_transport::TransportFuture {
/// #         unimplemented!()
/// #     }
/// # }
/// let shared = SharedTransport::new(MyTransport);
/// let for_another_client = shared.clone();
/// # let _ = for_another_client;
/// ```
#[derive(Clone)]
pub struct SharedTransport(Arc<dyn Transport>);

impl SharedTransport {
    /// Wraps `transport`.
    pub fn new(transport: impl Transport + 'static) -> Self {
        Self(Arc::new(transport))
    }
}

impl From<Arc<dyn Transport>> for SharedTransport {
    fn from(transport: Arc<dyn Transport>) -> Self {
        Self(transport)
    }
}

impl fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedTransport").field(&self.0).finish()
    }
}

impl Transport for SharedTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture {
        self.0.send(request)
    }
}

#[cfg(test)]
mod tests {
    use std::task::Waker;

    use super::*;

    #[derive(Debug)]
    struct Echo;

    impl Transport for Echo {
        fn send(&self, request: HttpRequest) -> TransportFuture {
            let body = request.into_body();
            TransportFuture::new(async move { Ok(http::Response::new(body)) })
        }
    }

    fn poll_once(future: &mut TransportFuture) -> Poll<TransportResult> {
        Pin::new(future).poll(&mut Context::from_waker(Waker::noop()))
    }

    fn request(body: &'static str) -> HttpRequest {
        http::Request::new(bytes::Bytes::from_static(body.as_bytes()))
    }

    #[test]
    fn boxed_future_resolves() {
        let mut future = Echo.send(request("hi"));
        let Poll::Ready(Ok(response)) = poll_once(&mut future) else {
            panic!("the echo future should be ready");
        };
        assert_eq!(response.body().as_ref(), b"hi");
    }

    #[test]
    fn ready_future_resolves_once_then_errors() {
        let mut future = TransportFuture::ready(Ok(http::Response::new(bytes::Bytes::new())));
        assert!(format!("{future:?}").contains("ready"));
        assert!(matches!(poll_once(&mut future), Poll::Ready(Ok(_))));
        assert!(matches!(poll_once(&mut future), Poll::Ready(Err(_))));
    }

    #[test]
    fn wrappers_forward_to_the_inner_transport() {
        let transports: Vec<Box<dyn Transport>> = vec![
            Box::new(Arc::new(Echo)),
            Box::new(Box::new(Echo)),
            Box::new(SharedTransport::new(Echo)),
            Box::new(SharedTransport::from(Arc::new(Echo) as Arc<dyn Transport>)),
        ];
        for transport in transports {
            let mut future = transport.send(request("x"));
            assert!(matches!(poll_once(&mut future), Poll::Ready(Ok(_))));
        }
    }

    #[test]
    fn trait_objects_are_send_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        fn assert_send<T: Send + Unpin + 'static>() {}
        assert_send_sync::<SharedTransport>();
        assert_send::<TransportFuture>();
    }
}
