//! The spec-driven check every operation gets before it runs: missing required parameters,
//! values of the wrong type, list indexes outside the spec's bounds, malformed JSON text, and
//! unknown parameters (ignored).

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
