//! [`EmulatorBuilder`]: the configuration of an emulator (keys, state file, clock, faults,
//! replay window) and how it is assembled into an [`Emulator`].

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use alicloud_signer::Credentials;
use time::OffsetDateTime;

use crate::auth::Auth;
use crate::clock::{Clock, to_ms, wall_now};
use crate::control_guard::ControlToken;
use crate::faults::{FaultConfig, Faults};
use crate::limits::ServerLimits;
use crate::persist;
use crate::rng::{AtomicSplitMix, derive, seed_from_time};
use crate::service::Inner;
use crate::state::State;
use crate::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorError, EmulatorHandle,
};

/// The default of [`EmulatorBuilder::nonce_capacity`].
pub const DEFAULT_NONCE_CAPACITY: usize = 1_000_000;

/// Configures an emulator; start from [`Emulator::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct EmulatorBuilder {
    listen: SocketAddr,
    keys: Vec<Credentials>,
    state_file: Option<PathBuf>,
    speed: f64,
    seed: Option<u64>,
    faults: FaultConfig,
    start_time: Option<OffsetDateTime>,
    max_clock_skew: Duration,
    nonce_capacity: usize,
    control_token: Option<ControlToken>,
    limits: ServerLimits,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            keys: Vec::new(),
            state_file: None,
            speed: 1.0,
            seed: None,
            faults: FaultConfig::default(),
            start_time: None,
            max_clock_skew: Duration::from_secs(15 * 60),
            nonce_capacity: DEFAULT_NONCE_CAPACITY,
            control_token: None,
            limits: ServerLimits::default(),
        }
    }
}

impl EmulatorBuilder {
    /// The address to listen on (default `127.0.0.1:0`, a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Accept this AccessKey pair. Without any key the documented default pair
    /// ([`DEFAULT_ACCESS_KEY_ID`], [`DEFAULT_ACCESS_KEY_SECRET`]) is accepted.
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.keys.push(Credentials::new(id, secret));
        self
    }

    /// Accept this STS key, only together with exactly this security token.
    pub fn sts_key(
        mut self,
        id: impl Into<String>,
        secret: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        self.keys
            .push(Credentials::new(id, secret).with_security_token(token));
        self
    }

    /// Keep the state in this file: loaded at start, saved atomically after every change.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Task time runs `speed` times faster than real time (default 1); 0 freezes it, so it
    /// moves only through [`Control::advance`](crate::Control::advance).
    pub fn speed(mut self, speed: f64) -> Self {
        self.speed = speed;
        self
    }

    /// Seed the random ids (task ids, image ids, `RequestId`s, fault ratios); default: from
    /// the wall clock.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Start with these faults.
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
        self
    }

    /// Start the emulated clock at this time instead of now (ignored when a state file
    /// provides the time).
    pub fn start_time(mut self, at: OffsetDateTime) -> Self {
        self.start_time = Some(at);
        self
    }

    /// How far a request's `Timestamp`/`x-acs-date` may be from the wall clock (default 15
    /// minutes).
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// How many unexpired signature nonces to remember at most (default 1 000 000, about
    /// 50 MB at most). Each is kept until its request's timestamp leaves the window; when this
    /// many are held, new requests are refused with `ServiceUnavailable` (503) instead of
    /// forgetting one, so a replay is never let through. Must be at least 1.
    pub fn nonce_capacity(mut self, capacity: usize) -> Self {
        self.nonce_capacity = capacity;
        self
    }

    /// Require `Authorization: Bearer TOKEN` on every control-API request over HTTP (401
    /// without it). The token must be non-empty visible ASCII; it is never printed or shown by
    /// `Debug`. In-process [`Control`](crate::Control) needs no token.
    pub fn control_token(mut self, token: impl Into<String>) -> Self {
        self.control_token = Some(ControlToken::new(token.into()));
        self
    }

    /// Connection limits and deadlines of the HTTP server (see [`ServerLimits`]).
    pub fn limits(mut self, limits: ServerLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The most connections served at once (default 512); further ones wait until one closes
    /// (idle keep-alive connections are closed after a second to make room).
    pub fn max_connections(mut self, max: usize) -> Self {
        self.limits.max_connections = max;
        self
    }

    /// Build an emulator without a socket, for [`Emulator::dispatch`].
    pub fn build(self) -> Result<Emulator, EmulatorError> {
        if !self.speed.is_finite() || self.speed < 0.0 {
            return Err(EmulatorError::Config(format!(
                "speed must be a finite number ≥ 0, got {}",
                self.speed
            )));
        }
        self.limits.validate().map_err(EmulatorError::Config)?;
        if let Some(token) = &self.control_token {
            token.validate().map_err(EmulatorError::Config)?;
        }
        if self.nonce_capacity == 0 {
            return Err(EmulatorError::Config(
                "the nonce capacity must be at least 1".to_owned(),
            ));
        }
        for fault in &self.faults.faults {
            fault
                .validate()
                .map_err(|e| EmulatorError::Config(e.to_string()))?;
        }
        let seed = self.seed.unwrap_or_else(seed_from_time);
        let keys = if self.keys.is_empty() {
            vec![Credentials::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_ACCESS_KEY_SECRET,
            )]
        } else {
            self.keys
        };
        let snapshot = match &self.state_file {
            Some(path) => {
                persist::load(path).map_err(|e| EmulatorError::StateFile(e.to_string()))?
            }
            None => None,
        };
        let (state, origin) = match snapshot {
            Some(snapshot) => {
                let origin = snapshot.resume_ms(to_ms(wall_now()), self.speed);
                (snapshot.state, origin)
            }
            None => (
                State::initial(derive(seed, 0)),
                to_ms(self.start_time.unwrap_or_else(wall_now)),
            ),
        };
        let faults = Faults::new(derive(seed, 2));
        for fault in self.faults.faults {
            faults.add(fault);
        }
        let inner = Inner::new(
            state,
            Clock::new(origin, self.speed),
            Auth::new(
                &keys,
                self.max_clock_skew,
                self.nonce_capacity,
                self.control_token,
            ),
            faults,
            AtomicSplitMix::new(derive(seed, 1)),
            self.state_file,
            seed,
        );
        Ok(Emulator::new(
            Arc::new(inner),
            keys,
            self.listen,
            self.limits,
        ))
    }

    /// Build the emulator and serve it over HTTP.
    pub async fn start(self) -> Result<EmulatorHandle, EmulatorError> {
        self.build()?.start().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn no_debug_output_shows_a_secret() {
        let secrets = ["plain-s3cret", "sts-s3cret", "sts-t0ken", "control-t0ken"];
        let builder = Emulator::builder()
            .access_key("plain-id", "plain-s3cret")
            .sts_key("STS.id", "sts-s3cret", "sts-t0ken")
            .control_token("control-t0ken");
        let emulator = builder.clone().build().unwrap();
        let handle = emulator.clone().start().await.unwrap();
        let shown = format!(
            "{builder:?} {builder:#?} {emulator:?} {emulator:#?} {:?} {:?} {handle:?} {handle:#?} {:?}",
            emulator.control(),
            emulator.credentials(),
            emulator.inner,
        );
        assert!(shown.contains("plain-id") && shown.contains("STS.id"));
        for secret in secrets {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        handle.shutdown().await;
    }
}
