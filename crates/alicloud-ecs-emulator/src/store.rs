//! The emulator's state and how changes reach it and the `--state FILE`.
//!
//! Readers always see committed state. Without a state file, writers change it in place. With
//! one, a change is made in a transaction ([`Store::begin`], one at a time): writers change a
//! draft copy, [`Store::save`] writes the draft to the file and only then swaps it in, so a
//! change becomes visible once it is on disk, and a failed save leaves memory as it was. A draft
//! still unsaved when its transaction ends is discarded.

use std::io;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::clock::{to_ms, wall_now};
use crate::persist::{self, Snapshot};
use crate::state::State;

/// The state, its draft and the state file.
#[derive(Debug)]
pub(crate) struct Store {
    visible: RwLock<State>,
    file: Option<PathBuf>,
    draft: Mutex<Draft>,
    /// Held by the transaction in progress.
    turn: tokio::sync::Mutex<()>,
}

/// Changes not yet saved.
#[derive(Debug)]
struct Draft {
    state: State,
    /// Whether `state` holds changes of the current transaction.
    open: bool,
}

/// Write access to the state: the state itself, or the draft of the current transaction.
pub(crate) struct StateMut<'a>(Access<'a>);

enum Access<'a> {
    Direct(RwLockWriteGuard<'a, State>),
    Draft(MutexGuard<'a, Draft>),
}

impl Deref for StateMut<'_> {
    type Target = State;

    fn deref(&self) -> &State {
        match &self.0 {
            Access::Direct(state) => state,
            Access::Draft(draft) => &draft.state,
        }
    }
}

impl DerefMut for StateMut<'_> {
    fn deref_mut(&mut self) -> &mut State {
        match &mut self.0 {
            Access::Direct(state) => state,
            Access::Draft(draft) => &mut draft.state,
        }
    }
}

/// A transaction: while it lives no other one runs; dropping it discards unsaved changes.
#[derive(Debug)]
pub(crate) struct Txn<'a> {
    _turn: tokio::sync::MutexGuard<'a, ()>,
    store: &'a Store,
}

impl Drop for Txn<'_> {
    fn drop(&mut self) {
        self.store.lock_draft().open = false;
    }
}

impl Store {
    /// `state`, saved to `file` (if any) on every change.
    pub(crate) fn new(state: State, file: Option<PathBuf>) -> Self {
        Self {
            draft: Mutex::new(Draft {
                state: state.clone(),
                open: false,
            }),
            visible: RwLock::new(state),
            file,
            turn: tokio::sync::Mutex::new(()),
        }
    }

    /// Read access to the committed state (a poisoned lock is recovered: the state is always
    /// consistent between statements that mutate it).
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.visible.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Write access: in place without a state file, else to the transaction's draft.
    pub(crate) fn write(&self) -> StateMut<'_> {
        if self.file.is_none() {
            let state = self.visible.write().unwrap_or_else(PoisonError::into_inner);
            return StateMut(Access::Direct(state));
        }
        let mut draft = self.lock_draft();
        if !draft.open {
            draft.state = self.read().clone();
            draft.open = true;
        }
        StateMut(Access::Draft(draft))
    }

    /// Start a transaction, waiting for the one in progress; `None` without a state file.
    pub(crate) async fn begin(&self) -> Option<Txn<'_>> {
        self.file.as_ref()?;
        Some(Txn {
            _turn: self.turn.lock().await,
            store: self,
        })
    }

    /// Save the draft (or, without one, the committed state) with emulated time `clock_ms`,
    /// then make the draft visible. On failure the draft is discarded. Call it inside a
    /// transaction.
    pub(crate) async fn save(&self, clock_ms: i64) -> io::Result<()> {
        let Some(path) = &self.file else {
            return Ok(());
        };
        let bytes = {
            let draft = self.lock_draft();
            let state = if draft.open {
                draft.state.clone()
            } else {
                self.read().clone()
            };
            serde_json::to_vec_pretty(&Snapshot::new(state, clock_ms, to_ms(wall_now())))?
        };
        let path = path.clone();
        let written = tokio::task::spawn_blocking(move || persist::write_atomic(&path, &bytes))
            .await
            .map_err(io::Error::other)
            .and_then(|result| result);
        let mut draft = self.lock_draft();
        if draft.open {
            if written.is_ok() {
                let mut visible = self.visible.write().unwrap_or_else(PoisonError::into_inner);
                std::mem::swap(&mut *visible, &mut draft.state);
            }
            draft.open = false;
        }
        written
    }

    fn lock_draft(&self) -> MutexGuard<'_, Draft> {
        self.draft.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(store: &Store, task_id: &str) {
        let seed = crate::TaskSeed::new("cn-beijing", "ExportImage").task_id(task_id);
        store.write().seed_task(&seed, 0).unwrap();
    }

    fn has(store: &Store, task_id: &str) -> bool {
        store.read().task("cn-beijing", task_id).is_some()
    }

    #[tokio::test]
    async fn without_a_file_changes_are_visible_at_once() {
        let store = Store::new(State::initial(1), None);
        assert!(store.begin().await.is_none());
        seeded(&store, "t-a");
        assert!(has(&store, "t-a"));
    }

    #[tokio::test]
    async fn with_a_file_changes_are_visible_only_once_saved() {
        let dir = std::env::temp_dir().join(format!("ecs-emu-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::new(State::initial(1), Some(dir.join("state.json")));
        {
            let _txn = store.begin().await.unwrap();
            seeded(&store, "t-a");
            assert!(!has(&store, "t-a"), "not visible before the save");
            store.save(0).await.unwrap();
            assert!(has(&store, "t-a"));
        }
        {
            let _txn = store.begin().await.unwrap();
            seeded(&store, "t-dropped");
        }
        assert!(!has(&store, "t-dropped"), "an unsaved draft is discarded");

        std::fs::remove_dir_all(&dir).unwrap();
        let _txn = store.begin().await.unwrap();
        seeded(&store, "t-b");
        assert!(store.save(0).await.is_err());
        assert!(!has(&store, "t-b"), "a failed save changes nothing");
        assert!(has(&store, "t-a"));
        // The next change starts from the committed state, without the failed one.
        seeded(&store, "t-c");
        assert!(store.write().task("cn-beijing", "t-b").is_none());
    }
}
