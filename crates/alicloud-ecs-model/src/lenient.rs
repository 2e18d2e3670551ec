//! Lenient scalar deserializers shared by every generated response type.
//!
//! Alibaba is not consistent about scalar types on the wire: XML carries everything as text,
//! JSON sometimes sends numbers and booleans as strings (`"1"`, `"True"`), and a documented
//! string may arrive as a JSON boolean. Each helper here accepts all of these forms, from both
//! `serde_json` and `quick-xml`:
//!
//! * JSON natives (`1`, `true`), JSON strings (`"1"`, `"true"`, `"True"`) and `null`;
//! * XML element text; quick-xml hands element content to `deserialize_any` as a map with a
//!   `$text` (or `$value`) entry, and an empty element (`<X/>`) as an empty map.
//!
//! An empty value is `None` for numbers, booleans, enums and timestamps, and `Some("")` for
//! strings (so `<ErrorMsg/>` and `"ErrorMsg": ""` read the same). A value of the wrong kind,
//! or a number out of range for its field, is an error naming what was expected.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

/// What a scalar visitor does with the text or native value it is given.
trait Scalar: Sized {
    /// Used in "invalid type" messages.
    const EXPECTING: &'static str;
    /// Convert element or string text; empty text was already turned into `None`.
    fn from_text<E: de::Error>(text: &str) -> Result<Self, E>;
    /// Convert a native JSON integer.
    fn from_i128<E: de::Error>(value: i128) -> Result<Self, E> {
        Self::from_text(&value.to_string())
    }
    /// Convert a native JSON float.
    fn from_f64<E: de::Error>(_value: f64) -> Result<Self, E> {
        Err(E::custom(format_args!(
            "expected {}, found a float",
            Self::EXPECTING
        )))
    }
    /// Convert a native JSON boolean.
    fn from_bool<E: de::Error>(_value: bool) -> Result<Self, E> {
        Err(E::custom(format_args!(
            "expected {}, found a boolean",
            Self::EXPECTING
        )))
    }
    /// The value of an empty element or empty string.
    fn empty() -> Option<Self> {
        None
    }
}

struct ScalarVisitor<T>(PhantomData<T>);

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::from_bool(v).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::from_i128(i128::from(v)).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::from_i128(i128::from(v)).map(Some)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        T::from_i128(v).map(Some)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        let v = i128::try_from(v).map_err(|_| E::custom("integer out of range"))?;
        T::from_i128(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::from_f64(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            Ok(T::empty())
        } else {
            T::from_text(v).map(Some)
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // quick-xml: element content arrives as `{"$text": "…"}`; attributes as `@name`.
        let mut out = T::empty();
        while let Some(key) = map.next_key::<KeyKind>()? {
            match key {
                KeyKind::Text => {
                    // Read the text straight into `T`, without an intermediate `String`.
                    out = map.next_value_seed(TextSeed::<T>(PhantomData))?;
                }
                KeyKind::Attribute => {
                    map.next_value::<IgnoredAny>()?;
                }
                KeyKind::Other => {
                    return Err(de::Error::custom(format_args!(
                        "expected {}, found an object",
                        T::EXPECTING
                    )));
                }
            }
        }
        Ok(out)
    }
}

/// The text of an XML element, handed to [`ScalarVisitor::visit_str`].
struct TextSeed<T>(PhantomData<T>);

impl<'de, T: Scalar> de::DeserializeSeed<'de> for TextSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_string(ScalarVisitor::<T>(PhantomData))
    }
}

/// A map key seen while reading a scalar: quick-xml's text pseudo-field, an XML attribute
/// (`@name`, ignored), or a real field, which means an object stood where a scalar belongs.
enum KeyKind {
    Text,
    Attribute,
    Other,
}

impl<'de> de::Deserialize<'de> for KeyKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyKind;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyKind, E> {
                Ok(if v == "$text" || v == "$value" {
                    KeyKind::Text
                } else if v.starts_with('@') {
                    KeyKind::Attribute
                } else {
                    KeyKind::Other
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

macro_rules! integer_scalar {
    ($($ty:ty => $name:literal),*) => {$(
        impl Scalar for $ty {
            const EXPECTING: &'static str = $name;
            fn from_text<E: de::Error>(text: &str) -> Result<Self, E> {
                text.trim().parse().map_err(|_| {
                    E::custom(format_args!("expected {}, found {text:?}", Self::EXPECTING))
                })
            }
            fn from_i128<E: de::Error>(value: i128) -> Result<Self, E> {
                <$ty>::try_from(value).map_err(|_| {
                    E::custom(format_args!("{value} is out of range for {}", Self::EXPECTING))
                })
            }
        }
    )*};
}
integer_scalar!(i32 => "a 32-bit integer", i64 => "a 64-bit integer");

macro_rules! float_scalar {
    ($($ty:ty => $name:literal),*) => {$(
        impl Scalar for $ty {
            const EXPECTING: &'static str = $name;
            fn from_text<E: de::Error>(text: &str) -> Result<Self, E> {
                text.trim().parse().map_err(|_| {
                    E::custom(format_args!("expected {}, found {text:?}", Self::EXPECTING))
                })
            }
            #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
            fn from_i128<E: de::Error>(value: i128) -> Result<Self, E> {
                Ok(value as $ty)
            }
            #[allow(clippy::cast_possible_truncation)]
            fn from_f64<E: de::Error>(value: f64) -> Result<Self, E> {
                Ok(value as $ty)
            }
        }
    )*};
}
float_scalar!(f32 => "a number", f64 => "a number");

impl Scalar for bool {
    const EXPECTING: &'static str = "a boolean";
    fn from_text<E: de::Error>(text: &str) -> Result<Self, E> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("true") || text == "1" {
            Ok(true)
        } else if text.eq_ignore_ascii_case("false") || text == "0" {
            Ok(false)
        } else {
            Err(E::custom(format_args!(
                "expected a boolean, found {text:?}"
            )))
        }
    }
    fn from_i128<E: de::Error>(value: i128) -> Result<Self, E> {
        match value {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::custom(format_args!("expected a boolean, found {value}"))),
        }
    }
    fn from_bool<E: de::Error>(value: bool) -> Result<Self, E> {
        Ok(value)
    }
}

impl Scalar for String {
    const EXPECTING: &'static str = "a string";
    fn from_text<E: de::Error>(text: &str) -> Result<Self, E> {
        Ok(text.to_owned())
    }
    fn from_f64<E: de::Error>(value: f64) -> Result<Self, E> {
        Ok(value.to_string())
    }
    fn from_bool<E: de::Error>(value: bool) -> Result<Self, E> {
        Ok(value.to_string())
    }
    fn empty() -> Option<Self> {
        Some(String::new())
    }
}

/// Any type read from its text form with `FromStr` (open enums, timestamps).
struct Parsed<T>(T);

impl<T> Scalar for Parsed<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    const EXPECTING: &'static str = "a string";
    fn from_text<E: de::Error>(text: &str) -> Result<Self, E> {
        text.parse().map(Parsed).map_err(E::custom)
    }
}

fn deserialize<'de, D: Deserializer<'de>, T: Scalar>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_any(ScalarVisitor::<T>(PhantomData))
}

/// An optional string; numbers and booleans are kept as their text.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    deserialize(d)
}

/// An optional 32-bit integer from a number or numeric text.
pub fn opt_i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    deserialize(d)
}

/// An optional 64-bit integer from a number or numeric text.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    deserialize(d)
}

/// An optional 32-bit float from a number or numeric text.
pub fn opt_f32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    deserialize(d)
}

/// An optional 64-bit float from a number or numeric text.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    deserialize(d)
}

/// An optional boolean from `true`/`false` (any case), `1`/`0`, or a JSON boolean.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    deserialize(d)
}

/// An optional value parsed from its text with `FromStr` (open enums, timestamps).
pub fn opt_parsed<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    Ok(deserialize::<D, Parsed<T>>(d)?.map(|Parsed(v)| v))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(default)]
    struct Probe {
        #[serde(rename = "N", deserialize_with = "super::opt_i32")]
        n: Option<i32>,
        #[serde(rename = "B", deserialize_with = "super::opt_bool")]
        b: Option<bool>,
        #[serde(rename = "S", deserialize_with = "super::opt_string")]
        s: Option<String>,
        #[serde(rename = "F", deserialize_with = "super::opt_f64")]
        f: Option<f64>,
    }

    fn json(s: &str) -> Result<Probe, serde_json::Error> {
        serde_json::from_str(s)
    }
    fn xml(s: &str) -> Result<Probe, quick_xml::DeError> {
        quick_xml::de::from_str(s)
    }

    #[test]
    fn json_natives_and_strings() {
        let p = json(r#"{"N": 5, "B": true, "S": "x", "F": 1.5}"#).unwrap();
        assert_eq!(
            (p.n, p.b, p.s.as_deref(), p.f),
            (Some(5), Some(true), Some("x"), Some(1.5))
        );
        let p = json(r#"{"N": "5", "B": "True", "S": 12, "F": "2"}"#).unwrap();
        assert_eq!(
            (p.n, p.b, p.s.as_deref(), p.f),
            (Some(5), Some(true), Some("12"), Some(2.0))
        );
        let p = json(r#"{"N": "", "B": null, "S": false}"#).unwrap();
        assert_eq!((p.n, p.b, p.s.as_deref()), (None, None, Some("false")));
    }

    #[test]
    fn xml_text_empty_and_attributes() {
        let p = xml("<R><N> 7 </N><B>FALSE</B><S/><F unit=\"x\">0.25</F></R>").unwrap();
        assert_eq!(
            (p.n, p.b, p.s.as_deref(), p.f),
            (Some(7), Some(false), Some(""), Some(0.25))
        );
        let p = xml("<R><N/><B></B></R>").unwrap();
        assert_eq!((p.n, p.b), (None, None));
    }

    #[test]
    fn wrong_kinds_and_ranges_are_errors() {
        assert!(json(r#"{"N": 99999999999}"#).is_err());
        assert!(json(r#"{"N": 1.5}"#).is_err());
        assert!(json(r#"{"N": "ten"}"#).is_err());
        assert!(json(r#"{"B": "yes"}"#).is_err());
        assert!(json(r#"{"B": 2}"#).is_err());
        assert!(json(r#"{"N": {"a": 1}}"#).is_err());
        assert!(xml("<R><N>x</N></R>").is_err());
    }
}
