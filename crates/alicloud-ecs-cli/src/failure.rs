//! Why a command failed, how that is told on stderr, and the exit code it maps to.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::process::ExitCode;

use alicloud_ecs::{Error, WaitError};
use alicloud_ecs_emulator::EmulatorError;

/// Exit code of a service error or a failed request.
pub(crate) const EXIT_SERVICE: u8 = 1;
/// Exit code of a usage or configuration error.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code of a wait that timed out.
pub(crate) const EXIT_TIMED_OUT: u8 = 3;
/// Exit code of a task that ended `Failed` or was cancelled.
pub(crate) const EXIT_TASK_FAILED: u8 = 4;

/// A command's failure.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A call failed.
    Api(Error),
    /// A wait ended without a finished task.
    Wait {
        /// The task waited for.
        task_id: String,
        /// Why the wait ended.
        error: WaitError,
    },
    /// The emulator could not start.
    Emulator(EmulatorError),
    /// The configuration is incomplete (no region).
    Config(String),
    /// The command line is wrong: an unknown action or parameter, a value that does not fit.
    Usage(String),
    /// The service answered something the command cannot use (an unreadable body, a paging
    /// token handed back twice).
    Unexpected(String),
    /// A `--wait-for` condition did not come true in time.
    TimedOut(String),
    /// Writing the output failed.
    Io(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Api(e)
    }
}

impl From<EmulatorError> for Failure {
    fn from(e: EmulatorError) -> Self {
        Self::Emulator(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

impl Failure {
    /// The process exit code.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Self::Api(e) => api_exit_code(e),
            Self::Config(_) | Self::Usage(_) => EXIT_USAGE,
            Self::Unexpected(_) => EXIT_SERVICE,
            Self::TimedOut(_) => EXIT_TIMED_OUT,
            Self::Io(_) => EXIT_SERVICE,
            Self::Wait {
                error: WaitError::TimedOut { .. },
                ..
            } => EXIT_TIMED_OUT,
            Self::Wait {
                error: WaitError::Operation(e),
                ..
            } => api_exit_code(e),
            Self::Wait { .. } => EXIT_TASK_FAILED,
            Self::Emulator(EmulatorError::Bind { .. } | EmulatorError::Config(_))
            | Self::Emulator(EmulatorError::StateFile(_)) => EXIT_USAGE,
            Self::Emulator(_) => EXIT_SERVICE,
        }
    }

    /// The message for stderr: `error: …` and indented detail lines.
    pub(crate) fn report(&self) -> String {
        let mut text = String::from("error: ");
        match self {
            Self::Api(Error::Service(_)) | Self::Api(Error::Response(_)) => {
                service_report(&mut text, self.api())
            }
            Self::Api(Error::Credentials(e)) if !e.attempts().is_empty() => {
                let _ = writeln!(
                    text,
                    "{}; tried, in order:",
                    if e.is_not_found() {
                        "no credentials found"
                    } else {
                        "no credentials could be loaded"
                    }
                );
                for (source, reason) in e.attempts() {
                    let _ = writeln!(text, "  {source}: {reason}");
                }
                text.push_str(
                    "  hint: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, \
                     run `aliyun configure`, or try --emulator",
                );
            }
            Self::Api(e) => {
                let _ = write!(text, "{e}");
            }
            Self::Wait {
                task_id,
                error:
                    WaitError::TimedOut {
                        elapsed,
                        polls,
                        last,
                    },
            } => {
                let _ = write!(
                    text,
                    "{task_id} did not end within {:.1}s ({polls} poll{})",
                    elapsed.as_secs_f64(),
                    if *polls == 1 { "" } else { "s" }
                );
                if let Some(last) = last {
                    let status = last.task_status.as_ref().map_or("-", |s| s.as_str());
                    let process = last.task_process.as_deref().unwrap_or("");
                    let _ = write!(text, "; last seen {status} {process}");
                }
            }
            Self::Wait { error, .. } => {
                let _ = write!(text, "{error}");
            }
            Self::Emulator(e) => {
                let _ = write!(text, "emulator: {e}");
            }
            Self::Config(message)
            | Self::Usage(message)
            | Self::Unexpected(message)
            | Self::TimedOut(message) => text.push_str(message),
            Self::Io(e) => {
                let _ = write!(text, "cannot write the output: {e}");
            }
        }
        text
    }

    fn api(&self) -> Option<&Error> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Tell the failure on stderr and turn it into the exit code. A closed stdout (a pager
    /// or `head` that stopped reading) is not worth a message.
    pub(crate) fn exit(self) -> ExitCode {
        if let Self::Io(e) = &self
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            return ExitCode::SUCCESS;
        }
        let mut stderr = io::stderr().lock();
        let _ = writeln!(stderr, "{}", self.report().trim_end());
        ExitCode::from(self.exit_code())
    }
}

/// Configuration problems (no region, a bad endpoint, no credentials) are usage errors;
/// everything else went wrong on the way to or at the service.
fn api_exit_code(error: &Error) -> u8 {
    match error {
        Error::Construction(_) | Error::Credentials(_) => EXIT_USAGE,
        _ => EXIT_SERVICE,
    }
}

/// `Code: Message` then the request id, recommendation and HTTP status, one per line.
fn service_report(text: &mut String, error: Option<&Error>) {
    let Some(error) = error else { return };
    match (error.code(), error.message()) {
        (Some(code), Some(message)) => {
            let _ = writeln!(text, "{code}: {message}");
        }
        (Some(code), None) => {
            let _ = writeln!(text, "{code}");
        }
        _ => {
            let _ = writeln!(text, "{error}");
        }
    }
    if let Some(id) = error.request_id() {
        let _ = writeln!(text, "  request id: {id}");
    }
    if let Some(link) = error.recommend().filter(|l| !l.is_empty()) {
        let _ = writeln!(text, "  recommend: {link}");
    }
    if let Some(status) = error.http_status() {
        let _ = writeln!(text, "  http status: {status}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_errors_exit_2() {
        let failure = Failure::from(EmulatorError::Config("speed must be ≥ 0".into()));
        assert_eq!(failure.exit_code(), EXIT_USAGE);
        assert_eq!(
            failure.report(),
            "error: emulator: invalid configuration: speed must be ≥ 0"
        );
    }

    #[test]
    fn usage_timeouts_and_odd_answers() {
        assert_eq!(Failure::Usage("x".into()).exit_code(), EXIT_USAGE);
        assert_eq!(Failure::TimedOut("x".into()).exit_code(), EXIT_TIMED_OUT);
        assert_eq!(Failure::Unexpected("x".into()).exit_code(), EXIT_SERVICE);
        assert_eq!(Failure::Usage("bad".into()).report(), "error: bad");
    }

    #[test]
    fn write_failures_exit_1() {
        let failure = Failure::from(io::Error::other("disk full"));
        assert_eq!(failure.exit_code(), EXIT_SERVICE);
        assert!(failure.report().contains("disk full"));
    }
}
