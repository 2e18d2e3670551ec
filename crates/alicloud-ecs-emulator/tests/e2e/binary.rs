//! The binary takes keys from a file or the environment instead of argv, and its `--verbose`
//! request log shows the action, AccessKey ID, status and duration, never a secret.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};

use alicloud_ecs_emulator::Credentials;
use bytes::Bytes;

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

#[test]
fn verbose_logs_each_request_without_secrets() {
    let running = start(
        &[
            "--speed",
            "0",
            "--verbose",
            "--access-key",
            "log-id:log-s3cret",
        ],
        &[],
    );
    let credentials = Credentials::new("log-id", "log-s3cret");
    let v3 = describe(credentials.clone());
    let v1 = describe(credentials).v1().format("JSON");
    let host = running.endpoint.trim_start_matches("http://").to_owned();
    let mut signatures = Vec::new();
    for call in [&v3, &v1] {
        let request = call.request(&host);
        if let Some(auth) = request.headers().get("authorization") {
            let auth = auth.to_str().unwrap();
            signatures.push(auth.rsplit_once("Signature=").unwrap().1.to_owned());
        }
        if let Some(query) = request.uri().query()
            && let Some(start) = query.find("Signature=")
        {
            let value = &query[start + "Signature=".len()..];
            signatures.push(value.split('&').next().unwrap().to_owned());
        }
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let reply =
            runtime.block_on(async { send(&client(), &running.endpoint, request).await.unwrap() });
        reply.ok();
    }
    running
        .call(&describe(Credentials::new("log-id", "wr0ng-s3cret")))
        .expect_error(400, "SignatureDoesNotMatch");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let request = http::Request::get("/_emulator/clock")
            .body(Bytes::new())
            .unwrap();
        send(&client(), &running.endpoint, request)
            .await
            .unwrap()
            .ok();
    });
    let printed = running.stop();
    let lines: Vec<&str> = printed.lines().filter(|l| l.contains("request")).collect();
    assert!(lines.len() >= 4, "{printed}");
    for (line, status) in lines.iter().zip(["200", "200", "400", "200"]) {
        assert!(line.contains(&format!("status={status}")), "{line}");
        assert!(line.contains("duration_ms="), "{line}");
    }
    for line in &lines[..3] {
        assert!(line.contains(r#"action="DescribeRegions""#), "{line}");
        assert!(line.contains(r#"access_key_id="log-id""#), "{line}");
    }
    assert!(
        lines[3].contains(r#"action="GET /_emulator/clock""#),
        "{}",
        lines[3]
    );
    assert_eq!(signatures.len(), 2);
    for secret in ["log-s3cret", "wr0ng-s3cret"]
        .iter()
        .copied()
        .chain(signatures.iter().map(String::as_str))
    {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
}

/// An empty `--control-token` (an unset `"$TOKEN"`) stops the binary instead of leaving the
/// control API open; an empty environment variable means no token.
#[test]
fn an_empty_control_token_flag_is_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_alicloud-ecs-emulator"))
        .env_remove("ALICLOUD_EMULATOR_CONTROL_TOKEN")
        .args(["--listen", "127.0.0.1:0", "--control-token", ""])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("token"), "{stderr}");
    assert!(output.stdout.is_empty(), "it must not start");

    let running = start(
        &["--listen", "127.0.0.1:0"],
        &[("ALICLOUD_EMULATOR_CONTROL_TOKEN", "")],
    );
    running.stop();
}
