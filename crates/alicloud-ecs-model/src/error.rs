//! The error envelope Alibaba returns instead of a response, and why a body could not be read.

use std::fmt;

use serde::Deserialize;

use crate::format::Format;

/// An error response: JSON `{"Code": …}` or XML `<Error><Code>…</Code></Error>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ErrorResponse {
    /// The request id to quote to support.
    #[serde(
        rename = "RequestId",
        alias = "requestId",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// The endpoint host that answered.
    #[serde(
        rename = "HostId",
        alias = "hostId",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub host_id: Option<String>,
    /// The machine-readable error code, e.g. `InvalidTaskId.NotFound`.
    #[serde(
        rename = "Code",
        alias = "code",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// The human-readable message.
    #[serde(
        rename = "Message",
        alias = "message",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// A troubleshooting link.
    #[serde(
        rename = "Recommend",
        alias = "recommend",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub recommend: Option<String>,
}

/// Why a response body could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub struct ParseError {
    format: Format,
    kind: ParseErrorKind,
}

#[derive(Debug)]
enum ParseErrorKind {
    Empty,
    TooDeep,
    InvalidUtf8(std::str::Utf8Error),
    Json(serde_json::Error),
    Xml(crate::xml::XmlError),
}

impl ParseError {
    pub(crate) fn empty(format: Format) -> Self {
        Self {
            format,
            kind: ParseErrorKind::Empty,
        }
    }
    pub(crate) fn too_deep(format: Format) -> Self {
        Self {
            format,
            kind: ParseErrorKind::TooDeep,
        }
    }
    pub(crate) fn utf8(format: Format, e: std::str::Utf8Error) -> Self {
        Self {
            format,
            kind: ParseErrorKind::InvalidUtf8(e),
        }
    }
    pub(crate) fn json(e: serde_json::Error) -> Self {
        Self {
            format: Format::Json,
            kind: ParseErrorKind::Json(e),
        }
    }
    pub(crate) fn xml(e: crate::xml::XmlError) -> Self {
        Self {
            format: Format::Xml,
            kind: ParseErrorKind::Xml(e),
        }
    }

    /// The format the body was read as.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether the body was empty.
    pub fn is_empty_body(&self) -> bool {
        matches!(self.kind, ParseErrorKind::Empty)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = self.format;
        match &self.kind {
            ParseErrorKind::Empty => write!(f, "empty {format} body"),
            ParseErrorKind::TooDeep => write!(
                f,
                "{format} body nests deeper than {} levels",
                crate::depth::MAX_DEPTH
            ),
            ParseErrorKind::InvalidUtf8(e) => write!(f, "{format} body is not UTF-8: {e}"),
            ParseErrorKind::Json(e) => write!(f, "invalid {format} body: {e}"),
            ParseErrorKind::Xml(e) => write!(f, "invalid {format} body: {e}"),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ParseErrorKind::Empty | ParseErrorKind::TooDeep => None,
            ParseErrorKind::InvalidUtf8(e) => Some(e),
            ParseErrorKind::Json(e) => Some(e),
            ParseErrorKind::Xml(e) => Some(e),
        }
    }
}
