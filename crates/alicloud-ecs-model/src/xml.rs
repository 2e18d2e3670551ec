//! A small, fast serde reader for Alibaba's XML responses.
//!
//! One pass of quick-xml's event reader turns the document into a flat list of elements
//! (name, text, where its subtree ends); a serde `Deserializer` then walks that list. This is
//! about twice as fast as quick-xml's own serde layer for these documents, and it reads
//! exactly the shapes Alibaba writes:
//!
//! * an element with child elements is a map of them; repeated children of the same name are
//!   a sequence (`<TaskSet><Task/><Task/></TaskSet>`), one child a one-item sequence;
//! * an element without children is its text (CDATA and entities resolved); an empty element
//!   is the empty string, and text that is only white space reads as empty;
//! * attributes, comments, processing instructions, the document type and text beside child
//!   elements (such as the bare timestamp line some examples carry) are ignored;
//! * the root element's name is not checked, and anything after the root is ignored.
//!
//! Skipping an unknown subtree is a jump in the list, never recursion, so deep nesting cannot
//! overflow the stack.

use std::borrow::Cow;
use std::fmt;

use quick_xml::events::Event;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

/// Why an XML document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError(String);

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for XmlError {}

impl de::Error for XmlError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

/// Read a document into `T`.
pub(crate) fn from_str<'a, T: de::Deserialize<'a>>(input: &'a str) -> Result<T, XmlError> {
    let nodes = parse(input)?;
    T::deserialize(Element {
        nodes: &nodes,
        index: 0,
    })
}

struct Node<'a> {
    name: &'a str,
    text: Cow<'a, str>,
    /// One past the last node of this element's subtree.
    end: usize,
    has_children: bool,
}

fn parse(input: &str) -> Result<Vec<Node<'_>>, XmlError> {
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
                    nodes[parent].has_children = true;
                }
                let name = name_of(input, e.name().as_ref())?;
                open.push(nodes.len());
                nodes.push(Node {
                    name,
                    text: Cow::Borrowed(""),
                    end: 0,
                    has_children: false,
                });
            }
            Event::Empty(e) => {
                if let Some(&parent) = open.last() {
                    nodes[parent].has_children = true;
                }
                let name = name_of(input, e.name().as_ref())?;
                let end = nodes.len() + 1;
                nodes.push(Node {
                    name,
                    text: Cow::Borrowed(""),
                    end,
                    has_children: false,
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

#[derive(Clone, Copy)]
struct Element<'n, 'a> {
    nodes: &'n [Node<'a>],
    index: usize,
}

impl<'n, 'a> Element<'n, 'a> {
    fn node(&self) -> &'n Node<'a> {
        &self.nodes[self.index]
    }

    fn text(&self) -> &'n str {
        let text: &str = &self.node().text;
        if text.bytes().all(|b| b.is_ascii_whitespace()) {
            ""
        } else {
            text
        }
    }

    fn children(&self) -> Children<'n, 'a> {
        Children {
            nodes: self.nodes,
            next: self.index + 1,
            end: self.node().end,
            pending: None,
        }
    }
}

impl<'de> Deserializer<'de> for Element<'_, '_> {
    type Error = XmlError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        if self.node().has_children {
            visitor.visit_map(self.children())
        } else {
            visitor.visit_str(self.text())
        }
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        visitor.visit_some(self)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, XmlError> {
        visitor.visit_map(self.children())
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        visitor.visit_map(self.children())
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let mut items = Siblings {
            nodes: self.nodes,
            next: self.index,
            end: self.node().end,
            name: self.node().name,
        };
        visitor.visit_seq(&mut items)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        visitor.visit_unit()
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct enum identifier
    }
}

/// The child elements of one element, as map entries keyed by element name.
struct Children<'n, 'a> {
    nodes: &'n [Node<'a>],
    next: usize,
    end: usize,
    pending: Option<usize>,
}

impl<'de> MapAccess<'de> for Children<'_, '_> {
    type Error = XmlError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, XmlError> {
        if self.next >= self.end {
            return Ok(None);
        }
        self.pending = Some(self.next);
        seed.deserialize(self.nodes[self.next].name.into_deserializer())
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, XmlError> {
        let first = self
            .pending
            .take()
            .ok_or_else(|| XmlError("value without a key".into()))?;
        let mut value = Value {
            nodes: self.nodes,
            first,
            end: self.end,
            consumed: self.nodes[first].end,
        };
        let out = seed.deserialize(&mut value)?;
        self.next = value.consumed;
        Ok(out)
    }
}

/// The value of one map entry: the element itself, or, when a sequence is asked for, it and
/// the siblings of the same name that follow it.
struct Value<'n, 'a> {
    nodes: &'n [Node<'a>],
    first: usize,
    end: usize,
    consumed: usize,
}

impl<'de> Deserializer<'de> for &mut Value<'_, '_> {
    type Error = XmlError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        Element {
            nodes: self.nodes,
            index: self.first,
        }
        .deserialize_any(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        visitor.visit_some(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let name = self.nodes[self.first].name;
        let mut items = Siblings {
            nodes: self.nodes,
            next: self.first,
            end: self.end,
            name,
        };
        let out = visitor.visit_seq(&mut items)?;
        self.consumed = items.next;
        Ok(out)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, XmlError> {
        Element {
            nodes: self.nodes,
            index: self.first,
        }
        .deserialize_struct(name, fields, visitor)
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        Element {
            nodes: self.nodes,
            index: self.first,
        }
        .deserialize_map(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        visitor.visit_unit()
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct enum identifier
    }
}

/// Consecutive sibling elements with one name, as a sequence.
struct Siblings<'n, 'a> {
    nodes: &'n [Node<'a>],
    next: usize,
    end: usize,
    name: &'a str,
}

impl<'de> SeqAccess<'de> for Siblings<'_, '_> {
    type Error = XmlError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, XmlError> {
        if self.next >= self.end || self.nodes[self.next].name != self.name {
            return Ok(None);
        }
        let index = self.next;
        self.next = self.nodes[index].end;
        seed.deserialize(Element {
            nodes: self.nodes,
            index,
        })
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(default)]
    struct Doc {
        #[serde(rename = "A")]
        a: Option<String>,
        #[serde(rename = "Item")]
        items: Vec<String>,
        #[serde(rename = "Inner")]
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(default)]
    struct Inner {
        #[serde(rename = "B")]
        b: Option<String>,
    }

    fn read(s: &str) -> Result<Doc, super::XmlError> {
        super::from_str(s)
    }

    #[test]
    fn reads_text_lists_nested_and_ignores_the_rest() {
        let d = read(
            "<?xml version=\"1.0\"?><!DOCTYPE r><R x=\"1\">stray<A>a &amp; b&#33;<![CDATA[<c>]]></A>\
             <!-- c --><Unknown><Deep><Deeper/></Deep></Unknown><Item>1</Item><Item>2</Item>\
             <Inner><B/></Inner></R><Second/>",
        )
        .unwrap();
        assert_eq!(d.a.as_deref(), Some("a & b!<c>"));
        assert_eq!(d.items, ["1", "2"]);
        assert_eq!(
            d.inner,
            Some(Inner {
                b: Some(String::new())
            })
        );
        assert_eq!(
            read("<R><A>  </A><A2> x </A2></R>").unwrap().a.as_deref(),
            Some("")
        );
    }

    #[test]
    fn malformed_documents_are_errors() {
        for bad in [
            "",
            "<R>",
            "<R></S>",
            "<R><A>&bogus;</A></R>",
            "</R>",
            "just text",
            "<R><A></R>",
        ] {
            assert!(read(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deep_unknown_subtrees_are_skipped_without_recursion() {
        let depth = 100_000;
        let doc = format!(
            "<R>{}{}<A>x</A></R>",
            "<U>".repeat(depth),
            "</U>".repeat(depth)
        );
        assert_eq!(read(&doc).unwrap().a.as_deref(), Some("x"));
    }
}
