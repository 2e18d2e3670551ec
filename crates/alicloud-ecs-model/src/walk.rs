//! The walkers behind [`Shape`](crate::Shape) and [`FieldValue`], written once and not generic.
//!
//! A generated structure hands out its fields by index ([`Fields`]) next to its static field
//! table; [`read_all`] and [`write_all`] loop over the table. An `Option<T>` or `Vec<T>` field
//! passes its per-type part — reading one item, writing item `i` — as a closure to
//! [`read_option`], [`read_list`], [`write_option`] and [`write_list`]. So each type costs a
//! few instructions of machine code, and the logic (wrapped lists, `json` and joined
//! parameters, required and maximum checks, error paths) is compiled once.

use crate::shape::{Field, FieldValue, ReadError, Scalar, Sink, Style, WriteError};
use crate::tree::{Doc, NodeKind};

/// Field access by index into the static field table. Implemented by the generated code.
#[doc(hidden)]
pub trait Fields {
    /// The field table, in spec order.
    fn table(&self) -> &'static [Field];
    /// The field described by entry `i` of the table.
    fn field(&self, i: usize) -> Option<&dyn FieldValue>;
    /// The field described by entry `i` of the table, to fill.
    fn field_mut(&mut self, i: usize) -> Option<&mut dyn FieldValue>;
}

/// Fill every field from the children of element `node`, in table order.
#[doc(hidden)]
pub fn read_all(value: &mut dyn Fields, doc: &Doc<'_>, node: usize) -> Result<(), ReadError> {
    for (i, field) in value.table().iter().enumerate() {
        if let Some(v) = value.field_mut(i) {
            v.read(doc, node, field)?;
        }
    }
    Ok(())
}

/// Hand every field to `sink`, in table order.
#[doc(hidden)]
pub fn write_all(value: &dyn Fields, sink: &mut dyn Sink) -> Result<(), WriteError> {
    for (i, field) in value.table().iter().enumerate() {
        if let Some(v) = value.field(i) {
            v.write(sink, field)?;
        }
    }
    Ok(())
}

/// Write a structure nested in another, as `name`.
#[doc(hidden)]
pub fn write_nested(
    value: &dyn Fields,
    sink: &mut dyn Sink,
    field: &Field,
    name: &str,
) -> Result<(), WriteError> {
    nested(sink, field, name, &mut |s| write_all(value, s))
}

/// `begin`, the fields, `end`.
pub(crate) fn nested(
    sink: &mut dyn Sink,
    field: &Field,
    name: &str,
    fields: &mut dyn FnMut(&mut dyn Sink) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    sink.begin(field, name)?;
    fields(sink)?;
    sink.end()
}

/// Reads one item from a node (the per-type part of reading a field).
pub(crate) type ReadItem<'a> = &'a mut dyn FnMut(usize) -> Result<(), ReadError>;

/// Writes item `i` as `name` (the per-type part of writing a field).
pub(crate) type WriteItem<'a> =
    &'a dyn Fn(usize, &mut dyn Sink, &Field, &str) -> Result<(), WriteError>;

fn child(doc: &Doc<'_>, parent: usize, field: &Field) -> Option<usize> {
    doc.children(parent).find(|&c| field.matches(doc.name(c)))
}

/// Read the first child of `parent` that `field` names, unless it is `null`.
pub(crate) fn read_option(
    doc: &Doc<'_>,
    parent: usize,
    field: &Field,
    read: ReadItem<'_>,
) -> Result<(), ReadError> {
    match child(doc, parent, field) {
        Some(node) if doc.kind(node) != NodeKind::Null => {
            read(node).map_err(|e| e.within(field.wire.to_owned()))
        }
        _ => Ok(()),
    }
}

/// Read every item of a list: the children named like the field, or the items inside its
/// wrapper.
pub(crate) fn read_list(
    doc: &Doc<'_>,
    parent: usize,
    field: &Field,
    read: ReadItem<'_>,
) -> Result<(), ReadError> {
    let (holder, name) = match field.item {
        Some(item) => match child(doc, parent, field) {
            Some(wrapper) => (wrapper, item),
            None => return Ok(()),
        },
        None => (parent, field.wire),
    };
    let mut index = 0usize;
    for node in doc.children(holder) {
        let matches = match field.item {
            Some(_) => doc.name(node) == name,
            None => field.matches(doc.name(node)),
        };
        if !matches || doc.kind(node) == NodeKind::Null {
            continue;
        }
        read(node).map_err(|e| {
            let e = e.within(format!("[{index}]"));
            match field.item {
                Some(item) => e.within(item.to_owned()).within(field.wire.to_owned()),
                None => e.within(field.wire.to_owned()),
            }
        })?;
        index += 1;
    }
    Ok(())
}

/// Write an optional field: `item` writes its value, `None` when it is unset.
pub(crate) fn write_option(
    sink: &mut dyn Sink,
    field: &Field,
    item: Option<WriteItem<'_>>,
) -> Result<(), WriteError> {
    match item {
        Some(item) if field.style == Style::Json && sink.flattens() => {
            let text = crate::write::json_text(field, None, item)?;
            sink.scalar(field, field.wire, Scalar::Str(&text))
        }
        Some(item) => item(0, sink, field, field.wire),
        None if field.required && sink.validates() => Err(sink.missing(field)),
        None => Ok(()),
    }
}

/// Write a list of `len` items, item `i` by `item`.
pub(crate) fn write_list(
    sink: &mut dyn Sink,
    field: &Field,
    len: usize,
    item: WriteItem<'_>,
) -> Result<(), WriteError> {
    if sink.validates() {
        if len == 0 && field.required {
            return Err(sink.missing(field));
        }
        if field.max_items > 0 && len > field.max_items as usize {
            return Err(sink.too_many(field, len));
        }
    }
    if len == 0 {
        return Ok(());
    }
    if sink.flattens() && matches!(field.style, Style::Json | Style::Joined) {
        let text = if field.style == Style::Json {
            crate::write::json_text(field, Some(len), item)?
        } else {
            let mut joined = String::new();
            for i in 0..len {
                if i > 0 {
                    joined.push(',');
                }
                joined.push_str(&crate::write::scalar_text(field, i, item)?);
            }
            joined
        };
        return sink.scalar(field, field.wire, Scalar::Str(&text));
    }
    let name = field.item.unwrap_or(field.wire);
    if let Some(item_name) = field.item {
        sink.begin(field, field.wire)?;
        sink.begin_list(field, item_name, len)?;
    } else {
        sink.begin_list(field, field.wire, len)?;
    }
    for i in 0..len {
        item(i, sink, field, name)?;
    }
    sink.end_list()?;
    if field.item.is_some() {
        sink.end()?;
    }
    Ok(())
}
