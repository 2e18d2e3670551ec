//! [`ServerLimits`]: how many connections the HTTP server serves at once and how long it waits
//! for each step of a request, so that slow, silent or numerous clients cannot hold it.

use std::time::Duration;

use tokio::sync::Semaphore;

/// The largest request body read; a larger one is answered 413 (`RequestEntityTooLarge`)
/// without reading it when its `Content-Length` says so.
pub(crate) const MAX_BODY: usize = 1 << 20;

/// How long a closing connection (idle, or at shutdown) may take to finish its last response
/// before it is dropped.
pub(crate) const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// Connection limits and deadlines of the HTTP server; start from [`ServerLimits::default`] and
/// change fields, then pass it to [`EmulatorBuilder::limits`](crate::EmulatorBuilder::limits).
///
/// ```
/// use std::time::Duration;
/// use alicloud_ecs_emulator::ServerLimits;
///
/// let mut limits = ServerLimits::default();
/// limits.max_connections = 64;
/// limits.idle_timeout = Duration::from_secs(5);
/// let builder = alicloud_ecs_emulator::Emulator::builder().limits(limits);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerLimits {
    /// The most connections served at once (default 512). Further connections are not
    /// accepted until one closes: they wait in the operating system's listen backlog (and are
    /// refused by it when that is full). While they wait, connections that served a request
    /// and have had none in flight for a second are closed to make room.
    pub max_connections: usize,
    /// From accepting a connection to the complete headers of its first request (default
    /// 10 s): bounds the sniffing of HTTP/1.1 versus HTTP/2 and the HTTP/2 handshake. A
    /// connection that takes longer is closed.
    pub handshake_timeout: Duration,
    /// HTTP/1.1: reading the headers of a request, counted from the end of the previous
    /// response, so it is also how long an idle keep-alive connection stays open (default
    /// 30 s). The connection is closed when it passes.
    pub header_read_timeout: Duration,
    /// Reading a request's body (default 30 s); a body that takes longer is answered 408
    /// (`RequestTimeout`).
    pub body_read_timeout: Duration,
    /// A connection with no request in flight for this long is closed (HTTP/2 with `GOAWAY`)
    /// (default 60 s).
    pub idle_timeout: Duration,
    /// HTTP/2: the interval of keep-alive `PING`s (default 20 s).
    pub keep_alive_interval: Duration,
    /// HTTP/2: a connection whose client does not answer a `PING` within this is closed
    /// (default 20 s).
    pub keep_alive_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_connections: 512,
            handshake_timeout: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            keep_alive_interval: Duration::from_secs(20),
            keep_alive_timeout: Duration::from_secs(20),
        }
    }
}

impl ServerLimits {
    /// Why these limits cannot be used, if they cannot.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let most = Semaphore::MAX_PERMITS.min(u32::MAX as usize);
        if self.max_connections == 0 || self.max_connections > most {
            return Err(format!(
                "max_connections must be between 1 and {most}, got {}",
                self.max_connections
            ));
        }
        for (name, value) in [
            ("handshake_timeout", self.handshake_timeout),
            ("header_read_timeout", self.header_read_timeout),
            ("body_read_timeout", self.body_read_timeout),
            ("idle_timeout", self.idle_timeout),
            ("keep_alive_interval", self.keep_alive_interval),
            ("keep_alive_timeout", self.keep_alive_timeout),
        ] {
            if value.is_zero() {
                return Err(format!("{name} must be longer than zero"));
            }
            if value > Duration::from_secs(365 * 24 * 60 * 60) {
                return Err(format!("{name} must be at most a year, got {value:?}"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_nonsense_is_not() {
        assert_eq!(ServerLimits::default().validate(), Ok(()));
        let defaults = ServerLimits::default();
        let none = ServerLimits {
            max_connections: 0,
            ..defaults
        };
        assert!(none.validate().unwrap_err().contains("max_connections"));
        let zero = ServerLimits {
            body_read_timeout: Duration::ZERO,
            ..defaults
        };
        assert!(zero.validate().unwrap_err().contains("body_read_timeout"));
        let forever = ServerLimits {
            idle_timeout: Duration::MAX,
            ..defaults
        };
        assert!(forever.validate().unwrap_err().contains("idle_timeout"));
    }
}
