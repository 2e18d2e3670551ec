//! Helpers for the unit tests of the credentials module: a minimal executor, contexts, a
//! temporary home directory and canned responses.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;

use alicloud_transport::test_util::{CaptureTransport, ManualClock};
use alicloud_transport::{HttpResponse, SharedTimeSource, SharedTransport, Transport};

use super::{CredentialsContext, Env};

struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to completion on the current thread.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::park();
    }
}

/// A context with a transport that answers every request with an empty 200, the default
/// manual clock, and `env`.
pub(crate) fn context(env: Env) -> CredentialsContext {
    context_with(CaptureTransport::new(), ManualClock::default(), env)
}

/// A context from a transport, a clock and an environment.
pub(crate) fn context_with(
    transport: impl Transport + 'static,
    clock: ManualClock,
    env: Env,
) -> CredentialsContext {
    CredentialsContext::new(
        SharedTransport::new(transport),
        SharedTimeSource::new(clock),
        env,
    )
}

/// A response with `status` and `body`.
pub(crate) fn response(status: u16, body: &str) -> HttpResponse {
    let mut response = http::Response::new(bytes::Bytes::from(body.to_owned()));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
    response
}

/// A temporary directory used as the home directory, removed on drop.
pub(crate) struct TempHome {
    path: PathBuf,
}

impl TempHome {
    pub(crate) fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "alicloud-ecs-credentials-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self { path }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn path_str(&self) -> &str {
        self.path.to_str().unwrap()
    }

    /// Writes `contents` to `relative` under the home directory, creating parent directories.
    pub(crate) fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.path.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// An environment with this home directory and `vars`.
    pub(crate) fn env(&self, vars: &[(&str, &str)]) -> Env {
        Env::from_vars(vars.iter().copied()).with_home(&self.path)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
