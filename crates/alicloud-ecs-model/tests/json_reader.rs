//! The model's own JSON reader (`tree::Doc::from_json`) against `serde_json` as the oracle:
//!
//! * any JSON object `serde_json` writes, compact or pretty, reads to the same value (arrays
//!   becoming repeated members, as the node layout defines);
//! * any text, however mangled, is accepted exactly when `serde_json` accepts it as an object
//!   (except numbers beyond `f64`, which the reader keeps as text on purpose);
//! * errors name the line and column, escapes and surrogate pairs decode, and numbers keep the
//!   text they were written with.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alicloud_ecs_model::tree::{Doc, NodeKind};
use alicloud_ecs_model::{DescribeTaskAttributeResponse, from_json};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::string::string_regex;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

/// Any text: every Unicode scalar value, controls, quotes and backslashes included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        string_regex("(?s).{0,10}").unwrap(),
        string_regex(r#"[a-zA-Z"\\/\x00-\x1f\x7f é€😀]{0,12}"#).unwrap(),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            btree_map(text(), inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn object() -> impl Strategy<Value = Value> {
    btree_map(text(), value(), 0..8).prop_map(|m| Value::Object(m.into_iter().collect()))
}

/// `value` as the node layout sees it: array items (nested arrays flattened) become repeated
/// members, which `Doc::to_value` turns back into an array when there are two or more.
fn layout(value: &Value) -> Value {
    fn items(value: &Value, out: &mut Vec<Value>) {
        match value {
            Value::Array(list) => list.iter().for_each(|v| items(v, out)),
            other => out.push(layout(other)),
        }
    }
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let mut list = Vec::new();
                items(v, &mut list);
                match list.len() {
                    0 => {}
                    1 => {
                        out.insert(k.clone(), list.remove(0));
                    }
                    _ => {
                        out.insert(k.clone(), Value::Array(list));
                    }
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Whether `serde_json` reads `text` as an object; `None` for the one intended difference.
fn serde_accepts(text: &str) -> Option<bool> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Some(v.is_object()),
        Err(e) if e.to_string().contains("number out of range") => None,
        Err(_) => Some(false),
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn reads_what_serde_json_writes(doc in object()) {
        let expected = layout(&doc);
        for text in [serde_json::to_string(&doc).unwrap(), serde_json::to_string_pretty(&doc).unwrap()] {
            let parsed = Doc::from_json(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
            prop_assert_eq!(parsed.kind(0), NodeKind::Object);
            prop_assert_eq!(parsed.to_value(0), expected.clone(), "{}", text);
        }
    }

    #[test]
    fn accepts_exactly_what_serde_json_accepts(
        doc in object(),
        edits in vec((any::<prop::sample::Index>(), 0..3u8, prop::sample::select(
            "{}[]:,\"\\ 0123456789eE.+-tfnulrx\n\t\u{1}é/ub".chars().collect::<Vec<_>>()
        )), 1..4),
    ) {
        let mut chars: Vec<char> = serde_json::to_string(&doc).unwrap().chars().collect();
        for (at, op, c) in edits {
            let i = at.index(chars.len() + 1);
            match op {
                0 if i < chars.len() => { chars.remove(i); }
                1 if i < chars.len() => chars[i] = c,
                _ => chars.insert(i, c),
            }
        }
        let text: String = chars.into_iter().collect();
        if let Some(expected) = serde_accepts(&text) {
            prop_assert_eq!(Doc::from_json(&text).is_ok(), expected, "{:?}", text);
        }
    }
}

#[test]
fn escapes_and_surrogate_pairs_decode() {
    let doc =
        Doc::from_json(r#"{"a\"b": "x\\y\/z\b\f\n\r\t\u00e9\u20AC\ud83d\ude00\u0000"}"#).unwrap();
    let child = doc.children(0).next().unwrap();
    assert_eq!(doc.name(child), "a\"b");
    assert_eq!(doc.text(child), "x\\y/z\u{8}\u{c}\n\r\té€😀\0");
}

#[test]
fn lone_surrogates_and_bad_escapes_are_refused() {
    for text in [
        r#"{"a": "\ud83d"}"#,
        r#"{"a": "\ud83dx"}"#,
        r#"{"a": "\ud83d\u0041"}"#,
        r#"{"a": "\ude00"}"#,
        r#"{"a": "\x"}"#,
        r#"{"a": "\u12"}"#,
        "{\"a\": \"tab\there\"}",
    ] {
        assert!(Doc::from_json(text).is_err(), "{text}");
        assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
    }
}

#[test]
fn numbers_keep_their_text() {
    let doc =
        Doc::from_json(r#"{"a": 1.0, "b": -0, "c": 1E+3, "d": 123456789012345678901234}"#).unwrap();
    let texts: Vec<&str> = doc.children(0).map(|c| doc.text(c)).collect();
    assert_eq!(texts, ["1.0", "-0", "1E+3", "123456789012345678901234"]);
}

#[test]
fn errors_name_line_and_column() {
    let e = Doc::from_json("{\n  \"a\": 1,\n  \"b\": tru\n}").unwrap_err();
    assert_eq!((e.line(), e.column()), (3, 8));
    assert_eq!(e.to_string(), "expected a value at line 3 column 8");
    assert!(
        Doc::from_json("[{}]").is_err(),
        "the root must be an object"
    );
    assert!(Doc::from_json("{} {}").is_err(), "trailing characters");
    assert!(Doc::from_json("{\"a\": [1, 2,]}").is_err());
    assert!(Doc::from_json("{\"a\": 01}").is_err());
}

/// Nesting is bounded in both formats without recursion, also for callers of `Doc` directly
/// (who skip `format`'s depth check): far too deep fails, 100 levels read.
#[test]
fn nesting_is_bounded_without_recursion() {
    let json =
        |open: &str, close: &str, n| format!("{{\"a\": {}1{}}}", open.repeat(n), close.repeat(n));
    let xml = |open: &str, close: &str, n| format!("{}{}", open.repeat(n), close.repeat(n));
    assert!(Doc::from_json(&json("[", "]", 100_000)).is_err());
    assert!(Doc::from_json(&json("[", "]", 100)).is_ok());
    assert!(Doc::from_xml(&xml("<a>", "</a>", 10_000)).is_err());
    assert!(Doc::from_xml(&xml("<a>", "</a>", 100)).is_ok());
}

#[test]
fn numbers_beyond_f64_fail_as_fields_not_as_documents() {
    let e = from_json::<DescribeTaskAttributeResponse>(br#"{"TotalCount": 1e400}"#).unwrap_err();
    assert!(e.to_string().contains("TotalCount"), "{e}");
    // The same number in a field nobody reads does not spoil the response.
    let ok = from_json::<DescribeTaskAttributeResponse>(br#"{"Unknown": 1e400, "TaskId": "t"}"#)
        .unwrap();
    assert_eq!(ok.task_id.as_deref(), Some("t"));
}

#[test]
fn repeated_names_become_one_array() {
    let doc = Doc::from_json(r#"{"a": 1, "b": [2, 3], "a": [4], "a": {"c": null}}"#).unwrap();
    assert_eq!(
        doc.to_value(0),
        serde_json::json!({"a": [1, 4, {"c": null}], "b": [2, 3]})
    );
}
