//! [`Item`] for the scalar types: text, integers, numbers, booleans, timestamps and raw JSON.
//!
//! Reading is lenient the way Alibaba's bodies need: numbers and booleans come as JSON natives
//! or as text (`"1"`, `"True"`), an empty number is no value, and a time that does not parse
//! is kept as it was sent.

use crate::Timestamp;
use crate::shape::{Field, Item, ReadError, Scalar, Sink, Source, WriteError};
use crate::source::text;

impl Item for String {
    fn read_item(source: Source<'_, '_>) -> Result<Option<Self>, ReadError> {
        text(source).map(|t| Some(t.into_owned()))
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
            fn read_item(source: Source<'_, '_>) -> Result<Option<Self>, ReadError> {
                let v = integer(&text(source)?, <$ty>::MIN as i128, <$ty>::MAX as i128)?;
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

fn number(t: &str) -> Result<Option<f64>, ReadError> {
    let t = t.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        // `NaN`, `inf` and `infinity` read as written; digits that overflow do not.
        Ok(v)
            if v.is_finite()
                || t.bytes()
                    .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') =>
        {
            Ok(Some(v))
        }
        Ok(_) => Err(ReadError::new(format!("{t} is out of range"))),
        Err(_) => Err(ReadError::new(format!("expected a number, found {t:?}"))),
    }
}

impl Item for f64 {
    fn read_item(source: Source<'_, '_>) -> Result<Option<Self>, ReadError> {
        number(&text(source)?)
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

fn boolean(t: &str) -> Result<Option<bool>, ReadError> {
    let t = t.trim();
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

impl Item for bool {
    fn read_item(source: Source<'_, '_>) -> Result<Option<Self>, ReadError> {
        boolean(&text(source)?)
    }
    fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
        sink.scalar(f, name, Scalar::Bool(*self))
    }
}

/// A time that does not parse is kept as it was sent.
fn timestamp(t: &str) -> Option<Timestamp> {
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    Some(Timestamp::parse(t).unwrap_or_else(|_| Timestamp::raw(t)))
}

impl Item for Timestamp {
    fn read_item(source: Source<'_, '_>) -> Result<Option<Self>, ReadError> {
        Ok(timestamp(&text(source)?))
    }
    fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
        sink.scalar(f, name, Scalar::Str(&self.to_string()))
    }
}

impl Item for serde_json::Value {
    fn read_item(source: Source<'_, '_>) -> Result<Option<Self>, ReadError> {
        crate::source::value(source).map(Some)
    }
    fn write_item(&self, sink: &mut dyn Sink, f: &Field, name: &str) -> Result<(), WriteError> {
        crate::write::write_value(self, sink, f, name)
    }
}
