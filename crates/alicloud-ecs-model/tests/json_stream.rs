//! The streaming JSON reader (what `from_json` and the registry use) against the node-tree
//! reader (what XML uses, and what JSON used before) on odd bodies of every operation.
//!
//! Bodies are generated from each operation's response schema, then bent the ways real and
//! hostile servers bend them: members missing, unknown, repeated or reordered; lists as a
//! single item, nested, empty or holding `null`; numbers as text, `N.0`, exponents or beyond
//! `f64`; booleans in any form; values of the wrong kind; `null` anywhere. Both readers must
//! agree on every body: the same value, or both an error (the same error, when the body keeps
//! the schema's order and names each member once, since both then meet the problems in the
//! same order).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alicloud_ecs_model::spec::{self, Kind, Schema};
use alicloud_ecs_model::{Format, registry};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Draws decisions from a fixed list of bytes, so that proptest shrinks bodies by shrinking
/// the bytes.
struct Gen<'c> {
    choices: &'c [u8],
    at: usize,
    /// Whether members may be repeated or reordered (errors may then be met in another order).
    odd: bool,
}

impl Gen<'_> {
    fn next(&mut self) -> u8 {
        let c = self
            .choices
            .get(self.at % self.choices.len().max(1))
            .copied()
            .unwrap_or(0)
            .wrapping_add((self.at / self.choices.len().max(1)) as u8);
        self.at += 1;
        c
    }
    fn chance(&mut self, percent: u8) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options[usize::from(self.next()) % options.len()]
    }
}

const STRINGS: &[&str] = &[
    r#""text""#,
    r#""""#,
    r#""é\u00e9\n\"q\" 😀""#,
    r#""2015-11-23T02:13Z""#,
    r#""12""#,
    "12",
    "1.5",
    "true",
];
const INTEGERS: &[&str] = &[
    "1",
    "-7",
    r#""12""#,
    "3.0",
    "1e2",
    r#""""#,
    "2147483648",
    "99999999999999999999",
    r#""x""#,
    "true",
    "0",
];
const NUMBERS: &[&str] = &["1.5", r#""2.5""#, "7", "-0.0", "1e400", r#""""#, r#""n""#];
const BOOLEANS: &[&str] = &["true", "false", r#""True""#, "1", "0", r#""yes""#, r#""""#];

fn value(g: &mut Gen<'_>, schema: &Schema, out: &mut String, depth: usize) {
    if g.chance(4) {
        out.push_str("null");
        return;
    }
    if g.chance(3) {
        out.push_str(match schema.kind {
            Kind::Object | Kind::Array => r#""not a structure""#,
            _ => r#"{"Inner": [1, {"Deeper": null}]}"#,
        });
        return;
    }
    match schema.kind {
        Kind::Object => object(g, schema, out, depth),
        Kind::Array => list(g, schema, out, depth),
        Kind::String => out.push_str(g.pick(STRINGS)),
        Kind::Integer => out.push_str(g.pick(INTEGERS)),
        Kind::Number => out.push_str(g.pick(NUMBERS)),
        Kind::Boolean => out.push_str(g.pick(BOOLEANS)),
        _ => out.push_str("null"),
    }
}

fn object(g: &mut Gen<'_>, schema: &Schema, out: &mut String, depth: usize) {
    if depth > 6 {
        out.push_str("{}");
        return;
    }
    let mut members: Vec<String> = Vec::new();
    for (name, field) in &schema.properties {
        if g.chance(10) {
            continue;
        }
        let mut member = spelled(g, name);
        value(g, field, &mut member, depth + 1);
        if g.odd && g.chance(6) {
            // The same member again, with another value.
            let mut again = format!("{}:", serde_json::to_string(name).unwrap());
            value(g, field, &mut again, depth + 1);
            members.push(member);
            members.push(again);
        } else {
            members.push(member);
        }
        if g.chance(5) {
            members.push(r#""Unknown":[1,{"a":[null,"x"]},"y"]"#.to_owned());
        }
    }
    if g.odd && g.chance(20) {
        members.reverse();
    }
    out.push('{');
    out.push_str(&members.join(","));
    out.push('}');
}

fn list(g: &mut Gen<'_>, schema: &Schema, out: &mut String, depth: usize) {
    let Some(item) = schema.items.as_deref() else {
        out.push_str("[]");
        return;
    };
    let n = g.next() % 4;
    if n == 1 && g.chance(40) {
        // One item, not in an array.
        value(g, item, out, depth + 1);
        return;
    }
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        if g.chance(8) {
            out.push('[');
            value(g, item, out, depth + 1);
            out.push(']');
        } else {
            value(g, item, out, depth + 1);
        }
    }
    out.push(']');
}

/// A member name and its colon, spelt as any JSON writer may: sometimes with its first letter
/// as a `\u` escape, sometimes with white space around the colon.
fn spelled(g: &mut Gen<'_>, name: &str) -> String {
    let quoted = serde_json::to_string(name).unwrap();
    let quoted = match name.chars().next() {
        Some(c) if c.is_ascii() && g.chance(10) => {
            format!("\"\\u{:04X}{}", u32::from(c), &quoted[2..])
        }
        _ => quoted,
    };
    if g.chance(10) {
        format!("\n  {quoted} :\t")
    } else {
        format!("{quoted}:")
    }
}

/// One generated body of `action`'s response.
fn body(action: &str, choices: &[u8], odd: bool) -> Option<String> {
    let schema = spec::operation(action)?.response.as_ref()?;
    let mut g = Gen {
        choices,
        at: 0,
        odd,
    };
    let mut out = String::new();
    object(&mut g, schema, &mut out, 0);
    Some(out)
}

/// What kind of failure an error is: `invalid` (syntax), `unreadable` (a value), …
fn kind(e: &registry::RegistryError) -> String {
    e.to_string()
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn agree(index: usize, choices: &[u8], odd: bool) -> Result<(), TestCaseError> {
    agree_on(index, choices, odd, &[])
}

/// As [`agree`], with the body's bytes edited: `(position, byte)` replaces a byte, or inserts
/// one when the position is past the end.
fn agree_on(
    index: usize,
    choices: &[u8],
    odd: bool,
    edits: &[(usize, u8)],
) -> Result<(), TestCaseError> {
    let entries = registry::operations();
    let entry = &entries[index % entries.len()];
    let Some(text) = body(entry.info.action, choices, odd) else {
        return Ok(());
    };
    let mut bytes = text.into_bytes();
    for &(at, byte) in edits {
        let at = at % (bytes.len() + 1);
        match bytes.get_mut(at) {
            Some(b) if byte % 2 == 0 => *b = byte,
            _ => bytes.insert(at, byte),
        }
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let streamed = entry.response_to_json(Format::Json, text.as_bytes());
    let tree = entry.response_to_json_via_tree(Format::Json, text.as_bytes());
    match (&streamed, &tree) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}: {}", entry.info.action, text),
        (Err(a), Err(b)) if !odd => prop_assert_eq!(
            a.to_string(),
            b.to_string(),
            "{}: {}",
            entry.info.action,
            text
        ),
        (Err(a), Err(b)) => prop_assert_eq!(kind(a), kind(b), "{}: {}", entry.info.action, text),
        _ => prop_assert!(
            false,
            "{}: streamed {:?}, tree {:?}: {}",
            entry.info.action,
            streamed,
            tree,
            text
        ),
    }
    Ok(())
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn both_readers_agree_on_bodies_in_schema_order(index in any::<usize>(), choices in vec(any::<u8>(), 1..64)) {
        agree(index, &choices, false)?;
    }

    #[test]
    fn both_readers_agree_on_reordered_and_repeated_members(index in any::<usize>(), choices in vec(any::<u8>(), 1..64)) {
        agree(index, &choices, true)?;
    }

    #[test]
    fn both_readers_agree_on_mangled_bodies(
        index in any::<usize>(),
        choices in vec(any::<u8>(), 1..64),
        edits in vec((any::<usize>(), prop::sample::select(b"{}[]:,\"\\ 0123456789eE.+-tfnul\n\x01".to_vec())), 1..4),
    ) {
        agree_on(index, &choices, false, &edits)?;
    }
}

/// Member names are used as written in the fast path: none may need escaping in JSON.
#[test]
fn no_wire_name_needs_escaping() {
    fn names(schema: &Schema, out: &mut Vec<String>) {
        for (name, field) in &schema.properties {
            out.push(name.clone());
            names(field, out);
        }
        if let Some(items) = schema.items.as_deref() {
            names(items, out);
        }
    }
    let mut all = Vec::new();
    for (action, _) in spec::actions() {
        if let Some(schema) = spec::operation(action).and_then(|op| op.response.as_ref()) {
            names(schema, &mut all);
        }
    }
    assert!(all.len() > 1000);
    for name in all {
        assert!(
            !name.contains(['"', '\\']) && !name.chars().any(char::is_control),
            "{name:?}"
        );
    }
}

/// A value that does not fit its field, then broken syntax further on: the syntax error is
/// what the body is, as when the whole text is read first.
#[test]
fn a_later_syntax_error_wins_over_an_earlier_bad_value() {
    let entry = registry::operation("DescribeTasks").unwrap();
    let body = br#"{"TotalCount": "many", "RequestId": }"#;
    let streamed = entry.response_to_json(Format::Json, body).unwrap_err();
    assert_eq!(kind(&streamed), "invalid", "{streamed}");
    let fine = br#"{"TotalCount": "many", "RequestId": "r"}"#;
    let streamed = entry.response_to_json(Format::Json, fine).unwrap_err();
    assert_eq!(kind(&streamed), "unreadable", "{streamed}");
}

/// Every operation, a few fixed bodies each, so that none is left to chance.
#[test]
fn both_readers_agree_on_every_operation() {
    let seeds: [&[u8]; 4] = [&[50], &[0, 99, 3, 7, 250], &[13, 77, 201, 5, 5, 60], &[99]];
    for index in 0..registry::operations().len() {
        for (n, seed) in seeds.iter().enumerate() {
            agree(index, seed, n % 2 == 1).unwrap();
        }
    }
}

/// The bodies are not all errors: most operations read most generated bodies.
#[test]
fn most_generated_bodies_read() {
    let entries = registry::operations();
    let read = (0..entries.len())
        .filter(|&i| {
            let text = body(entries[i].info.action, &[50, 60, 70, 80], false).unwrap_or_default();
            entries[i]
                .response_to_json(Format::Json, text.as_bytes())
                .is_ok()
        })
        .count();
    assert!(
        read * 2 > entries.len(),
        "only {read} of {} read",
        entries.len()
    );
}

/// List items in differing member orders: the order learned from one item is only a guess for
/// the next, never a rule.
#[test]
fn items_in_differing_orders_read_alike() {
    let body = r#"{"TaskSet": {"Task": [
        {"ResourceId": "m-1", "TaskId": "t-1", "TaskStatus": "Finished", "CreationTime": "2015-11-23T02:13Z"},
        {"ResourceId": "m-2", "TaskId": "t-2", "TaskStatus": "Processing", "CreationTime": "2015-11-23T02:14Z"},
        {"CreationTime": "2015-11-23T02:15Z", "TaskStatus": "Failed", "Unknown": 1, "TaskId": "t-3"},
        {"TaskId": "t-4", "ResourceId": "m-4"},
        {"ResourceId": "m-5", "TaskId": "t-5", "TaskStatus": "Finished", "CreationTime": "2015-11-23T02:16Z"}
    ]}, "RequestId": "r"}"#;
    let entry = registry::operation("DescribeTasks").unwrap();
    let streamed = entry
        .response_to_json(Format::Json, body.as_bytes())
        .unwrap();
    let tree = entry
        .response_to_json_via_tree(Format::Json, body.as_bytes())
        .unwrap();
    assert_eq!(streamed, tree);
    for id in ["t-1", "t-2", "t-3", "t-4", "t-5", "m-4", "Failed", "02:16Z"] {
        assert!(streamed.contains(id), "{id} missing from {streamed}");
    }
}

/// A member name with an escape, or with white space before its colon, still names its field.
#[test]
fn escaped_and_spaced_names_read() {
    let body = br#"{"\u0054askId" : "t-1", "RegionId"
        :"cn-hangzhou"}"#;
    let task: alicloud_ecs_model::DescribeTaskAttributeResponse =
        alicloud_ecs_model::from_json(body).unwrap();
    assert_eq!(task.task_id.as_deref(), Some("t-1"));
    assert_eq!(task.region_id.as_deref(), Some("cn-hangzhou"));
}
