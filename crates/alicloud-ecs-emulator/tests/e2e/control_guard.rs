//! The control API cannot be driven by a web page or through a rebound host name, takes only
//! JSON writes, and requires the control token when one is configured.

use bytes::Bytes;
use http::Request;

use crate::support::{Reply, TestEmulator, frozen, send};

async fn raw(
    emu: &TestEmulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Bytes::from(body.to_owned())).unwrap();
    send(&emu.client, &emu.handle.endpoint(), request)
        .await
        .unwrap()
}

#[tokio::test]
async fn web_pages_and_rebound_host_names_are_refused() {
    let emu = TestEmulator::frozen().await;
    let port = emu.handle.addr().port();
    let clock = "/_emulator/clock";
    let origin = [("origin", "https://attacker.example")];
    let reply = raw(&emu, "GET", clock, &origin, "").await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(reply.json()["error"].as_str().unwrap().contains("Origin"));
    let null_origin = [("origin", "null")];
    assert_eq!(raw(&emu, "GET", clock, &null_origin, "").await.status, 403);

    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_owned(),
    ] {
        let reply = raw(&emu, "GET", clock, &[("host", &host)], "").await;
        assert_eq!(reply.status, 403, "{host}: {}", reply.body);
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_owned(),
    ] {
        let reply = raw(&emu, "GET", clock, &[("host", &host)], "").await;
        assert_eq!(reply.status, 200, "{host}: {}", reply.body);
    }

    // A page can POST a form or plain text without asking first: both are refused, and
    // nothing happens.
    emu.handle
        .control()
        .add_fault(alicloud_ecs_emulator::Fault::throttle().every(1000))
        .unwrap();
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let reply = raw(&emu, "POST", "/_emulator/reset", &form, "").await;
    assert_eq!(reply.status, 415, "{}", reply.body);
    let text = [("content-type", "text/plain")];
    let reply = raw(&emu, "POST", "/_emulator/faults", &text, "unavailable").await;
    assert_eq!(reply.status, 415, "{}", reply.body);
    let reply = raw(&emu, "DELETE", "/_emulator/faults", &[], "x").await;
    assert_eq!(reply.status, 415, "{}", reply.body);
    assert_eq!(emu.handle.control().faults().len(), 1, "nothing changed");

    let json = [("content-type", "application/json")];
    let reply = raw(&emu, "POST", "/_emulator/faults", &json, r#""unavailable""#).await;
    assert_eq!(reply.ok().as_array().unwrap().len(), 2);
    assert_eq!(
        raw(&emu, "POST", "/_emulator/reset", &[], "").await.status,
        200
    );
    assert!(emu.handle.control().faults().is_empty());
}

#[tokio::test]
async fn a_configured_control_token_is_required() {
    let token = "e2e-control-t0ken";
    let emu = TestEmulator::start(frozen().control_token(token)).await;
    let clock = "/_emulator/clock";
    let reply = raw(&emu, "GET", clock, &[], "").await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert!(
        reply.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    assert!(!reply.body.contains(token));
    for wrong in [
        "Bearer wrong",
        "Basic e2e-control-t0ken",
        "e2e-control-t0ken",
    ] {
        let reply = raw(&emu, "GET", clock, &[("authorization", wrong)], "").await;
        assert_eq!(reply.status, 401, "{wrong}");
    }
    let bearer = format!("Bearer {token}");
    let reply = raw(&emu, "GET", clock, &[("authorization", &bearer)], "").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = raw(
        &emu,
        "POST",
        "/_emulator/reset",
        &[("authorization", &bearer)],
        "",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    // Signed API calls and the in-process control need no token.
    emu.send(&emu.call("DescribeRegions")).await.ok();
    emu.handle.control().reset().await.unwrap();
    let shown = format!("{:?} {:?}", emu.handle, frozen().control_token(token));
    assert!(!shown.contains(token), "{shown}");
}

#[test]
fn an_unusable_control_token_is_a_configuration_error() {
    for token in ["", "two words"] {
        let err = frozen().control_token(token).build().unwrap_err();
        assert!(err.to_string().contains("control token"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn the_binary_reads_the_token_from_the_environment_and_prints_it_nowhere() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};

    let token = "env-control-t0ken";
    let mut child = Command::new(env!("CARGO_BIN_EXE_alicloud-ecs-emulator"))
        .env_remove("ALICLOUD_EMULATOR_KEYS")
        .args(["--speed", "0", "--verbose"])
        .env("ALICLOUD_EMULATOR_CONTROL_TOKEN", token)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let endpoint = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let statuses = runtime.block_on(async {
        let client = crate::support::client();
        let mut statuses = Vec::new();
        for auth in [None, Some(format!("Bearer {token}"))] {
            let mut request = Request::get("/_emulator/clock");
            if let Some(auth) = &auth {
                request = request.header("authorization", auth);
            }
            let request = request.body(Bytes::new()).unwrap();
            statuses.push(send(&client, &endpoint, request).await.unwrap().status);
        }
        statuses
    });
    assert_eq!(statuses, [401, 200]);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let printed = format!("{first}{rest}{stderr}");
    assert!(printed.contains("Bearer"), "{printed}");
    assert!(!printed.contains(token), "{printed}");
}
