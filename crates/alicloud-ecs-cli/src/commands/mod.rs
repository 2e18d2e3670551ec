//! The commands: each module runs one command group against a [`Ctx`] and prints its result;
//! [`any`] runs any ECS operation by name.

mod any;
mod completions;
mod emulator;
mod image;
mod regions;
mod task;

use alicloud_ecs::Client;

use crate::cli::{Cli, Command, EmulatorCommand, GlobalArgs};
use crate::client::connect;
use crate::failure::Failure;
use crate::output::Output;

/// What a command that calls the service works with.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// The client.
    pub(crate) client: Client,
    /// How to print results.
    pub(crate) output: Output,
    /// Whether the client talks to the in-process emulator (which polls faster).
    pub(crate) emulated: bool,
}

/// Run the parsed command line.
pub(crate) async fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    match cli.command {
        Command::Completions { shell } => completions::print(shell),
        Command::Emulator(EmulatorCommand::Serve(args)) => emulator::serve(args).await,
        Command::Task(command) => {
            with_client(global, async |ctx| task::run(ctx, command).await).await
        }
        Command::Image(command) => {
            with_client(global, async |ctx| image::run(ctx, command).await).await
        }
        Command::Regions => with_client(global, regions::run).await,
        Command::ListActions { group } => {
            let text = any::list_actions(group.as_deref()).map_err(Failure::Usage)?;
            crate::output::write_stdout(&text)?;
            Ok(())
        }
        Command::Any(words) => any::run(global, words).await,
    }
}

/// Connect as the global options say, run `command`, then stop the emulator if one was started.
async fn with_client(
    global: &GlobalArgs,
    command: impl AsyncFnOnce(&Ctx) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let session = connect(global).await?;
    let ctx = Ctx {
        client: session.client.clone(),
        output: Output::new(global.output),
        emulated: session.is_emulated(),
    };
    let result = command(&ctx).await;
    session.close().await;
    result
}
