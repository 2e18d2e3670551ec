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
use std::fmt;

use quick_xml::events::Event;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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
                let mut map = serde_json::Map::new();
                let mut repeated = Vec::new();
                for c in self.children(node) {
                    let name = self.name(c);
                    let value = self.to_value(c);
                    match map.get_mut(name) {
                        Some(Value::Array(items)) if repeated.iter().any(|r| r == name) => {
                            items.push(value)
                        }
                        Some(existing) => {
                            let first = std::mem::take(existing);
                            *existing = Value::Array(vec![first, value]);
                            repeated.push(name.to_owned());
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

    /// Parse a JSON text whose root is an object.
    pub fn from_json(input: &'a str) -> Result<Self, serde_json::Error> {
        let mut nodes = Vec::with_capacity(32);
        let mut de = serde_json::Deserializer::from_str(input);
        NodeSeed {
            nodes: &mut nodes,
            name: Cow::Borrowed(""),
        }
        .deserialize(&mut de)?;
        de.end()?;
        if nodes.first().map(|n| n.kind) != Some(NodeKind::Object) {
            return Err(de::Error::custom("expected a JSON object"));
        }
        Ok(Self { nodes })
    }

    /// Parse an XML document (its root element is node 0, whatever its name).
    pub fn from_xml(input: &'a str) -> Result<Self, XmlError> {
        let mut nodes = parse_xml(input)?;
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

// ---- JSON ---------------------------------------------------------------------------------

struct NodeSeed<'n, 'a> {
    nodes: &'n mut Vec<Node<'a>>,
    name: Cow<'a, str>,
}

impl NodeSeed<'_, '_> {
    fn leaf<'a>(nodes: &mut Vec<Node<'a>>, name: Cow<'a, str>, text: Cow<'a, str>, kind: NodeKind) {
        let end = nodes.len() + 1;
        nodes.push(Node {
            name,
            text,
            kind,
            end,
        });
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Self::leaf(self.nodes, self.name, Cow::Borrowed(""), NodeKind::Null);
        Ok(())
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        let text = if v { "true" } else { "false" };
        Self::leaf(
            self.nodes,
            self.name,
            Cow::Borrowed(text),
            NodeKind::Literal,
        );
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        Self::leaf(
            self.nodes,
            self.name,
            Cow::Owned(v.to_string()),
            NodeKind::Literal,
        );
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        Self::leaf(
            self.nodes,
            self.name,
            Cow::Owned(v.to_string()),
            NodeKind::Literal,
        );
        Ok(())
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        Self::leaf(
            self.nodes,
            self.name,
            Cow::Owned(v.to_string()),
            NodeKind::Literal,
        );
        Ok(())
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<(), E> {
        Self::leaf(self.nodes, self.name, Cow::Borrowed(v), NodeKind::Text);
        Ok(())
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        Self::leaf(
            self.nodes,
            self.name,
            Cow::Owned(v.to_owned()),
            NodeKind::Text,
        );
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Items become siblings named like the array.
        while seq
            .next_element_seed(NodeSeed {
                nodes: &mut *self.nodes,
                name: self.name.clone(),
            })?
            .is_some()
        {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let index = self.nodes.len();
        self.nodes.push(Node {
            name: self.name,
            text: Cow::Borrowed(""),
            kind: NodeKind::Object,
            end: 0,
        });
        while let Some(key) = map.next_key_seed(KeySeed)? {
            map.next_value_seed(NodeSeed {
                nodes: &mut *self.nodes,
                name: key,
            })?;
        }
        self.nodes[index].end = self.nodes.len();
        Ok(())
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

// ---- XML ----------------------------------------------------------------------------------

/// Why an XML document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(String);

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for XmlError {}

fn parse_xml(input: &str) -> Result<Vec<Node<'_>>, XmlError> {
    let err = |e: &dyn fmt::Display| XmlError(format!("{e}"));
    let mut reader = quick_xml::Reader::from_str(input);
    let mut nodes: Vec<Node<'_>> = Vec::with_capacity(64);
    let mut open: Vec<usize> = Vec::with_capacity(16);
    loop {
        match reader.read_event().map_err(|e| err(&e))? {
            Event::Start(e) | Event::Empty(e) if open.is_empty() && !nodes.is_empty() => {
                // A second root: the document is over.
                let _ = e;
                break;
            }
            Event::Start(e) => {
                if let Some(&parent) = open.last() {
                    nodes[parent].kind = NodeKind::Object;
                }
                let name = name_of(input, e.name().as_ref())?;
                open.push(nodes.len());
                nodes.push(Node {
                    name: Cow::Borrowed(name),
                    text: Cow::Borrowed(""),
                    end: 0,
                    kind: NodeKind::Text,
                });
            }
            Event::Empty(e) => {
                if let Some(&parent) = open.last() {
                    nodes[parent].kind = NodeKind::Object;
                }
                let name = name_of(input, e.name().as_ref())?;
                let end = nodes.len() + 1;
                nodes.push(Node {
                    name: Cow::Borrowed(name),
                    text: Cow::Borrowed(""),
                    end,
                    kind: NodeKind::Text,
                });
            }
            Event::End(_) => {
                let index = open
                    .pop()
                    .ok_or_else(|| XmlError("unexpected closing tag".into()))?;
                nodes[index].end = nodes.len();
            }
            Event::Text(t) => {
                if let Some(&parent) = open.last() {
                    append(&mut nodes[parent].text, t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(&parent) = open.last() {
                    append(&mut nodes[parent].text, t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&parent) = open.last() {
                    let text = nodes[parent].text.to_mut();
                    match r.resolve_char_ref().map_err(|e| err(&e))? {
                        Some(c) => text.push(c),
                        None => {
                            let value = quick_xml::escape::resolve_predefined_entity(&r)
                                .ok_or_else(|| XmlError(format!("unknown entity &{};", &*r)))?;
                            text.push_str(value);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(XmlError("the document ends inside an element".into()));
    }
    if nodes.is_empty() {
        return Err(XmlError("no root element".into()));
    }
    Ok(nodes)
}

/// The element name as a slice of the input, so that it outlives the event.
fn name_of<'a>(input: &'a str, name: &str) -> Result<&'a str, XmlError> {
    let start = (name.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
    input
        .get(start..start.wrapping_add(name.len()))
        .filter(|s| *s == name)
        .ok_or_else(|| XmlError(format!("cannot read the element name {name:?}")))
}

fn append<'a>(text: &mut Cow<'a, str>, more: Cow<'a, str>) {
    if text.is_empty() {
        *text = more;
    } else {
        text.to_mut().push_str(&more);
    }
}
