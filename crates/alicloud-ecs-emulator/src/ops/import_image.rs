//! `ImportImage`: validate the request, create a new image id and an import task (one
//! sub-operation per disk), honouring `ClientToken` and `DryRun`.

use alicloud_ecs_model::{ImportImageResponse, codes};
use bytes::Bytes;
use http::Response;

use super::validate::{self, one_of};
use super::{Params, replay, token_key};
use crate::regions::RegionInfo;
use crate::respond::{ApiError, Ctx};
use crate::service::Inner;
use crate::state::{ImageRecord, NewTask, TokenRecord};

const ACTION: &str = "ImportImage";
const FORMATS: &[&str] = &["RAW", "VHD", "QCOW2", "VMDK"];

/// One `DiskDeviceMapping.N`.
struct Disk<'a> {
    bucket: &'a str,
    object: &'a str,
    format: String,
}

fn read_disks<'a>(params: &Params<'a>) -> Result<Vec<Disk<'a>>, ApiError> {
    let items = params.indexed("DiskDeviceMapping", 17);
    if items.is_empty() {
        return Err(ApiError::new(
            403,
            codes::MISSING_PARAMETER_DISK_DEVICE_MAPPING,
            "The specified parameter DiskDeviceMapping is not supplied.",
        ));
    }
    let mut disks = Vec::with_capacity(items.len());
    for (n, fields) in items {
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| *v)
                .filter(|v| !v.is_empty())
        };
        let required = |name: &str| {
            field(name).ok_or_else(|| ApiError::missing(&format!("DiskDeviceMapping.{n}.{name}")))
        };
        let (bucket, object) = (required("OSSBucket")?, required("OSSObject")?);
        let format = match field("Format") {
            Some(format) => {
                one_of(format, FORMATS, validate::bad_image_format)?;
                format.to_ascii_uppercase()
            }
            None => detected_format(object).to_owned(),
        };
        for size in ["DiskImageSize", "DiskImSize"] {
            let in_range = |v: &str| {
                v.trim()
                    .parse::<i64>()
                    .is_ok_and(|s| (1..=2048).contains(&s))
            };
            if field(size).is_some_and(|v| !in_range(v)) {
                return Err(ApiError::new(
                    400,
                    codes::INVALID_IMAGE_SIZE,
                    format!(
                        "The specified DiskDeviceMapping.{n}.{size} is not within 1 to 2048 GiB."
                    ),
                ));
            }
        }
        disks.push(Disk {
            bucket,
            object,
            format,
        });
    }
    Ok(disks)
}

/// The format implied by the object's suffix, `RAW` when it names none.
fn detected_format(object: &str) -> &'static str {
    let suffix = object.rsplit_once('.').map(|(_, s)| s.to_ascii_lowercase());
    match suffix.as_deref() {
        Some("qcow2") => "QCOW2",
        Some("vhd") => "VHD",
        Some("vmdk") => "VMDK",
        _ => "RAW",
    }
}

fn check_options(params: &Params<'_>) -> Result<(), ApiError> {
    if let Some(name) = params.optional("ImageName") {
        validate::image_name(name)?;
    }
    if let Some(text) = params.optional("Description") {
        validate::description(text)?;
    }
    if let Some(arch) = params.optional("Architecture") {
        one_of(
            arch,
            &["i386", "x86_64", "arm64"],
            validate::bad_architecture,
        )?;
    }
    if let Some(os) = params.optional("OSType") {
        one_of(os, &["windows", "linux"], validate::bad_os_type)?;
    }
    if let Some(mode) = params.optional("BootMode") {
        one_of(mode, &["BIOS", "UEFI"], validate::bad_boot_mode)?;
    }
    if let Some(strategy) = params.optional("DetectionStrategy") {
        one_of(strategy, &["Standard"], validate::bad_detection_strategy)?;
    }
    if let Some(token) = params.optional("ClientToken") {
        validate::client_token(token)?;
    }
    Ok(())
}

/// Create the image and its task, or find what the same `ClientToken` created before.
/// Returns the task id, the image id, and whether anything was created.
fn create(
    inner: &Inner,
    region: &RegionInfo,
    params: &Params<'_>,
    disks: Vec<Disk<'_>>,
) -> Result<(String, String, bool), ApiError> {
    let token = params.optional("ClientToken");
    let fingerprint = params.fingerprint(&["ClientToken"]);
    let name = params.optional("ImageName");
    let now = inner.clock.now_ms();
    let mut state = inner.write();
    let existing = state
        .regions
        .get(region.id)
        .ok_or_else(ApiError::region_not_found)?;
    if let Some(earlier) = replay(existing, ACTION, token, &fingerprint)? {
        return Ok((earlier.task_id, earlier.image_id.unwrap_or_default(), false));
    }
    if name.is_some_and(|n| existing.has_image_named(n, now)) {
        return Err(ApiError::new(
            400,
            codes::INVALID_IMAGE_NAME_DUPLICATED,
            "The destination image is exist.",
        ));
    }
    let image_id = state.fresh_id("m-");
    let task_id = state.new_task_id(region.id);
    let operations = disks
        .into_iter()
        .map(|disk| {
            vec![
                ("OSSBucket".to_owned(), disk.bucket.to_owned()),
                ("OSSObject".to_owned(), disk.object.to_owned()),
                ("ImageFormat".to_owned(), disk.format),
            ]
        })
        .collect();
    let new = NewTask {
        region: region.id,
        action: ACTION,
        resource_id: image_id.clone(),
        operations,
        failure: inner.faults.task_failure(ACTION),
    };
    state.create_task(&task_id, new, now);
    let region_state = state
        .regions
        .get_mut(region.id)
        .ok_or_else(ApiError::region_not_found)?;
    region_state.images.insert(
        image_id.clone(),
        ImageRecord {
            name: name.map(str::to_owned),
            import_task: Some(task_id.clone()),
            description: params.optional("Description").map(str::to_owned),
            os_type: params.optional("OSType").map(str::to_ascii_lowercase),
            architecture: params.optional("Architecture").map(str::to_owned),
            platform: params.optional("Platform").map(str::to_owned),
            boot_mode: params.optional("BootMode").map(str::to_ascii_uppercase),
        },
    );
    if let Some(token) = token {
        region_state.tokens.insert(
            token_key(ACTION, token),
            TokenRecord {
                fingerprint,
                task_id: task_id.clone(),
                image_id: Some(image_id.clone()),
            },
        );
    }
    Ok((task_id, image_id, true))
}

/// Run the operation.
pub(super) async fn run(
    inner: &Inner,
    params: &Params<'_>,
    ctx: &Ctx,
) -> Result<Response<Bytes>, ApiError> {
    let region = params.region()?;
    let disks = read_disks(params)?;
    check_options(params)?;
    params.dry_run()?;
    let (task_id, image_id, created) = create(inner, region, params, disks)?;
    if created {
        inner.save_or_fail().await?;
    }
    let mut response = ImportImageResponse::default();
    response.request_id = Some(ctx.request_id.clone());
    response.region_id = Some(region.id.to_owned());
    response.image_id = Some(image_id);
    response.task_id = Some(task_id);
    ctx.ok("ImportImageResponse", &response)
}
