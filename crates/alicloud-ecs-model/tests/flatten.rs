//! Properties of request flattening over arbitrary requests: deterministic, well-formed and
//! unique names, and failures that name a required parameter.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::fmt::Debug;

use alicloud_ecs_model::import_image::{DiskDeviceMapping, Features};
use alicloud_ecs_model::*;
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
// Named explicitly: the model also has a `Strategy` (an enum), which a glob would not shadow.
use proptest::strategy::Strategy;
use proptest::test_runner::FileFailurePersistence;

const REQUIRED: &[&str] = &["RegionId", "TaskId", "ImageId", "OSSBucket"];

/// Flattening twice gives the same result; a success has well-formed (so non-empty), unique
/// names; a failure names a required top-level parameter.
fn check_flattening<R: Operation + Debug>(request: &R) -> Result<(), TestCaseError> {
    let first = request.to_params();
    prop_assert_eq!(&first, &request.to_params());
    match first {
        Ok(params) => {
            let names: Vec<&str> = params.iter().map(|(name, _)| name).collect();
            let well_formed = |name: &&str| {
                name.split('.')
                    .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
            };
            prop_assert!(
                names.iter().all(well_formed),
                "malformed name in {:?}",
                names
            );
            let unique: HashSet<&str> = names.iter().copied().collect();
            prop_assert_eq!(unique.len(), names.len(), "duplicate name in {:?}", names);
        }
        Err(e) => prop_assert!(REQUIRED.contains(&e.parameter()), "unexpected {:?}", e),
    }
    Ok(())
}

/// A strategy for a `$ty` whose listed fields come from the given strategies. The strategies
/// are nested in pairs, since proptest's tuples stop at 12 elements.
macro_rules! build {
    ($ty:ty { $($field:ident: $strategy:expr),+ $(,)? }) => {
        nest!($($strategy),+)
            .prop_map(|nest!(@pat $($field),+)| {
                let mut value = <$ty>::default();
                $(value.$field = $field;)+
                value
            })
            .boxed()
    };
}

macro_rules! nest {
    (@pat $a:ident) => { $a };
    (@pat $a:ident, $($rest:ident),+) => { ($a, nest!(@pat $($rest),+)) };
    ($a:expr) => { $a };
    ($a:expr, $($rest:expr),+) => { ($a, nest!($($rest),+)) };
}

fn s() -> BoxedStrategy<Option<String>> {
    of(any::<String>()).boxed()
}

fn strings() -> BoxedStrategy<Vec<String>> {
    vec(any::<String>(), 0..5).boxed()
}

fn open<E: From<String> + Debug + 'static>() -> BoxedStrategy<Option<E>> {
    of(any::<String>().prop_map(E::from)).boxed()
}

fn timestamp() -> BoxedStrategy<Option<Timestamp>> {
    let fields = (
        0..=9999u16,
        1..=12u8,
        1..=28u8,
        0..24u8,
        0..60u8,
        of(0..60u8),
    );
    of(fields.prop_map(|(y, mo, d, h, mi, sec)| {
        let sec = sec.map(|s| format!(":{s:02}")).unwrap_or_default();
        Timestamp::parse(&format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}{sec}Z")).unwrap()
    }))
    .boxed()
}

fn describe_task_attribute() -> BoxedStrategy<DescribeTaskAttributeRequest> {
    build!(DescribeTaskAttributeRequest {
        region_id: s(),
        task_id: s(),
        owner_id: any::<Option<i64>>(),
        resource_owner_account: s(),
        resource_owner_id: any::<Option<i64>>(),
    })
}

fn describe_tasks() -> BoxedStrategy<DescribeTasksRequest> {
    build!(DescribeTasksRequest {
        region_id: s(),
        task_ids: strings(),
        task_action: open::<TaskAction>(),
        task_status: open::<TaskStatus>(),
        start_time: timestamp(),
        end_time: timestamp(),
        resource_ids: strings(),
        page_number: any::<Option<i32>>(),
        page_size: any::<Option<i32>>(),
        task_group_id: s(),
        owner_id: any::<Option<i64>>(),
        owner_account: s(),
        resource_owner_account: s(),
        resource_owner_id: any::<Option<i64>>(),
    })
}

fn import_image() -> BoxedStrategy<ImportImageRequest> {
    let disk = build!(DiskDeviceMapping {
        oss_bucket: s(),
        oss_object: s(),
        format: open::<DiskImageFormat>(),
        disk_image_size: any::<Option<i32>>(),
        disk_im_size: any::<Option<i32>>(),
        device: s(),
    });
    let tag = build!(Tag {
        key: s(),
        value: s(),
    });
    let features = build!(Features {
        imds_support: open::<ImdsSupport>(),
        nvme_support: open::<NvmeSupport>(),
    });
    build!(ImportImageRequest {
        region_id: s(),
        disk_device_mapping: vec(disk, 0..5),
        image_name: s(),
        description: s(),
        architecture: open::<Architecture>(),
        os_type: open::<OsType>(),
        platform: open::<ImportImagePlatform>(),
        boot_mode: open::<ImportImageBootMode>(),
        license_type: open::<LicenseType>(),
        role_name: s(),
        resource_group_id: s(),
        tag: vec(tag, 0..5),
        detection_strategy: open::<DetectionStrategy>(),
        storage_location_arn: s(),
        features: of(features),
        client_token: s(),
        dry_run: any::<Option<bool>>(),
        owner_id: any::<Option<i64>>(),
        resource_owner_account: s(),
        resource_owner_id: any::<Option<i64>>(),
    })
}

fn export_image() -> BoxedStrategy<ExportImageRequest> {
    build!(ExportImageRequest {
        region_id: s(),
        image_id: s(),
        oss_bucket: s(),
        oss_prefix: s(),
        image_format: open::<ExportImageFormat>(),
        role_name: s(),
        dry_run: any::<Option<bool>>(),
        owner_id: any::<Option<i64>>(),
        resource_owner_account: s(),
        resource_owner_id: any::<Option<i64>>(),
    })
}

fn cancel_task() -> BoxedStrategy<CancelTaskRequest> {
    build!(CancelTaskRequest {
        region_id: s(),
        task_id: s(),
        owner_id: any::<Option<i64>>(),
        resource_owner_account: s(),
        resource_owner_id: any::<Option<i64>>(),
    })
}

fn describe_regions() -> BoxedStrategy<DescribeRegionsRequest> {
    build!(DescribeRegionsRequest {
        accept_language: open::<AcceptLanguage>(),
        instance_charge_type: open::<DescribeRegionsInstanceChargeType>(),
        resource_type: open::<DescribeRegionsResourceType>(),
        owner_id: any::<Option<i64>>(),
        owner_account: s(),
        resource_owner_account: s(),
        resource_owner_id: any::<Option<i64>>(),
    })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn describe_task_attribute_flattens_cleanly(r in describe_task_attribute()) {
        check_flattening(&r)?;
    }

    #[test]
    fn describe_tasks_flattens_cleanly(r in describe_tasks()) {
        check_flattening(&r)?;
        if let Ok(params) = r.to_params() {
            // The ids travel joined in one value; the resource ids one per parameter.
            prop_assert_eq!(params.get("TaskIds").is_some(), !r.task_ids.is_empty());
            let resources = params.iter().filter(|(n, _)| n.starts_with("ResourceIds.")).count();
            prop_assert_eq!(resources, r.resource_ids.len());
        }
    }

    #[test]
    fn import_image_flattens_cleanly(r in import_image()) {
        check_flattening(&r)?;
    }

    #[test]
    fn export_image_flattens_cleanly(r in export_image()) {
        check_flattening(&r)?;
    }

    #[test]
    fn cancel_task_flattens_cleanly(r in cancel_task()) {
        check_flattening(&r)?;
    }

    #[test]
    fn describe_regions_flattens_cleanly(r in describe_regions()) {
        check_flattening(&r)?;
    }
}
