//! The public views of tasks: [`TaskInfo`] (inspection), [`TaskSeed`] and [`TaskFailure`]
//! (placing tasks and failures into the emulator).

use std::time::Duration;

use alicloud_ecs_model::{TaskAction, TaskStatus, Timestamp};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Why and when a task fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskFailure {
    /// The `ErrorCode` reported in the task's `OperationProgress`.
    pub code: String,
    /// The `ErrorMsg` reported in the task's `OperationProgress`.
    pub message: String,
    /// The progress (0–99) at which the task fails; 50 unless set.
    #[serde(default = "half")]
    pub at_percent: u8,
}

fn half() -> u8 {
    50
}

impl TaskFailure {
    /// A failure with this error code and message, happening at 50 %.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            at_percent: half(),
        }
    }

    /// Fail when progress reaches `percent` (capped at 99).
    #[must_use]
    pub fn at_percent(mut self, percent: u8) -> Self {
        self.at_percent = percent.min(99);
        self
    }
}

/// A task as the emulator sees it at one instant (from [`Control::tasks`](crate::Control::tasks)
/// or `GET /_emulator/tasks`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskInfo {
    /// The region holding the task.
    pub region_id: String,
    /// The task id.
    pub task_id: String,
    /// The operation that created it.
    pub task_action: TaskAction,
    /// `Waiting`, `Processing`, `Finished`, `Failed` or `Cancelled`.
    pub task_status: TaskStatus,
    /// Progress in percent (`TaskProcess` without the `%`).
    pub progress: u8,
    /// Whether `CancelTask` would accept it now.
    pub support_cancel: bool,
    /// When it was created (emulated time, seconds precision).
    pub creation_time: Timestamp,
    /// When it ended, if it has.
    pub finished_time: Option<Timestamp>,
    /// The image (or other resource) it works on.
    pub resource_id: String,
    /// Its task group, if it was seeded with one.
    pub task_group_id: Option<String>,
    /// The error code of a failed task.
    pub error_code: Option<String>,
    /// The error message of a failed task.
    pub error_msg: Option<String>,
}

/// A task to place into the emulator directly (with [`Control::seed_task`](crate::Control::seed_task)
/// or `POST /_emulator/tasks`), for states the public API cannot create, such as a
/// `ModifyDiskSpec` task or a task from last year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TaskSeed {
    /// The region (default `cn-hangzhou`).
    pub region_id: String,
    /// The task id (default: a fresh `t-…` id).
    pub task_id: Option<String>,
    /// The `TaskAction` (default `ImportImage`).
    pub task_action: String,
    /// The `ResourceId` (default: a fresh `m-…` id).
    pub resource_id: Option<String>,
    /// The creation time (default: the emulated now).
    pub creation_time: Option<Timestamp>,
    /// Seconds in `Waiting` (default 2).
    pub waiting_secs: Option<f64>,
    /// Seconds in `Processing` (default 60 for `ImportImage`, else 30).
    pub processing_secs: Option<f64>,
    /// Make the task fail.
    pub failure: Option<TaskFailure>,
    /// The task group id (`DescribeTasks` with `TaskGroupId` finds only grouped tasks).
    pub task_group_id: Option<String>,
}

impl Default for TaskSeed {
    fn default() -> Self {
        Self::new("cn-hangzhou", "ImportImage")
    }
}

impl TaskSeed {
    /// A task of `task_action` in `region_id`, created now, with the default durations.
    pub fn new(region_id: impl Into<String>, task_action: impl Into<String>) -> Self {
        Self {
            region_id: region_id.into(),
            task_id: None,
            task_action: task_action.into(),
            resource_id: None,
            creation_time: None,
            waiting_secs: None,
            processing_secs: None,
            failure: None,
            task_group_id: None,
        }
    }

    /// Use this task id.
    #[must_use]
    pub fn task_id(mut self, id: impl Into<String>) -> Self {
        self.task_id = Some(id.into());
        self
    }

    /// Use this resource id.
    #[must_use]
    pub fn resource_id(mut self, id: impl Into<String>) -> Self {
        self.resource_id = Some(id.into());
        self
    }

    /// Created at this (emulated) time.
    #[must_use]
    pub fn creation_time(mut self, at: OffsetDateTime) -> Self {
        self.creation_time = Some(Timestamp::from(at));
        self
    }

    /// Spend `waiting` in `Waiting`, then `processing` in `Processing`.
    #[must_use]
    pub fn durations(mut self, waiting: Duration, processing: Duration) -> Self {
        self.waiting_secs = Some(waiting.as_secs_f64());
        self.processing_secs = Some(processing.as_secs_f64());
        self
    }

    /// Fail as described.
    #[must_use]
    pub fn failure(mut self, failure: TaskFailure) -> Self {
        self.failure = Some(failure);
        self
    }

    /// Put the task into this task group.
    #[must_use]
    pub fn task_group_id(mut self, id: impl Into<String>) -> Self {
        self.task_group_id = Some(id.into());
        self
    }
}
