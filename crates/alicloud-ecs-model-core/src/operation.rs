//! What every generated request knows about its operation, so that a client can send any of
//! them through one generic path.

use crate::params::{ParamError, Params};

/// Static facts about one API operation, taken from the spec and its overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The `Action` name, e.g. `DescribeTaskAttribute`.
    pub action: &'static str,
    /// The API version, `2014-05-26`.
    pub version: &'static str,
    /// Whether sending the request twice has the effect of sending it once, so that a
    /// request that may have reached the server can be retried.
    pub idempotent: bool,
    /// The idempotency-token parameter, when the operation has one (`ClientToken`).
    pub client_token: Option<&'static str>,
    /// The error codes the spec lists for this operation.
    pub errors: &'static [ErrorCodeInfo],
}

/// One documented error of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorCodeInfo {
    /// The `Code` field, e.g. `InvalidTaskId.NotFound`.
    pub code: &'static str,
    /// The HTTP status the documentation gives for it.
    pub http_status: u16,
    /// The documented message (may hold `%s` placeholders the server fills in).
    pub message: &'static str,
}

impl OperationInfo {
    /// Used by the generated code.
    #[doc(hidden)]
    pub const fn new(
        action: &'static str,
        version: &'static str,
        idempotent: bool,
        client_token: Option<&'static str>,
        errors: &'static [ErrorCodeInfo],
    ) -> Self {
        Self {
            action,
            version,
            idempotent,
            client_token,
            errors,
        }
    }
}

impl ErrorCodeInfo {
    /// Used by the generated code.
    #[doc(hidden)]
    pub const fn new(code: &'static str, http_status: u16, message: &'static str) -> Self {
        Self {
            code,
            http_status,
            message,
        }
    }
}

/// A request of one operation: its static facts, its response type, and its parameters.
pub trait Operation: crate::Shape + Clone + Send + Sync + 'static {
    /// What a successful call returns.
    type Response: crate::Shape + Send + 'static;

    /// The operation's static facts.
    const INFO: OperationInfo;

    /// The flat `Name=value` pairs of the operation's own parameters (not the common ones
    /// like `Action` or `Version`). Fails when a required parameter is missing.
    fn to_params(&self) -> Result<Params, ParamError> {
        crate::params::params_of(self)
    }

    /// The request's `RegionId`, if the operation has that parameter and it is set.
    /// (Named apart from the generated `region_id` setter.)
    fn region(&self) -> Option<&str> {
        None
    }

    /// Set `RegionId` if the operation has that parameter and it is unset; clients use this
    /// to apply their configured region.
    fn default_region(&mut self, _region: &str) {}

    /// The request's idempotency token (`ClientToken`), if the operation has one and it is set.
    fn idempotency_token(&self) -> Option<&str> {
        None
    }

    /// Set the idempotency token if the operation has one and it is unset.
    fn default_idempotency_token(&mut self, _token: &str) {}
}

/// Set `value` to `default` if it is unset (used by the generated code).
#[doc(hidden)]
pub fn set_default(value: &mut Option<String>, default: &str) {
    if value.is_none() {
        *value = Some(default.to_owned());
    }
}
