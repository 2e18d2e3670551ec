//! The name/value pairs a signer adds (headers or query parameters), stored with all values in
//! one string so that signing allocates once for them.

use std::fmt;
use std::ops::Range;
use std::slice;

/// Named values written one after another into a single buffer.
#[derive(Clone)]
pub(crate) struct Fields {
    text: String,
    spans: Vec<(&'static str, Range<usize>)>,
}

impl Fields {
    /// Room for `count` fields with `text_len` bytes of values in total.
    pub(crate) fn with_capacity(count: usize, text_len: usize) -> Self {
        Self {
            text: String::with_capacity(text_len),
            spans: Vec::with_capacity(count),
        }
    }

    /// Adds a field whose value `write` appends to the buffer.
    pub(crate) fn push_with(&mut self, name: &'static str, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.spans.push((name, start..self.text.len()));
    }

    /// Adds a field whose value `write` appends to the buffer, unless it fails.
    pub(crate) fn try_push_with<E>(
        &mut self,
        name: &'static str,
        write: impl FnOnce(&mut String) -> Result<(), E>,
    ) -> Result<(), E> {
        let start = self.text.len();
        write(&mut self.text)?;
        self.spans.push((name, start..self.text.len()));
        Ok(())
    }

    /// Adds a field with the given value.
    pub(crate) fn push(&mut self, name: &'static str, value: &str) {
        let start = self.text.len();
        self.text.push_str(value);
        self.spans.push((name, start..self.text.len()));
    }

    /// The value of the first field named `name`, or `""`.
    pub(crate) fn get(&self, name: &str) -> &str {
        self.iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, value)| value)
    }

    /// The value of the last field, or `""`.
    pub(crate) fn last(&self) -> &str {
        self.iter().next_back().map_or("", |(_, value)| value)
    }

    /// The fields in the order they were added.
    pub(crate) fn iter(&self) -> Pairs<'_> {
        Pairs {
            text: &self.text,
            spans: self.spans.iter(),
        }
    }

    /// A `Debug` view that hides the value of the field named `secret_name`.
    pub(crate) fn redacted<'a>(&'a self, secret_name: &'a str) -> impl fmt::Debug + 'a {
        Redacted {
            fields: self,
            secret_name,
        }
    }
}

struct Redacted<'a> {
    fields: &'a Fields,
    secret_name: &'a str,
}

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.fields.iter().map(|(name, value)| {
            let value = if name == self.secret_name {
                "** redacted **"
            } else {
                value
            };
            (name, value)
        });
        f.debug_list().entries(shown).finish()
    }
}

/// An iterator over name/value pairs that the signer adds (headers or query parameters).
#[derive(Debug, Clone)]
pub struct Pairs<'a> {
    text: &'a str,
    spans: slice::Iter<'a, (&'static str, Range<usize>)>,
}

impl Pairs<'_> {
    /// An iterator over nothing.
    pub(crate) fn empty() -> Self {
        Pairs {
            text: "",
            spans: [].iter(),
        }
    }
}

impl<'a> Iterator for Pairs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let (name, span) = self.spans.next()?;
        Some((*name, self.text.get(span.clone()).unwrap_or_default()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

impl DoubleEndedIterator for Pairs<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let (name, span) = self.spans.next_back()?;
        Some((*name, self.text.get(span.clone()).unwrap_or_default()))
    }
}

impl ExactSizeIterator for Pairs<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_values_in_one_buffer() {
        let mut fields = Fields::with_capacity(3, 16);
        fields.push("a", "1");
        fields.push_with("b", |out| out.push_str("22"));
        assert_eq!(fields.try_push_with("c", |_| Err(())), Err(()));
        fields.push("token", "secret");
        let pairs: Vec<_> = fields.iter().collect();
        assert_eq!(pairs, [("a", "1"), ("b", "22"), ("token", "secret")]);
        assert_eq!(fields.get("b"), "22");
        assert_eq!(fields.get("missing"), "");
        assert_eq!(fields.last(), "secret");
        assert_eq!(fields.iter().len(), 3);
        let shown = format!("{:?}", fields.redacted("token"));
        assert!(
            !shown.contains("secret") && shown.contains("redacted"),
            "{shown}"
        );
        assert_eq!(Pairs::empty().count(), 0);
    }
}
