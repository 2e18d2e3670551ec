//! `completions SHELL`: the shell completion script, generated from the command line, with
//! the ECS actions and their parameters added from the spec (see [`complete`]).

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use super::any::complete;
use crate::cli::Cli;
use crate::failure::Failure;

/// Print the completion script of `shell` to stdout.
pub(super) fn print(shell: Shell) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "alicloud-ecs", &mut script);
    let script = complete::extend(shell, String::from_utf8_lossy(&script).into_owned());
    let mut stdout = io::stdout().lock();
    stdout.write_all(script.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
