//! A rejected server certificate ends the call at once: the real hyper transport against a
//! loopback TLS server whose self-signed certificate no trust store holds. The transport uses
//! only its compiled-in roots, so the machine's trust settings cannot change the outcome.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use alicloud_ecs::credentials::Env;
use alicloud_ecs::{Client, Credentials, Error, RetryConfig};
use alicloud_transport::TransportErrorKind;
use alicloud_transport_hyper::HyperTransport;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;

/// Starts a TLS server on 127.0.0.1 with a self-signed certificate; returns its address and
/// the number of connections it accepted.
async fn untrusted_server() -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _handshake_fails = acceptor.accept(tcp).await;
            });
        }
    });
    (addr, accepted)
}

#[tokio::test]
async fn a_rejected_certificate_is_not_retried() {
    let (addr, accepted) = untrusted_server().await;
    let transport = HyperTransport::builder()
        .proxy_from_env(false)
        .build()
        .unwrap();
    let client = Client::builder()
        .endpoint(format!("https://{addr}"))
        .region("cn-hangzhou")
        .credentials(Credentials::new("testid", "testsecret"))
        .env(Env::from_vars(Vec::<(String, String)>::new()))
        .transport(transport)
        .retry(
            RetryConfig::standard()
                .max_attempts(4)
                .base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    // DescribeTaskAttribute is idempotent, so anything transient would be tried 4 times.
    let err = client
        .describe_task_attribute()
        .task_id("t-1")
        .send()
        .await
        .unwrap_err();
    let Error::Dispatch(transport_error) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert_eq!(transport_error.kind(), TransportErrorKind::Certificate);
    assert!(!err.is_retryable());
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "{err}");
}
