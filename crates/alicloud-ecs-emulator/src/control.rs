//! [`Control`]: the in-process handle on the emulator's test controls (the same operations the
//! `/_emulator/…` HTTP API offers): reset, clock, task inspection and seeding, faults.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::EmulatorError;
use crate::clock::{AdvanceError, from_ms};
use crate::faults::Fault;
use crate::rng::derive;
use crate::seed::{TaskInfo, TaskSeed};
use crate::service::Inner;
use crate::state::{ImageState, State};

/// Controls one emulator from the same process; cheap to clone.
#[derive(Clone)]
pub struct Control {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control").finish_non_exhaustive()
    }
}

/// An image as the emulator sees it (from [`Control::images`] or `GET /_emulator/images`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageInfo {
    /// The region holding the image.
    pub region_id: String,
    /// The image id.
    pub image_id: String,
    /// The name given at import, if any.
    pub image_name: Option<String>,
    /// `Available`, or `Importing` while its import task runs.
    pub status: String,
}

impl Control {
    pub(crate) fn new(inner: Arc<Inner>) -> Self {
        Self { inner }
    }

    /// Back to the initial state: only the seed images and the example task, no faults, no
    /// remembered nonces or client tokens. The clock keeps its time and ids keep coming from
    /// the same random stream, so nothing seen before a reset is handed out again. With a state
    /// file, nothing changes unless the reset state was saved.
    pub async fn reset(&self) -> Result<(), EmulatorError> {
        let _txn = self.inner.store.begin().await;
        {
            let mut state = self.inner.write();
            let mut fresh = State::initial(derive(self.inner.seed, 0));
            fresh.rng = state.rng.clone();
            fresh.next_seq = state.next_seq;
            *state = fresh;
        }
        self.save().await?;
        self.inner.faults.clear();
        self.inner.auth.forget_nonces();
        Ok(())
    }

    /// Move the emulated clock forward by `by`, at most ten years at a time
    /// ([`EmulatorError::Invalid`] beyond); returns the new emulated time. With a state file,
    /// the clock moves only once the new time was saved.
    pub async fn advance(&self, by: Duration) -> Result<OffsetDateTime, EmulatorError> {
        let invalid = |e: AdvanceError| EmulatorError::Invalid(e.to_string());
        let _txn = self.inner.store.begin().await;
        let target = self.inner.clock.peek_advance(by).map_err(invalid)?;
        self.inner
            .store
            .save(target)
            .await
            .map_err(EmulatorError::Save)?;
        let now = self.inner.clock.advance(by).map_err(invalid)?;
        Ok(from_ms(now))
    }

    /// The emulated time.
    pub fn now(&self) -> OffsetDateTime {
        from_ms(self.inner.clock.now_ms())
    }

    /// The clock's speed factor (0 for a frozen clock).
    pub fn speed(&self) -> f64 {
        self.inner.clock.speed()
    }

    /// Every task, by region, newest first.
    pub fn tasks(&self) -> Vec<TaskInfo> {
        let now = self.inner.clock.now_ms();
        let state = self.inner.read();
        let mut tasks: Vec<_> = state
            .regions
            .values()
            .flat_map(|r| r.tasks.values())
            .collect();
        tasks.sort_by(|a, b| {
            (&a.region, b.created_ms, b.seq).cmp(&(&b.region, a.created_ms, a.seq))
        });
        tasks.into_iter().map(|t| t.info(now)).collect()
    }

    /// One task.
    pub fn task(&self, region_id: &str, task_id: &str) -> Option<TaskInfo> {
        let now = self.inner.clock.now_ms();
        self.inner
            .read()
            .task(region_id, task_id)
            .map(|t| t.info(now))
    }

    /// Place a task directly (see [`TaskSeed`]).
    pub async fn seed_task(&self, seed: TaskSeed) -> Result<TaskInfo, EmulatorError> {
        let _txn = self.inner.store.begin().await;
        let now = self.inner.clock.now_ms();
        let info = self
            .inner
            .write()
            .seed_task(&seed, now)
            .map_err(EmulatorError::Invalid)?;
        self.save().await?;
        Ok(info)
    }

    /// Every image that exists or is being imported, by region.
    pub fn images(&self) -> Vec<ImageInfo> {
        let now = self.inner.clock.now_ms();
        let state = self.inner.read();
        let mut images = Vec::new();
        for (region_id, region) in &state.regions {
            for (image_id, image) in &region.images {
                let status = match region.image_state(image_id, now) {
                    ImageState::Available => "Available",
                    ImageState::Importing => "Importing",
                    ImageState::Failed | ImageState::Missing => continue,
                };
                images.push(ImageInfo {
                    region_id: region_id.clone(),
                    image_id: image_id.clone(),
                    image_name: image.name.clone(),
                    status: status.to_owned(),
                });
            }
        }
        images
    }

    /// Add a fault (checked in the order added).
    pub fn add_fault(&self, fault: Fault) -> Result<(), EmulatorError> {
        fault
            .validate()
            .map_err(|e| EmulatorError::Invalid(e.to_string()))?;
        self.inner.faults.add(fault);
        Ok(())
    }

    /// Remove every fault.
    pub fn clear_faults(&self) {
        self.inner.faults.clear();
    }

    /// The faults, in order.
    pub fn faults(&self) -> Vec<Fault> {
        self.inner.faults.list()
    }

    async fn save(&self) -> Result<(), EmulatorError> {
        self.inner.save().await.map_err(EmulatorError::Save)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Emulator;

    fn assert_send<T: Send>(value: T) -> T {
        value
    }

    #[tokio::test]
    async fn handles_and_their_futures_can_move_between_threads() {
        let emulator = assert_send(Emulator::builder().speed(0.0).seed(1).build().unwrap());
        let control = assert_send(emulator.control());
        assert_send(control.reset()).await.unwrap();
        assert_send(control.advance(Duration::from_secs(1)))
            .await
            .unwrap();
        let seed = TaskSeed::new("cn-hangzhou", "ExportImage");
        let info = assert_send(control.seed_task(seed)).await.unwrap();
        assert_eq!(control.task("cn-hangzhou", &info.task_id), Some(info));
        let request = http::Request::new(bytes::Bytes::new());
        let response = assert_send(emulator.dispatch(request)).await;
        assert_eq!(response.status(), 400);
        assert_eq!(control.images().len(), crate::regions::REGIONS.len());
    }
}
