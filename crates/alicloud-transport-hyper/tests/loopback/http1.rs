//! Plain-HTTP behaviour: keep-alive reuse, timeouts, the body limit and error classification.

use std::time::Duration;

use alicloud_transport::{Transport, TransportErrorKind};
use alicloud_transport_hyper::HyperTransport;
use bytes::Bytes;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use crate::servers::{hello_server, raw_server, read_head};
use crate::{builder, get, send};

#[tokio::test]
async fn sequential_requests_reuse_one_connection() {
    let server = hello_server(None).await;
    let transport = builder().build().unwrap();
    for i in 0..5 {
        let response = send(&transport, &server.url("http", &format!("/n/{i}")))
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.body().as_ref(), b"hello");
        assert_eq!(response.headers()["x-version"], "HTTP/1.1");
        // Let the client's bookkeeping task put the connection back before the next request.
        tokio::task::yield_now().await;
    }
    assert_eq!(server.connections(), 1);
    // A clone shares the pool.
    send(&transport.clone(), &server.url("http", "/clone"))
        .await
        .unwrap();
    assert_eq!(server.connections(), 1);
    assert_eq!(server.seen().len(), 6);
}

#[tokio::test]
async fn request_parts_arrive_unchanged() {
    let server = hello_server(None).await;
    let transport = HyperTransport::builder()
        .proxy_from_env(false)
        .build()
        .unwrap();
    let request =
        http::Request::post(server.url("http", "/?Action=DescribeTasks&RegionId=cn-hangzhou"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-acs-action", "DescribeTasks")
            .body(Bytes::from_static(b"PageSize=10"))
            .unwrap();
    transport.send(request).await.unwrap();
    let seen = &server.seen()[0];
    assert_eq!(seen.method, http::Method::POST);
    assert_eq!(seen.version, http::Version::HTTP_11);
    assert_eq!(seen.uri, "/?Action=DescribeTasks&RegionId=cn-hangzhou");
    assert_eq!(seen.headers["x-acs-action"], "DescribeTasks");
    assert_eq!(seen.headers["content-length"], "11");
    assert_eq!(seen.body.as_ref(), b"PageSize=10");
}

#[tokio::test]
async fn request_timeout_fires_when_no_response_comes() {
    let addr = raw_server(|mut tcp| async move {
        read_head(&mut tcp).await;
        std::future::pending::<()>().await;
    })
    .await;
    let transport = builder()
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = send(&transport, &format!("http://{addr}/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Timeout);
    assert!(err.may_have_been_sent());
    assert!(
        err.to_string()
            .starts_with("timed out: no complete response within"),
        "{err}"
    );
}

#[tokio::test]
async fn request_timeout_covers_a_stalled_body() {
    let addr = raw_server(|mut tcp| async move {
        read_head(&mut tcp).await;
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst bytes";
        tcp.write_all(head.as_bytes()).await.unwrap();
        std::future::pending::<()>().await;
    })
    .await;
    let transport = builder()
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = send(&transport, &format!("http://{addr}/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Timeout);
}

#[tokio::test]
async fn oversize_content_length_is_rejected_before_reading() {
    // Announces 1 GiB, sends a few bytes and stalls: only the header check can end this
    // before the (default, 30 s) request timeout.
    let addr = raw_server(|mut tcp| async move {
        read_head(&mut tcp).await;
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\nstart";
        tcp.write_all(head.as_bytes()).await.unwrap();
        std::future::pending::<()>().await;
    })
    .await;
    let transport = builder().max_response_body(1024).build().unwrap();
    let err = send(&transport, &format!("http://{addr}/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
    assert!(err.to_string().contains("1024 bytes"), "{err}");
}

#[tokio::test]
async fn endless_chunked_body_is_cut_at_the_limit() {
    // Streams chunks until the client goes away: the body would never end, so the transport
    // must stop at the limit rather than buffer it.
    let addr = raw_server(|mut tcp| async move {
        read_head(&mut tcp).await;
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        tcp.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("400\r\n{}\r\n", "x".repeat(1024));
        while tcp.write_all(chunk.as_bytes()).await.is_ok() {}
    })
    .await;
    let transport = builder().max_response_body(64 * 1024).build().unwrap();
    let err = send(&transport, &format!("http://{addr}/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn body_at_the_limit_is_accepted() {
    let server = hello_server(None).await;
    let transport = builder().max_response_body(5).build().unwrap();
    let response = send(&transport, &server.url("http", "/")).await.unwrap();
    assert_eq!(response.body().as_ref(), b"hello");
    let transport = builder().max_response_body(4).build().unwrap();
    let err = send(&transport, &server.url("http", "/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn connection_refused_is_never_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let transport = builder().build().unwrap();
    let err = send(&transport, &format!("http://{addr}/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect);
    assert!(err.is_never_sent());
    assert!(err.to_string().to_lowercase().contains("refused"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn drop_mid_response_may_have_been_sent() {
    let addr = raw_server(|mut tcp| async move {
        read_head(&mut tcp).await;
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial";
        tcp.write_all(head.as_bytes()).await.unwrap();
        // Dropping the socket closes the connection 93 bytes early.
    })
    .await;
    let transport = builder().build().unwrap();
    let err = send(&transport, &format!("http://{addr}/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Io);
    assert!(err.may_have_been_sent());
}

#[tokio::test]
async fn drop_before_any_response_may_have_been_sent() {
    let addr = raw_server(|mut tcp| async move {
        read_head(&mut tcp).await;
    })
    .await;
    let transport = builder().build().unwrap();
    let err = send(&transport, &format!("http://{addr}/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Io);
    assert!(err.may_have_been_sent());
}

#[tokio::test]
async fn relative_uri_is_rejected_unsent() {
    let transport = builder().build().unwrap();
    for url in [
        "/only/a/path?SecurityToken=sts-token-value",
        "ftp://example.com/?SecurityToken=sts-token-value",
    ] {
        let err = send(&transport, url).await.unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::Other);
        assert!(err.is_never_sent());
        // The query of a V1 request carries the security token: never echoed.
        assert!(!err.to_string().contains("sts-token-value"), "{err}");
        assert!(!format!("{err:?}").contains("sts-token-value"), "{err:?}");
    }
}

#[test]
fn outside_a_tokio_runtime_it_fails_instead_of_panicking() {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    let transport = builder().build().unwrap();
    let mut future = pin!(transport.send(get("http://127.0.0.1:9/")));
    let Poll::Ready(Err(err)) = future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    else {
        panic!("expected an immediate error");
    };
    assert!(err.is_never_sent());
    assert!(err.to_string().contains("tokio runtime"), "{err}");
}

#[test]
fn default_constructor_and_debug() {
    let transport = HyperTransport::new().unwrap();
    let shown = format!("{transport:?}");
    assert!(shown.contains("request_timeout: 30s"), "{shown}");
    assert!(shown.contains("max_response_body: 16777216"), "{shown}");
}
