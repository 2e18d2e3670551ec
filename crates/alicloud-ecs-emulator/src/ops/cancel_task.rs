//! `CancelTask`: stop a waiting or processing `ImportImage` or `ExportImage` task.

use alicloud_ecs_model::{CancelTaskResponse, codes};
use bytes::Bytes;
use http::Response;

use super::Params;
use crate::respond::{ApiError, Ctx};
use crate::service::Inner;
use crate::task::cancellable_action;

/// Run the operation.
pub(super) async fn run(
    inner: &Inner,
    params: &Params<'_>,
    ctx: &Ctx,
) -> Result<Response<Bytes>, ApiError> {
    let region = params.region()?;
    let task_id = params.required("TaskId")?;
    let now = inner.clock.now_ms();
    {
        let mut state = inner.write();
        let task = state
            .regions
            .get_mut(region.id)
            .and_then(|r| r.tasks.get_mut(task_id))
            .ok_or_else(ApiError::task_not_found)?;
        if !cancellable_action(&task.action) {
            return Err(ApiError::new(
                403,
                codes::INVALID_TASK_ID_TASK_ACTION_NOT_SUPPORT,
                "The specified task action  not support.",
            ));
        }
        if !task.phase_at(now).is_running() {
            return Err(ApiError::new(
                403,
                codes::INVALID_TASK_ID_INCORRECT_TASK_STATUS,
                "The specified task status is invalid.",
            ));
        }
        task.cancelled_ms = Some(now);
    }
    inner.save_or_fail().await?;
    let mut response = CancelTaskResponse::default();
    response.request_id = Some(ctx.request_id.clone());
    ctx.ok("CancelTaskResponse", &response)
}
