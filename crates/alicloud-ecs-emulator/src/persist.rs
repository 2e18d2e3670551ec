//! The `--state FILE`: tasks, images, tokens, the id generator and the emulated time, saved as
//! JSON after every change and before the response is sent.
//!
//! Writes are atomic: the snapshot goes to a new temporary file in the same directory (created
//! exclusively, so an existing file or symbolic link there is never followed or overwritten),
//! is flushed to disk (`fsync`), renamed over the state file, and the directory is synced, so
//! a crash leaves either the previous or the new complete file, and nothing acknowledged is
//! lost.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::state::State;

const FORMAT: u32 = 1;

/// Numbers the temporary files of this process.
static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// The file contents.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub(crate) format: u32,
    /// The emulated time when the snapshot was taken, in milliseconds.
    pub(crate) clock_ms: i64,
    /// The wall-clock time when the snapshot was taken, in milliseconds.
    pub(crate) wall_ms: i64,
    pub(crate) state: State,
}

impl Snapshot {
    /// A snapshot of `state` at emulated time `clock_ms` and wall-clock time `wall_ms`.
    pub(crate) fn new(state: State, clock_ms: i64, wall_ms: i64) -> Self {
        Self {
            format: FORMAT,
            clock_ms,
            wall_ms,
            state,
        }
    }

    /// The emulated time to resume at, `wall_now_ms` on the wall clock: the saved time plus the
    /// downtime scaled by `speed`, as if the emulator had kept running.
    pub(crate) fn resume_ms(&self, wall_now_ms: i64, speed: f64) -> i64 {
        let down = wall_now_ms.saturating_sub(self.wall_ms).max(0);
        self.clock_ms.saturating_add((down as f64 * speed) as i64)
    }
}

/// Why the state file could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path} is not an emulator state file: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path} has format {found}, this emulator reads format {FORMAT}")]
    Format { path: PathBuf, found: u32 },
}

/// Read the state file; `Ok(None)` if it does not exist yet.
pub(crate) fn load(path: &Path) -> Result<Option<Snapshot>, LoadError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(LoadError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    let snapshot: Snapshot = serde_json::from_slice(&bytes).map_err(|source| LoadError::Parse {
        path: path.to_owned(),
        source,
    })?;
    if snapshot.format != FORMAT {
        return Err(LoadError::Format {
            path: path.to_owned(),
            found: snapshot.format,
        });
    }
    Ok(Some(snapshot))
}

/// Replace the file at `path` with `bytes` atomically (see the [module docs](self)).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "state path has no file name")
    })?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(
        ".{}-{}.tmp",
        std::process::id(),
        TEMP_SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    write_via(&dir, &dir.join(temp_name), path, bytes)
}

/// Write `bytes` to the new file `temp` in `dir`, then rename it to `path`. Fails, touching
/// nothing, if `temp` exists.
fn write_via(dir: &Path, temp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(temp)?;
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(temp, path)?;
        sync_dir(dir)
    })();
    drop(file);
    if result.is_err() {
        let _ = fs::remove_file(temp);
    }
    result
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ecs-emu-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn round_trips_and_leaves_no_temporary_files() {
        let dir = temp_dir("persist");
        let path = dir.join("state.json");
        assert!(load(&path).unwrap().is_none());
        let snapshot = Snapshot::new(State::initial(9), 1234, 5000);
        write_atomic(&path, &serde_json::to_vec(&snapshot).unwrap()).unwrap();
        write_atomic(&path, &serde_json::to_vec(&snapshot).unwrap()).unwrap();
        let read = load(&path).unwrap().unwrap();
        assert_eq!(read.clock_ms, 1234);
        assert_eq!(read.state, snapshot.state);
        assert_eq!(read.resume_ms(6000, 0.0), 1234);
        assert_eq!(read.resume_ms(6000, 2.0), 3234);
        assert_eq!(read.resume_ms(4000, 1.0), 1234);
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["state.json"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_existing_temporary_file_is_neither_followed_nor_overwritten() {
        let dir = temp_dir("exclusive");
        let path = dir.join("state.json");
        let temp = dir.join(".state.json.tmp");
        fs::write(&path, b"old").unwrap();
        fs::write(&temp, b"someone else's").unwrap();
        let err = write_via(&dir, &temp, &path, b"new").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&temp).unwrap(), b"someone else's");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        #[cfg(unix)]
        {
            let victim = dir.join("victim");
            fs::write(&victim, b"precious").unwrap();
            let link = dir.join(".link.tmp");
            std::os::unix::fs::symlink(&victim, &link).unwrap();
            assert!(write_via(&dir, &link, &path, b"new").is_err());
            assert_eq!(fs::read(&victim).unwrap(), b"precious");
            assert_eq!(fs::read(&path).unwrap(), b"old");
        }
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rejects_foreign_files() {
        let dir = temp_dir("foreign");
        let path = dir.join("state.json");
        fs::write(&path, b"{\"hello\": 1}").unwrap();
        assert!(matches!(load(&path), Err(LoadError::Parse { .. })));
        fs::write(&path, b"{\"format\": 7, \"clock_ms\": 0, \"wall_ms\": 0, \"state\": {\"regions\": {}, \"rng\": 1, \"next_seq\": 1}}").unwrap();
        assert!(matches!(
            load(&path),
            Err(LoadError::Format { found: 7, .. })
        ));
        fs::remove_dir_all(&dir).unwrap();
    }
}
