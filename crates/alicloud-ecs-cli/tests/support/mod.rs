//! Running the built `alicloud-ecs` binary as a process, with a cleared environment so the
//! machine's configuration cannot leak in, and a standalone emulator for multi-step flows.

#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use alicloud_ecs_emulator::{
    Control, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorHandle, TaskSeed,
};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_alicloud-ecs");

/// What a run of the binary left behind.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Fail with everything printed unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// An empty home directory: no `~/.aliyun/config.json`, no `~/.alibabacloud/credentials`.
pub fn empty_home() -> PathBuf {
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("alicloud-ecs-cli-home");
    std::fs::create_dir_all(&home).unwrap();
    home
}

/// The binary with only `PATH` and an empty `HOME`; the metadata service is switched off so
/// that nothing reaches outside the machine.
pub fn cli() -> Command {
    let mut command = Command::new(BIN);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", empty_home())
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .stdin(Stdio::null());
    command
}

/// Run `command` to its end.
pub fn run_command(command: &mut Command) -> Run {
    Run::from_output(command.output().unwrap())
}

/// Run the binary with these arguments.
pub fn run(args: &[&str]) -> Run {
    run_command(cli().args(args))
}

/// Run the binary with the whitespace-separated arguments of `line`.
pub fn run_line(line: &str) -> Run {
    run(&line.split_whitespace().collect::<Vec<_>>())
}

/// A standalone emulator with a frozen clock (speed 0), driven through its control handle,
/// for flows that span several runs of the binary.
pub struct Standalone {
    runtime: tokio::runtime::Runtime,
    handle: Option<EmulatorHandle>,
}

impl Standalone {
    pub fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let handle = runtime
            .block_on(Emulator::builder().speed(0.0).seed(11).start())
            .unwrap();
        Self {
            runtime,
            handle: Some(handle),
        }
    }

    pub fn endpoint(&self) -> String {
        self.handle().endpoint()
    }

    pub fn control(&self) -> Control {
        self.handle().control()
    }

    fn handle(&self) -> &EmulatorHandle {
        self.handle.as_ref().unwrap()
    }

    /// Move the emulated clock forward.
    pub fn advance(&self, by: Duration) {
        self.runtime.block_on(self.control().advance(by)).unwrap();
    }

    /// The binary pointed at this emulator, with its default key in the environment.
    pub fn cli(&self) -> Command {
        let mut command = cli();
        command
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", DEFAULT_ACCESS_KEY_SECRET)
            .args(["--endpoint", &self.endpoint(), "--region", "cn-hangzhou"]);
        command
    }

    /// Run the binary against this emulator.
    pub fn run(&self, args: &[&str]) -> Run {
        run_command(self.cli().args(args))
    }

    /// Run the binary against this emulator with the whitespace-separated arguments of `line`.
    pub fn run_line(&self, line: &str) -> Run {
        self.run(&line.split_whitespace().collect::<Vec<_>>())
    }

    /// Place an import task directly; returns its id.
    pub fn seed_import(&self) -> String {
        let seed = TaskSeed::new("cn-hangzhou", "ImportImage");
        self.runtime
            .block_on(self.control().seed_task(seed))
            .unwrap()
            .task_id
    }

    /// Start an export through the binary; returns its task id.
    pub fn export(&self) -> String {
        let run = self
            .run(&[
                "--output",
                "json",
                "image",
                "export",
                "--image-id",
                "m-23f8tcp8y",
                "--oss-bucket",
                "image-temp",
            ])
            .expect_code(0);
        run.json()["TaskId"].as_str().unwrap().to_owned()
    }
}

impl Drop for Standalone {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}
