//! How generated types are read and written: each structure lists its fields once, in a
//! static table, and two small functions walk them.
//!
//! A generated structure implements [`Shape`]: `read_fields` fills each field from a parsed
//! document ([`crate::tree`]), `write_fields` hands each field to a [`Sink`] (JSON text, XML
//! text, or the flat RPC parameter list). Everything else — lenient scalars, wrapped lists,
//! parameter styles, required and maximum checks, error paths — is written once, here and in
//! the sinks, instead of being expanded per type by a derive. That keeps the whole ECS model
//! cheap to compile.

use crate::tree::{Doc, JsonError};

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
    pub(crate) fn matches(&self, name: &str) -> bool {
        same(self.wire, name) || self.aliases.iter().any(|alias| same(alias, name))
    }
}

/// String equality that rules most names out by length and last byte before comparing.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// A generated structure.
pub trait Shape: Default + Fields {
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
    /// Set when the text itself is not JSON (met while streaming): the body is then invalid,
    /// whatever the path.
    syntax: Option<Box<JsonError>>,
}

impl From<JsonError> for ReadError {
    fn from(e: JsonError) -> Self {
        Self {
            path: Vec::new(),
            message: e.to_string(),
            syntax: Some(Box::new(e)),
        }
    }
}

impl ReadError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            message: message.into(),
            syntax: None,
        }
    }
    /// The JSON syntax error this stands for, if it is one.
    pub(crate) fn into_syntax(self) -> Result<JsonError, Self> {
        match self.syntax {
            Some(e) => Ok(*e),
            None => Err(self),
        }
    }
    pub(crate) fn within(mut self, segment: String) -> Self {
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
    /// Read one value from `source`; `None` when it holds nothing (an empty number, say).
    /// From [`Source::Json`] it must read exactly one value, errors included (the walker
    /// carries on after it); the model's own implementations do so through the crate's
    /// helpers, which is why this trait is implemented by its macros only.
    fn read_item(source: Source<'_, '_>) -> Result<Option<Self>, ReadError>;
    /// Write the value as `name`.
    fn write_item(&self, sink: &mut dyn Sink, field: &Field, name: &str) -> Result<(), WriteError>;
}

pub use crate::source::{Source, read_struct};
pub use crate::walk::{Count, Fields, Slot, read_all, write_all, write_nested};

/// Implements [`Item`] for generated structures (which implement [`Fields`]).
#[doc(hidden)]
#[macro_export]
macro_rules! shape_item {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::shape::Item for $ty {
            fn read_item(
                source: $crate::shape::Source<'_, '_>,
            ) -> ::std::result::Result<::std::option::Option<Self>, $crate::shape::ReadError> {
                let mut value = <Self as ::std::default::Default>::default();
                match $crate::shape::read_struct(&mut value, source) {
                    ::std::result::Result::Ok(()) => ::std::result::Result::Ok(::std::option::Option::Some(value)),
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(e),
                }
            }
            fn write_item(
                &self,
                sink: &mut dyn $crate::shape::Sink,
                field: &$crate::shape::Field,
                name: &str,
            ) -> ::std::result::Result<(), $crate::shape::WriteError> {
                $crate::shape::write_nested(self, sink, field, name)
            }
        }
    )*};
}

/// An open enum generated from the spec.
pub trait OpenEnum: Sized {
    /// The wire text.
    fn wire(&self) -> &str;
    /// The value for a wire text (unknown texts are kept).
    fn from_wire(text: &str) -> Self;
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
