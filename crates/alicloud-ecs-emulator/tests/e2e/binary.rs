//! The binary takes keys from a file or the environment instead of argv, and its `--verbose`
//! request log shows the action, AccessKey ID, status and duration, never a secret.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};

use alicloud_ecs_emulator::Credentials;

use crate::support::{Call, Reply, client, send};

/// A running binary and the endpoint it printed.
struct Running {
    child: Child,
    stdout: BufReader<ChildStdout>,
    endpoint: String,
    banner: String,
}

fn start(args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_alicloud-ecs-emulator"));
    command
        .args(args)
        .env_remove("ALICLOUD_EMULATOR_KEYS")
        .env_remove("ALICLOUD_EMULATOR_CONTROL_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    stdout.read_line(&mut banner).unwrap();
    let endpoint = banner
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {banner:?}"))
        .to_owned();
    Running {
        child,
        stdout,
        endpoint,
        banner,
    }
}

impl Running {
    fn call(&self, call: &Call) -> Reply {
        let host = self.endpoint.trim_start_matches("http://").to_owned();
        let request = call.request(&host);
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async { send(&client(), &self.endpoint, request).await.unwrap() })
    }

    /// Stop with SIGTERM; everything printed on stdout and stderr.
    fn stop(mut self) -> String {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        assert!(self.child.wait().unwrap().success());
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).unwrap();
        let mut stderr = String::new();
        let mut pipe = self.child.stderr.take().unwrap();
        pipe.read_to_string(&mut stderr).unwrap();
        format!("{}{rest}{stderr}", self.banner)
    }
}

fn describe(credentials: Credentials) -> Call {
    Call::new("DescribeRegions", credentials)
}

fn keys_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("ecs-emulator-{name}-{}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn keys_come_from_a_file_or_the_environment() {
    let path = keys_file(
        "keys",
        "# emulator keys\nfile-id:file-s3cret\nsts-key=STS.file:sts-s3cret:sts-t0ken\n",
    );
    let running = start(
        &["--speed", "0", "--keys-file", path.to_str().unwrap()],
        &[(
            "ALICLOUD_EMULATOR_KEYS",
            "env-id:env-s3cret,env-2:env-s3cret-2",
        )],
    );
    running
        .call(&describe(Credentials::new("file-id", "file-s3cret")))
        .ok();
    let sts = Credentials::new("STS.file", "sts-s3cret").with_security_token("sts-t0ken");
    running.call(&describe(sts)).ok();
    for (id, secret) in [("env-id", "env-s3cret"), ("env-2", "env-s3cret-2")] {
        running.call(&describe(Credentials::new(id, secret))).ok();
    }
    // Configured keys replace the default pair.
    let default = Credentials::new("emulator-access-key", "emulator-secret-key");
    running
        .call(&describe(default))
        .expect_error(404, "InvalidAccessKeyId.NotFound");
    let printed = running.stop();
    assert!(!printed.contains("default key pair"), "{printed}");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_bad_keys_file_stops_the_binary_without_showing_secrets() {
    let path = keys_file("bad-keys", "good:one\nno-colon-s3cret\n");
    for (args, env) in [
        (vec!["--keys-file", path.to_str().unwrap()], vec![]),
        (
            vec![],
            vec![("ALICLOUD_EMULATOR_KEYS", "sts-key=id:s3cret")],
        ),
        (vec!["--keys-file", "no-such-directory/keys"], vec![]),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_alicloud-ecs-emulator"))
            .env_remove("ALICLOUD_EMULATOR_KEYS")
            .args(&args)
            .envs(env)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("keys") || stderr.contains("KEYS"),
            "{stderr}"
        );
        assert!(!stderr.contains("s3cret"), "{stderr}");
    }
    std::fs::remove_file(&path).unwrap();
}
