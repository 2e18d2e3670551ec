//! Typed requests and responses of every Alibaba Cloud ECS operation (API version
//! 2014-05-26, 380 operations), read from JSON and XML exactly as Alibaba sends them. Each
//! operation sits behind the cargo feature of its API group (`instances`, `images`, `disks`,
//! `tasks`, … 28 in all, every one on by default); docs.rs marks each item with its feature.
//!
//! This crate does no I/O and needs no async runtime: build a request, turn it into the flat
//! RPC parameter list with [`Operation::to_params`], send it with any HTTP client and signer
//! you like, and read the body with [`from_json`] or [`from_xml`]. The `alicloud-ecs` crate
//! does all of that for you.
//!
//! ```
//! use alicloud_ecs_model::{from_json, DescribeTaskAttributeRequest, DescribeTaskAttributeResponse, Operation, TaskStatus};
//!
//! let request = DescribeTaskAttributeRequest::new()
//!     .region_id("cn-hangzhou")
//!     .task_id("t-23ym6mvro");
//! let params = request.to_params()?;
//! assert_eq!(params.get("TaskId"), Some("t-23ym6mvro"));
//!
//! let body = br#"{"RequestId": "4BE2C7FE", "TaskId": "t-23ym6mvro", "TaskStatus": "Finished",
//!                 "TaskProcess": "100%", "SupportCancel": "false", "TotalCount": 1}"#;
//! let response: DescribeTaskAttributeResponse = from_json(body)?;
//! assert_eq!(response.task_status, Some(TaskStatus::Finished));
//! assert_eq!(response.support_cancel, Some(false));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Reading Alibaba's wire formats
//! * Wrapped lists (`TaskSet.Task[]`, `OperationProgressSet.OperationProgress[]`, …) are plain
//!   `Vec`s; one XML item is a one-item list, an empty or missing wrapper an empty one.
//! * Numbers and booleans are accepted as JSON natives or as text (`"1"`, `"True"`).
//! * Times are [`Timestamp`]s, which read `…T02:19Z` and `…T02:19:07Z` alike.
//! * Enums are open: unfamiliar values are kept, never rejected (see [`UnknownValue`]).
//! * Unknown fields are ignored, a UTF-8 byte-order mark is skipped, and `<ErrorMsg/>` reads
//!   as an empty string.
//!
//! # Features
//! * One per API group (`instances`, `images`, `disks`, `tasks`, … see the README); `default`
//!   and `full` enable them all.
//! * `serialize` is kept for compatibility and does nothing: [`to_json`]/[`to_xml`] are always
//!   available and write Alibaba's shapes back.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The runtime and the shared shapes live in `alicloud-ecs-model-core`, the operations in
// `alicloud-ecs-model-ops1..3` (so that they compile side by side); everything is re-exported
// here at the paths it always had.
#[doc(inline)]
pub use alicloud_ecs_model_core::{
    depth, error, format, open_enum, operation, paging, params, shape, tree,
};
pub mod registry;
pub mod spec;

// Generated code copies error messages (tabs included) verbatim from the spec.
#[allow(clippy::tabs_in_doc_comments)]
mod generated;

pub use alicloud_ecs_model_core::{
    AsSerialize, ErrorCodeInfo, ErrorResponse, Field, Format, Operation, OperationInfo, PageInfo,
    PageStyle, Paginated, ParamError, Params, ParseError, ReadError, SerializeError, Shape, Style,
    Timestamp, TimestampError, UnknownValue, WriteError, from_json, from_slice, from_xml,
    json_value, to_json, to_xml,
};
pub use generated::*;

#[doc(hidden)]
pub use alicloud_ecs_model_core::{__private, shape_item};
