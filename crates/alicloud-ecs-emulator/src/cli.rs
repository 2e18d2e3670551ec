//! The emulator's command line, shared by the `alicloud-ecs-emulator` binary and the
//! `alicloud-ecs emulator serve` command: the flags ([`ServeArgs`]) and [`serve`], which runs
//! the emulator in the foreground until SIGINT or SIGTERM.

use std::fmt;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::keys::{self, parse_key, parse_sts_key};
pub use crate::keys::{KEYS_ENV, KeySource, KeysError};
use crate::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_NONCE_CAPACITY, Emulator, Fault, FaultConfig, ServerLimits,
};

/// Help text shown after the flags: the default keys, fault syntax and control API.
pub const SERVE_HELP: &str = "\
Without any key (from --access-key, --sts-key, --keys-file or $ALICLOUD_EMULATOR_KEYS) the
emulator accepts the default key pair
  AccessKeyId     emulator-access-key
  AccessKeySecret emulator-secret-key

Keys on the command line are visible to every user through `ps`: prefer --keys-file FILE (one
entry per line, # comments) or $ALICLOUD_EMULATOR_KEYS (entries separated by newlines or
commas). Entries: ID:SECRET, access-key=ID:SECRET or sts-key=ID:SECRET:TOKEN.

Fault specs (--fault, repeatable): KIND[,key=value...]
  kinds:   throttle | unavailable | latency (ms=N) | drop | fail-task (code=, message=, at=PERCENT)
  options: action=NAME  every=N  ratio=R  times=N
  e.g.     --fault throttle,every=3   --fault latency,ms=50,action=DescribeTasks
           --fault fail-task,times=1,code=ImportImageFailed

Control API (loopback only): POST /_emulator/reset, GET /_emulator/clock,
POST /_emulator/clock/advance?secs=N, GET|POST /_emulator/tasks, GET /_emulator/images,
GET|POST|DELETE /_emulator/faults
  Requests must address localhost, 127.0.0.0/8 or [::1] and carry no Origin header; writes
  with a body need Content-Type: application/json. With --control-token (or
  $ALICLOUD_EMULATOR_CONTROL_TOKEN, which `ps` does not show) every request needs
  Authorization: Bearer TOKEN.";

/// The environment variable read for the control token when `--control-token` is absent.
pub const CONTROL_TOKEN_ENV: &str = "ALICLOUD_EMULATOR_CONTROL_TOKEN";

/// The flags of a served emulator. Its `Debug` shows no secret, STS token or control token.
#[derive(Clone, clap::Args)]
#[non_exhaustive]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Accept this AccessKey pair (repeatable)
    #[arg(long = "access-key", value_name = "ID:SECRET", value_parser = parse_key)]
    pub access_keys: Vec<(String, String)>,
    /// Accept this STS key with exactly this token (repeatable)
    #[arg(long = "sts-key", value_name = "ID:SECRET:TOKEN", value_parser = parse_sts_key)]
    pub sts_keys: Vec<(String, String, String)>,
    /// Read keys from this file, one ID:SECRET or sts-key=ID:SECRET:TOKEN per line (repeatable)
    #[arg(long = "keys-file", value_name = "FILE")]
    pub keys_files: Vec<PathBuf>,
    /// Keep tasks in this file across restarts (written atomically after every change)
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Task time scale: 1 is real time, 10 ten times faster, 0 frozen (control API only)
    #[arg(long, value_name = "N", default_value_t = 1.0)]
    pub speed: f64,
    /// Seed for task ids, image ids, RequestIds and fault ratios
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Inject a fault (repeatable; see below)
    #[arg(long = "fault", value_name = "SPEC")]
    pub faults: Vec<Fault>,
    /// Remember at most N unexpired signature nonces; when full, requests get 503
    #[arg(long, value_name = "N", default_value_t = DEFAULT_NONCE_CAPACITY)]
    pub nonce_capacity: usize,
    /// Serve at most N connections at once; further ones wait until one closes
    #[arg(long, value_name = "N", default_value_t = ServerLimits::default().max_connections)]
    pub max_connections: usize,
    /// Require Authorization: Bearer TOKEN on the control API (default: $ALICLOUD_EMULATOR_CONTROL_TOKEN)
    #[arg(long, value_name = "TOKEN")]
    pub control_token: Option<String>,
}

/// Stands for a value `Debug` must not show.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

impl fmt::Debug for ServeArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let access_key_ids: Vec<&str> =
            self.access_keys.iter().map(|(id, _)| id.as_str()).collect();
        let sts_key_ids: Vec<&str> = self.sts_keys.iter().map(|(id, ..)| id.as_str()).collect();
        f.debug_struct("ServeArgs")
            .field("listen", &self.listen)
            .field("access_key_ids", &access_key_ids)
            .field("sts_key_ids", &sts_key_ids)
            .field("keys_files", &self.keys_files)
            .field("state", &self.state)
            .field("speed", &self.speed)
            .field("seed", &self.seed)
            .field("faults", &self.faults)
            .field("nonce_capacity", &self.nonce_capacity)
            .field("max_connections", &self.max_connections)
            .field(
                "control_token",
                &self.control_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}

/// Start the emulator, print `listening on http://HOST:PORT` as the first line on stdout, and
/// serve until SIGINT or SIGTERM.
pub async fn serve(args: ServeArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (mut access_keys, mut sts_keys) = (args.access_keys, args.sts_keys);
    for path in &args.keys_files {
        let (access, sts) = keys::from_file(path)?;
        access_keys.extend(access);
        sts_keys.extend(sts);
    }
    let (access, sts) = keys::from_env()?;
    access_keys.extend(access);
    sts_keys.extend(sts);
    let defaults = access_keys.is_empty() && sts_keys.is_empty();
    let mut builder = Emulator::builder()
        .listen(args.listen)
        .speed(args.speed)
        .nonce_capacity(args.nonce_capacity)
        .max_connections(args.max_connections)
        .faults(args.faults.into_iter().collect::<FaultConfig>());
    for (id, secret) in access_keys {
        builder = builder.access_key(id, secret);
    }
    for (id, secret, token) in sts_keys {
        builder = builder.sts_key(id, secret, token);
    }
    if let Some(path) = args.state {
        builder = builder.state_file(path);
    }
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    // An empty variable means no token; an empty flag is refused by the builder, so that an
    // unset `"$TOKEN"` does not silently turn the guard off.
    let control_token = args.control_token.or_else(|| {
        std::env::var(CONTROL_TOKEN_ENV)
            .ok()
            .filter(|token| !token.is_empty())
    });
    let guarded = control_token.is_some();
    if let Some(token) = control_token {
        builder = builder.control_token(token);
    }
    let signals = StopSignals::install()?;
    let handle = builder.start().await?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "listening on {}", handle.endpoint())?;
        if defaults {
            writeln!(
                stdout,
                "accepting the default key pair: AccessKeyId={DEFAULT_ACCESS_KEY_ID} (secret in --help)"
            )?;
        }
        if guarded {
            writeln!(
                stdout,
                "control API requests need Authorization: Bearer <the control token>"
            )?;
        }
        stdout.flush()?;
    }
    signals.wait().await?;
    handle.shutdown().await;
    Ok(())
}

/// SIGINT and SIGTERM, caught from the moment this exists (before the endpoint is announced,
/// so a client that signals as soon as it reads it stops the server cleanly).
#[cfg(unix)]
struct StopSignals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl StopSignals {
    fn install() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn wait(mut self) -> std::io::Result<()> {
        tokio::select! {
            _ = self.interrupt.recv() => Ok(()),
            _ = self.terminate.recv() => Ok(()),
        }
    }
}

/// Ctrl-C, caught once waited for.
#[cfg(not(unix))]
struct StopSignals;

#[cfg(not(unix))]
impl StopSignals {
    fn install() -> std::io::Result<Self> {
        Ok(Self)
    }

    async fn wait(self) -> std::io::Result<()> {
        tokio::signal::ctrl_c().await
    }
}

#[cfg(test)]
mod tests {
    use super::ServeArgs;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Args {
        #[command(flatten)]
        serve: ServeArgs,
    }

    #[test]
    fn debug_shows_no_secret() {
        let args = Args::try_parse_from([
            "emulator",
            "--access-key",
            "plain-id:plain-s3cret",
            "--sts-key",
            "STS.id:sts-s3cret:sts-t0ken",
            "--control-token",
            "control-t0ken",
        ])
        .unwrap();
        let shown = format!("{args:?} {args:#?}");
        assert!(
            shown.contains("plain-id") && shown.contains("STS.id"),
            "{shown}"
        );
        for secret in ["plain-s3cret", "sts-s3cret", "sts-t0ken", "control-t0ken"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}
