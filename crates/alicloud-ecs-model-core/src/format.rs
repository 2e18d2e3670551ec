//! Reading and writing bodies in either wire format.

use std::fmt;

use crate::shape::{ReadError, Shape, Sink, WriteError};
use crate::tree::Doc;

use crate::error::ParseError;

/// A response body format: the `Format` request parameter of signature V1, or the `Accept`
/// header of V3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Format {
    /// `application/json`, what the official SDKs ask for.
    #[default]
    Json,
    /// `text/xml`, ECS's default when a V1 request names no format.
    Xml,
}

impl Format {
    /// The value of the V1 `Format` parameter.
    pub fn as_param(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Xml => "XML",
        }
    }

    /// The media type to ask for in `Accept`.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Xml => "application/xml",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Json => "JSON",
            Self::Xml => "XML",
        })
    }
}

/// Strip a UTF-8 byte-order mark and report a body with nothing but white space as empty.
fn prepare(format: Format, body: &[u8]) -> Result<&[u8], ParseError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::empty(format));
    }
    Ok(body)
}

/// Read a JSON body. Bodies nested deeper than [`MAX_DEPTH`](crate::depth::MAX_DEPTH) levels are
/// rejected.
pub fn from_json<T: Shape>(body: &[u8]) -> Result<T, ParseError> {
    from_slice(Format::Json, body)
}

/// Read a JSON body as an untyped [`serde_json::Value`], with the same checks as [`from_json`]
/// (byte-order mark, empty body, nesting depth, UTF-8); `serde_json`'s own limit of 127 levels
/// of nesting applies too.
pub fn json_value(body: &[u8]) -> Result<serde_json::Value, ParseError> {
    serde_json::from_str(checked_json(body)?).map_err(ParseError::json)
}

/// A [`Shape`] seen without its type, so that what reads and writes it is compiled once.
#[doc(hidden)]
pub trait DynShape {
    /// [`Shape::read_fields`] from the root.
    fn read_root(&mut self, doc: &Doc<'_>) -> Result<(), ReadError>;
    /// [`Shape::write_fields`].
    fn write_dyn(&self, sink: &mut dyn Sink) -> Result<(), WriteError>;
    /// The value's fields, for the streaming JSON walker.
    fn fields(&mut self) -> &mut dyn crate::walk::Fields;
}

impl<T: Shape> DynShape for T {
    fn read_root(&mut self, doc: &Doc<'_>) -> Result<(), ReadError> {
        self.read_fields(doc, 0)
    }
    fn fields(&mut self) -> &mut dyn crate::walk::Fields {
        self
    }
    fn write_dyn(&self, sink: &mut dyn Sink) -> Result<(), WriteError> {
        self.write_fields(sink)
    }
}

/// Parse `body` and fill `value` from the document's root. JSON is read straight into the
/// fields; XML through the node tree.
#[doc(hidden)]
pub fn parse(format: Format, body: &[u8], value: &mut dyn DynShape) -> Result<(), ParseError> {
    match format {
        Format::Json => {
            let text = checked_json(body)?;
            match crate::walk_json::read_root(value.fields(), text).map_err(ReadError::into_syntax)
            {
                Ok(()) => Ok(()),
                Err(Ok(syntax)) => Err(ParseError::json_syntax(syntax)),
                Err(Err(e)) => {
                    // A syntax error further on wins, as when the whole body is read first.
                    crate::tree::validate_json(text).map_err(ParseError::json_syntax)?;
                    Err(ParseError::read(format, e))
                }
            }
        }
        Format::Xml => parse_tree(format, body, value),
    }
}

/// The checks before reading JSON: a byte-order mark, an empty body, the depth, UTF-8.
fn checked_json(body: &[u8]) -> Result<&str, ParseError> {
    let body = prepare(Format::Json, body)?;
    if crate::depth::json_too_deep(body, crate::depth::MAX_DEPTH) {
        return Err(ParseError::too_deep(Format::Json));
    }
    std::str::from_utf8(body).map_err(|e| ParseError::utf8(Format::Json, e))
}

/// Parse `body` into the node tree, then fill `value` from its root: the only way for XML,
/// and for JSON the reference the streaming reader is tested against.
#[doc(hidden)]
pub fn parse_tree(format: Format, body: &[u8], value: &mut dyn DynShape) -> Result<(), ParseError> {
    let doc = match format {
        Format::Json => Doc::from_json(checked_json(body)?).map_err(ParseError::json_syntax)?,
        Format::Xml => {
            let body = prepare(format, body)?;
            let text = std::str::from_utf8(body).map_err(|e| ParseError::utf8(format, e))?;
            if crate::depth::xml_too_deep(body, crate::depth::MAX_DEPTH) {
                return Err(ParseError::too_deep(format));
            }
            Doc::from_xml(text).map_err(ParseError::xml)?
        }
    };
    value
        .read_root(&doc)
        .map_err(|e| ParseError::read(format, e))
}

/// Read an XML body. The root element's name is not checked, so the same type reads
/// `<DescribeTasksResponse>` and any other root.
pub fn from_xml<T: Shape>(body: &[u8]) -> Result<T, ParseError> {
    from_slice(Format::Xml, body)
}

/// Read a body in the given format.
pub fn from_slice<T: Shape>(format: Format, body: &[u8]) -> Result<T, ParseError> {
    let mut value = T::default();
    parse(format, body, &mut value)?;
    Ok(value)
}

/// Why a value could not be written.
#[derive(Debug)]
#[non_exhaustive]
pub struct SerializeError(String);

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot serialize: {}", self.0)
    }
}

impl std::error::Error for SerializeError {}

/// Write a value as compact JSON in Alibaba's shape.
pub fn to_json<T: Shape>(value: &T) -> Result<String, SerializeError> {
    serialized(crate::write::json_document(value))
}

/// Write `value` as an XML document whose root element is `root` (e.g.
/// `DescribeTasksResponse`), lists as repeated elements inside their wrappers.
pub fn to_xml<T: Shape>(value: &T, root: &str) -> Result<String, SerializeError> {
    serialized(crate::write::xml_document(value, root))
}

fn serialized(text: Result<String, WriteError>) -> Result<String, SerializeError> {
    text.map_err(SerializeError::write)
}

impl SerializeError {
    #[doc(hidden)]
    pub fn write(e: WriteError) -> Self {
        Self(e.to_string())
    }
}

/// Makes any generated type `serde::Serialize`, in the JSON shape [`to_json`] writes.
#[derive(Debug, Clone, Copy)]
pub struct AsSerialize<'a, T>(pub &'a T);

impl<T: Shape> serde::Serialize for AsSerialize<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let text = to_json(self.0).map_err(S::Error::custom)?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(S::Error::custom)?;
        value.serialize(s)
    }
}
