//! A parsed response: one flat list of elements for JSON and XML alike.
//!
//! Both formats become the same tree, so one set of generated readers serves both:
//!
//! * a JSON object or an XML element with child elements is an [`NodeKind::Object`] whose
//!   children follow it in the list;
//! * a JSON array is not a node of its own: each item is a node carrying the array's name,
//!   exactly like repeated XML elements (`<Task/><Task/>`), so one item, one object or a list
//!   of them read alike;
//! * scalars keep their text (JSON numbers and booleans as written, XML text with entities and
//!   CDATA resolved); text that is only white space reads as empty.
//!
//! Skipping a subtree is a jump to its `end`, never recursion, so a document's depth costs no
//! stack. Depth is bounded before parsing ([`crate::depth`]).

use std::borrow::Cow;

mod json;
mod lexer;
mod strings;
mod xml;

pub use lexer::{JsonError, Lexer};

/// Check that `text` is one JSON object and nothing else, allocating nothing.
pub(crate) fn validate_json(text: &str) -> Result<(), JsonError> {
    let mut lexer = Lexer::object_root(text)?;
    lexer.skip_value()?;
    lexer.end()
}
pub use xml::XmlError;

/// What a node holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// JSON `null`.
    Null,
    /// Text (XML leaves, JSON strings).
    Text,
    /// A JSON number or boolean, as written.
    Literal,
    /// Child elements.
    Object,
}

#[derive(Debug)]
struct Node<'a> {
    name: Cow<'a, str>,
    text: Cow<'a, str>,
    kind: NodeKind,
    /// One past the last node of this subtree.
    end: usize,
}

/// A parsed document; node 0 is the root.
#[derive(Debug)]
pub struct Doc<'a> {
    nodes: Vec<Node<'a>>,
}

impl<'a> Doc<'a> {
    /// The element's name (for JSON, the member name; the root's is empty).
    pub fn name(&self, node: usize) -> &str {
        self.nodes.get(node).map_or("", |n| &n.name)
    }
    /// The element's text ("" for objects).
    pub fn text(&self, node: usize) -> &str {
        self.nodes.get(node).map_or("", |n| &n.text)
    }
    /// What the node holds.
    pub fn kind(&self, node: usize) -> NodeKind {
        self.nodes.get(node).map_or(NodeKind::Null, |n| n.kind)
    }
    /// The direct children of `node`.
    pub fn children(&self, node: usize) -> Children<'_, 'a> {
        let end = self.nodes.get(node).map_or(0, |n| n.end);
        Children {
            doc: self,
            next: node + 1,
            end,
        }
    }

    /// The subtree as a JSON value: children become members, repeated names arrays.
    pub fn to_value(&self, node: usize) -> serde_json::Value {
        use serde_json::Value;
        match self.kind(node) {
            NodeKind::Null => Value::Null,
            NodeKind::Text => Value::String(self.text(node).to_owned()),
            NodeKind::Literal => serde_json::from_str(self.text(node))
                .unwrap_or_else(|_| Value::String(self.text(node).to_owned())),
            NodeKind::Object => {
                // A member's value is an array only when its name repeats: a node's own value
                // never is one (JSON arrays are repeated nodes, literals are numbers or
                // booleans), so the first repeat makes the array and the next ones extend it.
                let mut map = serde_json::Map::new();
                for c in self.children(node) {
                    let name = self.name(c);
                    let value = self.to_value(c);
                    match map.get_mut(name) {
                        Some(Value::Array(items)) => items.push(value),
                        Some(existing) => {
                            let first = std::mem::take(existing);
                            *existing = Value::Array(vec![first, value]);
                        }
                        None => {
                            map.insert(name.to_owned(), value);
                        }
                    }
                }
                Value::Object(map)
            }
        }
    }

    /// Parse a JSON text whose root is an object. Strings without escapes, numbers and member
    /// names are borrowed from `input`; numbers keep their text exactly as written.
    pub fn from_json(input: &'a str) -> Result<Self, JsonError> {
        Ok(Self {
            nodes: json::parse(input)?,
        })
    }

    /// The one JSON value at the lexer's position as node 0 (an array's items become nodes
    /// named `""`; the streaming walker only passes other values).
    pub(crate) fn from_json_value(lexer: &mut Lexer<'a>) -> Result<Self, JsonError> {
        Ok(Self {
            nodes: json::value(lexer, 8)?,
        })
    }

    /// Parse an XML document (its root element is node 0, whatever its name).
    pub fn from_xml(input: &'a str) -> Result<Self, XmlError> {
        let mut nodes = xml::parse(input)?;
        for n in &mut nodes {
            if n.kind == NodeKind::Text && n.text.bytes().all(|b| b.is_ascii_whitespace()) {
                n.text = Cow::Borrowed("");
            }
        }
        Ok(Self { nodes })
    }
}

/// The direct children of a node.
#[derive(Debug)]
pub struct Children<'d, 'a> {
    doc: &'d Doc<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let current = self.next;
        self.next = self.doc.nodes[current].end.max(current + 1);
        Some(current)
    }
}
