//! Alibaba's wrapped lists, read into and written from a plain `Vec`.
//!
//! Lists on the wire always sit inside a wrapper object: JSON
//! `"TaskSet": {"Task": [{…}, {…}]}`, XML `<TaskSet><Task>…</Task><Task>…</Task></TaskSet>`.
//! The generated models expose the items as `Vec<Task>` and call [`deserialize`] and
//! [`serialize`] with the item name. A single XML item is a one-item list; an empty wrapper
//! (`<TaskSet/>`, `{}`, `null`, `""`) or a missing one is an empty list; other members of the
//! wrapper are ignored.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};

struct WrapperVisitor<T> {
    item: &'static str,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> Visitor<'de> for WrapperVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object holding a list of {}", self.item)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(is_item) = map.next_key_seed(IsItem(self.item))? {
            if is_item {
                let more: Option<Vec<T>> = map.next_value()?;
                items.extend(more.unwrap_or_default());
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(items)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
        if v.trim().is_empty() {
            Ok(Vec::new())
        } else {
            Err(E::invalid_type(de::Unexpected::Str(v), &self))
        }
    }
}

/// Reads a key of the wrapper as whether it names the items, without allocating it.
struct IsItem(&'static str);

impl<'de> de::DeserializeSeed<'de> for IsItem {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for IsItem {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}

/// Read the wrapper object around a list of `item` elements into a `Vec`.
pub fn deserialize<'de, D, T>(d: D, item: &'static str) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    d.deserialize_any(WrapperVisitor {
        item,
        marker: PhantomData,
    })
}

/// Write a `Vec` back inside its wrapper object: `{"<item>": [...]}` in JSON, repeated
/// `<item>` elements in XML.
#[cfg(feature = "serialize")]
pub fn serialize<S, T>(items: &[T], item: &'static str, s: S) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("Wrapper", 1)?;
    st.serialize_field(item, items)?;
    st.end()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        #[serde(rename = "TaskSet", default, deserialize_with = "tasks")]
        tasks: Vec<String>,
    }
    fn tasks<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        super::deserialize(d, "Task")
    }

    #[test]
    fn xml_lists_of_any_length() {
        let read = |s: &str| quick_xml::de::from_str::<Outer>(s).unwrap().tasks;
        assert_eq!(
            read("<R><TaskSet><Task>a</Task><Task>b</Task></TaskSet></R>"),
            ["a", "b"]
        );
        assert_eq!(read("<R><TaskSet><Task>a</Task></TaskSet></R>"), ["a"]);
        assert!(read("<R><TaskSet/></R>").is_empty());
        assert!(read("<R><TaskSet>\n  </TaskSet></R>").is_empty());
        assert!(read("<R></R>").is_empty());
        assert_eq!(
            read("<R><TaskSet><X>1</X><Task>a</Task></TaskSet></R>"),
            ["a"]
        );
    }

    #[test]
    fn json_lists_and_empty_forms() {
        let read = |s: &str| serde_json::from_str::<Outer>(s).unwrap().tasks;
        assert_eq!(read(r#"{"TaskSet": {"Task": ["a", "b"]}}"#), ["a", "b"]);
        assert!(read(r#"{"TaskSet": {"Task": []}}"#).is_empty());
        assert!(read(r#"{"TaskSet": {}}"#).is_empty());
        assert!(read(r#"{"TaskSet": null}"#).is_empty());
        assert!(read(r#"{"TaskSet": ""}"#).is_empty());
        assert!(read("{}").is_empty());
        assert!(serde_json::from_str::<Outer>(r#"{"TaskSet": 5}"#).is_err());
    }
}
