//! Slow, silent, numerous or vanishing clients cannot hold the server: deadlines on the
//! protocol sniff, headers and body, idle and HTTP/2 keep-alive timeouts, the connection cap,
//! the body size limit. Raw TCP on loopback.

use std::time::{Duration, Instant};

use alicloud_ecs_emulator::{EmulatorBuilder, ServerLimits};
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

use crate::support::{TestEmulator, frozen};

/// Longer than any deadline below, far shorter than the defaults.
const BOUND: Duration = Duration::from_secs(3);
const SHORT: Duration = Duration::from_millis(300);
const LONG: Duration = Duration::from_secs(30);

fn with(limits: ServerLimits) -> EmulatorBuilder {
    frozen().limits(limits)
}

fn short_deadlines() -> ServerLimits {
    let mut limits = ServerLimits::default();
    limits.handshake_timeout = SHORT;
    limits.header_read_timeout = SHORT;
    limits.body_read_timeout = SHORT;
    limits.idle_timeout = SHORT;
    limits
}

async fn connect(emu: &TestEmulator) -> TcpStream {
    TcpStream::connect(emu.handle.addr()).await.unwrap()
}

/// Everything the server sends until it closes the connection, if it does within `within`.
async fn until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    let closed = timeout(within, async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    closed
        .ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

#[tokio::test]
async fn silent_and_stalled_connections_are_closed() {
    let emu = TestEmulator::start(with(short_deadlines())).await;
    for (what, sent) in [
        ("nothing", &b""[..]),
        ("part of the HTTP/2 preface", b"PRI * HT"),
        ("part of a request line", b"GET /_emulator/clo"),
        (
            "headers without their end",
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        ),
    ] {
        let mut stream = connect(&emu).await;
        stream.write_all(sent).await.unwrap();
        let started = Instant::now();
        assert!(
            until_closed(&mut stream, BOUND).await.is_some(),
            "{what}: still open after {BOUND:?}"
        );
        assert!(started.elapsed() >= SHORT / 2, "{what}: closed too early");
    }
}

#[tokio::test]
async fn a_slow_body_is_answered_408_and_a_large_one_413_without_reading_it() {
    let emu = TestEmulator::start(with(short_deadlines())).await;
    let mut slow = connect(&emu).await;
    slow.write_all(
        b"POST /?Format=JSON HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc",
    )
    .await
    .unwrap();
    let answer = until_closed(&mut slow, BOUND).await.expect("closed");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("<Code>RequestTimeout</Code>"), "{answer}");

    let mut large = connect(&emu).await;
    let head = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n",
        2 << 20
    );
    large.write_all(head.as_bytes()).await.unwrap();
    let answer = until_closed(&mut large, BOUND).await.expect("closed");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("RequestEntityTooLarge"), "{answer}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let emu = TestEmulator::start(with(short_deadlines())).await;
    let mut stream = connect(&emu).await;
    stream
        .write_all(b"GET /_emulator/clock HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let answer = until_closed(&mut stream, BOUND)
        .await
        .expect("closed when idle");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // HTTP/2 (whose client answers keep-alive PINGs): closed with GOAWAY when idle.
    let io = TokioIo::new(connect(&emu).await);
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake::<_, _, Empty<Bytes>>(TokioExecutor::new(), io)
            .await
            .unwrap();
    let connection = tokio::spawn(connection);
    let uri = format!("{}/_emulator/clock", emu.handle.endpoint());
    let response = sender
        .send_request(http::Request::get(uri).body(Empty::new()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.into_body().collect().await.unwrap();
    let ended = timeout(BOUND, connection).await;
    assert!(ended.is_ok(), "the idle HTTP/2 connection is still open");
}

#[tokio::test]
async fn http2_keep_alive_closes_a_client_that_stops_answering() {
    let mut limits = ServerLimits::default();
    limits.body_read_timeout = LONG;
    limits.idle_timeout = LONG;
    limits.keep_alive_interval = Duration::from_millis(200);
    limits.keep_alive_timeout = Duration::from_millis(200);
    let emu = TestEmulator::start(with(limits)).await;
    let mut stream = connect(&emu).await;
    // The preface, empty SETTINGS, and the HEADERS of a POST whose body never comes; then
    // silence: no SETTINGS or PING acknowledgement.
    let mut frames = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    frames.extend_from_slice(&[0, 0, 0, 0x4, 0, 0, 0, 0, 0]);
    let block = [
        &[0x83, 0x86, 0x84, 0x41, 9][..], // :method POST, :scheme http, :path /, :authority
        b"127.0.0.1",
    ]
    .concat();
    frames.extend_from_slice(&[
        0,
        0,
        u8::try_from(block.len()).unwrap(),
        0x1,
        0x4,
        0,
        0,
        0,
        1,
    ]);
    frames.extend_from_slice(&block);
    stream.write_all(&frames).await.unwrap();
    assert!(
        until_closed(&mut stream, BOUND).await.is_some(),
        "a connection that answers no PING is still open"
    );
}

/// Send a keep-alive request on `stream` and wait for its complete response.
async fn exchange(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET /_emulator/clock HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "closed early");
        received.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_owned)
                })
                .unwrap();
            if body.len() >= length.trim().parse::<usize>().unwrap() {
                return text;
            }
        }
    }
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_slot() {
    let mut limits = ServerLimits::default();
    limits.max_connections = 1;
    let emu = TestEmulator::start(with(limits)).await;
    // The only slot is taken by a request whose body is still coming.
    let mut first = connect(&emu).await;
    first
        .write_all(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let mut second = connect(&emu).await;
    let waiting = tokio::spawn(async move {
        let answer = exchange(&mut second).await;
        (answer, Instant::now())
    });
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(!waiting.is_finished(), "served beyond the cap");
    let closed = Instant::now();
    drop(first);
    let (answer, served) = timeout(BOUND, waiting).await.unwrap().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(served >= closed);
}

#[tokio::test]
async fn idle_connections_give_up_their_slot_when_others_wait() {
    let mut limits = ServerLimits::default();
    limits.max_connections = 1;
    let emu = TestEmulator::start(with(limits)).await;
    let mut first = connect(&emu).await;
    assert!(exchange(&mut first).await.starts_with("HTTP/1.1 200"));
    // Idle, but not closed while nobody waits.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert!(exchange(&mut first).await.starts_with("HTTP/1.1 200"));

    let mut second = connect(&emu).await;
    let answer = timeout(BOUND, exchange(&mut second)).await;
    assert!(
        answer
            .expect("served once the idle connection left")
            .starts_with("HTTP/1.1 200")
    );
    assert!(
        until_closed(&mut first, BOUND).await.is_some(),
        "the idle one was closed"
    );
}

#[tokio::test]
async fn clients_that_vanish_mid_request_do_not_disturb_the_server() {
    let mut limits = ServerLimits::default();
    limits.max_connections = 2;
    let emu = TestEmulator::start(with(limits)).await;
    for round in 0..5 {
        for sent in [
            &b"PRI * HTTP/2.0\r\n"[..],
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n",
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nAction=Des",
            b"GET /_emulator/clock HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        ] {
            let mut stream = connect(&emu).await;
            stream.write_all(sent).await.unwrap();
            drop(stream);
        }
        // Each vanished client gave its slot back: a new connection still gets through.
        let request = emu.call("DescribeRegions").request(&emu.host());
        let client = crate::support::client();
        let reply = timeout(
            BOUND,
            crate::support::send(&client, &emu.handle.endpoint(), request),
        )
        .await;
        reply
            .unwrap_or_else(|_| panic!("round {round}: no answer"))
            .unwrap()
            .ok();
    }
}
