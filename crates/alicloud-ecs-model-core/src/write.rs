//! The sinks that write generated types out: JSON text and XML text in Alibaba's shapes
//! (wrapped lists as `{"TaskSet": {"Task": [...]}}` and `<TaskSet><Task/>…</TaskSet>`).

use std::fmt::Write as _;

use crate::format::DynShape;
use crate::shape::{Field, Scalar, Sink, Style, WriteError};
use crate::walk::Slot;

/// JSON text.
#[derive(Debug, Default)]
pub(crate) struct JsonSink {
    out: String,
    /// Per open container: whether it is an array, and whether it has a member yet.
    stack: Vec<(bool, bool)>,
}

impl JsonSink {
    fn separate(&mut self, name: &str) {
        if let Some((in_array, has_member)) = self.stack.last_mut() {
            if *has_member {
                self.out.push(',');
            }
            *has_member = true;
            if !*in_array {
                push_json_string(&mut self.out, name);
                self.out.push(':');
            }
        }
    }
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Append `s` as a JSON string literal.
pub fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Sink for JsonSink {
    fn scalar(&mut self, _: &Field, name: &str, value: Scalar<'_>) -> Result<(), WriteError> {
        self.separate(name);
        match value {
            Scalar::Str(s) => push_json_string(&mut self.out, s),
            Scalar::Num(n) => self.out.push_str(n),
            Scalar::Bool(b) => self.out.push_str(if b { "true" } else { "false" }),
        }
        Ok(())
    }
    fn begin(&mut self, _: &Field, name: &str) -> Result<(), WriteError> {
        self.separate(name);
        self.out.push('{');
        self.stack.push((false, false));
        Ok(())
    }
    fn end(&mut self) -> Result<(), WriteError> {
        self.stack.pop();
        self.out.push('}');
        Ok(())
    }
    fn begin_list(&mut self, _: &Field, name: &str, _: usize) -> Result<(), WriteError> {
        self.separate(name);
        self.out.push('[');
        self.stack.push((true, false));
        Ok(())
    }
    fn end_list(&mut self) -> Result<(), WriteError> {
        self.stack.pop();
        self.out.push(']');
        Ok(())
    }
}

/// XML text: lists are repeated elements named after their items.
#[derive(Debug, Default)]
pub(crate) struct XmlSink {
    out: String,
    open: Vec<String>,
    /// Nesting of lists: items are written as elements without an element for the list.
    lists: usize,
}

/// Append `s` as XML text.
pub fn push_xml_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // A literal carriage return would be read back as a line feed (XML 1.0 end-of-line
            // handling), so it travels as a character reference.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

impl XmlSink {
    pub(crate) fn root(name: &str) -> Self {
        let mut sink = Self::default();
        sink.out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sink.out.push('<');
        sink.out.push_str(name);
        sink.out.push('>');
        sink.open.push(name.to_owned());
        sink
    }
    pub(crate) fn finish(mut self) -> String {
        while let Some(name) = self.open.pop() {
            let _ = write!(self.out, "</{name}>");
        }
        self.out
    }
}

impl Sink for XmlSink {
    fn scalar(&mut self, _: &Field, name: &str, value: Scalar<'_>) -> Result<(), WriteError> {
        let _ = write!(self.out, "<{name}>");
        push_xml_text(&mut self.out, value.text());
        let _ = write!(self.out, "</{name}>");
        Ok(())
    }
    fn begin(&mut self, _: &Field, name: &str) -> Result<(), WriteError> {
        let _ = write!(self.out, "<{name}>");
        self.open.push(name.to_owned());
        Ok(())
    }
    fn end(&mut self) -> Result<(), WriteError> {
        if let Some(name) = self.open.pop() {
            let _ = write!(self.out, "</{name}>");
        }
        Ok(())
    }
    fn begin_list(&mut self, _: &Field, _: &str, _: usize) -> Result<(), WriteError> {
        self.lists += 1;
        Ok(())
    }
    fn end_list(&mut self) -> Result<(), WriteError> {
        self.lists = self.lists.saturating_sub(1);
        Ok(())
    }
}

/// A value, or a list of `len` values, as JSON text (for `json`-style parameters); `item`
/// are the slot's items.
pub(crate) fn json_text(
    field: &Field,
    list: Option<usize>,
    slot: &dyn Slot,
) -> Result<String, WriteError> {
    let mut sink = JsonSink::default();
    // A bare root: write into a one-member object, then take the member's text.
    sink.stack.push((true, false));
    let plain = Field {
        style: Style::Plain,
        ..*field
    };
    match list {
        None => slot.write_one(0, &mut sink, &plain, field.wire)?,
        Some(len) => {
            sink.begin_list(&plain, field.wire, len)?;
            for i in 0..len {
                slot.write_one(i, &mut sink, &plain, field.wire)?;
            }
            sink.end_list()?;
        }
    }
    Ok(sink.finish())
}

/// The text of scalar item `i` (for comma-joined lists).
pub(crate) fn scalar_text(field: &Field, i: usize, slot: &dyn Slot) -> Result<String, WriteError> {
    struct One(String);
    impl Sink for One {
        fn scalar(&mut self, _: &Field, _: &str, v: Scalar<'_>) -> Result<(), WriteError> {
            self.0 = v.text().to_owned();
            Ok(())
        }
        fn begin(&mut self, f: &Field, _: &str) -> Result<(), WriteError> {
            Err(WriteError::Other(format!(
                "{} cannot join structures",
                f.wire
            )))
        }
        fn end(&mut self) -> Result<(), WriteError> {
            Ok(())
        }
        fn begin_list(&mut self, f: &Field, _: &str, _: usize) -> Result<(), WriteError> {
            Err(WriteError::Other(format!("{} cannot join lists", f.wire)))
        }
        fn end_list(&mut self) -> Result<(), WriteError> {
            Ok(())
        }
    }
    let mut one = One(String::new());
    slot.write_one(i, &mut one, field, field.wire)?;
    Ok(one.0)
}

/// A raw JSON value written through any sink.
pub(crate) fn write_value(
    value: &serde_json::Value,
    sink: &mut dyn Sink,
    field: &Field,
    name: &str,
) -> Result<(), WriteError> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(()),
        Value::Bool(b) => sink.scalar(field, name, Scalar::Bool(*b)),
        Value::Number(n) => sink.scalar(field, name, Scalar::Num(&n.to_string())),
        Value::String(s) => sink.scalar(field, name, Scalar::Str(s)),
        Value::Array(items) => {
            sink.begin_list(field, name, items.len())?;
            for item in items {
                write_value(item, sink, field, name)?;
            }
            sink.end_list()
        }
        Value::Object(map) => {
            sink.begin(field, name)?;
            for (k, v) in map {
                let member = Field::new("");
                write_value(v, sink, &member, k)?;
            }
            sink.end()
        }
    }
}

/// A structure as a JSON document.
pub fn json_document(value: &dyn DynShape) -> Result<String, WriteError> {
    let mut sink = JsonSink::default();
    sink.out.push('{');
    sink.stack.push((false, false));
    value.write_dyn(&mut sink)?;
    sink.out.push('}');
    Ok(sink.finish())
}

/// A structure as an XML document with root element `root`.
pub(crate) fn xml_document(value: &dyn DynShape, root: &str) -> Result<String, WriteError> {
    let mut sink = XmlSink::root(root);
    value.write_dyn(&mut sink)?;
    Ok(sink.finish())
}
