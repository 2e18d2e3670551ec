//! Tasks: the stored record, its lifecycle on the emulated clock, and the public views of it.
//!
//! A task is stored as its creation time and phase durations; its state at any instant is
//! computed from those, so advancing the clock needs no background work and states only move
//! forward: `Waiting` → `Processing` (progress rising in whole percent) → `Finished`, or
//! `Failed` at a chosen percentage, or `Cancelled` when `CancelTask` stopped it.

use std::time::Duration;

use crate::clock::from_ms;
use crate::seed::{TaskFailure, TaskInfo};
use alicloud_ecs_model::describe_task_attribute::{OperationProgress, RelatedItem};
use alicloud_ecs_model::{
    DescribeTaskAttributeResponse, OperationStatus, Task, TaskAction, TaskStatus, Timestamp,
};
use serde::{Deserialize, Serialize};

/// How long a new task waits before it starts processing, at speed 1.
pub(crate) const WAITING: Duration = Duration::from_secs(2);
/// How long an `ImportImage` task processes, at speed 1.
pub(crate) const IMPORT_PROCESSING: Duration = Duration::from_secs(60);
/// How long an `ExportImage` (or any other) task processes, at speed 1.
pub(crate) const EXPORT_PROCESSING: Duration = Duration::from_secs(30);

/// The task state name used after `CancelTask`. The real service's name is undocumented.
pub(crate) const CANCELLED: &str = "Cancelled";
/// The task state name before processing starts. The real service's name is undocumented.
pub(crate) const WAITING_STATUS: &str = "Waiting";

/// A stored task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TaskRecord {
    pub(crate) id: String,
    pub(crate) region: String,
    pub(crate) action: String,
    pub(crate) resource_id: String,
    /// Creation order, to sort tasks created in the same millisecond.
    pub(crate) seq: u64,
    pub(crate) created_ms: i64,
    pub(crate) waiting_ms: i64,
    pub(crate) processing_ms: i64,
    #[serde(default)]
    pub(crate) failure: Option<TaskFailure>,
    #[serde(default)]
    pub(crate) cancelled_ms: Option<i64>,
    /// The related items (`Name`, `Value`) of each sub-operation.
    pub(crate) operations: Vec<Vec<(String, String)>>,
    /// A fixed `SupportCancel`, used to reproduce a documented example verbatim.
    #[serde(default)]
    pub(crate) support_cancel: Option<bool>,
    #[serde(default)]
    pub(crate) task_group_id: Option<String>,
}

/// A task's state at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Waiting,
    Processing(u8),
    Finished,
    Failed(u8),
    Cancelled(u8),
}

impl Phase {
    /// The `TaskStatus` value.
    pub(crate) fn status(self) -> &'static str {
        match self {
            Self::Waiting => WAITING_STATUS,
            Self::Processing(_) => "Processing",
            Self::Finished => "Finished",
            Self::Failed(_) => "Failed",
            Self::Cancelled(_) => CANCELLED,
        }
    }

    /// The progress in percent.
    pub(crate) fn progress(self) -> u8 {
        match self {
            Self::Waiting => 0,
            Self::Finished => 100,
            Self::Processing(p) | Self::Failed(p) | Self::Cancelled(p) => p,
        }
    }

    /// Whether the task is still waiting or processing.
    pub(crate) fn is_running(self) -> bool {
        matches!(self, Self::Waiting | Self::Processing(_))
    }
}

/// Whether `CancelTask` accepts tasks of this action at all.
pub(crate) fn cancellable_action(action: &str) -> bool {
    matches!(action, "ImportImage" | "ExportImage")
}

/// A time with minute precision, as Alibaba writes task times (`2015-11-23T02:13Z`).
pub(crate) fn minute_timestamp(ms: i64) -> Timestamp {
    let t = from_ms(ms);
    let mut text = *b"0000-00-00T00:00Z";
    let year = u32::try_from(t.year()).unwrap_or(0).min(9999);
    for (at, value, width) in [
        (0, year, 4),
        (5, u32::from(u8::from(t.month())), 2),
        (8, u32::from(t.day()), 2),
        (11, u32::from(t.hour()), 2),
        (14, u32::from(t.minute()), 2),
    ] {
        for i in 0..width {
            let digit = value / 10u32.pow(width - 1 - i) % 10;
            text[at + i as usize] = b'0' + digit as u8;
        }
    }
    std::str::from_utf8(&text)
        .ok()
        .and_then(|text| Timestamp::parse(text).ok())
        .unwrap_or_else(|| Timestamp::from(t))
}

impl TaskRecord {
    fn processing_start(&self) -> i64 {
        self.created_ms.saturating_add(self.waiting_ms)
    }

    fn fail_ms(&self, failure: &TaskFailure) -> i64 {
        let share = self
            .processing_ms
            .saturating_mul(i64::from(failure.at_percent))
            / 100;
        self.processing_start().saturating_add(share)
    }

    /// The state at `t` if nobody cancels the task.
    fn natural_phase(&self, t: i64) -> Phase {
        if let Some(failure) = &self.failure
            && t >= self.fail_ms(failure)
        {
            return Phase::Failed(failure.at_percent);
        }
        let start = self.processing_start();
        if t < start {
            return Phase::Waiting;
        }
        if t >= start.saturating_add(self.processing_ms) {
            return Phase::Finished;
        }
        let percent = (t - start).saturating_mul(100) / self.processing_ms.max(1);
        Phase::Processing(percent.clamp(0, 99) as u8)
    }

    /// The state at emulated time `now` (milliseconds).
    pub(crate) fn phase_at(&self, now: i64) -> Phase {
        match self.cancelled_ms {
            Some(at) if at <= now => match self.natural_phase(at) {
                Phase::Waiting => Phase::Cancelled(0),
                Phase::Processing(p) => Phase::Cancelled(p),
                ended => ended,
            },
            _ => self.natural_phase(now),
        }
    }

    /// When the task ended, if it has.
    pub(crate) fn finished_ms(&self, phase: Phase) -> Option<i64> {
        match phase {
            Phase::Waiting | Phase::Processing(_) => None,
            Phase::Finished => Some(self.processing_start().saturating_add(self.processing_ms)),
            Phase::Failed(_) => self.failure.as_ref().map(|f| self.fail_ms(f)),
            Phase::Cancelled(_) => self.cancelled_ms,
        }
    }

    /// `SupportCancel` in this phase.
    pub(crate) fn support_cancel(&self, phase: Phase) -> bool {
        self.support_cancel
            .unwrap_or_else(|| cancellable_action(&self.action) && phase.is_running())
    }

    fn operation_progress(&self, phase: Phase) -> Vec<OperationProgress> {
        let (status, code, message) = match (phase, &self.failure) {
            (Phase::Finished, _) => (OperationStatus::Success, "", ""),
            (Phase::Failed(_), Some(f)) => {
                (OperationStatus::Failed, f.code.as_str(), f.message.as_str())
            }
            _ => return Vec::new(),
        };
        self.operations
            .iter()
            .map(|items| {
                let mut op = OperationProgress::default();
                op.operation_status = Some(status.clone());
                op.error_code = Some(code.to_owned());
                op.error_msg = Some(message.to_owned());
                op.related_item_set = items
                    .iter()
                    .map(|(name, value)| {
                        let mut item = RelatedItem::default();
                        item.name = Some(name.clone());
                        item.value = Some(value.clone());
                        item
                    })
                    .collect();
                op
            })
            .collect()
    }

    /// The `DescribeTaskAttribute` response for this task at `now`.
    pub(crate) fn attribute(&self, now: i64, request_id: String) -> DescribeTaskAttributeResponse {
        let phase = self.phase_at(now);
        let total = i32::try_from(self.operations.len().max(1)).unwrap_or(i32::MAX);
        let mut r = DescribeTaskAttributeResponse::default();
        r.request_id = Some(request_id);
        r.task_id = Some(self.id.clone());
        r.region_id = Some(self.region.clone());
        r.task_action = Some(TaskAction::from(self.action.as_str()));
        r.task_status = Some(TaskStatus::from(phase.status()));
        r.task_process = Some(format!("{}%", phase.progress()));
        r.support_cancel = Some(self.support_cancel(phase));
        r.total_count = Some(total);
        r.success_count = Some(if phase == Phase::Finished { total } else { 0 });
        r.failed_count = Some(if matches!(phase, Phase::Failed(_)) {
            total
        } else {
            0
        });
        r.creation_time = Some(minute_timestamp(self.created_ms));
        r.finished_time = self.finished_ms(phase).map(minute_timestamp);
        r.operation_progress_set = self.operation_progress(phase);
        r
    }

    /// The `DescribeTasks` item for this task at `now`.
    pub(crate) fn item(&self, now: i64) -> Task {
        let phase = self.phase_at(now);
        let mut t = Task::default();
        t.task_id = Some(self.id.clone());
        t.task_action = Some(TaskAction::from(self.action.as_str()));
        t.task_status = Some(TaskStatus::from(phase.status()));
        t.support_cancel = Some(self.support_cancel(phase));
        t.creation_time = Some(minute_timestamp(self.created_ms));
        t.finished_time = self.finished_ms(phase).map(minute_timestamp);
        t.resource_id = Some(self.resource_id.clone());
        t
    }

    /// The public view of this task at `now`.
    pub(crate) fn info(&self, now: i64) -> TaskInfo {
        let phase = self.phase_at(now);
        let failed = matches!(phase, Phase::Failed(_));
        TaskInfo {
            region_id: self.region.clone(),
            task_id: self.id.clone(),
            task_action: TaskAction::from(self.action.as_str()),
            task_status: TaskStatus::from(phase.status()),
            progress: phase.progress(),
            support_cancel: self.support_cancel(phase),
            creation_time: Timestamp::from(from_ms(self.created_ms)),
            finished_time: self
                .finished_ms(phase)
                .map(|ms| Timestamp::from(from_ms(ms))),
            resource_id: self.resource_id.clone(),
            task_group_id: self.task_group_id.clone(),
            error_code: self
                .failure
                .as_ref()
                .filter(|_| failed)
                .map(|f| f.code.clone()),
            error_msg: self
                .failure
                .as_ref()
                .filter(|_| failed)
                .map(|f| f.message.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(waiting_ms: i64, processing_ms: i64) -> TaskRecord {
        TaskRecord {
            id: "t-1".to_owned(),
            region: "cn-hangzhou".to_owned(),
            action: "ImportImage".to_owned(),
            resource_id: "m-1".to_owned(),
            seq: 1,
            created_ms: 1_000,
            waiting_ms,
            processing_ms,
            failure: None,
            cancelled_ms: None,
            operations: vec![Vec::new()],
            support_cancel: None,
            task_group_id: None,
        }
    }

    #[test]
    fn phases_follow_the_schedule() {
        let task = record(2_000, 10_000);
        assert_eq!(task.phase_at(0), Phase::Waiting);
        assert_eq!(task.phase_at(2_999), Phase::Waiting);
        assert_eq!(task.phase_at(3_000), Phase::Processing(0));
        assert_eq!(task.phase_at(8_000), Phase::Processing(50));
        assert_eq!(task.phase_at(12_999), Phase::Processing(99));
        assert_eq!(task.phase_at(13_000), Phase::Finished);
        assert_eq!(task.finished_ms(Phase::Finished), Some(13_000));
        assert_eq!(record(0, 0).phase_at(1_000), Phase::Finished);
    }

    #[test]
    fn failures_and_cancellations_end_early() {
        let mut task = record(0, 10_000);
        task.failure = Some(TaskFailure::new("E", "m").at_percent(30));
        assert_eq!(task.phase_at(3_999), Phase::Processing(29));
        assert_eq!(task.phase_at(4_000), Phase::Failed(30));
        assert_eq!(task.finished_ms(Phase::Failed(30)), Some(4_000));
        task.cancelled_ms = Some(2_000);
        assert_eq!(task.phase_at(1_500), Phase::Processing(5));
        assert_eq!(task.phase_at(50_000), Phase::Cancelled(10));
        assert!(!task.support_cancel(Phase::Cancelled(10)));
        assert!(task.support_cancel(Phase::Processing(5)));
    }

    #[test]
    fn task_times_have_minute_precision() {
        assert_eq!(
            minute_timestamp(1_448_244_780_000 + 59_999).to_string(),
            "2015-11-23T02:13Z"
        );
    }
}
