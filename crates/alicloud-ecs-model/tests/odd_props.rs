//! Property tests for reading odd bodies: integers in every form Alibaba writes them (`N`,
//! `"N"`, `N.0`), values that are not integers of the field's size, errors that name the
//! field's path inside a list, and written bodies rewritten the odd ways (one-item lists as
//! bare objects, integers as `N.0`) that must still read back equal.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[macro_use]
#[allow(dead_code)]
mod strategies;

use std::error::Error as _;

use alicloud_ecs_model::*;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::Value;
use strategies::{Wire, describe_task_attribute, describe_tasks};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

/// The path named by the error reading `body`, or `None` when it reads.
fn error_path<T: Shape>(format: Format, body: &str) -> Option<String> {
    let e = from_slice::<T>(format, body.as_bytes()).err()?;
    let read = e.source().and_then(|s| s.downcast_ref::<ReadError>());
    Some(read.map_or_else(|| format!("not a ReadError: {e}"), ReadError::path))
}

/// `TotalCount` written as `text`: a JSON value as is, and XML text.
fn total_count(format: Format, text: &str) -> String {
    match format {
        Format::Json => format!(r#"{{"RequestId": "r", "TotalCount": {text}}}"#),
        _ => format!(
            "<DescribeTasksResponse><TotalCount>{text}</TotalCount></DescribeTasksResponse>"
        ),
    }
}

/// The same integer in every form: JSON `N`, `"N"`, `N.0`, `"N.0"`, XML `N`, `N.0`.
fn integer_bodies(n: impl std::fmt::Display) -> Vec<(Format, String)> {
    let (json, xml) = (Format::Json, Format::Xml);
    vec![
        (json, format!("{n}")),
        (json, format!("\"{n}\"")),
        (json, format!("{n}.0")),
        (json, format!("\"{n}.0\"")),
        (xml, format!("{n}")),
        (xml, format!("{n}.0")),
    ]
}

/// A list item before the broken one: a task, or (JSON) `null` / (XML) an empty `<Task/>`.
fn filler(format: Format, good: bool, i: usize) -> String {
    match (format, good) {
        (Format::Json, true) => format!(r#"{{"TaskId": "t-{i}", "SupportCancel": "true"}}"#),
        (Format::Json, false) => "null".to_owned(),
        (_, true) => {
            format!("<Task><TaskId>t-{i}</TaskId><SupportCancel>true</SupportCancel></Task>")
        }
        (_, false) => "<Task/>".to_owned(),
    }
}

/// A `DescribeTasks` body whose task `fillers.len()` holds `field` as `bad` (a JSON value or
/// XML content), followed by `after` good tasks.
fn broken_task(format: Format, fillers: &[bool], field: &str, bad: &str, after: usize) -> String {
    let mut items: Vec<String> = fillers
        .iter()
        .enumerate()
        .map(|(i, &good)| filler(format, good, i))
        .collect();
    items.push(match format {
        Format::Json => format!(r#"{{"ResourceId": "m-x", "{field}": {bad}}}"#),
        _ => format!("<Task><ResourceId>m-x</ResourceId><{field}>{bad}</{field}></Task>"),
    });
    items.extend((0..after).map(|i| filler(format, true, 100 + i)));
    match format {
        Format::Json => format!(r#"{{"TaskSet": {{"Task": [{}]}}}}"#, items.join(", ")),
        _ => format!("<R><TaskSet>{}</TaskSet></R>", items.concat()),
    }
}

/// Every one-item array replaced by its item (a list written as a bare object or value), and
/// every integer written as `style` says: 0 `N.0`, 1 `"N"`, 2 `"N.0"`.
fn oddly(value: &mut Value, style: u8) {
    match value {
        Value::Array(items) if items.len() == 1 => {
            let mut item = items.remove(0);
            oddly(&mut item, style);
            *value = item;
        }
        Value::Array(items) => items.iter_mut().for_each(|v| oddly(v, style)),
        Value::Object(map) => map.values_mut().for_each(|v| oddly(v, style)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                *value = match style {
                    0 => Value::from(i as f64),
                    1 => Value::from(i.to_string()),
                    _ => Value::from(format!("{i}.0")),
                };
            }
        }
        _ => {}
    }
}

/// The XML body with every integer element among `names` written as `N.0`.
fn xml_integers_with_fraction(body: &str, names: &[&str]) -> String {
    let mut out = body.to_owned();
    for name in names {
        let (open, close) = (format!("<{name}>"), format!("</{name}>"));
        let mut from = 0;
        while let Some(start) = out[from..].find(&open).map(|i| from + i + open.len()) {
            let end = start + out[start..].find(&close).unwrap();
            out.insert_str(end, ".0");
            from = end;
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_i32_reads_in_every_integer_form(n in any::<i32>()) {
        for (format, text) in integer_bodies(n) {
            let body = total_count(format, &text);
            let r: DescribeTasksResponse = from_slice(format, body.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("{e}\nbody: {body}")))?;
            prop_assert_eq!(r.total_count, Some(n), "body: {}", body);
        }
    }

    #[test]
    fn any_number_outside_i32_or_with_a_fraction_names_the_field(x in any::<f64>()) {
        prop_assume!(x.is_finite());
        let fits = x.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&x);
        for format in [Format::Json, Format::Xml] {
            let body = total_count(format, &x.to_string());
            match from_slice::<DescribeTasksResponse>(format, body.as_bytes()) {
                Ok(r) => {
                    prop_assert!(fits, "{} read as {:?}", body, r.total_count);
                    prop_assert_eq!(r.total_count.map(f64::from), Some(x));
                }
                Err(_) => {
                    prop_assert!(!fits, "{} did not read", body);
                    let path = error_path::<DescribeTasksResponse>(format, &body);
                    prop_assert_eq!(path.as_deref(), Some("TotalCount"));
                }
            }
        }
    }

    #[test]
    fn any_i64_outside_i32_names_the_field(n in any::<i64>()) {
        prop_assume!(i32::try_from(n).is_err());
        for (format, text) in integer_bodies(n) {
            let body = total_count(format, &text);
            let path = error_path::<DescribeTasksResponse>(format, &body);
            prop_assert_eq!(path.as_deref(), Some("TotalCount"), "body: {}", body);
        }
    }

    #[test]
    fn an_error_in_any_task_names_its_position(
        fillers in vec(any::<bool>(), 0..6),
        after in 0..3usize,
        bad in prop_oneof![
            Just(("TaskId", r#"{"Id": "t"}"#, "<Id>t</Id>")),
            Just(("SupportCancel", r#""maybe""#, "maybe")),
        ],
    ) {
        let (field, json, xml) = bad;
        let expected = format!("TaskSet.Task[{}].{field}", fillers.len());
        for (format, bad) in [(Format::Json, json), (Format::Xml, xml)] {
            let body = broken_task(format, &fillers, field, bad, after);
            prop_assert_eq!(
                error_path::<DescribeTasksResponse>(format, &body),
                Some(expected.clone()),
                "body: {}", body
            );
        }
    }

    #[test]
    fn describe_tasks_written_oddly_reads_back(v in describe_tasks(Wire::Json), style in 0..3u8) {
        let mut tree: Value = serde_json::from_str(&to_json(&v).unwrap()).unwrap();
        oddly(&mut tree, style);
        let body = tree.to_string();
        let back: DescribeTasksResponse = from_json(body.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\nbody: {body}")))?;
        prop_assert_eq!(back, v, "body: {}", body);
    }

    #[test]
    fn describe_task_attribute_written_oddly_reads_back(
        v in describe_task_attribute(Wire::Json),
        style in 0..3u8,
    ) {
        let mut tree: Value = serde_json::from_str(&to_json(&v).unwrap()).unwrap();
        oddly(&mut tree, style);
        let body = tree.to_string();
        let back: DescribeTaskAttributeResponse = from_json(body.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\nbody: {body}")))?;
        prop_assert_eq!(back, v, "body: {}", body);
    }

    #[test]
    fn describe_tasks_xml_with_fractional_integers_reads_back(v in describe_tasks(Wire::Xml)) {
        let body = to_xml(&v, "DescribeTasksResponse").unwrap();
        let body = xml_integers_with_fraction(&body, &["TotalCount", "PageNumber", "PageSize"]);
        let back: DescribeTasksResponse = from_xml(body.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\nbody: {body}")))?;
        prop_assert_eq!(back, v, "body: {}", body);
    }
}

#[cfg(feature = "disks")]
mod disks {
    use super::*;

    /// `ProvisionedIops` (an `i64`) of the first disk, written as `text`.
    fn iops(format: Format, text: &str) -> String {
        match format {
            Format::Json => format!(r#"{{"Disks": {{"Disk": [{{"ProvisionedIops": {text}}}]}}}}"#),
            _ => format!(
                "<R><Disks><Disk><ProvisionedIops>{text}</ProvisionedIops></Disk></Disks></R>"
            ),
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// Exact for every `i64` in text; a JSON number `N.0` is a double, so exact up to 2^53.
        #[test]
        fn any_i64_reads_in_every_integer_form(n in any::<i64>()) {
            for (format, text) in integer_bodies(n) {
                if format == Format::Json && text.ends_with(".0") && n.unsigned_abs() > 1 << 53 {
                    continue;
                }
                let body = iops(format, &text);
                let r: DescribeDisksResponse = from_slice(format, body.as_bytes())
                    .map_err(|e| TestCaseError::fail(format!("{e}\nbody: {body}")))?;
                prop_assert_eq!(r.disks[0].provisioned_iops, Some(n), "body: {}", body);
            }
        }
    }
}
