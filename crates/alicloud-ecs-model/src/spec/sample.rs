//! The smallest valid request of an operation, from the spec's example values: for tests
//! that call every operation, and for a command line's examples.

use super::check::check_value;
use super::{Kind, OperationSpec, ParamStyle, Schema};

impl OperationSpec {
    /// Every required parameter with a value that passes [`OperationSpec::check`]: the
    /// spec's example when it fits, else a plain value of the type. Lists get one item and
    /// structures their required fields (or their first one).
    pub fn sample_params(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for p in self.params.iter().filter(|p| p.schema.required) {
            match (p.style, p.schema.kind) {
                (ParamStyle::Json, _)
                | (_, Kind::String | Kind::Integer | Kind::Number | Kind::Boolean) => {
                    out.push((p.name.clone(), sample_value(p.style, &p.schema)));
                }
                (ParamStyle::Simple, Kind::Array) => {
                    let item = p.schema.items.as_deref();
                    let value = item.map_or_else(|| "x".to_owned(), scalar);
                    out.push((p.name.clone(), value));
                }
                (_, Kind::Array | Kind::Object) => nested(&p.name, &p.schema, &mut out),
            }
        }
        out
    }
}

/// `Name.1…` or `Name.Field…` pairs for a list or structure written flat.
fn nested(prefix: &str, schema: &Schema, out: &mut Vec<(String, String)>) {
    match schema.kind {
        Kind::Array => match schema.items.as_deref() {
            Some(items) => nested(&format!("{prefix}.1"), items, out),
            None => out.push((format!("{prefix}.1"), "x".to_owned())),
        },
        Kind::Object if !schema.properties.is_empty() => {
            let required: Vec<_> = schema
                .properties
                .iter()
                .filter(|(_, s)| s.required)
                .collect();
            let fields = if required.is_empty() {
                schema.properties.iter().take(1).collect()
            } else {
                required
            };
            for (name, field) in fields {
                nested(&format!("{prefix}.{name}"), field, out);
            }
        }
        Kind::Object => out.push((prefix.to_owned(), "{}".to_owned())),
        _ => out.push((prefix.to_owned(), scalar(schema))),
    }
}

/// A top-level value: for a `json`-style list or structure its example when it fits, else
/// an empty one; otherwise a scalar (which tries the example itself).
fn sample_value(style: ParamStyle, schema: &Schema) -> String {
    let json_kind = match (style, schema.kind) {
        (ParamStyle::Json, Kind::Array) => "[]",
        (ParamStyle::Json, Kind::Object) => "{}",
        _ => return scalar(schema),
    };
    match &schema.example {
        Some(example) if !example.is_empty() && check_value(style, schema, example).is_ok() => {
            example.clone()
        }
        _ => json_kind.to_owned(),
    }
}

/// A value of a scalar type: its example when it fits, an allowed value, or a plain one.
fn scalar(schema: &Schema) -> String {
    let fits = |v: &String| !v.is_empty() && check_value(ParamStyle::Simple, schema, v).is_ok();
    if let Some(example) = schema.example.as_ref().filter(|e| fits(e)) {
        return example.clone();
    }
    if let Some(value) = schema.allowed.iter().find(|v| fits(v)) {
        return value.clone();
    }
    match schema.kind {
        Kind::Integer | Kind::Number => schema
            .minimum
            .clone()
            .filter(|m| fits(m))
            .unwrap_or_else(|| "1".to_owned()),
        Kind::Boolean => "true".to_owned(),
        _ => "example".to_owned(),
    }
}
