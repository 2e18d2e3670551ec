//! TLS against a local rustls server with a CA made by the test: trust, ALPN and handshake
//! failures. The CA is always passed to the builder; the machine's trust store is never used.

use std::sync::Arc;
use std::time::Duration;

use alicloud_transport::TransportErrorKind;
use alicloud_transport_hyper::BuildError;
use rustls::RootCertStore;

use crate::servers::{TestPki, hello_server, raw_server};
use crate::{builder, send};

#[tokio::test]
async fn trusted_ca_negotiates_http2_and_reuses_the_connection() {
    let pki = TestPki::new();
    let server = hello_server(Some(pki.server_config.clone())).await;
    let transport = builder()
        .add_root_certificate(pki.ca_der.to_vec())
        .build()
        .unwrap();
    for _ in 0..3 {
        let response = send(&transport, &server.url("https", "/")).await.unwrap();
        assert_eq!(response.version(), http::Version::HTTP_2);
        assert_eq!(response.headers()["x-version"], "HTTP/2.0");
        assert_eq!(response.body().as_ref(), b"hello");
    }
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn http1_over_tls_when_the_server_offers_only_http1() {
    let pki = TestPki::new();
    let server = hello_server(Some(pki.http1_only())).await;
    let transport = builder()
        .add_root_certificate(pki.ca_der.to_vec())
        .build()
        .unwrap();
    for _ in 0..3 {
        let response = send(&transport, &server.url("https", "/")).await.unwrap();
        assert_eq!(response.headers()["x-version"], "HTTP/1.1");
        tokio::task::yield_now().await;
    }
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn untrusted_ca_fails_as_a_permanent_certificate_error() {
    let pki = TestPki::new();
    let server = hello_server(Some(pki.server_config.clone())).await;
    let transport = builder().build().unwrap();
    let err = send(&transport, &server.url("https", "/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Certificate);
    assert!(err.is_never_sent());
    assert!(err.is_permanent());
    assert!(err.to_string().contains("UnknownIssuer"), "{err}");
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn pem_roots_are_trusted() {
    let pki = TestPki::new();
    let server = hello_server(Some(pki.server_config.clone())).await;
    let transport = builder()
        .add_root_certificates_pem(pki.ca_pem.as_bytes())
        .build()
        .unwrap();
    let response = send(&transport, &server.url("https", "/")).await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn custom_tls_config_is_used_and_its_alpn_replaced() {
    let pki = TestPki::new();
    let server = hello_server(Some(pki.server_config.clone())).await;
    let mut roots = RootCertStore::empty();
    roots.add(pki.ca_der.clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"something-else".to_vec()];
    let transport = builder().tls_config(config).build().unwrap();
    let response = send(&transport, &server.url("https", "/")).await.unwrap();
    assert_eq!(response.version(), http::Version::HTTP_2);
}

#[tokio::test]
async fn stalled_handshake_hits_the_connect_timeout_unsent() {
    // Accepts TCP but never answers the ClientHello.
    let addr = raw_server(|tcp| async move {
        let _keep_open = tcp;
        std::future::pending::<()>().await;
    })
    .await;
    let transport = builder()
        .connect_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = send(&transport, &format!("https://{addr}/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Timeout);
    assert!(err.is_never_sent());
    assert!(
        err.to_string().contains("no connection within 200ms"),
        "{err}"
    );
}

#[test]
fn invalid_roots_fail_the_build() {
    let err = builder()
        .add_root_certificate(b"not a certificate".to_vec())
        .build()
        .unwrap_err();
    assert!(
        matches!(err, BuildError::InvalidRootCertificate(_)),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("invalid root certificate"),
        "{err}"
    );

    let pem = "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n";
    let err = builder()
        .add_root_certificates_pem(pem)
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::InvalidPem(_)), "{err:?}");
}

#[cfg(feature = "native-roots")]
#[tokio::test]
async fn native_roots_do_not_trust_the_test_ca() {
    let pki = TestPki::new();
    let server = hello_server(Some(pki.server_config.clone())).await;
    let transport = match builder().webpki_roots(false).native_roots(true).build() {
        Ok(transport) => transport,
        Err(BuildError::NativeRoots(reason)) => {
            println!("skipped: no system certificate store here ({reason})");
            return;
        }
        Err(other) => panic!("unexpected build error: {other}"),
    };
    let err = send(&transport, &server.url("https", "/"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Certificate);
}
