//! [`TokioSleep`]: the tokio implementation of [`Sleep`].

use std::time::Duration;

use alicloud_transport::{Sleep, SleepFuture};

/// Sleeps with [`tokio::time::sleep`]; needs a tokio runtime with the time driver enabled.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl TokioSleep {
    /// The tokio sleep.
    pub fn new() -> Self {
        Self
    }
}

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        SleepFuture::new(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn sleeps_on_the_tokio_clock() {
        let start = tokio::time::Instant::now();
        TokioSleep::new().sleep(Duration::from_secs(60)).await;
        assert!(start.elapsed() >= Duration::from_secs(60));
    }
}
