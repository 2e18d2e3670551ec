//! The error envelope Alibaba returns instead of a response, and why a body could not be read.

use std::fmt;

use crate::shape::{Field, Fields, ReadError, Shape, Sink, Slot, WriteError, read_all, write_all};
use crate::tree::Doc;

use crate::format::Format;

/// An error response: JSON `{"Code": …}` or XML `<Error><Code>…</Code></Error>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorResponse {
    /// The request id to quote to support.
    pub request_id: Option<String>,
    /// The endpoint host that answered.
    pub host_id: Option<String>,
    /// The machine-readable error code, e.g. `InvalidTaskId.NotFound`.
    pub code: Option<String>,
    /// The human-readable message.
    pub message: Option<String>,
    /// A troubleshooting link.
    pub recommend: Option<String>,
}

static ERROR_FIELDS: [Field; 5] = [
    Field::new("RequestId").aliases(&["requestId"]),
    Field::new("HostId").aliases(&["hostId"]),
    Field::new("Code").aliases(&["code"]),
    Field::new("Message").aliases(&["message"]),
    Field::new("Recommend").aliases(&["recommend"]),
];

impl Shape for ErrorResponse {
    fn read_fields(&mut self, doc: &Doc<'_>, node: usize) -> Result<(), ReadError> {
        read_all(self, doc, node)
    }
    fn write_fields(&self, sink: &mut dyn Sink) -> Result<(), WriteError> {
        write_all(self, sink)
    }
}

impl Fields for ErrorResponse {
    fn table(&self) -> &'static [Field] {
        &ERROR_FIELDS
    }
    fn field(&self, i: usize) -> Option<&dyn Slot> {
        match i {
            0 => Some(&self.request_id),
            1 => Some(&self.host_id),
            2 => Some(&self.code),
            3 => Some(&self.message),
            4 => Some(&self.recommend),
            _ => None,
        }
    }
    fn field_mut(&mut self, i: usize) -> Option<&mut dyn Slot> {
        match i {
            0 => Some(&mut self.request_id),
            1 => Some(&mut self.host_id),
            2 => Some(&mut self.code),
            3 => Some(&mut self.message),
            4 => Some(&mut self.recommend),
            _ => None,
        }
    }
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
    JsonSyntax(crate::tree::JsonError),
    Xml(crate::tree::XmlError),
    Read(crate::shape::ReadError),
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
    pub(crate) fn json_syntax(e: crate::tree::JsonError) -> Self {
        Self {
            format: Format::Json,
            kind: ParseErrorKind::JsonSyntax(e),
        }
    }
    pub(crate) fn read(format: Format, e: crate::shape::ReadError) -> Self {
        Self {
            format,
            kind: ParseErrorKind::Read(e),
        }
    }
    pub(crate) fn xml(e: crate::tree::XmlError) -> Self {
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
            ParseErrorKind::JsonSyntax(e) => write!(f, "invalid {format} body: {e}"),
            ParseErrorKind::Xml(e) => write!(f, "invalid {format} body: {e}"),
            ParseErrorKind::Read(e) => write!(f, "unreadable {format} body at {e}"),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ParseErrorKind::Empty | ParseErrorKind::TooDeep => None,
            ParseErrorKind::InvalidUtf8(e) => Some(e),
            ParseErrorKind::Json(e) => Some(e),
            ParseErrorKind::JsonSyntax(e) => Some(e),
            ParseErrorKind::Xml(e) => Some(e),
            ParseErrorKind::Read(e) => Some(e),
        }
    }
}
