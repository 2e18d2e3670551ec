//! The flat RPC parameter list a request becomes, and how values are written into it.
//!
//! ECS is an RPC-style API: every operation parameter is one `Name=value` pair. Lists are
//! flattened as `Name.1`, `Name.2`, … (counting from 1), structs as `Name.Field`, lists of
//! structs as `Name.N.Field`; booleans are `true`/`false`; absent values are left out and an
//! empty string is sent as `Name=`. [`Params`] keeps the pairs decoded, in the order the
//! request wrote them; percent-encoding is the signer's job.

use std::borrow::Cow;
use std::fmt;

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

/// A value that can stand on the right of `Name=` in an RPC request.
pub trait ParamValue {
    /// The decoded wire text.
    fn to_param(&self) -> String;
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_param!(i32, i64, f32, f64, crate::Timestamp);

impl ParamValue for serde_json::Value {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

/// A request that cannot be sent as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamError {
    /// A required parameter was not set (its wire name, e.g. `TaskId` or `Tag.1.Key`).
    Missing(Cow<'static, str>),
}

impl ParamError {
    /// The wire name of the parameter this error is about.
    pub fn parameter(&self) -> &str {
        match self {
            Self::Missing(name) => name,
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(name) => write!(f, "missing required parameter `{name}`"),
        }
    }
}

impl std::error::Error for ParamError {}

/// Something that writes itself as RPC parameters under a name: a scalar as `name=value`,
/// an `Option` only when set, a list as `name.1`, `name.2`, …, and a generated struct as
/// `name.Field` for each of its fields (so a list of structs becomes `name.N.Field`).
pub trait WriteParams {
    /// Append this value's pairs under `name`; fails on a missing required field inside it.
    fn write_params(&self, name: &str, out: &mut Params) -> Result<(), ParamError>;

    /// Same as [`write_params`](Self::write_params), for a top-level name known at compile
    /// time (saves an allocation for scalars).
    fn write_params_static(&self, name: &'static str, out: &mut Params) -> Result<(), ParamError> {
        self.write_params(name, out)
    }

    /// Whether there is anything to write: `false` for `None` and empty lists.
    fn is_set(&self) -> bool {
        true
    }

    /// Whether the value is present but empty (`""`), which does not satisfy a required
    /// parameter.
    fn is_blank(&self) -> bool {
        false
    }
}

macro_rules! scalar_params {
    ($($ty:ty),*) => {$(
        impl WriteParams for $ty {
            fn write_params(&self, name: &str, out: &mut Params) -> Result<(), ParamError> {
                out.push(name.to_owned(), self.to_param());
                Ok(())
            }
            fn write_params_static(&self, name: &'static str, out: &mut Params) -> Result<(), ParamError> {
                out.push(name, self.to_param());
                Ok(())
            }
        }
    )*};
}
scalar_params!(
    bool,
    i32,
    i64,
    f32,
    f64,
    crate::Timestamp,
    serde_json::Value
);

impl WriteParams for String {
    fn write_params(&self, name: &str, out: &mut Params) -> Result<(), ParamError> {
        out.push(name.to_owned(), self.clone());
        Ok(())
    }
    fn write_params_static(&self, name: &'static str, out: &mut Params) -> Result<(), ParamError> {
        out.push(name, self.clone());
        Ok(())
    }
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl<T: WriteParams> WriteParams for Option<T> {
    fn write_params(&self, name: &str, out: &mut Params) -> Result<(), ParamError> {
        match self {
            Some(value) => value.write_params(name, out),
            None => Ok(()),
        }
    }
    fn write_params_static(&self, name: &'static str, out: &mut Params) -> Result<(), ParamError> {
        match self {
            Some(value) => value.write_params_static(name, out),
            None => Ok(()),
        }
    }
    fn is_set(&self) -> bool {
        self.is_some()
    }
    fn is_blank(&self) -> bool {
        self.as_ref().is_some_and(WriteParams::is_blank)
    }
}

impl<T: WriteParams> WriteParams for Vec<T> {
    fn write_params(&self, name: &str, out: &mut Params) -> Result<(), ParamError> {
        for (i, item) in self.iter().enumerate() {
            item.write_params(&format!("{name}.{}", i + 1), out)?;
        }
        Ok(())
    }
    fn is_set(&self) -> bool {
        !self.is_empty()
    }
}

/// Fail with [`ParamError::Missing`] unless a required top-level parameter is set to a
/// non-empty value.
pub fn required<T: WriteParams>(value: &T, name: &'static str) -> Result<(), ParamError> {
    if value.is_set() && !value.is_blank() {
        Ok(())
    } else {
        Err(ParamError::Missing(Cow::Borrowed(name)))
    }
}

/// Write the field `field` of a struct written under `prefix`, as `prefix.field`; a required
/// field that is not set fails with its full name (e.g. `Tag.2.Key`).
pub fn write_field<T: WriteParams>(
    value: &T,
    prefix: &str,
    field: &str,
    required: bool,
    out: &mut Params,
) -> Result<(), ParamError> {
    if required && (!value.is_set() || value.is_blank()) {
        Err(ParamError::Missing(format!("{prefix}.{field}").into()))
    } else if value.is_set() {
        value.write_params(&format!("{prefix}.{field}"), out)
    } else {
        Ok(())
    }
}

/// Join a list into one comma-separated value (`TaskIds=t-1,t-2`), if it is not empty.
pub fn write_joined<V: ParamValue>(values: &[V], name: &'static str, out: &mut Params) {
    if values.is_empty() {
        return;
    }
    let mut joined = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            joined.push(',');
        }
        joined.push_str(&value.to_param());
    }
    out.push(name, joined);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_count_from_one_and_absent_values_are_skipped() {
        let mut p = Params::default();
        Some("x".to_owned())
            .write_params_static("A", &mut p)
            .unwrap();
        None::<String>.write_params_static("B", &mut p).unwrap();
        Some(true).write_params_static("C", &mut p).unwrap();
        Some(String::new())
            .write_params_static("E", &mut p)
            .unwrap();
        vec!["a".to_owned(), "b".to_owned()]
            .write_params("L", &mut p)
            .unwrap();
        vec![vec![1, 2]].write_params("M", &mut p).unwrap();
        write_joined(&["t-1".to_owned(), "t-2".to_owned()], "J", &mut p);
        write_joined::<String>(&[], "K", &mut p);
        let got: Vec<_> = p.iter().collect();
        assert_eq!(
            got,
            [
                ("A", "x"),
                ("C", "true"),
                ("E", ""),
                ("L.1", "a"),
                ("L.2", "b"),
                ("M.1.1", "1"),
                ("M.1.2", "2"),
                ("J", "t-1,t-2")
            ]
        );
        assert_eq!(p.get("L.2"), Some("b"));
    }

    #[test]
    fn required_fields_are_named_in_full() {
        assert_eq!(
            required(&None::<i32>, "PageSize"),
            Err(ParamError::Missing("PageSize".into()))
        );
        assert_eq!(
            required(&Vec::<i32>::new(), "Ids"),
            Err(ParamError::Missing("Ids".into()))
        );
        let mut p = Params::default();
        let e = write_field(&None::<String>, "Tag.2", "Key", true, &mut p).unwrap_err();
        assert_eq!(e.parameter(), "Tag.2.Key");
        write_field(&None::<String>, "Tag.2", "Value", false, &mut p).unwrap();
        assert!(p.is_empty());
    }

    #[test]
    fn missing_parameter_names_it() {
        let e = ParamError::Missing("TaskId".into());
        assert_eq!(e.parameter(), "TaskId");
        assert_eq!(e.to_string(), "missing required parameter `TaskId`");
    }
}
