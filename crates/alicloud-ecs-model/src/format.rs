//! Reading (and, with the `serialize` feature, writing) bodies in either wire format.

use std::fmt;

use serde::de::DeserializeOwned;

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
pub fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ParseError> {
    let body = prepare(Format::Json, body)?;
    if crate::depth::json_too_deep(body, crate::depth::MAX_DEPTH) {
        return Err(ParseError::too_deep(Format::Json));
    }
    serde_json::from_slice(body).map_err(ParseError::json)
}

/// Read an XML body. The root element's name is not checked, so the same type reads
/// `<DescribeTasksResponse>` and any other root.
pub fn from_xml<T: DeserializeOwned>(body: &[u8]) -> Result<T, ParseError> {
    let body = prepare(Format::Xml, body)?;
    let text = std::str::from_utf8(body).map_err(|e| ParseError::utf8(Format::Xml, e))?;
    if crate::depth::xml_too_deep(body, crate::depth::MAX_DEPTH) {
        return Err(ParseError::too_deep(Format::Xml));
    }
    crate::xml::from_str(text).map_err(ParseError::xml)
}

/// Read a body in the given format.
pub fn from_slice<T: DeserializeOwned>(format: Format, body: &[u8]) -> Result<T, ParseError> {
    match format {
        Format::Json => from_json(body),
        Format::Xml => from_xml(body),
    }
}

/// Why a value could not be written.
#[cfg(feature = "serialize")]
#[derive(Debug)]
#[non_exhaustive]
pub struct SerializeError(String);

#[cfg(feature = "serialize")]
impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot serialize: {}", self.0)
    }
}

#[cfg(feature = "serialize")]
impl std::error::Error for SerializeError {}

/// Write a value as compact JSON in Alibaba's shape.
#[cfg(feature = "serialize")]
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, SerializeError> {
    serde_json::to_string(value).map_err(|e| SerializeError(e.to_string()))
}

/// Write a value as an XML document with an `<?xml …?>` prolog and the given root element
/// (`DescribeTasksResponse`, or `Error` for an [`ErrorResponse`](crate::ErrorResponse)).
#[cfg(feature = "serialize")]
pub fn to_xml<T: serde::Serialize>(value: &T, root: &str) -> Result<String, SerializeError> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let ser = quick_xml::se::Serializer::with_root(&mut out, Some(root))
        .map_err(|e| SerializeError(e.to_string()))?;
    value
        .serialize(ser)
        .map_err(|e| SerializeError(e.to_string()))?;
    Ok(out)
}
