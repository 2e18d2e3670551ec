//! Every operation compiled into this build, looked up by name at run time: for tools that
//! handle operations they do not know at compile time (a command line taking any action, a
//! conformance test, a server checking requests).
//!
//! ```
//! # #[cfg(feature = "tasks")] {
//! use alicloud_ecs_model::{registry, Format};
//!
//! let op = registry::operation("DescribeTaskAttribute").expect("compiled in");
//! assert_eq!(op.group, "tasks");
//! let params = op.params_from_json(br#"{"RegionId": "cn-hangzhou", "TaskId": "t-1"}"#)?;
//! assert_eq!(params.get("TaskId"), Some("t-1"));
//! let body = op.response_to_json(Format::Xml, b"<R><RequestId>r-1</RequestId><TaskStatus>Finished</TaskStatus></R>")?;
//! assert!(body.contains(r#""TaskStatus":"Finished""#));
//! # }
//! # Ok::<(), alicloud_ecs_model::registry::RegistryError>(())
//! ```

use std::fmt;

use alicloud_ecs_model_core::__private::{DynShape, json_document, params_of, parse, parse_tree};

use crate::format::Format;
use crate::operation::{Operation, OperationInfo};
use crate::params::{ParamError, Params};
use crate::{ParseError, SerializeError};

/// One operation, reachable without naming its types.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct OperationEntry {
    /// The operation's static facts.
    pub info: OperationInfo,
    /// The cargo feature of its API group (e.g. `tasks`, `instances`).
    pub group: &'static str,
    params_from_json: fn(&[u8]) -> Result<Params, RegistryError>,
    response_to_json: fn(Format, &[u8], bool) -> Result<String, RegistryError>,
}

impl fmt::Debug for OperationEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationEntry")
            .field("action", &self.info.action)
            .field("group", &self.group)
            .finish_non_exhaustive()
    }
}

impl OperationEntry {
    /// The entry of request type `R` (used by the generated table).
    #[doc(hidden)]
    pub const fn of<R: Operation>(group: &'static str) -> Self {
        Self {
            info: R::INFO,
            group,
            params_from_json: params_from_json::<R>,
            response_to_json: response_to_json::<R>,
        }
    }

    /// Fill the typed request from a JSON object keyed by wire names (lists as arrays,
    /// structures as objects, the way the official SDKs' request models are filled), then
    /// flatten it as [`Operation::to_params`] does. Unknown members are ignored.
    pub fn params_from_json(&self, request: &[u8]) -> Result<Params, RegistryError> {
        (self.params_from_json)(request)
    }

    /// Read a response body in `format` as the typed response, and write it back as compact
    /// JSON (XML bodies come out in the JSON layout of the same response).
    pub fn response_to_json(&self, format: Format, body: &[u8]) -> Result<String, RegistryError> {
        (self.response_to_json)(format, body, false)
    }

    /// [`response_to_json`](Self::response_to_json) with JSON read through the node tree, as
    /// XML is: the reference the streaming JSON reader is tested against.
    #[doc(hidden)]
    pub fn response_to_json_via_tree(
        &self,
        format: Format,
        body: &[u8],
    ) -> Result<String, RegistryError> {
        (self.response_to_json)(format, body, true)
    }
}

// Per operation, only the two shims below are compiled; what they call is not generic.

fn params_from_json<R: Operation>(request: &[u8]) -> Result<Params, RegistryError> {
    flatten(request, &mut R::default())
}

fn response_to_json<R: Operation>(
    format: Format,
    body: &[u8],
    tree: bool,
) -> Result<String, RegistryError> {
    rewrite(format, body, tree, &mut R::Response::default())
}

fn flatten(request: &[u8], value: &mut dyn DynShape) -> Result<Params, RegistryError> {
    parse(Format::Json, request, value).map_err(RegistryError::Parse)?;
    params_of(value).map_err(RegistryError::Params)
}

fn rewrite(
    format: Format,
    body: &[u8],
    tree: bool,
    value: &mut dyn DynShape,
) -> Result<String, RegistryError> {
    let read = if tree { parse_tree } else { parse };
    read(format, body, value).map_err(RegistryError::Parse)?;
    json_document(value).map_err(|e| RegistryError::Serialize(SerializeError::write(e)))
}

/// Why a registry call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum RegistryError {
    /// The body does not read as the operation's type.
    Parse(ParseError),
    /// The request does not flatten (a required parameter is missing, a list is too long).
    Params(ParamError),
    /// The value cannot be written back.
    Serialize(SerializeError),
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parse(e) => e.fmt(f),
            Self::Params(e) => e.fmt(f),
            Self::Serialize(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RegistryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Parse(e) => Some(e),
            Self::Params(e) => Some(e),
            Self::Serialize(e) => Some(e),
        }
    }
}

/// Every operation of this build (the enabled feature groups), sorted by action name.
pub fn operations() -> &'static [OperationEntry] {
    crate::generated::OPERATIONS
}

/// The operation called `action`, if its group is compiled in.
pub fn operation(action: &str) -> Option<&'static OperationEntry> {
    let all = operations();
    all.binary_search_by(|e| e.info.action.cmp(action))
        .ok()
        .map(|i| &all[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        let all = operations();
        assert!(all.windows(2).all(|w| w[0].info.action < w[1].info.action));
    }

    #[cfg(feature = "tasks")]
    #[test]
    fn looks_up_and_flattens() -> Result<(), RegistryError> {
        assert!(operation("NoSuchAction").is_none());
        let op = operation("DescribeTasks")
            .ok_or(RegistryError::Params(ParamError::Missing("x".into())))?;
        let params = op.params_from_json(
            br#"{"RegionId": "cn-hangzhou", "TaskIds": ["t-1", "t-2"], "PageSize": 10}"#,
        )?;
        assert_eq!(params.get("PageSize"), Some("10"));
        assert!(matches!(
            op.params_from_json(b"{}"),
            Err(RegistryError::Params(ParamError::Missing(_)))
        ));
        assert!(matches!(
            op.params_from_json(b"[1"),
            Err(RegistryError::Parse(_))
        ));
        Ok(())
    }

    /// A documented dotted parameter (`DataDisk.1.Size`) wins over the list item landing on
    /// the same name, although `DescribePrice` declares it before the `DataDisk` list.
    #[cfg(feature = "pricing")]
    #[test]
    fn dotted_parameter_wins_over_the_list() -> Result<(), RegistryError> {
        let op = operation("DescribePrice")
            .ok_or(RegistryError::Params(ParamError::Missing("x".into())))?;
        let params = op.params_from_json(
            br#"{"RegionId": "r", "DataDisk.1.Size": 40, "DataDisk.3.Category": "cloud",
                "DataDisk": [{"Size": 20, "Category": "cloud_ssd"}, {"Size": 30}]}"#,
        )?;
        let got: Vec<String> = params.iter().map(|(n, v)| format!("{n}={v}")).collect();
        let expected = [
            "RegionId=r",
            "DataDisk.1.Size=40",
            "DataDisk.3.Category=cloud",
            "DataDisk.1.Category=cloud_ssd",
            "DataDisk.2.Size=30",
        ];
        assert_eq!(got, expected);
        Ok(())
    }
}
