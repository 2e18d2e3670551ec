//! Everything the emulator remembers: per-region tasks, images and idempotency tokens, plus the
//! id generator. Regions are isolated: a task or image of one region is invisible in another.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::clock::to_ms;
use crate::regions::REGIONS;
use crate::rng::SplitMix64;
use crate::seed::{TaskFailure, TaskInfo, TaskSeed};
use crate::task::{EXPORT_PROCESSING, IMPORT_PROCESSING, Phase, TaskRecord, WAITING};

/// The documented example task, present from the start in `cn-hangzhou`.
pub(crate) const SEED_TASK_ID: &str = "t-23ym6mvro";
/// 2015-11-23T02:13:00Z, the example's `CreationTime`.
const SEED_TASK_CREATED_MS: i64 = 1_448_244_780_000;
/// Six minutes later, the example's `FinishedTime` (02:19Z).
const SEED_TASK_PROCESSING_MS: i64 = 6 * 60 * 1000;

/// The whole state, as saved to the state file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) regions: BTreeMap<String, RegionState>,
    pub(crate) rng: SplitMix64,
    pub(crate) next_seq: u64,
}

/// One region's resources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct RegionState {
    pub(crate) tasks: BTreeMap<String, TaskRecord>,
    pub(crate) images: BTreeMap<String, ImageRecord>,
    /// Idempotency tokens, keyed by `Action/ClientToken`.
    pub(crate) tokens: BTreeMap<String, TokenRecord>,
}

/// An image; imported images exist once their import task finished.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ImageRecord {
    pub(crate) name: Option<String>,
    pub(crate) import_task: Option<String>,
    /// What the import asked for, as `DescribeImages` reports it.
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) os_type: Option<String>,
    #[serde(default)]
    pub(crate) architecture: Option<String>,
    #[serde(default)]
    pub(crate) platform: Option<String>,
    #[serde(default)]
    pub(crate) boot_mode: Option<String>,
}

/// What a `ClientToken` was first used for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TokenRecord {
    /// The request's operation parameters, canonically joined.
    pub(crate) fingerprint: String,
    pub(crate) task_id: String,
    pub(crate) image_id: Option<String>,
}

/// Whether an image can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageState {
    Available,
    Importing,
    /// Its import failed or was cancelled (`CreateFailed`).
    Failed,
    Missing,
}

/// What a new task is about.
pub(crate) struct NewTask<'a> {
    pub(crate) region: &'a str,
    pub(crate) action: &'a str,
    pub(crate) resource_id: String,
    pub(crate) operations: Vec<Vec<(String, String)>>,
    pub(crate) failure: Option<TaskFailure>,
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn secs_to_ms(secs: f64) -> Result<i64, String> {
    if secs.is_finite() && secs >= 0.0 {
        Ok((secs * 1000.0) as i64)
    } else {
        Err(format!(
            "durations must be finite and not negative, got {secs}"
        ))
    }
}

impl State {
    /// The state of a fresh emulator: every region with its seed image, plus the example task.
    pub(crate) fn initial(seed: u64) -> Self {
        let mut regions = BTreeMap::new();
        for region in REGIONS {
            let mut state = RegionState::default();
            state
                .images
                .insert(region.seed_image.to_owned(), ImageRecord::default());
            regions.insert(region.id.to_owned(), state);
        }
        let seed_task = TaskRecord {
            id: SEED_TASK_ID.to_owned(),
            region: "cn-hangzhou".to_owned(),
            action: "ExportImage".to_owned(),
            resource_id: "m-23f8tcp8y".to_owned(),
            seq: 0,
            created_ms: SEED_TASK_CREATED_MS,
            waiting_ms: 0,
            processing_ms: SEED_TASK_PROCESSING_MS,
            failure: None,
            cancelled_ms: None,
            operations: vec![vec![
                ("OSSBucket".to_owned(), "image-temp".to_owned()),
                (
                    "OSSObject".to_owned(),
                    "MYOSSPRE_m-23f8tcp8y_t-23ym6mvro.vhd".to_owned(),
                ),
                ("ImageFormat".to_owned(), "vhd".to_owned()),
            ]],
            support_cancel: Some(true),
            task_group_id: None,
        };
        if let Some(hangzhou) = regions.get_mut("cn-hangzhou") {
            hangzhou.tasks.insert(SEED_TASK_ID.to_owned(), seed_task);
        }
        Self {
            regions,
            rng: SplitMix64::new(seed),
            next_seq: 1,
        }
    }

    /// A fresh id: `prefix` and 20 lowercase letters and digits.
    pub(crate) fn fresh_id(&mut self, prefix: &str) -> String {
        self.rng.id(prefix, 20)
    }

    /// Create task `id` (from [`new_task_id`](Self::new_task_id)) with the default durations.
    pub(crate) fn create_task(&mut self, id: &str, new: NewTask<'_>, now: i64) {
        let processing = if new.action == "ImportImage" {
            IMPORT_PROCESSING
        } else {
            EXPORT_PROCESSING
        };
        let record = TaskRecord {
            id: id.to_owned(),
            region: new.region.to_owned(),
            action: new.action.to_owned(),
            resource_id: new.resource_id,
            seq: self.take_seq(),
            created_ms: now,
            waiting_ms: ms(WAITING),
            processing_ms: ms(processing),
            failure: new.failure,
            cancelled_ms: None,
            operations: new.operations,
            support_cancel: None,
            task_group_id: None,
        };
        if let Some(region) = self.regions.get_mut(new.region) {
            region.tasks.insert(id.to_owned(), record);
        }
    }

    /// Place a task described by `seed` and return its view at `now`.
    pub(crate) fn seed_task(&mut self, seed: &TaskSeed, now: i64) -> Result<TaskInfo, String> {
        if !self.regions.contains_key(&seed.region_id) {
            return Err(format!("unknown region {:?}", seed.region_id));
        }
        if seed.task_action.is_empty() {
            return Err("task_action must not be empty".to_owned());
        }
        let id = match &seed.task_id {
            Some(id) if id.is_empty() => return Err("task_id must not be empty".to_owned()),
            Some(id) => id.clone(),
            None => self.new_task_id(&seed.region_id),
        };
        if self.task(&seed.region_id, &id).is_some() {
            return Err(format!("task {id} already exists in {}", seed.region_id));
        }
        let processing = if seed.task_action == "ImportImage" {
            IMPORT_PROCESSING
        } else {
            EXPORT_PROCESSING
        };
        let resource_id = match &seed.resource_id {
            Some(id) => id.clone(),
            None => self.fresh_id("m-"),
        };
        let record = TaskRecord {
            id: id.clone(),
            region: seed.region_id.clone(),
            action: seed.task_action.clone(),
            resource_id,
            seq: self.take_seq(),
            created_ms: seed
                .creation_time
                .as_ref()
                .and_then(alicloud_ecs_model::Timestamp::to_offset_date_time)
                .map_or(now, to_ms),
            waiting_ms: seed.waiting_secs.map_or(Ok(ms(WAITING)), secs_to_ms)?,
            processing_ms: seed
                .processing_secs
                .map_or(Ok(ms(processing)), secs_to_ms)?,
            failure: seed.failure.clone(),
            cancelled_ms: None,
            operations: vec![Vec::new()],
            support_cancel: None,
            task_group_id: seed.task_group_id.clone(),
        };
        let info = record.info(now);
        if let Some(region) = self.regions.get_mut(&seed.region_id) {
            region.tasks.insert(id, record);
        }
        Ok(info)
    }

    /// The task `id` of `region`.
    pub(crate) fn task(&self, region: &str, id: &str) -> Option<&TaskRecord> {
        self.regions.get(region)?.tasks.get(id)
    }

    fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// A task id not used in `region`.
    pub(crate) fn new_task_id(&mut self, region: &str) -> String {
        loop {
            let id = self.fresh_id("t-");
            if self.task(region, &id).is_none() {
                return id;
            }
        }
    }
}

impl RegionState {
    /// Whether image `id` exists and is usable at `now`.
    pub(crate) fn image_state(&self, id: &str, now: i64) -> ImageState {
        let Some(image) = self.images.get(id) else {
            return ImageState::Missing;
        };
        let Some(task) = image.import_task.as_ref().and_then(|t| self.tasks.get(t)) else {
            return ImageState::Available;
        };
        match task.phase_at(now) {
            Phase::Finished => ImageState::Available,
            phase if phase.is_running() => ImageState::Importing,
            _ => ImageState::Failed,
        }
    }

    /// Whether an export of image `id` is still running at `now`.
    pub(crate) fn is_exporting(&self, id: &str, now: i64) -> bool {
        self.tasks.values().any(|t| {
            t.action == "ExportImage" && t.resource_id == id && t.phase_at(now).is_running()
        })
    }

    /// Whether an existing (or importing) image is called `name`; a failed import leaves its
    /// name free.
    pub(crate) fn has_image_named(&self, name: &str, now: i64) -> bool {
        self.images.iter().any(|(id, image)| {
            image.name.as_deref() == Some(name)
                && matches!(
                    self.image_state(id, now),
                    ImageState::Available | ImageState::Importing
                )
        })
    }
}
