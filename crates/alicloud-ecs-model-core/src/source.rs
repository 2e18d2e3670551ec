//! [`Source`]: where an item is read from — a node of a parsed document (XML, and the JSON
//! reference reader) or a JSON text being streamed — and the few readings every item type
//! builds on, written once for both.

use std::borrow::Cow;

use crate::shape::ReadError;
use crate::tree::{Doc, Lexer, NodeKind};
use crate::walk::Fields;

/// Where one item is read from.
#[doc(hidden)]
#[derive(Debug)]
pub enum Source<'s, 'a> {
    /// Node `.1` of a parsed document.
    Node(&'s Doc<'a>, usize),
    /// The value at a JSON lexer's position: neither `null` nor an array, which the walker
    /// has already dealt with.
    Json(&'s mut Lexer<'a>),
}

/// Fill a structure: from a node's children, or from a JSON object's members (any other
/// JSON value reads as an empty structure, as a node without children does).
#[doc(hidden)]
pub fn read_struct(value: &mut dyn Fields, source: Source<'_, '_>) -> Result<(), ReadError> {
    match source {
        Source::Node(doc, node) => crate::walk::read_all(value, doc, node),
        Source::Json(json) => crate::walk_json::read_json_struct(value, json),
    }
}

/// A scalar's text (JSON strings decoded, numbers and booleans as written); an object is an
/// error.
pub(crate) fn text<'s>(source: Source<'s, '_>) -> Result<Cow<'s, str>, ReadError> {
    match source {
        Source::Node(doc, node) => match doc.kind(node) {
            NodeKind::Object => Err(object_for_scalar()),
            _ => Ok(Cow::Borrowed(doc.text(node))),
        },
        Source::Json(json) => match json.scalar()? {
            Some(text) => Ok(text),
            None => {
                json.skip_value()?;
                Err(object_for_scalar())
            }
        },
    }
}

fn object_for_scalar() -> ReadError {
    ReadError::new("expected a value, found an object")
}

/// The value as untyped JSON, with the node layout's rules (repeated names become arrays).
pub(crate) fn value(source: Source<'_, '_>) -> Result<serde_json::Value, ReadError> {
    match source {
        Source::Node(doc, node) => Ok(doc.to_value(node)),
        Source::Json(json) => Ok(Doc::from_json_value(json)?.to_value(0)),
    }
}
