//! Retry safety of every operation, checked against the checked-in spec: read operations
//! (`operationType` get/read/list, `Describe*`, `List*`) are idempotent, operations with a
//! `ClientToken` parameter get a token and become repeatable, and every other operation is
//! never repeated once it may have been sent. The overlay may override a classification.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;

use alicloud_ecs::model::registry;
use serde_json::Value;

fn read(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../alicloud-ecs-model/spec")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn every_operation_is_classified_as_the_spec_says() {
    let spec = read("ecs-2014-05-26.json");
    let overlay = read("ecs-2014-05-26.overlay.json");
    let apis = spec["apis"].as_object().unwrap();
    assert_eq!(
        registry::operations().len(),
        apis.len(),
        "every operation is compiled in"
    );
    let (mut reads, mut tokens, mut unsafe_ops) = (0, 0, 0);
    for (name, api) in apis {
        let entry = registry::operation(name).unwrap_or_else(|| panic!("{name} missing"));
        let op_type = api["operationType"].as_str().unwrap_or("");
        let read = matches!(op_type, "get" | "read" | "list")
            || name.starts_with("Describe")
            || name.starts_with("List");
        let idempotent = overlay["operations"][name]["idempotent"]
            .as_bool()
            .unwrap_or(read);
        let has_token = api["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "ClientToken");
        assert_eq!(entry.info.idempotent, idempotent, "{name}: idempotent");
        assert_eq!(
            entry.info.client_token,
            has_token.then_some("ClientToken"),
            "{name}: idempotency token"
        );
        match (idempotent, has_token) {
            (true, _) => reads += 1,
            (false, true) => tokens += 1,
            (false, false) => unsafe_ops += 1,
        }
    }
    // The spec's shape today: a change here is a change worth reviewing.
    assert_eq!((reads, tokens, unsafe_ops), (129, 97, 154));
}
