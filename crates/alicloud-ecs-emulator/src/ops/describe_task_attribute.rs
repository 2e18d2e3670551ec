//! `DescribeTaskAttribute`: one task's state, progress, counts and sub-operation results.

use bytes::Bytes;
use http::Response;

use super::Params;
use crate::respond::{ApiError, Ctx};
use crate::service::Inner;

/// Run the operation.
pub(super) fn run(
    inner: &Inner,
    params: &Params<'_>,
    ctx: &Ctx,
) -> Result<Response<Bytes>, ApiError> {
    let region = params.region()?;
    let task_id = params.required("TaskId")?;
    let now = inner.clock.now_ms();
    let response = {
        let state = inner.read();
        let task = state
            .task(region.id, task_id)
            .ok_or_else(ApiError::task_not_found)?;
        task.attribute(now, ctx.request_id.clone())
    };
    ctx.ok("DescribeTaskAttributeResponse", &response)
}
