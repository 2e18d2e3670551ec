//! The runtime of [`alicloud-ecs-model`](https://docs.rs/alicloud-ecs-model) — reading JSON and
//! XML bodies, writing them back, flattening requests into parameters — and the open enums and
//! structures its operations share. Use `alicloud-ecs-model`, which re-exports all of it at the
//! same paths; this crate exists so that the generated operations can be compiled as separate
//! crates, side by side.

#![forbid(unsafe_code)]

extern crate self as alicloud_ecs_model;

pub mod depth;
pub mod error;
pub mod format;
pub mod open_enum;
pub mod operation;
pub mod paging;
pub mod params;
mod scalar;
pub mod shape;
mod source;
mod timestamp;
pub mod tree;
mod walk;
mod walk_json;
mod write;

mod generated;

pub use error::{ErrorResponse, ParseError};
pub use format::{
    AsSerialize, Format, SerializeError, from_json, from_slice, from_xml, json_value, to_json,
    to_xml,
};
pub use generated::*;
pub use open_enum::UnknownValue;
pub use operation::{ErrorCodeInfo, Operation, OperationInfo};
pub use paging::{PageInfo, PageStyle, Paginated};
pub use params::{ParamError, Params};
pub use shape::{Field, ReadError, Shape, Style, WriteError};
pub use timestamp::{Timestamp, TimestampError};

#[doc(hidden)]
pub mod __private {
    pub use serde;

    /// What `alicloud-ecs-model`'s registry builds on: one non-generic path per step.
    pub use crate::format::{DynShape, parse, parse_tree};
    pub use crate::params::params_of;
    pub use crate::write::json_document;
    /// A JSON string literal, escaped as the model writes it (the emulator's answers).
    pub use crate::write::push_json_string;
    /// XML text, escaped as the model writes it.
    pub use crate::write::push_xml_text;
}
