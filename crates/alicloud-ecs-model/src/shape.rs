//! How generated types are read and written: each structure lists its fields once, in a
//! static table, and two small functions walk them.
//!
//! A generated structure implements [`Shape`]: `read_fields` fills each field from a parsed
//! document ([`crate::tree`]), `write_fields` hands each field to a [`Sink`] (JSON text, XML
//! text, or the flat RPC parameter list). Everything else — lenient scalars, wrapped lists,
//! parameter styles, required and maximum checks, error paths — is written once, here and in
//! the sinks, instead of being expanded per type by a derive. That keeps the whole ECS model
//! cheap to compile.

use crate::Timestamp;
use crate::tree::{Doc, NodeKind};

/// How a request parameter is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// One `Name=value` pair; structs as `Name.Field`, lists as `Name.N`.
    Plain,
    /// `Name.N` / `Name.N.Field`, counting from 1 (Alibaba's `repeatList`).
    RepeatList,
    /// `Name.Field` for structs (Alibaba's `flat`); lists as `Name.N.Field`.
    Flat,
    /// One parameter holding the value as JSON text (Alibaba's `json`).
    Json,
    /// One parameter holding the list's items joined with commas.
    Joined,
}

/// The static description of one field: its wire name and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// The name on the wire.
    pub wire: &'static str,
    /// How a request writes it.
    pub style: Style,
    /// Whether a request must set it.
    pub required: bool,
    /// The most items a request list may hold (0: no limit).
    pub max_items: u32,
    /// For a response list inside a wrapper object, the items' element name.
    pub item: Option<&'static str>,
    /// Other names the field is read from.
    pub aliases: &'static [&'static str],
}

impl Field {
    /// An optional plain field.
    pub const fn new(wire: &'static str) -> Self {
        Self {
            wire,
            style: Style::Plain,
            required: false,
            max_items: 0,
            item: None,
            aliases: &[],
        }
    }
    /// With a parameter style.
    pub const fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }
    /// Required in requests.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    /// At most `n` items in requests.
    pub const fn max_items(mut self, n: u32) -> Self {
        self.max_items = n;
        self
    }
    /// A list wrapped in an object whose items are called `item`.
    pub const fn wrapped(mut self, item: &'static str) -> Self {
        self.item = Some(item);
        self
    }
    /// Also read under these names.
    pub const fn aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }
    fn matches(&self, name: &str) -> bool {
        self.wire == name || self.aliases.contains(&name)
    }
}

/// A generated structure.
pub trait Shape: Default {
    /// Fill the fields from the children of element `node`.
    fn read_fields(&mut self, doc: &Doc<'_>, node: usize) -> Result<(), ReadError>;
    /// Hand every field to `sink`, in spec order.
    fn write_fields(&self, sink: &mut dyn Sink) -> Result<(), WriteError>;
}

/// One scalar on its way out.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Scalar<'a> {
    /// Text.
    Str(&'a str),
    /// A number, already formatted.
    Num(&'a str),
    /// A boolean.
    Bool(bool),
}

impl Scalar<'_> {
    /// The decoded text of the value (`true`/`false` for booleans).
    pub fn text(&self) -> &str {
        match self {
            Scalar::Str(s) | Scalar::Num(s) => s,
            Scalar::Bool(true) => "true",
            Scalar::Bool(false) => "false",
        }
    }
}

/// Where written fields go: JSON, XML or request parameters.
pub trait Sink {
    /// A scalar field, or a scalar list item (`name` is then the item's name).
    fn scalar(&mut self, field: &Field, name: &str, value: Scalar<'_>) -> Result<(), WriteError>;
    /// Start a nested structure.
    fn begin(&mut self, field: &Field, name: &str) -> Result<(), WriteError>;
    /// End the structure started last.
    fn end(&mut self) -> Result<(), WriteError>;
    /// Start a list whose items are written as `name`.
    fn begin_list(&mut self, field: &Field, name: &str, len: usize) -> Result<(), WriteError>;
    /// End the list started last.
    fn end_list(&mut self) -> Result<(), WriteError>;
    /// Whether this sink checks required parameters and list lengths (requests do).
    fn validates(&self) -> bool {
        false
    }
    /// Whether this sink wants `json`-style fields as JSON text (the parameter writer does).
    fn flattens(&self) -> bool {
        false
    }
    /// The error for a missing required field, naming its full path.
    fn missing(&self, field: &Field) -> WriteError {
        WriteError::missing(field.wire.to_owned())
    }
    /// The error for a list longer than allowed.
    fn too_many(&self, field: &Field, len: usize) -> WriteError {
        WriteError::too_many(field.wire.to_owned(), len, field.max_items)
    }
}

/// Why a value could not be read; names the path of the field (`TaskSet.Task[3].TotalCount`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Path segments, innermost first.
    path: Vec<String>,
    message: String,
}

impl ReadError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            message: message.into(),
        }
    }
    fn within(mut self, segment: String) -> Self {
        self.path.push(segment);
        self
    }
    /// The dotted path of the field that failed.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for seg in self.path.iter().rev() {
            if !out.is_empty() && !seg.starts_with('[') {
                out.push('.');
            }
            out.push_str(seg);
        }
        out
    }
    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path(), self.message)
        }
    }
}

impl std::error::Error for ReadError {}

/// Why a value could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteError {
    /// A required parameter has no value.
    Missing {
        /// The parameter's full name (`Tag.2.Key`).
        name: String,
    },
    /// A list holds more items than the operation accepts.
    TooMany {
        /// The parameter's full name.
        name: String,
        /// Items given.
        len: usize,
        /// Items allowed.
        max: u32,
    },
    /// Anything else.
    Other(String),
}

impl WriteError {
    pub(crate) fn missing(name: String) -> Self {
        Self::Missing { name }
    }
    pub(crate) fn too_many(name: String, len: usize, max: u32) -> Self {
        Self::TooMany { name, len, max }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing { name } => write!(f, "missing required parameter {name}"),
            Self::TooMany { name, len, max } => {
                write!(
                    f,
                    "parameter {name} has {len} items; at most {max} are allowed"
                )
            }
            Self::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for WriteError {}

/// A value that can be one field or one list item: scalars, enums, structures, raw JSON.
pub trait Item: Sized {
    /// Read element `node`; `None` when it holds nothing (an empty number, say).
    fn read_item(doc: &Doc<'_>, node: usize) -> Result<Option<Self>, ReadError>;
    /// Write the value as `name`.
    fn write_item(&self, sink: &mut dyn Sink, field: &Field, name: &str) -> Result<(), WriteError>;
}

/// A field's type: `Option<T>` or `Vec<T>` of an [`Item`].
pub trait FieldValue {
    /// Fill from the children of `parent` that `field` names.
    fn read(&mut self, doc: &Doc<'_>, parent: usize, field: &Field) -> Result<(), ReadError>;
    /// Write, if set.
    fn write(&self, sink: &mut dyn Sink, field: &Field) -> Result<(), WriteError>;
}

fn child(doc: &Doc<'_>, parent: usize, field: &Field) -> Option<usize> {
    doc.children(parent).find(|&c| field.matches(doc.name(c)))
}

impl<T: Item> FieldValue for Option<T> {
    fn read(&mut self, doc: &Doc<'_>, parent: usize, field: &Field) -> Result<(), ReadError> {
        if let Some(node) = child(doc, parent, field)
            && doc.kind(node) != NodeKind::Null
        {
            *self = T::read_item(doc, node).map_err(|e| e.within(field.wire.to_owned()))?;
        }
        Ok(())
    }
    fn write(&self, sink: &mut dyn Sink, field: &Field) -> Result<(), WriteError> {
        match self {
            Some(value) if field.style == Style::Json && sink.flattens() => {
                let text = crate::write::json_text(value, field)?;
                sink.scalar(field, field.wire, Scalar::Str(&text))
            }
            Some(value) => value.write_item(sink, field, field.wire),
            None if field.required && sink.validates() => Err(sink.missing(field)),
            None => Ok(()),
        }
    }
}

impl<T: Item> FieldValue for Vec<T> {
    fn read(&mut self, doc: &Doc<'_>, parent: usize, field: &Field) -> Result<(), ReadError> {
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
            // A `null` item is left out, but still counts for the index an error names, so
            // that the index is the item's position in the body.
            if doc.kind(node) == NodeKind::Null {
                index += 1;
                continue;
            }
            let item = T::read_item(doc, node).map_err(|e| {
                let e = e.within(format!("[{index}]"));
                match field.item {
                    Some(item) => e.within(item.to_owned()).within(field.wire.to_owned()),
                    None => e.within(field.wire.to_owned()),
                }
            })?;
            self.extend(item);
            index += 1;
        }
        Ok(())
    }
    fn write(&self, sink: &mut dyn Sink, field: &Field) -> Result<(), WriteError> {
        if sink.validates() {
            if self.is_empty() && field.required {
                return Err(sink.missing(field));
            }
            if field.max_items > 0 && self.len() > field.max_items as usize {
                return Err(sink.too_many(field, self.len()));
            }
        }
        // An empty wrapped list (responses only) is written as Alibaba does, an empty
        // wrapper (`"TaskSet": {"Task": []}`, `<TaskSet/>`); other empty lists are left out.
        if self.is_empty() && (sink.flattens() || field.item.is_none()) {
            return Ok(());
        }
        if sink.flattens() && matches!(field.style, Style::Json | Style::Joined) {
            let text = if field.style == Style::Json {
                crate::write::json_text(self, field)?
            } else {
                let mut joined = String::new();
                for (i, item) in self.iter().enumerate() {
                    if i > 0 {
                        joined.push(',');
                    }
                    joined.push_str(&crate::write::scalar_text(item, field)?);
                }
                joined
            };
            return sink.scalar(field, field.wire, Scalar::Str(&text));
        }
        match field.item {
            Some(item) => {
                sink.begin(field, field.wire)?;
                sink.begin_list(field, item, self.len())?;
                for value in self {
                    value.write_item(sink, field, item)?;
                }
                sink.end_list()?;
                sink.end()
            }
            None => {
                sink.begin_list(field, field.wire, self.len())?;
                for value in self {
                    value.write_item(sink, field, field.wire)?;
                }
                sink.end_list()
            }
        }
    }
}

/// Writing a structure nested in another.
pub fn write_struct<S: Shape>(
    value: &S,
    sink: &mut dyn Sink,
    field: &Field,
    name: &str,
) -> Result<(), WriteError> {
    sink.begin(field, name)?;
    value.write_fields(sink)?;
    sink.end()
}

/// Reading a structure nested in another.
pub fn read_struct<S: Shape>(doc: &Doc<'_>, node: usize) -> Result<Option<S>, ReadError> {
    let mut value = S::default();
    value.read_fields(doc, node)?;
    Ok(Some(value))
}

/// Implements [`Item`] for generated structures.
#[doc(hidden)]
#[macro_export]
macro_rules! shape_item {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::shape::Item for $ty {
            fn read_item(
                doc: &$crate::tree::Doc<'_>,
                node: usize,
            ) -> ::std::result::Result<::std::option::Option<Self>, $crate::shape::ReadError> {
                $crate::shape::read_struct(doc, node)
            }
            fn write_item(
                &self,
                sink: &mut dyn $crate::shape::Sink,
                field: &$crate::shape::Field,
                name: &str,
            ) -> ::std::result::Result<(), $crate::shape::WriteError> {
                $crate::shape::write_struct(self, sink, field, name)
            }
        }
    )*};
}

// ---- scalars ------------------------------------------------------------------------------

fn text<'d>(doc: &'d Doc<'_>, node: usize) -> Result<&'d str, ReadError> {
    match doc.kind(node) {
        NodeKind::Object => Err(ReadError::new("expected a value, found an object")),
        _ => Ok(doc.text(node)),
    }
}

impl Item for String {
    fn read_item(doc: &Doc<'_>, node: usize) -> Result<Option<Self>, ReadError> {
        text(doc, node).map(|t| Some(t.to_owned()))
    }
    fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
        sink.scalar(f, name, Scalar::Str(self))
    }
}

fn integer(t: &str, min: i128, max: i128) -> Result<Option<i128>, ReadError> {
    let t = t.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // `12.0` (and `12.`) exactly, without the rounding of a double beyond 2^53.
    let whole = match t.split_once('.') {
        Some((int, fraction)) if fraction.bytes().all(|b| b == b'0') => int,
        _ => t,
    };
    let value = match whole.parse::<i128>() {
        Ok(v) => v,
        Err(_) => match t.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.is_finite() && f.abs() < 1e30 => f as i128,
            _ => return Err(ReadError::new(format!("expected an integer, found {t:?}"))),
        },
    };
    if value < min || value > max {
        return Err(ReadError::new(format!("{t} is out of range")));
    }
    Ok(Some(value))
}

macro_rules! int_item {
    ($($ty:ty),*) => {$(
        impl Item for $ty {
            fn read_item(doc: &Doc<'_>, node: usize) -> Result<Option<Self>, ReadError> {
                let v = integer(text(doc, node)?, <$ty>::MIN as i128, <$ty>::MAX as i128)?;
                Ok(v.and_then(|v| <$ty>::try_from(v).ok()))
            }
            fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
                let mut buf = itoa_buf();
                sink.scalar(f, name, Scalar::Num(fmt_int(&mut buf, i128::from(*self))))
            }
        }
    )*};
}
int_item!(i32, i64);

fn itoa_buf() -> String {
    String::with_capacity(20)
}

fn fmt_int(buf: &mut String, v: i128) -> &str {
    use std::fmt::Write;
    let _ = write!(buf, "{v}");
    buf
}

impl Item for f64 {
    fn read_item(doc: &Doc<'_>, node: usize) -> Result<Option<Self>, ReadError> {
        let t = text(doc, node)?.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<f64>()
            .map(Some)
            .map_err(|_| ReadError::new(format!("expected a number, found {t:?}")))
    }
    fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
        // Integral values keep a `.0`, as the official Python SDK writes them.
        let mut text = format!("{self}");
        if self.is_finite() && !text.contains(['.', 'e', 'E']) {
            text.push_str(".0");
        }
        sink.scalar(f, name, Scalar::Num(&text))
    }
}

impl Item for bool {
    fn read_item(doc: &Doc<'_>, node: usize) -> Result<Option<Self>, ReadError> {
        let t = text(doc, node)?.trim();
        if t.is_empty() {
            Ok(None)
        } else if t.eq_ignore_ascii_case("true") || t == "1" {
            Ok(Some(true))
        } else if t.eq_ignore_ascii_case("false") || t == "0" {
            Ok(Some(false))
        } else {
            Err(ReadError::new(format!("expected a boolean, found {t:?}")))
        }
    }
    fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
        sink.scalar(f, name, Scalar::Bool(*self))
    }
}

impl Item for Timestamp {
    fn read_item(doc: &Doc<'_>, node: usize) -> Result<Option<Self>, ReadError> {
        let t = text(doc, node)?.trim();
        if t.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            Timestamp::parse(t).unwrap_or_else(|_| Timestamp::raw(t)),
        ))
    }
    fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
        sink.scalar(f, name, Scalar::Str(&self.to_string()))
    }
}

impl Item for serde_json::Value {
    fn read_item(doc: &Doc<'_>, node: usize) -> Result<Option<Self>, ReadError> {
        Ok(Some(doc.to_value(node)))
    }
    fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
        crate::write::write_value(self, sink, f, name)
    }
}

/// An open enum generated from the spec.
pub trait OpenEnum: Sized {
    /// The wire text.
    fn wire(&self) -> &str;
    /// The value for a wire text (unknown texts are kept).
    fn from_wire(text: &str) -> Self;
}

/// Reading an open enum; an empty text is no value.
pub fn read_enum<E: OpenEnum>(doc: &Doc<'_>, node: usize) -> Result<Option<E>, ReadError> {
    let t = text(doc, node)?;
    Ok((!t.is_empty()).then(|| E::from_wire(t)))
}

/// Writing an open enum.
pub fn write_enum<E: OpenEnum>(
    value: &E,
    sink: &mut dyn Sink,
    field: &Field,
    name: &str,
) -> Result<(), WriteError> {
    sink.scalar(field, name, Scalar::Str(value.wire()))
}

/// Write the members of a raw JSON body, except those named in `skip` (written as fields).
pub fn write_raw_members(
    body: &serde_json::Value,
    sink: &mut dyn Sink,
    skip: &[&str],
) -> Result<(), WriteError> {
    if let serde_json::Value::Object(map) = body {
        for (k, v) in map.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
            crate::write::write_value(v, sink, &Field::new(""), k)?;
        }
    }
    Ok(())
}
