//! A faithful local ECS service over HTTP, checking V1 and V3 signatures the way Alibaba's
//! gateway does and answering in Alibaba's exact JSON and XML shapes. No account, no network:
//! point any SDK (ours or an official one) at it.
//!
//! Every operation of the API spec is served: its parameters are checked against the spec's
//! facts (`MissingParameter`, `InvalidParameter`), then the task and image operations
//! (`DescribeTaskAttribute`, `DescribeTasks`, `CancelTask`, `ImportImage`, `ExportImage`,
//! `DescribeImages`, `DescribeRegions`) run against the emulator's state, and every other operation answers from
//! its response schema: every field with a value of its type, the request's own values echoed.
//!
//! - Start it on a free port with [`Emulator::builder`]`…`[`.start()`](EmulatorBuilder::start),
//!   then use [`EmulatorHandle::endpoint`] and [`EmulatorHandle::default_credentials`].
//! - Or serve requests without a socket through [`Emulator::dispatch`].
//! - Drive time, faults and tasks with [`Control`] (or the `/_emulator/…` HTTP API).
//!
//! Without configured keys the emulator accepts the documented default pair
//! [`DEFAULT_ACCESS_KEY_ID`] / [`DEFAULT_ACCESS_KEY_SECRET`].
//!
//! ```
//! use alicloud_ecs_emulator::Emulator;
//! use alicloud_signer::{SignableRequest, SigningParams, sign_v3};
//! use bytes::Bytes;
//! use time::OffsetDateTime;
//!
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let emulator = Emulator::builder().seed(7).build()?;
//! let credentials = emulator.default_credentials();
//!
//! let query = [("RegionId", "cn-hangzhou"), ("TaskId", "t-23ym6mvro")];
//! let request = SignableRequest::new("POST", "127.0.0.1", "DescribeTaskAttribute", "2014-05-26")
//!     .with_query(&query);
//! let nonce = alicloud_signer::nonce();
//! let signed = sign_v3(&request, &SigningParams::new(&credentials, OffsetDateTime::now_utc(), &nonce))?;
//! let mut http = http::Request::post(format!("/?{}", signed.canonical_query())).header("host", "127.0.0.1");
//! for (name, value) in signed.headers() {
//!     http = http.header(name, value);
//! }
//! let response = emulator.dispatch(http.body(Bytes::new())?).await;
//! assert_eq!(response.status(), 200);
//! let body = std::str::from_utf8(response.body())?;
//! assert!(body.contains(r#""TaskStatus":"Finished""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Task lifecycle
//! Tasks wait 2 s, then process (60 s for `ImportImage`, 30 s for `ExportImage`, progress rising
//! in whole percent), then finish; emulated time runs at [`EmulatorBuilder::speed`] times real
//! time, or only through [`Control::advance`] at speed 0. A [`Fault`] or [`TaskFailure`] makes
//! a task end `Failed`; `CancelTask` ends it `Cancelled` (the real service's name for that
//! state is not documented).
#![forbid(unsafe_code)]

mod access_log;
mod auth;
mod builder;
pub mod cli;
mod clock;
mod connection;
mod control;
mod control_guard;
mod control_http;
mod emulator;
mod fault_spec;
mod faults;
mod keys;
mod limits;
mod nonces;
mod ops;
mod persist;
mod regions;
mod reply_body;
mod request;
mod respond;
mod rng;
mod sample;
mod seed;
mod server;
mod service;
mod state;
mod store;
mod task;

pub use alicloud_signer::Credentials;
pub use builder::{DEFAULT_NONCE_CAPACITY, EmulatorBuilder};
pub use control::{Control, ImageInfo};
pub use emulator::{Emulator, EmulatorError, EmulatorHandle};
pub use fault_spec::ParseFaultError;
pub use faults::{Fault, FaultConfig, FaultKind};
pub use limits::ServerLimits;
pub use sample::sample_request;
pub use seed::{TaskFailure, TaskInfo, TaskSeed};

/// The AccessKey ID accepted when no key is configured.
pub const DEFAULT_ACCESS_KEY_ID: &str = "emulator-access-key";
/// The AccessKey secret of [`DEFAULT_ACCESS_KEY_ID`].
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "emulator-secret-key";
/// The reserved path prefix of the control API.
pub const CONTROL_PREFIX: &str = control_http::PREFIX;
