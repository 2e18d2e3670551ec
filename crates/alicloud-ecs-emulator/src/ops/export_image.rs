//! `ExportImage`: validate the request and create an export task writing
//! `<OSSPrefix>_<ImageId>_<TaskId>.<format>` to the bucket, honouring `ClientToken` and `DryRun`.

use alicloud_ecs_model::{ExportImageResponse, codes};
use bytes::Bytes;
use http::Response;

use super::validate::{self, one_of};
use super::{Params, replay, token_key};
use crate::regions::RegionInfo;
use crate::respond::{ApiError, Ctx};
use crate::service::Inner;
use crate::state::{ImageState, NewTask, TokenRecord};

const ACTION: &str = "ExportImage";
const FORMATS: &[&str] = &["raw", "vhd", "qcow2", "vmdk", "vdi"];

/// The checked request.
struct Export<'a> {
    image_id: &'a str,
    bucket: &'a str,
    prefix: Option<&'a str>,
    format: String,
}

fn read<'a>(params: &Params<'a>) -> Result<Export<'a>, ApiError> {
    let image_id = params.required("ImageId")?;
    let bucket = params.required("OSSBucket")?;
    let format = match params.optional("ImageFormat") {
        Some(format) => {
            one_of(format, FORMATS, validate::bad_image_format)?;
            format.to_ascii_lowercase()
        }
        None => "raw".to_owned(),
    };
    let prefix = params.optional("OSSPrefix");
    if let Some(prefix) = prefix {
        validate::oss_prefix(prefix)?;
    }
    if let Some(token) = params.optional("ClientToken") {
        validate::client_token(token)?;
    }
    Ok(Export {
        image_id,
        bucket,
        prefix,
        format,
    })
}

/// Create the task, or find what the same `ClientToken` created before. Returns the task id
/// and whether it was created now.
fn create(
    inner: &Inner,
    region: &RegionInfo,
    params: &Params<'_>,
    export: Export<'_>,
) -> Result<(String, bool), ApiError> {
    let token = params.optional("ClientToken");
    let fingerprint = params.fingerprint(&["ClientToken"]);
    let now = inner.clock.now_ms();
    let mut state = inner.write();
    let existing = state
        .regions
        .get(region.id)
        .ok_or_else(ApiError::region_not_found)?;
    if let Some(earlier) = replay(existing, ACTION, token, &fingerprint)? {
        return Ok((earlier.task_id, false));
    }
    match existing.image_state(export.image_id, now) {
        ImageState::Available => {}
        ImageState::Importing | ImageState::Failed => {
            return Err(ApiError::new(
                400,
                codes::INCORRECT_IMAGE_STATUS,
                "The specified Image is not available.",
            ));
        }
        ImageState::Missing => {
            return Err(ApiError::new(
                404,
                codes::INVALID_IMAGE_ID_NOT_FOUND,
                "The specified ImageId does not exist.",
            ));
        }
    }
    if existing.is_exporting(export.image_id, now) {
        return Err(ApiError::new(
            403,
            codes::IMAGE_IS_EXPORTING,
            "The specified Image is exporting.",
        ));
    }
    let task_id = state.new_task_id(region.id);
    let object = match export.prefix {
        Some(prefix) => format!("{prefix}_{}_{task_id}.{}", export.image_id, export.format),
        None => format!("{}_{task_id}.{}", export.image_id, export.format),
    };
    let new = NewTask {
        region: region.id,
        action: ACTION,
        resource_id: export.image_id.to_owned(),
        operations: vec![vec![
            ("OSSBucket".to_owned(), export.bucket.to_owned()),
            ("OSSObject".to_owned(), object),
            ("ImageFormat".to_owned(), export.format),
        ]],
        failure: inner.faults.task_failure(ACTION),
    };
    state.create_task(&task_id, new, now);
    if let (Some(token), Some(region_state)) = (token, state.regions.get_mut(region.id)) {
        region_state.tokens.insert(
            token_key(ACTION, token),
            TokenRecord {
                fingerprint,
                task_id: task_id.clone(),
                image_id: None,
            },
        );
    }
    Ok((task_id, true))
}

/// Run the operation.
pub(super) async fn run(
    inner: &Inner,
    params: &Params<'_>,
    ctx: &Ctx,
) -> Result<Response<Bytes>, ApiError> {
    let region = params.region()?;
    let export = read(params)?;
    params.dry_run()?;
    let (task_id, created) = create(inner, region, params, export)?;
    if created {
        inner.save_or_fail().await?;
    }
    let mut response = ExportImageResponse::default();
    response.request_id = Some(ctx.request_id.clone());
    response.region_id = Some(region.id.to_owned());
    response.task_id = Some(task_id);
    ctx.ok("ExportImageResponse", &response)
}
