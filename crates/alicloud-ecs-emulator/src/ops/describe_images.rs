//! `DescribeImages`: a filtered page of a region's images, newest first, with the state of
//! their import.
//!
//! An imported image is `Creating` while its import task waits or processes (`Progress` is the
//! task's), `Available` once it finished, `CreateFailed` when it failed or was cancelled; the
//! seed images are `Available`. Filters: `ImageId` (comma-separated), `Status`
//! (comma-separated, any letter case; `Available` when absent, as documented), `ImageName`
//! (part of the name). Pages: `PageNumber` ≥ 1 (default 1), `PageSize` 1–100 (default 10).

use alicloud_ecs_model::describe_images::{DiskDeviceMapping, Image};
use alicloud_ecs_model::{DescribeImagesResponse, Timestamp};
use bytes::Bytes;
use http::Response;

use super::Params;
use crate::clock::from_ms;
use crate::respond::{ApiError, Ctx};
use crate::service::Inner;
use crate::state::{ImageRecord, RegionState};
use crate::task::{Phase, TaskRecord};

/// The `Status` filter when the request has none.
const DEFAULT_STATUS: &str = "Available";
/// When the seed images were created: 2015-11-23T02:00:00Z, before the example export task.
const SEED_CREATED_MS: i64 = 1_448_244_000_000;

/// An image's state at one instant.
struct Listed<'a> {
    id: &'a str,
    record: &'a ImageRecord,
    task: Option<&'a TaskRecord>,
    status: &'static str,
    progress: u8,
    created_ms: i64,
}

impl<'a> Listed<'a> {
    fn new(region: &'a RegionState, id: &'a str, record: &'a ImageRecord, now: i64) -> Self {
        let task = record
            .import_task
            .as_ref()
            .and_then(|t| region.tasks.get(t));
        let (status, progress) = match task.map(|t| t.phase_at(now)) {
            None | Some(Phase::Finished) => ("Available", 100),
            Some(Phase::Waiting) => ("Creating", 0),
            Some(Phase::Processing(p)) => ("Creating", p),
            Some(Phase::Failed(p) | Phase::Cancelled(p)) => ("CreateFailed", p),
        };
        Self {
            id,
            record,
            task,
            status,
            progress,
            created_ms: task.map_or(SEED_CREATED_MS, |t| t.created_ms),
        }
    }

    fn image(&self) -> Image {
        let r = self.record;
        let mut image = Image::default();
        image.image_id = Some(self.id.to_owned());
        image.image_name = r.name.clone();
        image.status = Some(self.status.into());
        image.progress = Some(format!("{}%", self.progress));
        image.creation_time = Some(Timestamp::from(from_ms(self.created_ms)));
        image.description = r.description.clone();
        image.os_type = Some(r.os_type.as_deref().unwrap_or("linux").into());
        image.architecture = Some(r.architecture.as_deref().unwrap_or("x86_64").into());
        image.platform = r.platform.clone();
        image.boot_mode = Some(r.boot_mode.as_deref().unwrap_or("BIOS").into());
        image.image_owner_alias = Some("self".into());
        image.usage = Some("none".into());
        image.is_copied = Some(false);
        image.is_public = Some(false);
        image.is_subscribed = Some(false);
        image.is_self_shared = Some("false".to_owned());
        image.is_support_io_optimized = Some(true);
        image.disk_device_mappings = self.disks();
        image
    }

    /// One mapping per disk of the import task: its bucket, object and format.
    fn disks(&self) -> Vec<DiskDeviceMapping> {
        let Some(task) = self.task else {
            return Vec::new();
        };
        let devices = b"abcdefghijklmnopq";
        task.operations
            .iter()
            .zip(devices)
            .enumerate()
            .map(|(i, (items, letter))| {
                let item = |name: &str| {
                    items
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                };
                let mut disk = DiskDeviceMapping::default();
                disk.r#type = Some(if i == 0 { "system" } else { "data" }.to_owned());
                disk.device = Some(format!("/dev/xvd{}", char::from(*letter)));
                disk.import_oss_bucket = item("OSSBucket");
                disk.import_oss_object = item("OSSObject");
                disk.format = item("ImageFormat");
                disk.progress = Some(format!("{}%", self.progress));
                disk
            })
            .collect()
    }
}

/// Run the operation.
pub(super) fn run(
    inner: &Inner,
    params: &Params<'_>,
    ctx: &Ctx,
) -> Result<Response<Bytes>, ApiError> {
    let region = params.region()?;
    let page = params.page()?;
    params.dry_run()?;
    let ids = params.list("ImageId");
    let statuses = params
        .list("Status")
        .unwrap_or_else(|| vec![DEFAULT_STATUS]);
    let name = params.optional("ImageName");
    let now = inner.clock.now_ms();
    let (total, images) = {
        let state = inner.read();
        let region_state = state
            .regions
            .get(region.id)
            .ok_or_else(ApiError::region_not_found)?;
        let mut found: Vec<Listed<'_>> = region_state
            .images
            .iter()
            .filter(|(id, _)| ids.as_ref().is_none_or(|ids| ids.contains(&id.as_str())))
            .filter(|(_, r)| name.is_none_or(|n| r.name.as_deref().is_some_and(|m| m.contains(n))))
            .map(|(id, record)| Listed::new(region_state, id, record, now))
            .filter(|l| statuses.iter().any(|s| s.eq_ignore_ascii_case(l.status)))
            .collect();
        found.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then(a.id.cmp(b.id)));
        let images: Vec<Image> = page.of(&found).iter().map(Listed::image).collect();
        (found.len(), images)
    };
    let mut response = DescribeImagesResponse::default();
    response.request_id = Some(ctx.request_id.clone());
    response.region_id = Some(region.id.to_owned());
    response.total_count = Some(i32::try_from(total).unwrap_or(i32::MAX));
    response.page_number = i32::try_from(page.number).ok();
    response.page_size = i32::try_from(page.size).ok();
    response.images = images;
    ctx.ok("DescribeImagesResponse", &response)
}
