//! Requests as the flat RPC parameter lists they become (in the spec's parameter order), their
//! required parameters, and the static facts of each operation.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Debug;

use alicloud_ecs_model::import_image::{DiskDeviceMapping, Features};
use alicloud_ecs_model::*;
use time::macros::datetime;

/// Asserts the exact parameter list, written one `Name=value` per line.
#[track_caller]
fn assert_params<R: Operation>(request: &R, expected: &str) {
    let params = request.to_params().unwrap();
    let got: Vec<String> = params.iter().map(|(n, v)| format!("{n}={v}")).collect();
    let expected: Vec<&str> = expected.lines().map(str::trim).collect();
    assert_eq!(got, expected);
}

#[test]
fn describe_task_attribute_params() {
    let request = DescribeTaskAttributeRequest::new()
        .region_id("cn-hangzhou")
        .task_id("t-23ym6mvro")
        .owner_id(1_234_567_890_123_i64)
        .resource_owner_account("owner@example.com")
        .resource_owner_id(-7_i64);
    assert_params(
        &request,
        "RegionId=cn-hangzhou
         TaskId=t-23ym6mvro
         OwnerId=1234567890123
         ResourceOwnerAccount=owner@example.com
         ResourceOwnerId=-7",
    );
}

#[test]
fn describe_tasks_params() {
    let request = DescribeTasksRequest::new()
        .region_id("cn-hangzhou")
        .task_ids(["t-1", "t-2", "t-3"])
        .task_action(TaskAction::ImportImage)
        .task_status("Cancelling")
        .start_time(
            Timestamp::parse("2020-11-23T15:10Z")
                .unwrap()
                .with_seconds(),
        )
        .end_time(Timestamp::from(datetime!(2020-11-24 01:02:03.456 +08:00)))
        .resource_ids(["m-1", "m-2"])
        .page_number(2)
        .page_size(100)
        .task_group_id("tg-1")
        .owner_id(1_i64)
        .owner_account("owner")
        .resource_owner_account("resource-owner")
        .resource_owner_id(2_i64);
    assert_params(
        &request,
        "PageNumber=2
         PageSize=100
         RegionId=cn-hangzhou
         TaskIds=t-1,t-2,t-3
         TaskAction=ImportImage
         TaskStatus=Cancelling
         StartTime=2020-11-23T15:10:00Z
         EndTime=2020-11-23T17:02:03Z
         ResourceIds.1=m-1
         ResourceIds.2=m-2
         TaskGroupId=tg-1
         OwnerId=1
         OwnerAccount=owner
         ResourceOwnerAccount=resource-owner
         ResourceOwnerId=2",
    );
    // Empty lists are left out, a single id is not followed by a comma.
    let one = DescribeTasksRequest::new().region_id("r").task_ids(["t-1"]);
    assert_params(&one, "RegionId=r\nTaskIds=t-1");
}

#[test]
fn import_image_params() {
    let request = ImportImageRequest::new()
        .region_id("cn-hangzhou")
        .disk_device_mapping([
            DiskDeviceMapping::new()
                .oss_bucket("bucket-a")
                .oss_object("system.qcow2")
                .format(DiskImageFormat::Qcow2)
                .disk_image_size(40)
                .disk_im_size(41)
                .device("/dev/xvda"),
            DiskDeviceMapping::new()
                .oss_bucket("bucket-b")
                .oss_object("data.raw")
                .format("ISO")
                .disk_image_size(500),
        ])
        .image_name("my-image")
        .description("imported")
        .architecture(Architecture::X8664)
        .os_type(OsType::Linux)
        .platform(ImportImagePlatform::RockyLinux)
        .boot_mode(ImportImageBootMode::Uefi)
        .license_type(LicenseType::Byol)
        .role_name("AliyunECSImageImportDefaultRole")
        .resource_group_id("rg-1")
        .tag([
            Tag::new().key("env").value("prod"),
            Tag::new().key("owner").value(""),
        ])
        .detection_strategy(DetectionStrategy::Standard)
        .storage_location_arn("arn:acs:cloudbox:cn-hangzhou:1:cloudbox/cb-1")
        .features(
            Features::new()
                .imds_support(ImdsSupport::V2)
                .nvme_support(NvmeSupport::Supported),
        )
        .client_token("token-1")
        .dry_run(true)
        .owner_id(3_i64)
        .resource_owner_account("ro")
        .resource_owner_id(4_i64);
    assert_params(
        &request,
        "RegionId=cn-hangzhou
         ImageName=my-image
         Description=imported
         Architecture=x86_64
         OSType=linux
         Platform=Rocky Linux
         BootMode=UEFI
         RoleName=AliyunECSImageImportDefaultRole
         LicenseType=BYOL
         ResourceGroupId=rg-1
         DiskDeviceMapping.1.DiskImSize=41
         DiskDeviceMapping.1.Device=/dev/xvda
         DiskDeviceMapping.1.OSSBucket=bucket-a
         DiskDeviceMapping.1.Format=QCOW2
         DiskDeviceMapping.1.OSSObject=system.qcow2
         DiskDeviceMapping.1.DiskImageSize=40
         DiskDeviceMapping.2.OSSBucket=bucket-b
         DiskDeviceMapping.2.Format=ISO
         DiskDeviceMapping.2.OSSObject=data.raw
         DiskDeviceMapping.2.DiskImageSize=500
         Tag.1.Key=env
         Tag.1.Value=prod
         Tag.2.Key=owner
         Tag.2.Value=
         DetectionStrategy=Standard
         StorageLocationArn=arn:acs:cloudbox:cn-hangzhou:1:cloudbox/cb-1
         ClientToken=token-1
         DryRun=true
         Features.ImdsSupport=v2
         Features.NvmeSupport=supported
         OwnerId=3
         ResourceOwnerAccount=ro
         ResourceOwnerId=4",
    );
}

#[test]
fn export_image_params() {
    let request = ExportImageRequest::new()
        .region_id("cn-hangzhou")
        .image_id("m-1")
        .oss_bucket("bucket")
        .oss_prefix("Exported")
        .image_format(ExportImageFormat::Vhd)
        .role_name("role")
        .dry_run(false)
        .owner_id(5_i64)
        .resource_owner_account("ro")
        .resource_owner_id(6_i64);
    assert_params(
        &request,
        "RegionId=cn-hangzhou
         ImageId=m-1
         OSSBucket=bucket
         OSSPrefix=Exported
         ImageFormat=vhd
         RoleName=role
         DryRun=false
         OwnerId=5
         ResourceOwnerAccount=ro
         ResourceOwnerId=6",
    );
}

#[test]
fn cancel_task_params() {
    let request = CancelTaskRequest::new()
        .region_id("cn-hangzhou")
        .task_id("t-1")
        .owner_id(7_i64)
        .resource_owner_account("ro")
        .resource_owner_id(8_i64);
    assert_params(
        &request,
        "RegionId=cn-hangzhou
         TaskId=t-1
         OwnerId=7
         ResourceOwnerAccount=ro
         ResourceOwnerId=8",
    );
}

#[test]
fn describe_regions_params() {
    let request = DescribeRegionsRequest::new()
        .accept_language(AcceptLanguage::ZhTw)
        .instance_charge_type(DescribeRegionsInstanceChargeType::SpotAsPriceGo)
        .resource_type(DescribeRegionsResourceType::Reservedinstance)
        .owner_id(9_i64)
        .owner_account("owner")
        .resource_owner_account("ro")
        .resource_owner_id(10_i64);
    assert_params(
        &request,
        "InstanceChargeType=SpotAsPriceGo
         ResourceType=reservedinstance
         AcceptLanguage=zh_TW
         OwnerId=9
         OwnerAccount=owner
         ResourceOwnerAccount=ro
         ResourceOwnerId=10",
    );
    // Nothing is required.
    assert!(
        DescribeRegionsRequest::new()
            .to_params()
            .unwrap()
            .is_empty()
    );
}

#[test]
#[rustfmt::skip]
fn missing_required_parameters_are_named() {
    let cases = [
        (DescribeTaskAttributeRequest::new().task_id("t").to_params(), "RegionId"),
        (DescribeTaskAttributeRequest::new().region_id("r").to_params(), "TaskId"),
        (DescribeTasksRequest::new().task_ids(["t"]).to_params(), "RegionId"),
        (CancelTaskRequest::new().task_id("t").to_params(), "RegionId"),
        (CancelTaskRequest::new().region_id("r").to_params(), "TaskId"),
        (ImportImageRequest::new().image_name("i").to_params(), "RegionId"),
        (ExportImageRequest::new().image_id("m").oss_bucket("b").to_params(), "RegionId"),
        (ExportImageRequest::new().region_id("r").oss_bucket("b").to_params(), "ImageId"),
        (ExportImageRequest::new().region_id("r").image_id("m").to_params(), "OSSBucket"),
    ];
    for (result, name) in cases {
        assert_eq!(result, Err(ParamError::Missing(name.into())), "{name}");
    }
}

#[test]
fn operation_info() {
    fn check<R: Operation>(action: &str, idempotent: bool, token: Option<&str>) {
        let info = R::INFO;
        assert_eq!(info.action, action);
        assert_eq!(info.version, "2014-05-26");
        assert_eq!(info.idempotent, idempotent, "{action}");
        assert_eq!(info.client_token, token, "{action}");
        assert!(!info.errors.is_empty(), "{action} lists its errors");
        assert!(info.errors.iter().all(|e| !e.code.is_empty()
            && (400..600).contains(&e.http_status)
            && !e.message.is_empty()));
    }
    check::<DescribeTaskAttributeRequest>("DescribeTaskAttribute", true, None);
    check::<DescribeTasksRequest>("DescribeTasks", true, None);
    check::<DescribeRegionsRequest>("DescribeRegions", true, None);
    check::<CancelTaskRequest>("CancelTask", false, None);
    check::<ImportImageRequest>("ImportImage", false, Some("ClientToken"));
    check::<ExportImageRequest>("ExportImage", false, None);

    let codes: Vec<_> = DescribeTaskAttributeRequest::INFO
        .errors
        .iter()
        .map(|e| (e.code, e.http_status))
        .collect();
    assert!(codes.contains(&("InvalidTaskId.NotFound", 400)));
}

#[test]
fn default_region_fills_only_when_unset() {
    fn check<R: Operation + Default + Debug>(set: R) {
        let mut unset = R::default();
        assert_eq!(unset.region(), None);
        unset.default_region("cn-beijing");
        assert_eq!(unset.region(), Some("cn-beijing"));
        unset.default_region("cn-shanghai");
        assert_eq!(unset.region(), Some("cn-beijing"));

        let mut set = set;
        set.default_region("cn-beijing");
        assert_eq!(set.region(), Some("cn-hangzhou"));
    }
    check(DescribeTaskAttributeRequest::new().region_id("cn-hangzhou"));
    check(DescribeTasksRequest::new().region_id("cn-hangzhou"));
    check(CancelTaskRequest::new().region_id("cn-hangzhou"));
    check(ImportImageRequest::new().region_id("cn-hangzhou"));
    check(ExportImageRequest::new().region_id("cn-hangzhou"));

    // DescribeRegions has no RegionId parameter: the default is ignored.
    let mut regions = DescribeRegionsRequest::new();
    regions.default_region("cn-beijing");
    assert_eq!(regions.region(), None);
    assert!(regions.to_params().unwrap().is_empty());

    // A defaulted region is what the parameters carry.
    let mut attr = DescribeTaskAttributeRequest::new().task_id("t-1");
    attr.default_region("cn-beijing");
    assert_eq!(
        attr.to_params().unwrap().get("RegionId"),
        Some("cn-beijing")
    );
}

#[test]
fn default_client_token_fills_only_when_unset() {
    let mut unset = ImportImageRequest::new().region_id("r");
    unset.default_idempotency_token("generated");
    assert_eq!(Operation::idempotency_token(&unset), Some("generated"));
    unset.default_idempotency_token("other");
    assert_eq!(
        unset.to_params().unwrap().get("ClientToken"),
        Some("generated")
    );

    let mut set = ImportImageRequest::new().client_token("mine");
    set.default_idempotency_token("generated");
    assert_eq!(Operation::idempotency_token(&set), Some("mine"));

    // Operations without a token parameter ignore it.
    let mut cancel = CancelTaskRequest::new().region_id("r").task_id("t");
    cancel.default_idempotency_token("generated");
    assert_eq!(Operation::idempotency_token(&cancel), None);
    assert_eq!(cancel.to_params().unwrap().get("ClientToken"), None);
}
