//! The operations: every action of the API spec is checked against its facts (`check`), then
//! answered by its own module when it has one, else generically from its response schema
//! (`generic`). Plus the parameter reader and validators the modules share.

mod cancel_task;
mod check;
mod describe_images;
mod describe_regions;
mod describe_task_attribute;
mod describe_tasks;
mod export_image;
mod generic;
mod import_image;
mod params;
mod schema_value;
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
    DescribeImages,
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
            "DescribeImages" => Self::DescribeImages,
            _ => return None,
        })
    }
}

/// An operation of the API spec, resolved from its action name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    spec: &'static OperationSpec,
    handler: Option<Handler>,
}

impl Op {
    /// The operation called `action`, if the spec has it.
    pub(crate) fn from_action(action: &str) -> Option<Self> {
        Some(Self {
            spec: spec::operation(action)?,
            handler: Handler::of(action),
        })
    }

    /// Whether the operation changes the state (and so runs inside a save transaction).
    pub(crate) fn writes(self) -> bool {
        matches!(
            self.handler,
            Some(Handler::CancelTask | Handler::ImportImage | Handler::ExportImage)
        )
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
            Some(Handler::DescribeTaskAttribute) => {
                describe_task_attribute::run(inner, params, ctx)
            }
            Some(Handler::DescribeTasks) => describe_tasks::run(inner, params, ctx),
            Some(Handler::CancelTask) => cancel_task::run(inner, params, ctx).await,
            Some(Handler::ImportImage) => import_image::run(inner, params, ctx).await,
            Some(Handler::ExportImage) => export_image::run(inner, params, ctx).await,
            Some(Handler::DescribeRegions) => describe_regions::run(params, ctx),
            Some(Handler::DescribeImages) => describe_images::run(inner, params, ctx),
            None => generic::run(inner, self.spec, params, ctx),
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
