//! `DescribeTasks`: a filtered page of a region's tasks, newest first.
//!
//! Filters: `TaskIds` (comma-separated, at most 100), `TaskAction`, `TaskStatus` (only
//! `Finished`, `Processing` and `Failed` filter; other values are ignored, as the service
//! does), `ResourceIds.N`, and the creation-time range `StartTime`/`EndTime`. A `TaskGroupId`
//! replaces every other filter.

use alicloud_ecs_model::{DescribeTasksResponse, Timestamp};
use bytes::Bytes;
use http::Response;

use super::Params;
use crate::clock::to_ms;
use crate::respond::{ApiError, Ctx};
use crate::service::Inner;
use crate::task::TaskRecord;

const FILTER_STATUSES: &[&str] = &["Finished", "Processing", "Failed"];

/// The filters of one call.
struct Filter<'a> {
    group: Option<&'a str>,
    ids: Option<Vec<&'a str>>,
    action: Option<&'a str>,
    status: Option<&'a str>,
    resources: Vec<&'a str>,
    start: Option<i64>,
    end: Option<i64>,
}

impl<'a> Filter<'a> {
    fn read(params: &Params<'a>) -> Result<Self, ApiError> {
        let ids = params.list("TaskIds");
        if ids.as_ref().is_some_and(|ids| ids.len() > 100) {
            return Err(ApiError::invalid("TaskIds"));
        }
        Ok(Self {
            group: params.optional("TaskGroupId"),
            ids,
            action: params.optional("TaskAction"),
            status: params
                .optional("TaskStatus")
                .filter(|s| FILTER_STATUSES.contains(s)),
            resources: params
                .indexed("ResourceIds", 100)
                .into_values()
                .flatten()
                .map(|(_, value)| value)
                .collect(),
            start: time(params, "StartTime")?,
            end: time(params, "EndTime")?,
        })
    }

    fn matches(&self, task: &TaskRecord, now: i64) -> bool {
        if let Some(group) = self.group {
            return task.task_group_id.as_deref() == Some(group);
        }
        self.ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&task.id.as_str()))
            && self.action.is_none_or(|a| a == task.action)
            && self.status.is_none_or(|s| s == task.phase_at(now).status())
            && (self.resources.is_empty() || self.resources.contains(&task.resource_id.as_str()))
            && self.start.is_none_or(|start| task.created_ms >= start)
            && self.end.is_none_or(|end| task.created_ms <= end)
    }
}

/// A time filter, read leniently (`…T10:00Z`, `…T10:00:00Z`, fractions, offsets).
fn time(params: &Params<'_>, name: &str) -> Result<Option<i64>, ApiError> {
    params
        .optional(name)
        .map(|text| {
            Timestamp::parse(text.trim())
                .ok()
                .and_then(|t| t.to_offset_date_time())
                .map(to_ms)
                .ok_or_else(|| ApiError::invalid(name))
        })
        .transpose()
}

/// Run the operation.
pub(super) fn run(
    inner: &Inner,
    params: &Params<'_>,
    ctx: &Ctx,
) -> Result<Response<Bytes>, ApiError> {
    let region = params.region()?;
    let page = params.page()?;
    let filter = Filter::read(params)?;
    let now = inner.clock.now_ms();
    let (total, tasks) = {
        let state = inner.read();
        let mut found: Vec<&TaskRecord> = state
            .regions
            .get(region.id)
            .map(|r| {
                r.tasks
                    .values()
                    .filter(|t| filter.matches(t, now))
                    .collect()
            })
            .unwrap_or_default();
        found.sort_by_key(|t| std::cmp::Reverse((t.created_ms, t.seq)));
        let tasks: Vec<_> = page.of(&found).iter().map(|t| t.item(now)).collect();
        (found.len(), tasks)
    };
    let mut response = DescribeTasksResponse::default();
    response.request_id = Some(ctx.request_id.clone());
    response.region_id = Some(region.id.to_owned());
    response.total_count = Some(i32::try_from(total).unwrap_or(i32::MAX));
    response.page_number = i32::try_from(page.number).ok();
    response.page_size = i32::try_from(page.size).ok();
    response.task_set = tasks;
    ctx.ok("DescribeTasksResponse", &response)
}
