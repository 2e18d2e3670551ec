//! The check every operation gets before it runs, written once and driven by the API spec:
//! required parameters, value types, list indexes and lengths, JSON text; then `DryRun`.
//!
//! The operation's own parameters are checked (not the common and signature ones such as
//! `Action`, `Format` or `Signature`); an empty value counts as absent. The first missing
//! parameter gives `MissingParameter`, else the first value that does not fit gives
//! `InvalidParameter`, both naming the parameter. Parameters the operation does not know are
//! ignored, as the gateway does.

use alicloud_ecs_model::spec::{OperationSpec, Problem};

use super::Params;
use crate::respond::ApiError;

/// Check `params` against the facts of `op`.
pub(crate) fn check(op: &OperationSpec, params: &Params<'_>) -> Result<(), ApiError> {
    match op.validate(params.own()) {
        Ok(()) => Ok(()),
        Err(Problem::Missing { name }) => Err(ApiError::missing(&name)),
        Err(Problem::Invalid { name, reason }) => Err(ApiError::invalid_because(&name, &reason)),
        // `validate` reports neither unknown parameters nor any other kind.
        Err(_) => Ok(()),
    }
}

/// `DryRunOperation` when `op` takes `DryRun` and the request set it: the request passed every
/// check and would have run.
pub(crate) fn dry_run(op: &OperationSpec, params: &Params<'_>) -> Result<(), ApiError> {
    if op.param("DryRun").is_some() {
        params.dry_run()
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alicloud_ecs_model::spec;

    fn run(action: &str, pairs: &[(&'static str, &'static str)]) -> Result<(), ApiError> {
        let op = spec::operation(action).unwrap();
        check(op, &Params::new(pairs.to_vec()))
    }

    #[test]
    fn missing_comes_first_and_names_the_parameter() {
        let err = run(
            "DescribeTaskAttribute",
            &[("TaskId", "x"), ("OwnerId", "no")],
        );
        assert_eq!(err.unwrap_err(), ApiError::missing("RegionId"));
        let err = run(
            "DescribeTaskAttribute",
            &[("RegionId", ""), ("TaskId", "t")],
        );
        assert_eq!(err.unwrap_err(), ApiError::missing("RegionId"));
    }

    #[test]
    fn invalid_values_name_the_parameter_and_say_why() {
        let err = run("DescribeTasks", &[("RegionId", "r"), ("PageSize", "ten")]).unwrap_err();
        assert_eq!(err.code, "InvalidParameter");
        assert_eq!(
            err.message,
            "The specified parameter \"PageSize\" is not valid. (expected an integer)"
        );
    }

    #[test]
    fn common_unknown_and_empty_parameters_pass() {
        let pairs = [
            ("Action", "DescribeTasks"),
            ("Format", "JSON"),
            ("SignatureNonce", "n"),
            ("RegionId", "r"),
            ("Bogus", "1"),
            ("PageSize", ""),
        ];
        assert_eq!(run("DescribeTasks", &pairs), Ok(()));
    }

    #[test]
    fn dry_run_only_where_the_operation_takes_it() {
        let op = spec::operation("ExportImage").unwrap();
        let yes = Params::new(vec![("DryRun", "True")]);
        assert_eq!(dry_run(op, &yes).unwrap_err().code, "DryRunOperation");
        assert_eq!(dry_run(op, &Params::new(vec![("DryRun", "false")])), Ok(()));
        let cancel = spec::operation("CancelTask").unwrap();
        assert_eq!(dry_run(cancel, &yes), Ok(()));
    }
}
