//! The `alicloud-ecs-emulator` binary: a local ECS task service for SDKs, CLIs and tests.
//!
//! Prints `listening on http://HOST:PORT` as its first line on stdout, then serves until
//! SIGINT or SIGTERM. The flags live in [`alicloud_ecs_emulator::cli`], shared with
//! `alicloud-ecs emulator serve`.

use std::process::ExitCode;

use alicloud_ecs_emulator::cli::{SERVE_HELP, ServeArgs, serve};
use clap::Parser;

/// A local Alibaba Cloud ECS task-API emulator.
#[derive(Debug, Parser)]
#[command(name = "alicloud-ecs-emulator", version, after_help = SERVE_HELP)]
struct Args {
    #[command(flatten)]
    serve: ServeArgs,
    /// Log requests and connections to stderr.
    #[arg(short, long)]
    verbose: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.verbose {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
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
