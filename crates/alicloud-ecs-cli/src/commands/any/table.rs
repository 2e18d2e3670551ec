//! `--output table` for the response of any operation.
//!
//! A list response (the paginator's items, or a response whose only other fields are the
//! request id and paging counts) is printed as one row per item; by default the columns are
//! the items' scalar fields, `--columns` chooses others (paths within an item, see
//! [`query`](super::query)). Any other response is printed as `field  value` rows, one per
//! scalar, nested fields by their path (`OperationProgressSet.OperationProgress[0].Status`).

use serde_json::{Map, Value};

use super::json::{list_at, text, unwrap_list};
use super::query::Path;
use crate::output::Table;

/// Top-level fields that do not make a response a record: paging and request facts.
const META: [&str; 8] = [
    "RequestId",
    "RegionId",
    "TotalCount",
    "PageNumber",
    "PageSize",
    "NextToken",
    "MaxResults",
    "Count",
];

/// The table of `value`. `items` is the paginator's items path, used when `value` is a whole
/// response; `columns` are those of `--columns`.
pub(crate) fn render(value: &Value, items: Option<&str>, columns: &[Path]) -> String {
    let rows = match value {
        Value::Array(rows) => Some(rows),
        _ => items
            .and_then(|path| list_at(value, path))
            .or_else(|| list_of_a_list_response(value)),
    };
    match rows {
        Some(rows) if rows.iter().all(Value::is_object) => rows_table(rows, columns),
        Some(rows) => lines(rows),
        None if !columns.is_empty() => {
            let mut table = Table::key_value();
            for column in columns {
                table.pair(column.as_str(), cell(column.first(value).as_ref()));
            }
            table.render()
        }
        None => record_table(value),
    }
}

/// The list of objects a list response holds: a top-level field or wrapper that is one, when
/// every other top-level field is a paging or request fact.
fn list_of_a_list_response(value: &Value) -> Option<&Vec<Value>> {
    let fields = value.as_object()?;
    let mut lists = Vec::new();
    for (name, field) in fields {
        match unwrap_list(field) {
            Some(list) => lists.push(list),
            _ if META.contains(&name.as_str()) => {}
            _ => return None,
        }
    }
    match lists.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// One row per item.
fn rows_table(rows: &[Value], columns: &[Path]) -> String {
    if rows.is_empty() {
        return "no items\n".to_owned();
    }
    let defaults;
    let columns = if columns.is_empty() {
        defaults = scalar_fields(rows);
        defaults.as_slice()
    } else {
        columns
    };
    let header: Vec<&str> = columns.iter().map(Path::as_str).collect();
    let mut table = Table::with_header(&header);
    for row in rows {
        table.row(columns.iter().map(|c| cell(c.first(row).as_ref())));
    }
    table.render()
}

/// The scalar fields of the items, in the order first seen.
fn scalar_fields(rows: &[Value]) -> Vec<Path> {
    let mut names: Vec<&str> = Vec::new();
    for row in rows.iter().filter_map(Value::as_object) {
        for (name, value) in row {
            if !value.is_object() && !value.is_array() && !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
    }
    // A field name is a one-step path unless it holds path syntax; those are left out.
    names
        .into_iter()
        .filter_map(|n| Path::parse(n).ok())
        .collect()
}

/// Lists of scalars: one per line.
fn lines(items: &[Value]) -> String {
    let mut out = String::new();
    for item in items {
        out.push_str(&text(item));
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("no items\n");
    }
    out
}

/// `field  value` rows of every scalar, nested ones by their path.
fn record_table(value: &Value) -> String {
    match value {
        Value::Object(fields) => {
            let mut table = Table::key_value();
            leaves(fields, "", &mut table);
            table.render()
        }
        scalar => format!("{}\n", text(scalar)),
    }
}

fn leaves(fields: &Map<String, Value>, prefix: &str, table: &mut Table) {
    for (name, value) in fields {
        let path = format!("{prefix}{name}");
        leaf(value, &path, table);
    }
}

fn leaf(value: &Value, path: &str, table: &mut Table) {
    match value {
        Value::Object(fields) if !fields.is_empty() => leaves(fields, &format!("{path}."), table),
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            for (i, item) in items.iter().enumerate() {
                leaf(item, &format!("{path}[{i}]"), table);
            }
        }
        other => {
            table.pair(path, cell(Some(other)));
        }
    }
}

/// A cell: the value as text, `-` when missing or empty.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "-".to_owned(),
        Some(Value::Object(fields)) if fields.is_empty() => "-".to_owned(),
        Some(v) => Some(text(v))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "-".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn paths(list: &str) -> Vec<Path> {
        list.split(',').map(|p| Path::parse(p).unwrap()).collect()
    }

    #[test]
    fn list_responses_are_rows() {
        let body = json!({"RequestId": "r", "TotalCount": 2, "TaskSet": {"Task": [
            {"TaskId": "t-1", "TaskStatus": "Finished", "Extra": {"A": 1}},
            {"TaskId": "t-22", "TaskStatus": "Processing", "ResourceId": ""}
        ]}});
        assert_eq!(
            render(&body, None, &[]),
            "TaskId  TaskStatus  ResourceId\nt-1     Finished    -\nt-22    Processing  -\n"
        );
        assert_eq!(
            render(&body, Some("TaskSet"), &paths("TaskStatus,Extra.A")),
            "TaskStatus  Extra.A\nFinished    1\nProcessing  -\n"
        );
        assert_eq!(
            render(&json!({"Regions": {"Region": []}}), None, &[]),
            "no items\n"
        );
    }

    #[test]
    fn records_are_field_value_rows() {
        let body =
            json!({"TaskId": "t-1", "Ops": {"Op": [{"Status": "Success"}]}, "Ids": ["a", "b"]});
        let expected = format!(
            "{:<16}  a, b\n{:<16}  Success\n{:<16}  t-1\n",
            "Ids", "Ops.Op[0].Status", "TaskId"
        );
        assert_eq!(render(&body, None, &[]), expected);
        assert_eq!(
            render(&body, None, &paths("TaskId,Nope")),
            "TaskId  t-1\nNope    -\n"
        );
        assert_eq!(render(&json!(["x", 2]), None, &[]), "x\n2\n");
        assert_eq!(render(&json!("t-1"), None, &[]), "t-1\n");
    }
}
