//! The emulator's command line, shared by the `alicloud-ecs-emulator` binary and the
//! `alicloud-ecs emulator serve` command: the flags ([`ServeArgs`]) and [`serve`], which runs
//! the emulator in the foreground until SIGINT or SIGTERM.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::{DEFAULT_ACCESS_KEY_ID, DEFAULT_NONCE_CAPACITY, Emulator, Fault, FaultConfig};

/// Help text shown after the flags: the default keys, fault syntax and control API.
pub const SERVE_HELP: &str = "\
Without --access-key or --sts-key the emulator accepts the default key pair
  AccessKeyId     emulator-access-key
  AccessKeySecret emulator-secret-key

Fault specs (--fault, repeatable): KIND[,key=value...]
  kinds:   throttle | unavailable | latency (ms=N) | drop | fail-task (code=, message=, at=PERCENT)
  options: action=NAME  every=N  ratio=R  times=N
  e.g.     --fault throttle,every=3   --fault latency,ms=50,action=DescribeTasks
           --fault fail-task,times=1,code=ImportImageFailed

Control API (loopback only): POST /_emulator/reset, GET /_emulator/clock,
POST /_emulator/clock/advance?secs=N, GET|POST /_emulator/tasks, GET /_emulator/images,
GET|POST|DELETE /_emulator/faults";

/// The flags of a served emulator.
#[derive(Debug, Clone, clap::Args)]
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
}

fn parse_key(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
            Ok((id.to_owned(), secret.to_owned()))
        }
        _ => Err("expected ID:SECRET".to_owned()),
    }
}

fn parse_sts_key(text: &str) -> Result<(String, String, String), String> {
    let mut parts = text.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(id), Some(secret), Some(token))
            if !id.is_empty() && !secret.is_empty() && !token.is_empty() =>
        {
            Ok((id.to_owned(), secret.to_owned(), token.to_owned()))
        }
        _ => Err("expected ID:SECRET:TOKEN".to_owned()),
    }
}

/// Start the emulator, print `listening on http://HOST:PORT` as the first line on stdout, and
/// serve until SIGINT or SIGTERM.
pub async fn serve(args: ServeArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let defaults = args.access_keys.is_empty() && args.sts_keys.is_empty();
    let mut builder = Emulator::builder()
        .listen(args.listen)
        .speed(args.speed)
        .nonce_capacity(args.nonce_capacity)
        .faults(args.faults.into_iter().collect::<FaultConfig>());
    for (id, secret) in args.access_keys {
        builder = builder.access_key(id, secret);
    }
    for (id, secret, token) in args.sts_keys {
        builder = builder.sts_key(id, secret, token);
    }
    if let Some(path) = args.state {
        builder = builder.state_file(path);
    }
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
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
        stdout.flush()?;
    }
    wait_for_signal().await?;
    handle.shutdown().await;
    Ok(())
}

#[cfg(unix)]
async fn wait_for_signal() -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result,
        _ = terminate.recv() => Ok(()),
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() -> std::io::Result<()> {
    tokio::signal::ctrl_c().await
}

#[cfg(test)]
mod tests {
    use super::{parse_key, parse_sts_key};

    #[test]
    fn key_flags() {
        assert_eq!(parse_key("id:se:cret"), Ok(("id".into(), "se:cret".into())));
        assert!(parse_key("id").is_err() && parse_key(":s").is_err());
        assert_eq!(
            parse_sts_key("id:secret:tok:en"),
            Ok(("id".into(), "secret".into(), "tok:en".into()))
        );
        assert!(parse_sts_key("id:secret").is_err());
    }
}
