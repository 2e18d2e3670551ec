//! Our client calls every operation of the spec by name against the emulator, in every wire
//! format, signature and credential kind, and our typed model reads every answer.
//!
//! Driven by the spec: each operation's smallest valid request (`OperationSpec::sample_params`),
//! sent with `Client::call`, read back through the registry's typed response. The operations
//! that keep state get requests naming what the emulator holds; `CancelTask` (it needs a task
//! that is still running) is covered with typed calls in `main.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use alicloud_e2e::{client, modes, start};
use alicloud_ecs::model::{registry, spec};

/// The sample request of `action`, naming resources the emulator has where it keeps state.
fn request(action: &str) -> Vec<(String, String)> {
    alicloud_ecs_emulator::sample_request(action, "cn-hangzhou").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_by_name_in_every_mode_reads_as_its_typed_response() {
    let actions: Vec<&str> = spec::actions()
        .map(|(action, _)| action)
        .filter(|action| *action != "CancelTask")
        .collect();
    assert!(actions.len() >= 379, "{}", actions.len());
    for (format, signature, credentials) in modes() {
        let mode = format!("{format:?}/{signature:?}/{}", credentials.access_key_id());
        // A fresh emulator per mode: an export started in one mode still runs in the next.
        let emulator = start(0.0).await;
        let c = client(&emulator, format, signature, credentials);
        for action in &actions {
            let mut call = c.call(*action);
            for (name, value) in request(action) {
                call = call.param(name, value);
            }
            let body = call
                .send_bytes()
                .await
                .unwrap_or_else(|e| panic!("{mode}: {action}: {e}"));
            let entry = registry::operation(action)
                .unwrap_or_else(|| panic!("{action} is not compiled in"));
            let json = entry
                .response_to_json(format, &body)
                .unwrap_or_else(|e| panic!("{mode}: {action}: {e}\n{body:?}"));
            assert!(
                json.contains("\"RequestId\":\"") || json.contains("\"requestId\":\""),
                "{mode}: {action}: {json}"
            );
        }
        emulator.shutdown().await;
    }
}
