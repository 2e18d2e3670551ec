//! The operations: one module each, plus the parameter reader and validators they share.

mod cancel_task;
mod describe_regions;
mod describe_task_attribute;
mod describe_tasks;
mod export_image;
mod import_image;
mod params;
mod validate;

use bytes::Bytes;
use http::Response;

pub(crate) use params::Params;

use crate::respond::{ApiError, Ctx};
use crate::service::Inner;
use crate::state::{RegionState, TokenRecord};

/// An operation the emulator implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    DescribeTaskAttribute,
    DescribeTasks,
    CancelTask,
    ImportImage,
    ExportImage,
    DescribeRegions,
}

impl Op {
    /// The operation called `action`, if implemented.
    pub(crate) fn from_action(action: &str) -> Option<Self> {
        Some(match action {
            "DescribeTaskAttribute" => Self::DescribeTaskAttribute,
            "DescribeTasks" => Self::DescribeTasks,
            "CancelTask" => Self::CancelTask,
            "ImportImage" => Self::ImportImage,
            "ExportImage" => Self::ExportImage,
            "DescribeRegions" => Self::DescribeRegions,
            _ => return None,
        })
    }

    /// The action name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::DescribeTaskAttribute => "DescribeTaskAttribute",
            Self::DescribeTasks => "DescribeTasks",
            Self::CancelTask => "CancelTask",
            Self::ImportImage => "ImportImage",
            Self::ExportImage => "ExportImage",
            Self::DescribeRegions => "DescribeRegions",
        }
    }

    /// Run the operation.
    pub(crate) async fn run(
        self,
        inner: &Inner,
        params: &Params<'_>,
        ctx: &Ctx,
    ) -> Result<Response<Bytes>, ApiError> {
        match self {
            Self::DescribeTaskAttribute => describe_task_attribute::run(inner, params, ctx),
            Self::DescribeTasks => describe_tasks::run(inner, params, ctx),
            Self::CancelTask => cancel_task::run(inner, params, ctx).await,
            Self::ImportImage => import_image::run(inner, params, ctx).await,
            Self::ExportImage => export_image::run(inner, params, ctx).await,
            Self::DescribeRegions => describe_regions::run(params, ctx),
        }
    }
}

/// The key under which `action` remembers `token`.
fn token_key(action: &str, token: &str) -> String {
    format!("{action}/{token}")
}

/// What an earlier request with the same `ClientToken` created, if there was one; fails with
/// `IdempotentParameterMismatch` when that request asked for something else.
fn replay(
    region: &RegionState,
    action: &str,
    token: Option<&str>,
    fingerprint: &str,
) -> Result<Option<TokenRecord>, ApiError> {
    let Some(record) = token.and_then(|t| region.tokens.get(&token_key(action, t))) else {
        return Ok(None);
    };
    if record.fingerprint == fingerprint {
        Ok(Some(record.clone()))
    } else {
        Err(validate::token_mismatch())
    }
}
