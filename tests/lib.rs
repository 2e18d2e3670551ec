//! Helpers for the end-to-end tests: an emulator on a free loopback port and clients for it in
//! every wire format and signature mode.

use std::time::Duration;

use alicloud_ecs::{Client, ClientBuilder, Credentials, Format, RetryConfig, SignatureVersion};
use alicloud_ecs_emulator::{Emulator, EmulatorHandle};

/// An AccessKey accepted by [`start`]'s emulator.
pub const KEY: (&str, &str) = ("e2e-key", "e2e-secret");
/// An STS key accepted by [`start`]'s emulator, with its token.
pub const STS: (&str, &str, &str) = ("STS.e2e-key", "sts-secret", "CAIS+e2e/token=");

/// An emulator whose tasks run `speed` times faster than real time.
pub async fn start(speed: f64) -> EmulatorHandle {
    Emulator::builder()
        .access_key(KEY.0, KEY.1)
        .sts_key(STS.0, STS.1, STS.2)
        .speed(speed)
        .seed(42)
        .start()
        .await
        .unwrap_or_else(|e| fail("cannot start the emulator", &e))
}

#[allow(clippy::panic)]
fn fail(what: &str, e: &dyn std::fmt::Display) -> ! {
    panic!("{what}: {e}")
}

/// A client of the emulator in `cn-hangzhou` with the given format, signature and credentials.
pub fn client(
    emulator: &EmulatorHandle,
    format: Format,
    signature: SignatureVersion,
    credentials: Credentials,
) -> Client {
    client_with(emulator, |b| {
        b.credentials(credentials)
            .format(format)
            .signature_version(signature)
            .retry(
                RetryConfig::standard()
                    .base_delay(Duration::from_millis(5))
                    .throttling_base_delay(Duration::from_millis(5)),
            )
    })
}

/// A client of the emulator in `cn-hangzhou`, with [`KEY`] and an empty environment, further
/// configured by `configure`.
pub fn client_with(
    emulator: &EmulatorHandle,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Client {
    let builder = Client::builder()
        .region("cn-hangzhou")
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(KEY.0, KEY.1))
        .env(alicloud_ecs::credentials::Env::from_vars(Vec::<(
            String,
            String,
        )>::new()));
    configure(builder)
        .build()
        .unwrap_or_else(|e| fail("cannot build the client", &e))
}

/// Every combination of wire format, signature and credential kind.
pub fn modes() -> Vec<(Format, SignatureVersion, Credentials)> {
    let mut out = Vec::new();
    for format in [Format::Json, Format::Xml] {
        for signature in [SignatureVersion::V3, SignatureVersion::V1] {
            out.push((format, signature, Credentials::new(KEY.0, KEY.1)));
            out.push((
                format,
                signature,
                Credentials::new(STS.0, STS.1).with_security_token(STS.2),
            ));
        }
    }
    out
}
