//! Shared by the credentials integration tests: a temporary home directory, an environment
//! map, and fake STS and metadata services behind a closure transport.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use alicloud_ecs::credentials::{
    Credentials, CredentialsContext, CredentialsError, DefaultCredentialsChain, Env,
    ProvideCredentials,
};
use alicloud_transport::test_util::{FnTransport, ManualClock};
use alicloud_transport::{
    HttpRequest, HttpResponse, SharedTimeSource, SharedTransport, TransportError,
};

pub(crate) const STS: &str = "http://sts.test";
pub(crate) const IMDS: &str = "http://imds.test";
pub(crate) const ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/";
pub(crate) const STS_OK: &str = r#"{"RequestId":"R-OK","AssumedRoleUser":{"Arn":"a","AssumedRoleId":"b"},
    "Credentials":{"AccessKeyId":"STS.assumed","AccessKeySecret":"assumed-secret",
    "SecurityToken":"assumed-token","Expiration":"2024-01-01T01:00:00Z"}}"#;
pub(crate) const IMDS_OK: &str = r#"{"AccessKeyId":"STS.ecs","AccessKeySecret":"ecs-secret",
    "SecurityToken":"ecs-token","Expiration":"2024-01-01T06:00:00Z",
    "LastUpdated":"2024-01-01T00:00:00Z","Code":"Success"}"#;

/// How the fake metadata service answers the token request.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum TokenMode {
    Ok,
    Forbidden,
    Unreachable,
}

/// A temporary home directory, the fake services, and every request they received.
pub(crate) struct World {
    pub(crate) home: PathBuf,
    pub(crate) requests: Arc<Mutex<Vec<HttpRequest>>>,
    pub(crate) sts_body: Arc<Mutex<(u16, String)>>,
    pub(crate) token_mode: Arc<Mutex<TokenMode>>,
}

impl World {
    pub(crate) fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let home = std::env::temp_dir().join(format!(
            "alicloud-ecs-credentials-chain-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        Self {
            home,
            requests: Arc::default(),
            sts_body: Arc::new(Mutex::new((200, STS_OK.to_owned()))),
            token_mode: Arc::new(Mutex::new(TokenMode::Ok)),
        }
    }

    pub(crate) fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.home.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub(crate) fn transport(&self) -> FnTransport {
        let requests = self.requests.clone();
        let sts_body = self.sts_body.clone();
        let token_mode = self.token_mode.clone();
        FnTransport::new(move |request: HttpRequest| {
            let host = request.uri().host().unwrap_or_default().to_owned();
            let path = request.uri().path().to_owned();
            let method = request.method().clone();
            requests.lock().unwrap().push(request);
            match (host.as_str(), method.as_str(), path.as_str()) {
                ("sts.test", "POST", "/") => {
                    let (status, body) = sts_body.lock().unwrap().clone();
                    Ok(response(status, &body))
                }
                ("imds.test", "PUT", "/latest/api/token") => match *token_mode.lock().unwrap() {
                    TokenMode::Ok => Ok(response(200, "imds-token-1")),
                    TokenMode::Forbidden => Ok(response(403, "")),
                    TokenMode::Unreachable => Err(TransportError::connect("refused")),
                },
                ("imds.test", "GET", ROLE_PATH) => Ok(response(200, "EcsRole\n")),
                ("imds.test", "GET", "/latest/meta-data/ram/security-credentials/EcsRole") => {
                    Ok(response(200, IMDS_OK))
                }
                ("imds.test", ..) => Ok(response(404, "")),
                _ => Err(TransportError::connect(format!("no route to {host}"))),
            }
        })
    }

    pub(crate) fn context(&self, vars: &[(&str, &str)]) -> (CredentialsContext, ManualClock) {
        let clock = ManualClock::default();
        let env = Env::from_vars(vars.iter().copied()).with_home(&self.home);
        let ctx = CredentialsContext::new(
            SharedTransport::new(self.transport()),
            SharedTimeSource::new(clock.clone()),
            env,
        );
        (ctx, clock)
    }

    pub(crate) fn requests(&self) -> Vec<(String, String)> {
        let requests = self.requests.lock().unwrap();
        requests
            .iter()
            .map(|r| (r.method().to_string(), r.uri().to_string()))
            .collect()
    }

    pub(crate) fn last_request(&self) -> HttpRequest {
        let requests = self.requests.lock().unwrap();
        let last = requests.last().unwrap();
        let mut copy = http::Request::new(last.body().clone());
        *copy.method_mut() = last.method().clone();
        *copy.uri_mut() = last.uri().clone();
        *copy.headers_mut() = last.headers().clone();
        copy
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

pub(crate) fn response(status: u16, body: &str) -> HttpResponse {
    let mut response = http::Response::new(bytes::Bytes::from(body.to_owned()));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
    response
}

pub(crate) fn chain() -> DefaultCredentialsChain {
    DefaultCredentialsChain::builder()
        .imds_endpoint(IMDS)
        .sts_endpoint(STS)
        .build()
}

pub(crate) async fn load(
    provider: &dyn ProvideCredentials,
    ctx: &CredentialsContext,
) -> Result<Credentials, CredentialsError> {
    provider.provide_credentials(ctx).await
}

pub(crate) const NO_IMDS: (&str, &str) = ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");

pub(crate) const CONFIG: &str = r#"{
  "current": "work",
  "profiles": [
    {"name": "work", "mode": "AK", "access_key_id": "LTAI-work", "access_key_secret": "work-secret", "region_id": "cn-hangzhou"},
    {"name": "temp", "mode": "StsToken", "access_key_id": "STS.temp", "access_key_secret": "temp-secret", "sts_token": "temp-token"},
    {"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAI-source", "access_key_secret": "source-secret",
     "ram_role_arn": "acs:ram::123456789012:role/deployer", "ram_session_name": "deploy", "expired_seconds": 900,
     "policy": "{\"Version\":\"1\"}", "external_id": "ext-1"},
    {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "temp",
     "ram_role_arn": "acs:ram::123456789012:role/next"},
    {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "EcsRole"}
  ]
}"#;

/// The decoded query parameters of `request`.
pub(crate) fn query_pairs(request: &HttpRequest) -> Vec<(String, String)> {
    alicloud_signer::encode::parse_query(request.uri().query().unwrap_or_default()).unwrap()
}
