//! The spec-driven check every operation gets before it runs: missing required parameters,
//! values of the wrong type, list indexes outside the spec's bounds, malformed JSON text, and
//! unknown parameters (ignored).

use alicloud_ecs_model::spec::{self, ParamStyle};

use crate::ops::{export, import};
use crate::support::TestEmulator;

/// Assert `InvalidParameter` (400) naming `name`.
pub(crate) fn assert_invalid(message: &str, name: &str) {
    assert!(
        message.starts_with(&format!("The specified parameter \"{name}\" is not valid.")),
        "{message}"
    );
}

#[tokio::test]
async fn hand_written_operations_are_checked_against_the_spec() {
    let emu = TestEmulator::frozen().await;
    let tasks = || emu.call("DescribeTasks").region("cn-hangzhou");
    let cases = [
        (tasks().param("PageSize", "ten"), "PageSize"),
        (tasks().param("ResourceIds.0", "m-1"), "ResourceIds.0"),
        (tasks().param("ResourceIds.101", "m-1"), "ResourceIds.101"),
        (import(&emu).param("DryRun", "yes"), "DryRun"),
        (
            import(&emu).param("DiskDeviceMapping.18.OSSBucket", "b"),
            "DiskDeviceMapping.18.OSSBucket",
        ),
        (
            import(&emu).param("DiskDeviceMapping.1.DiskImageSize", "big"),
            "DiskDeviceMapping.1.DiskImageSize",
        ),
        (export(&emu).param("OwnerId", "me"), "OwnerId"),
    ];
    for (call, name) in cases {
        let message = emu.send(&call).await.expect_error(400, "InvalidParameter");
        assert_invalid(&message, name);
    }
    // The first missing parameter in spec order is named, before any invalid value.
    let call = emu
        .call("ExportImage")
        .param("OwnerId", "me")
        .param("OSSBucket", "b");
    let message = emu.send(&call).await.expect_error(400, "MissingParameter");
    assert!(message.contains("\"RegionId\""), "{message}");
    // Unknown parameters are ignored; so are empty values.
    emu.send(&tasks().param("Bogus", "1").param("PageSize", ""))
        .await
        .ok();
    // Nothing was created by the rejected calls.
    assert_eq!(emu.handle.control().tasks().len(), 1);
}

#[tokio::test]
async fn every_operation_is_checked_against_the_spec() {
    let emu = TestEmulator::frozen().await;
    // Not in the spec: 404, after authentication.
    emu.send(&emu.call("DescribeInstancez").region("cn-hangzhou"))
        .await
        .expect_error(404, "InvalidAction.NotFound");
    let instances = || emu.call("DescribeInstances").region("cn-hangzhou");
    let message = emu
        .send(&emu.call("DescribeInstances").param("PageSize", "x"))
        .await
        .expect_error(400, "MissingParameter");
    assert_eq!(
        message,
        "An input parameter \"RegionId\" that is mandatory for processing the request is not supplied."
    );
    // A `json`-style parameter of another operation, found in the spec.
    let run_command = spec::operation("RunCommand").unwrap();
    let json = run_command
        .params
        .iter()
        .find(|p| p.style == ParamStyle::Json)
        .unwrap();
    let mut bad_json = emu.call("RunCommand");
    bad_json.params = run_command.sample_params();
    let bad_json = bad_json.param(&json.name, "{not json");
    let cases = [
        (instances().param("PageSize", "ten"), "PageSize"),
        (instances().param("PageNumber", "1.5"), "PageNumber"),
        (instances().param("DryRun", "yes"), "DryRun"),
        (instances().param("Tag.0.Key", "env"), "Tag.0.Key"),
        (instances().param("Tag.21.Key", "env"), "Tag.21.Key"),
        (instances().param("Tag", "env"), "Tag"),
        (bad_json, json.name.as_str()),
    ];
    for (call, name) in cases {
        for call in [call.clone(), call.v1().format("XML")] {
            let message = emu.send(&call).await.expect_error(400, "InvalidParameter");
            assert_invalid(&message, name);
        }
    }
    // Unknown parameters are ignored, as the gateway does; `DryRun` answers DryRunOperation.
    let body = emu
        .send(&instances().param("Bogus", "1").param("Tag.20.Key", "env"))
        .await
        .ok();
    assert_eq!(body["TotalCount"], 1);
    emu.send(&instances().param("DryRun", "True"))
        .await
        .expect_error(400, "DryRunOperation");
    emu.send(&instances().param("DryRun", "false")).await.ok();
}
