//! The `alicloud-ecs` command: ECS image import/export tasks from the terminal.
//!
//! Parses the command line, sets up logging (`-v`), runs the command on a tokio runtime and
//! turns the outcome into the exit code: 0 success, 1 service error, 2 usage or
//! configuration error, 3 wait timed out, 4 task failed or cancelled.

mod cli;
mod client;
mod commands;
mod failure;
mod output;
mod progress;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::cli::Cli;
use crate::failure::Failure;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.global.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return Failure::Io(e).exit(),
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.exit(),
    }
}

/// Log our crates to stderr: warnings by default, `-v` info, `-vv` debug, `-vvv` trace.
/// Other crates (hyper, rustls) only log warnings.
fn init_logging(verbose: u8) {
    let ours = match verbose {
        0 => LevelFilter::WARN,
        1 => LevelFilter::INFO,
        2 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let filter = Targets::new()
        .with_target("alicloud", ours)
        .with_default(LevelFilter::WARN);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(verbose > 1);
    let _ = tracing_subscriber::registry()
        .with(layer)
        .with(filter)
        .try_init();
}
