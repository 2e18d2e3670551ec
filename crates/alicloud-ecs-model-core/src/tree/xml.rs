//! XML → nodes, with quick-xml: elements become nodes, text, CDATA and entities are joined.

use std::borrow::Cow;
use std::fmt;

use quick_xml::events::Event;

use super::{Node, NodeKind};

/// Why an XML document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(String);

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for XmlError {}

pub(super) fn parse(input: &str) -> Result<Vec<Node<'_>>, XmlError> {
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
                if open.len() >= crate::depth::MAX_DEPTH {
                    // The walkers and `Doc::to_value` recurse per level: keep them bounded
                    // even for callers that skip `format`'s depth check.
                    return Err(XmlError(format!(
                        "elements nested deeper than {} levels",
                        crate::depth::MAX_DEPTH
                    )));
                }
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
