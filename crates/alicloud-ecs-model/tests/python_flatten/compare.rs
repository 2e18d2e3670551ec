//! Comparing two flat parameter maps: ours (from `params_from_json`) and the official SDK's.
//!
//! `json`-style values (JSON objects and arrays) are compared parsed: each is expanded into
//! `Name{json}.path` leaves, so a JSON parameter never equals the same members sent flat.
//! Values are equal when identical, when both are numbers of the same value (`1.5`, `1.50`) or
//! when ours is `true`/`false` and the SDK's the same boolean in any case (Python's `True`);
//! ours must always be lowercase.

use std::collections::BTreeMap;

use serde_json::Value;

/// Marks the members of a parameter sent as JSON text.
const JSON_MARK: &str = "{json}";

/// Flat names to comparable values, `json` values expanded.
pub(crate) fn expand<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, value) in pairs {
        match serde_json::from_str::<Value>(value) {
            Ok(json @ (Value::Object(_) | Value::Array(_))) => {
                leaves(&format!("{name}{JSON_MARK}"), &json, &mut out);
            }
            _ => {
                out.insert(name.to_owned(), value.to_owned());
            }
        }
    }
    out
}

fn leaves(prefix: &str, json: &Value, out: &mut BTreeMap<String, String>) {
    match json {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| leaves(&format!("{prefix}.{k}"), v, out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(&format!("{prefix}.{}", i + 1), v, out)),
        leaf => {
            out.insert(prefix.to_owned(), leaf.to_string());
        }
    }
}

/// Whether flat name `name` (possibly inside a JSON value) is, or holds, member `unknown` of
/// the request that the SDK does not know (as the SDK flattens it: `A.1.B`).
pub(crate) fn is_unknown(name: &str, unknown: &str) -> bool {
    let name = name.replace(JSON_MARK, "");
    name == unknown
        || unknown
            .strip_prefix(name.as_str())
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Whether our value `ours` and the SDK's `theirs` mean the same.
pub(crate) fn same_value(ours: &str, theirs: &str) -> bool {
    let boolean = |s: &str| s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false");
    if boolean(ours) || boolean(theirs) {
        // Ours must be lowercase whatever the SDK writes.
        return matches!(ours, "true" | "false") && theirs.eq_ignore_ascii_case(ours);
    }
    if ours == theirs {
        return true;
    }
    // JSON strings keep their quotes, so only unquoted numbers compare by value.
    match (ours.parse::<f64>(), theirs.parse::<f64>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The differences between ours and theirs, one line per name; empty when they agree.
pub(crate) fn differences(
    ours: &BTreeMap<String, String>,
    theirs: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (name, value) in ours {
        match theirs.get(name) {
            None => out.push(format!("only ours: {name}={value}")),
            Some(other) if !same_value(value, other) => {
                out.push(format!(
                    "differs: {name}: ours {value:?}, the SDK's {other:?}"
                ));
            }
            Some(_) => {}
        }
    }
    for (name, value) in theirs {
        if !ours.contains_key(name) {
            out.push(format!("only the SDK's: {name}={value}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(same_value("true", "True"));
        assert!(!same_value("True", "true"));
        assert!(!same_value("True", "True"));
        assert!(same_value("1.5", "1.50"));
        assert!(!same_value("\"1\"", "1"));
        assert!(!same_value("\"1.5\"", "\"1.50\""));
        assert!(is_unknown("A{json}.1.B", "A.1.B"));
        assert!(is_unknown("Ids", "Ids.2"));
        assert!(!is_unknown("Id", "Ids"));
        let json = expand([("A", r#"[{"B": 1}]"#), ("C", "x")]);
        assert_eq!(json.get("A{json}.1.B").map(String::as_str), Some("1"));
        assert_eq!(json.get("C").map(String::as_str), Some("x"));
    }
}
