//! The walkers behind [`Shape`](crate::Shape), written once and not generic.
//!
//! A generated structure hands out its fields by index ([`Fields`]) next to its static field
//! table; [`read_all`] and [`write_all`] loop over the table. Each field is a [`Slot`]: an
//! `Option<T>` or a `Vec<T>` that can read one item from a node and write item `i`, which is
//! all that is compiled per type. The rest — which children to read, wrapped lists, `json`
//! and joined parameters, required and maximum checks, error paths — is compiled once, here.

use crate::shape::Source;
use crate::shape::{Field, Item, ReadError, Scalar, Sink, Style, WriteError};
use crate::tree::{Doc, NodeKind};

/// Field access by index into the static field table. Implemented by the generated code.
#[doc(hidden)]
pub trait Fields {
    /// The field table, in spec order.
    fn table(&self) -> &'static [Field];
    /// The field described by entry `i` of the table.
    fn field(&self, i: usize) -> Option<&dyn Slot>;
    /// The field described by entry `i` of the table, to fill.
    fn field_mut(&mut self, i: usize) -> Option<&mut dyn Slot>;
}

/// What a field holds.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Count {
    /// An `Option`, set or not.
    One(bool),
    /// A `Vec` of this many items.
    List(usize),
}

/// A field's value, `Option<T>` or `Vec<T>`, seen without its item type.
#[doc(hidden)]
pub trait Slot {
    /// What it holds.
    fn count(&self) -> Count;
    /// Read an item from `source`: set the option, or append to the list.
    fn read_one(&mut self, source: Source<'_, '_>) -> Result<(), ReadError>;
    /// Write item `i` (the option's value for `i == 0`) as `name`.
    fn write_one(
        &self,
        i: usize,
        sink: &mut dyn Sink,
        field: &Field,
        name: &str,
    ) -> Result<(), WriteError>;
}

impl<T: Item> Slot for Option<T> {
    fn count(&self) -> Count {
        match self {
            Some(_) => Count::One(true),
            None => Count::One(false),
        }
    }
    fn read_one(&mut self, source: Source<'_, '_>) -> Result<(), ReadError> {
        match T::read_item(source) {
            Ok(value) => {
                *self = value;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
    fn write_one(
        &self,
        _: usize,
        sink: &mut dyn Sink,
        field: &Field,
        name: &str,
    ) -> Result<(), WriteError> {
        match self {
            Some(value) => value.write_item(sink, field, name),
            None => Ok(()),
        }
    }
}

impl<T: Item> Slot for Vec<T> {
    fn count(&self) -> Count {
        let items: &[T] = self;
        Count::List(items.len())
    }
    fn read_one(&mut self, source: Source<'_, '_>) -> Result<(), ReadError> {
        match T::read_item(source) {
            Ok(Some(item)) => {
                self.push(item);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        }
    }
    fn write_one(
        &self,
        i: usize,
        sink: &mut dyn Sink,
        field: &Field,
        name: &str,
    ) -> Result<(), WriteError> {
        let items: &[T] = self;
        items[i].write_item(sink, field, name)
    }
}

/// Fill every field from the children of element `node`, in table order.
#[doc(hidden)]
pub fn read_all(value: &mut dyn Fields, doc: &Doc<'_>, node: usize) -> Result<(), ReadError> {
    for (i, field) in value.table().iter().enumerate() {
        if let Some(slot) = value.field_mut(i) {
            read_field(slot, doc, node, field)?;
        }
    }
    Ok(())
}

/// Hand every field to `sink`, in table order.
#[doc(hidden)]
pub fn write_all(value: &dyn Fields, sink: &mut dyn Sink) -> Result<(), WriteError> {
    for (i, field) in value.table().iter().enumerate() {
        if let Some(slot) = value.field(i) {
            write_field(slot, sink, field)?;
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

/// Fill `slot` from the children of `parent` that `field` names.
pub(crate) fn read_field(
    slot: &mut dyn Slot,
    doc: &Doc<'_>,
    parent: usize,
    field: &Field,
) -> Result<(), ReadError> {
    match slot.count() {
        Count::One(_) => read_option(doc, parent, field, slot),
        Count::List(_) => read_list(doc, parent, field, slot),
    }
}

/// Write `slot`, if set.
pub(crate) fn write_field(
    slot: &dyn Slot,
    sink: &mut dyn Sink,
    field: &Field,
) -> Result<(), WriteError> {
    match slot.count() {
        Count::One(set) => write_option(sink, field, set, slot),
        Count::List(len) => write_list(sink, field, len, slot),
    }
}

fn child(doc: &Doc<'_>, parent: usize, field: &Field) -> Option<usize> {
    doc.children(parent).find(|&c| field.matches(doc.name(c)))
}

/// Read the first child of `parent` that `field` names, unless it is `null`.
fn read_option(
    doc: &Doc<'_>,
    parent: usize,
    field: &Field,
    slot: &mut dyn Slot,
) -> Result<(), ReadError> {
    match child(doc, parent, field) {
        Some(node) if doc.kind(node) != NodeKind::Null => slot
            .read_one(Source::Node(doc, node))
            .map_err(|e| e.within(field.wire.to_owned())),
        _ => Ok(()),
    }
}

/// Read every item of a list: the children named like the field, or the items inside its
/// wrapper.
fn read_list(
    doc: &Doc<'_>,
    parent: usize,
    field: &Field,
    slot: &mut dyn Slot,
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
        if !matches {
            continue;
        }
        // A `null` item is left out, but still counts for the index an error names, so that
        // the index is the item's position in the body.
        if doc.kind(node) == NodeKind::Null {
            index += 1;
            continue;
        }
        slot.read_one(Source::Node(doc, node)).map_err(|e| {
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
fn write_option(
    sink: &mut dyn Sink,
    field: &Field,
    set: bool,
    slot: &dyn Slot,
) -> Result<(), WriteError> {
    if set && field.style == Style::Json && sink.flattens() {
        let text = crate::write::json_text(field, None, slot)?;
        sink.scalar(field, field.wire, Scalar::Str(&text))
    } else if set {
        slot.write_one(0, sink, field, field.wire)
    } else if field.required && sink.validates() {
        Err(sink.missing(field))
    } else {
        Ok(())
    }
}

/// Write a list of `len` items, item `i` by `item`.
fn write_list(
    sink: &mut dyn Sink,
    field: &Field,
    len: usize,
    slot: &dyn Slot,
) -> Result<(), WriteError> {
    if sink.validates() {
        if len == 0 && field.required {
            return Err(sink.missing(field));
        }
        if field.max_items > 0 && len > field.max_items as usize {
            return Err(sink.too_many(field, len));
        }
    }
    // An empty wrapped list (responses only) is written as Alibaba does, an empty wrapper
    // (`"TaskSet": {"Task": []}`, `<TaskSet/>`); other empty lists are left out.
    if len == 0 && (sink.flattens() || field.item.is_none()) {
        return Ok(());
    }
    if sink.flattens() && matches!(field.style, Style::Json | Style::Joined) {
        let text = if field.style == Style::Json {
            crate::write::json_text(field, Some(len), slot)?
        } else {
            let mut joined = String::new();
            for i in 0..len {
                if i > 0 {
                    joined.push(',');
                }
                joined.push_str(&crate::write::scalar_text(field, i, slot)?);
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
        slot.write_one(i, sink, field, name)?;
    }
    sink.end_list()?;
    if field.item.is_some() {
        sink.end()?;
    }
    Ok(())
}
