//! The flat RPC parameter list a request becomes, and how values are written into it.
//!
//! ECS is an RPC-style API: every operation parameter is one `Name=value` pair. Lists are
//! flattened as `Name.1`, `Name.2`, … (counting from 1), structs as `Name.Field`, lists of
//! structs as `Name.N.Field`; booleans are `true`/`false`; absent values are left out and an
//! empty string is sent as `Name=`. [`Params`] keeps the pairs decoded, in the order the
//! request wrote them; percent-encoding is the signer's job.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;

use crate::format::DynShape;
use crate::shape::{Field, Scalar, Shape, Sink, WriteError};

/// A decoded parameter name.
pub type ParamName = Cow<'static, str>;

/// The decoded `(name, value)` pairs of one request, in the order they were written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(ParamName, String)>,
}

impl Params {
    /// An empty list with room for `capacity` pairs.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            pairs: Vec::with_capacity(capacity),
        }
    }

    /// Append one pair.
    pub fn push(&mut self, name: impl Into<ParamName>, value: impl Into<String>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// The pairs, in the order they were written.
    pub fn pairs(&self) -> &[(ParamName, String)] {
        &self.pairs
    }

    /// The value of the first pair called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Iterate over `(name, value)` as string slices.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(n, v)| (n.as_ref(), v.as_str()))
    }
}

impl IntoIterator for Params {
    type Item = (ParamName, String);
    type IntoIter = std::vec::IntoIter<(ParamName, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

/// A request that cannot be sent as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamError {
    /// A required parameter was not set (its wire name, e.g. `TaskId` or `Tag.1.Key`).
    Missing(Cow<'static, str>),
    /// A list holds more items than the operation accepts.
    TooMany {
        /// The list's wire name.
        name: Cow<'static, str>,
        /// Items given.
        len: usize,
        /// Items allowed.
        max: u32,
    },
    /// A value cannot be written (its wire name and why).
    Invalid(Cow<'static, str>, String),
}

impl ParamError {
    /// The wire name of the parameter this error is about.
    pub fn parameter(&self) -> &str {
        match self {
            Self::Missing(name) | Self::TooMany { name, .. } | Self::Invalid(name, _) => name,
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(name) => write!(f, "missing required parameter `{name}`"),
            Self::TooMany { name, len, max } => write!(
                f,
                "parameter `{name}` has {len} items; the operation accepts at most {max}"
            ),
            Self::Invalid(name, why) => write!(f, "parameter `{name}`: {why}"),
        }
    }
}

impl std::error::Error for ParamError {}

impl From<WriteError> for ParamError {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Missing { name } => Self::Missing(name.into()),
            WriteError::TooMany { name, len, max } => Self::TooMany {
                name: name.into(),
                len,
                max,
            },
            WriteError::Other(why) => Self::Invalid(Cow::Borrowed(""), why),
            #[allow(unreachable_patterns)]
            other => Self::Invalid(Cow::Borrowed(""), other.to_string()),
        }
    }
}

/// Flatten a request into its parameters, checking required parameters and list lengths.
///
/// Lists count from 1 (`Tag.1.Key`), structs nest with dots (`SystemDisk.Category`), `json`
/// parameters carry JSON text, joined lists one comma-separated value. When two parameters
/// land on the same name (a documented dotted parameter such as `DataDisk.1.Category` beside
/// the `DataDisk` list), the dotted parameter wins, whichever the request declares first: the
/// name is sent once.
pub fn to_params<S: Shape>(value: &S) -> Result<Params, ParamError> {
    params_of(value)
}

/// [`to_params`], compiled once.
#[doc(hidden)]
pub fn params_of(value: &dyn DynShape) -> Result<Params, ParamError> {
    let mut sink = ParamSink {
        out: Params::with_capacity(8),
        prefix: String::new(),
        frames: Vec::new(),
        dotted: Vec::new(),
    };
    value.write_dyn(&mut sink)?;
    Ok(sink.out)
}

struct ParamSink {
    out: Params,
    prefix: String,
    /// Per open struct or list: the prefix length to restore, and for lists the item count.
    frames: Vec<(usize, Option<usize>)>,
    /// Indexes into `out` of the pairs written by top-level dotted parameters (`DataDisk.1.Size`),
    /// which a list or struct landing on the same name does not overwrite.
    dotted: Vec<usize>,
}

impl ParamSink {
    /// The full name of the next value called `name`, counting list items.
    fn name_of(&mut self, name: &str) -> String {
        let mut full = self.prefix.clone();
        match self.frames.last_mut() {
            Some((_, Some(index))) => {
                *index += 1;
                let _ = write!(full, "{index}");
            }
            _ => full.push_str(name),
        }
        full
    }
}

impl Sink for ParamSink {
    fn scalar(&mut self, _: &Field, name: &str, value: Scalar<'_>) -> Result<(), WriteError> {
        let top = self.frames.is_empty();
        let full: ParamName = if top {
            Cow::Owned(name.to_owned())
        } else {
            Cow::Owned(self.name_of(name))
        };
        let text = value.text().to_owned();
        match self.out.pairs.iter().position(|(n, _)| *n == full) {
            // A dotted parameter replaces what a list or struct wrote, never the reverse.
            Some(i) if top || !self.dotted.contains(&i) => self.out.pairs[i].1 = text,
            Some(_) => {}
            None => {
                if top && full.contains('.') {
                    self.dotted.push(self.out.pairs.len());
                }
                self.out.pairs.push((full, text));
            }
        }
        Ok(())
    }
    fn begin(&mut self, _: &Field, name: &str) -> Result<(), WriteError> {
        let restore = self.prefix.len();
        self.prefix = self.name_of(name);
        self.prefix.push('.');
        self.frames.push((restore, None));
        Ok(())
    }
    fn end(&mut self) -> Result<(), WriteError> {
        if let Some((restore, _)) = self.frames.pop() {
            self.prefix.truncate(restore);
        }
        Ok(())
    }
    fn begin_list(&mut self, _: &Field, name: &str, _: usize) -> Result<(), WriteError> {
        let restore = self.prefix.len();
        self.prefix = self.name_of(name);
        self.prefix.push('.');
        self.frames.push((restore, Some(0)));
        Ok(())
    }
    fn end_list(&mut self) -> Result<(), WriteError> {
        self.end()
    }
    fn validates(&self) -> bool {
        true
    }
    fn flattens(&self) -> bool {
        true
    }
    fn missing(&self, field: &Field) -> WriteError {
        WriteError::Missing {
            name: format!("{}{}", self.prefix, field.wire),
        }
    }
    fn too_many(&self, field: &Field, len: usize) -> WriteError {
        WriteError::TooMany {
            name: format!("{}{}", self.prefix, field.wire),
            len,
            max: field.max_items,
        }
    }
}
