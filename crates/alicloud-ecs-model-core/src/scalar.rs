//! [`Item`] for the scalar types: text, integers, numbers, booleans, timestamps and raw JSON.
//!
//! Reading is lenient the way Alibaba's bodies need: numbers and booleans come as JSON natives
//! or as text (`"1"`, `"True"`), an empty number is no value, and a time that does not parse
//! is kept as it was sent.

use crate::Timestamp;
use crate::shape::{Field, Item, ReadError, Scalar, Sink, WriteError};
use crate::tree::{Doc, NodeKind};

pub(crate) fn text<'d>(doc: &'d Doc<'_>, node: usize) -> Result<&'d str, ReadError> {
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
