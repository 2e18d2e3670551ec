//! `alicloud-ecs`: a typed async client for all of Alibaba Cloud ECS — every operation of API
//! version 2014-05-26 is a method on [`Client`], with paginators for paged operations
//! ([`Paginator`]) and waiters for common state changes ([`StateWaiter`], [`TaskWaiter`]).
//! Operations come in cargo feature groups (`instances`, `images`, `disks`, `tasks`, … 28 in
//! all, every one on by default); docs.rs marks each item with the feature it needs.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use alicloud_ecs::Client;
//!
//! // Region and credentials from the environment and ~/.aliyun/config.json, like the CLI.
//! let client = Client::from_env()?;
//! let task = client.describe_task_attribute().task_id("t-23ym6mvro").send().await?;
//! println!("{:?} {}", task.task_status, task.task_process.as_deref().unwrap_or("-"));
//!
//! // Start an export and wait for it.
//! let export = client.export_image().image_id("m-23f8tcp8y").oss_bucket("image-temp").send().await?;
//! let done = client.wait_for_task(export.task_id.unwrap_or_default()).wait().await?;
//! println!("exported: {:?}", done.task_status);
//! # Ok(()) }
//! ```
//!
//! # Configuration
//! [`Client::builder`] sets the region, an explicit endpoint (the local emulator:
//! `http://127.0.0.1:PORT`), credentials or a provider, the transport, the retry policy, the
//! response format (JSON or XML) and the signature (V3 or V1). `build()` returns an error, never
//! panics.
//!
//! ```
//! # fn main() -> Result<(), alicloud_ecs::Error> {
//! use alicloud_ecs::{Client, Credentials, RetryConfig};
//!
//! let client = Client::builder()
//!     .region("cn-hangzhou")
//!     .credentials(Credentials::new("LTAI-example", "example-secret"))
//!     .retry(RetryConfig::standard().max_attempts(5))
//!     .build()?;
//! assert_eq!(client.config().region(), Some("cn-hangzhou"));
//! # Ok(()) }
//! ```
//!
//! # Cost model
//! A [`Client`] holds its configuration and the transport's connection pool behind an `Arc`:
//! clone it freely, share it between tasks. Every attempt is signed afresh (new nonce and
//! time). Errors are one type, [`Error`]; see its docs for matching on codes.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod call;
mod client;
mod config;
pub mod credentials;
mod endpoint;
mod error;
mod generated;
mod paginator;
mod poll;
mod race;
mod raw;
mod redact;
mod retry;
mod send;
mod state_waiter;
#[cfg(feature = "tasks")]
mod waiter;

pub use alicloud_ecs_model as model;
pub use alicloud_ecs_model::{Format, codes};
#[cfg(feature = "tasks")]
pub use alicloud_ecs_model::{OperationStatus, TaskAction, TaskStatus};
pub use alicloud_signer::SignatureVersion;
pub use call::Call;
pub use client::{Client, ClientBuilder};
pub use config::{Config, ConfigBuilder};
pub use credentials::Credentials;
pub use endpoint::{Endpoint, Network};
pub use error::{ConstructionError, Error, ResponseError, ServiceError, TimeoutError};
pub use paginator::{Items, Paginator};
#[cfg(feature = "tasks")]
pub use paginator::{TaskItems, TaskPaginator};
pub use raw::RawCall;
pub use retry::RetryConfig;
pub use send::CallOptions;
pub use state_waiter::{StateProgress, StateRule, StateWaitError, StateWaiter};
#[cfg(feature = "tasks")]
pub use waiter::{TaskFailure, TaskProgress, TaskWaiter, WaitError};

/// Test doubles for code that uses this crate: a replay transport, a capture transport, a
/// manual clock, and more (feature `test-util`).
#[cfg(feature = "test-util")]
pub mod test_util {
    pub use alicloud_transport::test_util::*;
}
