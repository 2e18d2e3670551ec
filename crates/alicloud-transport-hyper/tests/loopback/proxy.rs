//! Proxies: HTTPS through a `CONNECT` tunnel, plain HTTP forwarded in absolute form, and
//! `NO_PROXY` exceptions. The proxies are tiny loopback servers written here.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use alicloud_transport::TransportErrorKind;
use alicloud_transport_hyper::ProxyConfig;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::servers::{TestPki, hello_server, raw_server, read_head};
use crate::{builder, send};

/// A `CONNECT` proxy that records each request head and then tunnels the bytes.
async fn connect_proxy() -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let heads = Arc::new(Mutex::new(Vec::new()));
    let recorded = heads.clone();
    let addr = raw_server(move |mut client| {
        let heads = recorded.clone();
        async move {
            let head = read_head(&mut client).await;
            heads.lock().unwrap().push(head.clone());
            let target = head
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            let Ok(mut upstream) = TcpStream::connect(target).await else {
                let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                return;
            };
            client
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await
                .unwrap();
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        }
    })
    .await;
    (addr, heads)
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_with_credentials() {
    let pki = TestPki::new();
    let server = hello_server(Some(pki.server_config.clone())).await;
    let (proxy, heads) = connect_proxy().await;
    let transport = builder()
        .proxy(ProxyConfig::all(format!("http://user:pass@{proxy}")))
        .add_root_certificate(pki.ca_der.to_vec())
        .build()
        .unwrap();
    let response = send(&transport, &server.url("https", "/")).await.unwrap();
    assert_eq!(response.body().as_ref(), b"hello");
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].starts_with(&format!("CONNECT {} HTTP/1.1\r\n", server.addr)),
        "{}",
        heads[0]
    );
    assert!(heads[0].contains("Basic dXNlcjpwYXNz"), "{}", heads[0]);
}

#[tokio::test]
async fn plain_http_is_forwarded_in_absolute_form() {
    // The "proxy" is the hello server: it records what a forward proxy would receive.
    let proxy = hello_server(None).await;
    let transport = builder()
        .proxy(ProxyConfig::none().http(format!("http://user:pass@{}", proxy.addr)))
        .build()
        .unwrap();
    // The destination name is never resolved: only the proxy is contacted.
    send(
        &transport,
        "http://ecs.example.invalid/path?Action=DescribeTasks",
    )
    .await
    .unwrap();
    let seen = &proxy.seen()[0];
    assert_eq!(
        seen.uri,
        "http://ecs.example.invalid/path?Action=DescribeTasks"
    );
    assert_eq!(seen.headers["proxy-authorization"], "Basic dXNlcjpwYXNz");
}

#[tokio::test]
async fn no_proxy_hosts_are_reached_directly() {
    let server = hello_server(None).await;
    let (proxy, heads) = connect_proxy().await;
    let transport = builder()
        .proxy(ProxyConfig::all(format!("http://{proxy}")).no_proxy("localhost, 127.0.0.0/8"))
        .build()
        .unwrap();
    send(&transport, &server.url("http", "/")).await.unwrap();
    assert_eq!(server.seen().len(), 1);
    assert!(heads.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_unreachable_proxy_is_a_connect_error() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = listener.local_addr().unwrap();
    drop(listener);
    let transport = builder()
        .proxy(ProxyConfig::all(format!("http://{dead}")))
        .build()
        .unwrap();
    let err = send(&transport, "https://ecs.example.invalid/")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect);
    assert!(err.is_never_sent());
}
