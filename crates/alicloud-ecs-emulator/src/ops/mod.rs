//! The operations: one module each, plus the parameter reader and validators they share.
//! Every request is first checked against the API spec's facts of its operation (`check`).

mod cancel_task;
mod check;
mod describe_regions;
mod describe_task_attribute;
mod describe_tasks;
mod export_image;
mod import_image;
mod params;
mod validate;

use alicloud_ecs_model::spec::{self, OperationSpec};
use bytes::Bytes;
use http::Response;

pub(crate) use params::Params;

use crate::respond::{ApiError, Ctx};
use crate::service::Inner;
use crate::state::{RegionState, TokenRecord};

/// How an operation is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handler {
    DescribeTaskAttribute,
    DescribeTasks,
    CancelTask,
    ImportImage,
    ExportImage,
    DescribeRegions,
}

impl Handler {
    fn of(action: &str) -> Option<Self> {
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
}

/// An operation of the API spec, resolved from its action name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    spec: &'static OperationSpec,
    handler: Handler,
}

impl Op {
    /// The operation called `action`, if the emulator serves it.
    pub(crate) fn from_action(action: &str) -> Option<Self> {
        let handler = Handler::of(action)?;
        Some(Self {
            spec: spec::operation(action)?,
            handler,
        })
    }

    /// The action name.
    pub(crate) fn name(self) -> &'static str {
        self.spec.action
    }

    /// Check the parameters against the spec, then run the operation.
    pub(crate) async fn run(
        self,
        inner: &Inner,
        params: &Params<'_>,
        ctx: &Ctx,
    ) -> Result<Response<Bytes>, ApiError> {
        check::check(self.spec, params)?;
        match self.handler {
            Handler::DescribeTaskAttribute => describe_task_attribute::run(inner, params, ctx),
            Handler::DescribeTasks => describe_tasks::run(inner, params, ctx),
            Handler::CancelTask => cancel_task::run(inner, params, ctx).await,
            Handler::ImportImage => import_image::run(inner, params, ctx).await,
            Handler::ExportImage => export_image::run(inner, params, ctx).await,
            Handler::DescribeRegions => describe_regions::run(params, ctx),
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
