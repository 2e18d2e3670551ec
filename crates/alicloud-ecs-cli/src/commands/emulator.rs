//! `emulator serve`: the local ECS task emulator in the foreground, with the flags of the
//! standalone `alicloud-ecs-emulator` binary. The first line on stdout is
//! `listening on http://HOST:PORT`; it serves until Ctrl-C or SIGTERM.

use crate::cli::ServeArgs;
use crate::failure::Failure;

/// Serve until interrupted.
pub(super) async fn serve(args: ServeArgs) -> Result<(), Failure> {
    alicloud_ecs_emulator::cli::serve(args).await.map_err(|e| {
        match e.downcast::<alicloud_ecs_emulator::EmulatorError>() {
            Ok(e) => Failure::Emulator(*e),
            Err(e) => match e.downcast::<std::io::Error>() {
                Ok(e) => Failure::Io(*e),
                Err(e) => Failure::Config(e.to_string()),
            },
        }
    })
}
