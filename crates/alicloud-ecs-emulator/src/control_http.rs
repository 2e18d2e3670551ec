//! The control API over HTTP, under the reserved prefix `/_emulator/`: unsigned, JSON in and
//! out, and served only to loopback clients that address a loopback host, without an `Origin`
//! header, with the control token if one is configured, and with JSON bodies (see
//! [`control_guard`](crate::control_guard)).
//!
//! | method and path | body / query | effect |
//! |---|---|---|
//! | `POST /_emulator/reset` | | back to the initial state |
//! | `GET /_emulator/clock` | | `{"now", "now_ms", "speed"}` |
//! | `POST /_emulator/clock/advance` | `?secs=N`, `?ms=N` or `{"secs": N}` | move the clock |
//! | `GET /_emulator/tasks` | `?region=ID` | list tasks |
//! | `POST /_emulator/tasks` | a `TaskSeed` object | place a task |
//! | `GET /_emulator/images` | | list images |
//! | `GET /_emulator/faults` | | list faults |
//! | `POST /_emulator/faults` | a `Fault` object, or a spec like `throttle,every=3` | add a fault |
//! | `DELETE /_emulator/faults` | | remove every fault |

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use alicloud_ecs_model::Timestamp;
use alicloud_signer::encode::parse_query;
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};

use crate::EmulatorError;
use crate::clock::MAX_ADVANCE;
use crate::control::Control;
use crate::control_guard;
use crate::faults::Fault;
use crate::respond::control_json;
use crate::seed::TaskSeed;
use crate::service::Inner;

/// The reserved path prefix.
pub(crate) const PREFIX: &str = "/_emulator";

type Failure = (StatusCode, String);

/// Whether `path` belongs to the control API.
pub(crate) fn is_control_path(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Serve one control request from `peer`.
pub(crate) async fn handle(
    inner: &Arc<Inner>,
    request: Request<Bytes>,
    peer: IpAddr,
) -> Response<Bytes> {
    if let Err(refusal) = control_guard::admit(&request, peer, inner.auth.control_token()) {
        return refusal.into_response();
    }
    let control = Control::new(inner.clone());
    match route(&control, &request).await {
        Ok(value) => control_json(StatusCode::OK, &value),
        Err((status, message)) => control_json(status, &json!({ "error": message })),
    }
}

async fn route(control: &Control, request: &Request<Bytes>) -> Result<Value, Failure> {
    let path = request.uri().path();
    let path = path.get(PREFIX.len()..).unwrap_or("").trim_end_matches('/');
    let query = parse_query(request.uri().query().unwrap_or(""))
        .map_err(|e| bad_request(format!("query: {e}")))?;
    let query_value = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let body = request.body();
    match (request.method(), path) {
        (&Method::POST, "/reset") => {
            control.reset().await.map_err(failure)?;
            Ok(json!({ "reset": true }))
        }
        (&Method::GET, "/clock") => Ok(clock(control)),
        (&Method::POST, "/clock/advance") => {
            let by = advance_amount(query_value("secs"), query_value("ms"), body)?;
            control.advance(by).await.map_err(failure)?;
            Ok(clock(control))
        }
        (&Method::GET, "/tasks") => {
            let region = query_value("region");
            let tasks: Vec<_> = control
                .tasks()
                .into_iter()
                .filter(|t| region.is_none_or(|r| r == t.region_id))
                .collect();
            to_value(&tasks)
        }
        (&Method::POST, "/tasks") => {
            let seed: TaskSeed =
                serde_json::from_slice(body).map_err(|e| bad_request(format!("task seed: {e}")))?;
            let info = control.seed_task(seed).await.map_err(failure)?;
            to_value(&info)
        }
        (&Method::GET, "/images") => to_value(&control.images()),
        (&Method::GET, "/faults") => to_value(&control.faults()),
        (&Method::POST, "/faults") => {
            let fault = parse_fault(body)?;
            control
                .add_fault(fault)
                .map_err(|e| bad_request(e.to_string()))?;
            to_value(&control.faults())
        }
        (&Method::DELETE, "/faults") => {
            control.clear_faults();
            Ok(json!([]))
        }
        _ => Err((
            StatusCode::NOT_FOUND,
            format!("no control endpoint {} {PREFIX}{path}", request.method()),
        )),
    }
}

fn clock(control: &Control) -> Value {
    let now = control.now();
    json!({
        "now": Timestamp::from(now).to_string(),
        "now_ms": now.unix_timestamp_nanos() / 1_000_000,
        "speed": control.speed(),
    })
}

/// The advance amount from `?secs=`, `?ms=` or a JSON body `{"secs": N}` / `{"ms": N}`.
fn advance_amount(secs: Option<&str>, ms: Option<&str>, body: &[u8]) -> Result<Duration, Failure> {
    let from_body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(body).map_err(|e| bad_request(format!("body: {e}")))?
    };
    let secs = match (secs, ms) {
        (Some(s), _) => s.parse::<f64>().ok(),
        (None, Some(ms)) => ms.parse::<f64>().ok().map(|ms| ms / 1000.0),
        (None, None) => from_body["secs"]
            .as_f64()
            .or_else(|| from_body["ms"].as_f64().map(|ms| ms / 1000.0)),
    };
    let secs = secs.ok_or_else(|| {
        bad_request("give a non-negative ?secs=N, ?ms=N or {\"secs\": N}".to_owned())
    })?;
    if !secs.is_finite() || secs < 0.0 {
        return Err(bad_request(format!(
            "the clock only moves forward: an advance must be a finite number ≥ 0, got {secs}"
        )));
    }
    Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|by| *by <= MAX_ADVANCE)
        .ok_or_else(|| {
            bad_request(format!(
                "an advance is at most {} days, got {secs} s",
                MAX_ADVANCE.as_secs() / 86_400
            ))
        })
}

/// A fault from a JSON object, a JSON string holding a `kind,key=value` spec, or the spec
/// itself.
fn parse_fault(body: &[u8]) -> Result<Fault, Failure> {
    let text = std::str::from_utf8(body)
        .map_err(|e| bad_request(e.to_string()))?
        .trim();
    let spec = if text.starts_with('{') {
        return serde_json::from_str(text).map_err(|e| bad_request(format!("fault: {e}")));
    } else if text.starts_with('"') {
        serde_json::from_str::<String>(text).map_err(|e| bad_request(format!("fault: {e}")))?
    } else {
        text.to_owned()
    };
    spec.parse()
        .map_err(|e: crate::ParseFaultError| bad_request(e.to_string()))
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(internal)
}

fn bad_request(message: String) -> Failure {
    (StatusCode::BAD_REQUEST, message)
}

/// A refused control request is 400, a failed one (the state file cannot be saved) 500.
fn failure(err: EmulatorError) -> Failure {
    match err {
        EmulatorError::Invalid(message) => bad_request(message),
        other => internal(other),
    }
}

fn internal(err: impl std::fmt::Display) -> Failure {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[tokio::test]
    async fn other_peers_are_refused() {
        let emulator = crate::Emulator::builder().seed(1).build().unwrap();
        let request = || {
            Request::post("/_emulator/reset")
                .header("host", "localhost")
                .body(Bytes::new())
                .unwrap()
        };
        let remote = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 2));
        let refused = handle(&emulator.inner, request(), remote).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let local = handle(&emulator.inner, request(), IpAddr::V4(Ipv4Addr::LOCALHOST)).await;
        assert_eq!(local.status(), StatusCode::OK);
    }

    #[test]
    fn recognises_the_prefix() {
        assert!(is_control_path("/_emulator"));
        assert!(is_control_path("/_emulator/reset"));
        assert!(!is_control_path("/_emulatorx"));
        assert!(!is_control_path("/"));
    }

    #[test]
    fn reads_advance_amounts() {
        assert_eq!(
            advance_amount(Some("1.5"), None, b"").unwrap(),
            Duration::from_millis(1500)
        );
        assert_eq!(
            advance_amount(None, Some("250"), b"").unwrap(),
            Duration::from_millis(250)
        );
        assert_eq!(
            advance_amount(None, None, br#"{"secs": 3}"#).unwrap(),
            Duration::from_secs(3)
        );
        assert!(advance_amount(None, None, b"").is_err());
        for (secs, ms, body, says) in [
            (Some("-1"), None, &b""[..], "only moves forward"),
            (None, Some("-0.5"), b"", "only moves forward"),
            (None, None, br#"{"secs": -3}"#, "only moves forward"),
            (Some("NaN"), None, b"", "only moves forward"),
            (Some("inf"), None, b"", "only moves forward"),
            (Some("315705600"), None, b"", "at most 3653 days"),
            (Some("1e300"), None, b"", "at most 3653 days"),
        ] {
            let (status, message) = advance_amount(secs, ms, body).unwrap_err();
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert!(message.contains(says), "{message}");
        }
        assert_eq!(
            advance_amount(Some("315532800"), None, b"").unwrap(),
            Duration::from_secs(315_532_800)
        );
    }
}
