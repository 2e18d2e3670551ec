//! The body of a response as hyper sends it: the whole payload in one frame, or, for the drop
//! fault, half of it, a pause, then an error that makes hyper abort the connection.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Response, header};
use http_body::{Body, Frame, SizeHint};

use crate::service::Reply;

/// How long a dropped reply pauses after its partial body, so that hyper flushes the status
/// line, headers and partial body before the connection is aborted.
const DROP_PAUSE: Duration = Duration::from_millis(20);

/// A response body: the whole payload, or (drop fault) half of it, a pause, then an error,
/// which makes hyper abort the connection after the status line and headers went out.
#[derive(Debug)]
pub(crate) struct ReplyBody {
    data: Option<Bytes>,
    then_fail: bool,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        if let Some(pause) = self.pause.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.pause = None;
        }
        if std::mem::take(&mut self.then_fail) {
            let err = io::Error::new(io::ErrorKind::ConnectionAborted, "injected drop fault");
            return Poll::Ready(Some(Err(err)));
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && !self.then_fail
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.data, self.then_fail) {
            (Some(data), false) => SizeHint::with_exact(data.len() as u64),
            (None, false) => SizeHint::with_exact(0),
            _ => SizeHint::default(),
        }
    }
}

/// The first half of `body`, which is what a dropped connection delivers.
pub(crate) fn cut(body: &Bytes) -> Bytes {
    body.slice(..body.len() / 2)
}

/// Turn a reply into what hyper sends: `Content-Length` is always the full length.
pub(crate) fn into_http(reply: Reply) -> Response<ReplyBody> {
    let (mut parts, body) = reply.response.into_parts();
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let body = if reply.drop_connection {
        ReplyBody {
            data: Some(cut(&body)),
            then_fail: true,
            pause: Some(Box::pin(tokio::time::sleep(DROP_PAUSE))),
        }
    } else {
        ReplyBody {
            data: Some(body),
            then_fail: false,
            pause: None,
        }
    };
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn dropped_replies_break_off_after_half_the_body() {
        let response = Response::new(Bytes::from_static(b"0123456789"));
        let http = into_http(Reply {
            response,
            drop_connection: true,
        });
        assert_eq!(http.headers()[header::CONTENT_LENGTH], "10");
        let mut body = http.into_body();
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(&first[..], b"01234");
        assert!(body.frame().await.unwrap().is_err());
        assert!(body.frame().await.is_none());
    }

    #[tokio::test]
    async fn whole_replies_are_sent_in_one_frame() {
        let http = into_http(Reply::from(Response::new(Bytes::from_static(b"abc"))));
        assert_eq!(http.body().size_hint().exact(), Some(3));
        let collected = http.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&collected[..], b"abc");
    }
}
