//! Feeds a few requests to a fresh in-process emulator: raw requests (any method, path, query,
//! headers and body), control-API calls, and correctly signed V1/V3 calls of any operation of
//! the spec with fuzzed parameters, in the query, a form body or both. The emulator must never
//! panic, and every API response must carry its RequestId in the `x-acs-request-id` header and
//! in a body the model can read.
#![no_main]

use std::sync::OnceLock;

use alicloud_ecs_emulator::{CONTROL_PREFIX, Emulator};
use alicloud_ecs_model::{ErrorResponse, Format, ImportImageResponse, from_slice, spec};
use alicloud_signer::encode::canonical_query_string;
use alicloud_signer::{SignableRequest, SignatureVersion, SigningParams, sign};
use bytes::Bytes;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;
use tokio::runtime::Runtime;

#[path = "emulator_request/words.rs"]
mod words;

use words::{ACTIONS, CONTROL, HEADERS, PARAMS, VALUES};

/// Requests per input: enough to create a task and then look at it or cancel it.
const MAX_REQUESTS: usize = 4;

/// An index into a list of likely strings, or any text.
#[derive(Debug, Arbitrary)]
enum Pick {
    Known(u8),
    /// The id of the last task a response in this input created.
    LastTask,
    Raw(String),
}

impl Pick {
    fn resolve<'a>(&'a self, known: &[&'static str], last_task: &'a str) -> &'a str {
        match self {
            Self::Known(i) => known[usize::from(*i) % known.len()],
            Self::LastTask => last_task,
            Self::Raw(text) => text,
        }
    }
}

/// An action: a task API, any operation of the spec, or any text.
#[derive(Debug, Arbitrary)]
enum ActionPick {
    Task(u8),
    Spec(u16),
    Raw(String),
}

impl ActionPick {
    fn resolve(&self) -> &str {
        match self {
            Self::Task(i) => ACTIONS[usize::from(*i) % ACTIONS.len()],
            Self::Spec(i) => {
                let n = spec::actions().count().max(1);
                spec::actions()
                    .nth(usize::from(*i) % n)
                    .map_or("", |(action, _)| action)
            }
            Self::Raw(text) => text,
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Method {
    Get,
    Post,
    Put,
    Delete,
    Raw(String),
}

impl Method {
    fn as_str(&self) -> &str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
            Self::Raw(method) => method,
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Target {
    /// Any path and query, unsigned.
    Raw { path: String, query: String },
    /// A control-API endpoint.
    Control { endpoint: u8, query: String },
    /// An API call signed with the emulator's default key; with `valid_base`, the parameters
    /// start from a valid call of the action. Parameter `i` travels in a form body when bit
    /// `i` of `in_body` is set, and in the query too when bit `i` of `in_both` is.
    Signed {
        v3: bool,
        xml: bool,
        action: ActionPick,
        valid_base: bool,
        params: Vec<(Pick, Pick)>,
        in_body: u32,
        in_both: u32,
    },
}

#[derive(Debug, Arbitrary)]
struct Call {
    method: Method,
    target: Target,
    headers: Vec<(Pick, String)>,
    body: Vec<u8>,
}

/// The parameters of a valid call of `action` (the emulator's own sample request, naming its
/// seed resources), the task operations naming the last task placed.
fn valid_params(action: &str, last_task: &str) -> Vec<(String, String)> {
    let mut params =
        alicloud_ecs_emulator::sample_request(action, "cn-hangzhou").unwrap_or_default();
    if matches!(action, "DescribeTaskAttribute" | "CancelTask") {
        params.retain(|(n, _)| n != "TaskId");
        params.push(("TaskId".to_owned(), last_task.to_owned()));
    }
    params
}

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a current-thread runtime")
    })
}

/// Builds the HTTP request for `call`, or `None` if it is not a valid `http::Request`.
fn build(
    emulator: &Emulator,
    call: &Call,
    index: usize,
    last_task: &str,
) -> Option<http::Request<Bytes>> {
    let method = http::Method::from_bytes(call.method.as_str().as_bytes()).ok()?;
    let mut signed_headers = Vec::new();
    // A signed call with form parameters replaces the raw body with their encoding.
    let body = &mut None::<String>;
    let uri = match &call.target {
        Target::Raw { path, query } => format!("{path}?{query}"),
        Target::Control { endpoint, query } => {
            let endpoint = CONTROL[usize::from(*endpoint) % CONTROL.len()];
            format!("{CONTROL_PREFIX}{endpoint}?{query}")
        }
        Target::Signed {
            v3,
            xml,
            action,
            valid_base,
            params,
            in_body,
            in_both,
        } => {
            let action = action.resolve();
            let mut all = if *valid_base {
                valid_params(action, last_task)
            } else {
                Vec::new()
            };
            all.extend(params.iter().map(|(n, v)| {
                (
                    n.resolve(PARAMS, last_task).to_owned(),
                    v.resolve(VALUES, last_task).to_owned(),
                )
            }));
            let (mut query, mut form) = (Vec::new(), Vec::new());
            for (i, (n, v)) in all.iter().enumerate() {
                let bit = 1u32.checked_shl(i as u32).unwrap_or(0);
                if in_body & bit == 0 {
                    query.push((n.as_str(), v.as_str()));
                } else {
                    form.push((n.as_str(), v.as_str()));
                    if in_both & bit != 0 {
                        query.push((n.as_str(), v.as_str()));
                    }
                }
            }
            *body = if form.is_empty() {
                None
            } else {
                Some(canonical_query_string(&form))
            };
            let form_type = [("content-type", "application/x-www-form-urlencoded")];
            let content_type: &[(&str, &str)] = if body.is_some() { &form_type } else { &[] };
            let mut request =
                SignableRequest::new(method.as_str(), "127.0.0.1", action, "2014-05-26")
                    .with_query(&query)
                    .with_headers(content_type);
            if let Some(body) = body.as_deref() {
                request = request.with_form(&form).with_body(body.as_bytes());
            }
            let credentials = emulator.default_credentials();
            let nonce = format!("fuzz-nonce-{index}");
            let signing = SigningParams::new(&credentials, OffsetDateTime::now_utc(), &nonce);
            let version = if *v3 {
                SignatureVersion::V3
            } else {
                SignatureVersion::V1
            };
            let signed = sign(version, &request, &signing).ok()?;
            signed_headers.extend(signed.headers().map(|(n, v)| (n.to_owned(), v.to_owned())));
            signed_headers.push(("host".to_owned(), "127.0.0.1".to_owned()));
            signed_headers.extend(
                content_type
                    .iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
            );
            let accept = if *xml {
                "application/xml"
            } else {
                "application/json"
            };
            signed_headers.push(("accept".to_owned(), accept.to_owned()));
            format!("/?{}", signed.query_string())
        }
    };
    let mut builder = http::Request::builder().method(method).uri(uri);
    for (name, value) in &signed_headers {
        builder = builder.header(name, value);
    }
    for (name, value) in &call.headers {
        let name = name.resolve(HEADERS, last_task);
        let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) else {
            continue;
        };
        builder = builder.header(name, value);
    }
    let body = match body.take() {
        Some(form) => Bytes::from(form),
        None => Bytes::from(call.body.clone()),
    };
    builder.body(body).ok()
}

/// Checks an API response carries its RequestId, and returns the id of a task it created.
fn check(response: &http::Response<Bytes>) -> Option<String> {
    let header_id = response
        .headers()
        .get("x-acs-request-id")
        .and_then(|v| v.to_str().ok());
    let body = response.body();
    let full_length = response
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if full_length != Some(body.len()) {
        // A drop fault cut the body short.
        assert!(
            header_id.is_some(),
            "a cut response without x-acs-request-id"
        );
        return None;
    }
    let xml = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("xml"));
    let format = if xml { Format::Xml } else { Format::Json };
    let envelope: ErrorResponse = from_slice(format, body).unwrap_or_else(|e| {
        panic!(
            "the model cannot read the emulator's {format} body: {e}\n{}",
            String::from_utf8_lossy(body)
        )
    });
    let body_id = envelope.request_id.as_deref();
    assert!(
        body_id.is_some_and(|id| !id.is_empty()),
        "no RequestId in the body: {}",
        String::from_utf8_lossy(body)
    );
    assert_eq!(
        header_id, body_id,
        "x-acs-request-id differs from the body's RequestId"
    );
    if response.status() != http::StatusCode::OK {
        return None;
    }
    from_slice::<ImportImageResponse>(format, body)
        .ok()
        .and_then(|r| r.task_id)
}

fuzz_target!(|calls: Vec<Call>| {
    let emulator = Emulator::builder()
        .seed(1)
        .speed(0.0)
        .build()
        .expect("an emulator with the default configuration");
    let mut last_task = String::from("t-23ym6mvro");
    for (index, call) in calls.iter().take(MAX_REQUESTS).enumerate() {
        let Some(request) = build(&emulator, call, index, &last_task) else {
            continue;
        };
        let is_control = request
            .uri()
            .path()
            .strip_prefix(CONTROL_PREFIX)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        let response = runtime().block_on(emulator.dispatch(request));
        if !is_control && let Some(task) = check(&response) {
            last_task = task;
        }
    }
});
