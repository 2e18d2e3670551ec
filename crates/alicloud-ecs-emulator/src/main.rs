//! The `alicloud-ecs-emulator` binary: a local ECS task service for SDKs, CLIs and tests.
//!
//! Prints `listening on http://HOST:PORT` as its first line on stdout, then serves until
//! SIGINT or SIGTERM. The flags live in [`alicloud_ecs_emulator::cli`], shared with
//! `alicloud-ecs emulator serve`.
#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::process::ExitCode;

use alicloud_ecs_emulator::cli::{SERVE_HELP, ServeArgs, serve};
use clap::Parser;

/// A local Alibaba Cloud ECS task-API emulator.
#[derive(Debug, Parser)]
#[command(name = "alicloud-ecs-emulator", version, after_help = SERVE_HELP)]
struct Args {
    #[command(flatten)]
    serve: ServeArgs,
    /// Log each request to stderr (action, AccessKey ID, status, duration; never a secret)
    #[arg(short, long)]
    verbose: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.verbose {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .with_max_level(tracing::Level::DEBUG)
            .init();
    }
    match serve(args.serve).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("alicloud-ecs-emulator: {err}");
            }
            ExitCode::FAILURE
        }
    }
}
