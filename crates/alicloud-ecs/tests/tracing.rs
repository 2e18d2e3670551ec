//! One span per call with the action, region, attempt, status and request id, and never a
//! secret in any event, even at trace level and on failures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use alicloud_ecs::test_util::FnTransport;
use alicloud_ecs::{Client, Credentials};
use common::*;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn spans_carry_the_call_and_no_secret() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let clock = clock();
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let transport = FnTransport::new(move |_| {
        let n = calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        Ok(if n == 1 {
            error(400, "Throttling.User")
        } else {
            json(200, &task("Finished", "100%"))
        })
    });
    let client = Client::builder()
        .region("cn-hangzhou")
        .credentials(
            Credentials::new("LTAI-visible-id", "very-secret-value")
                .with_security_token("secret-sts-token"),
        )
        .transport(transport)
        .sleep(clock.clone())
        .time_source(clock.clone())
        .env(alicloud_ecs::credentials::Env::from_vars(Vec::<(
            String,
            String,
        )>::new()))
        .build()
        .unwrap();
    client
        .describe_task_attribute()
        .task_id("t-1")
        .send()
        .await
        .unwrap();
    let logged = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("ecs_call"), "{logged}");
    assert!(
        logged.contains("action=\"DescribeTaskAttribute\""),
        "{logged}"
    );
    assert!(logged.contains("region=\"cn-hangzhou\""), "{logged}");
    assert!(logged.contains("attempt=2"), "{logged}");
    assert!(logged.contains("Throttling.User"), "{logged}");
    for secret in ["very-secret-value", "secret-sts-token"] {
        assert!(!logged.contains(secret), "{secret} leaked:\n{logged}");
    }
    let debug = format!("{client:?}");
    assert!(
        !debug.contains("very-secret-value") && !debug.contains("secret-sts-token"),
        "{debug}"
    );
}
