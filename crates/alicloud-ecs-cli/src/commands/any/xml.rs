//! XML bodies (`--wire-format xml`) as the JSON the service sends for the same response: the
//! element tree, shaped by the operation's response schema from the spec. Repeated elements
//! of a list field become a JSON list, integers, numbers and booleans become JSON scalars, and
//! a wrapper element left empty holds an empty list (`<TaskSet/>` is `{"Task": []}`).
//!
//! Reading through the schema rather than each operation's typed model keeps the typed code of
//! the 380 operations out of the binary.

use alicloud_ecs::model::spec::{Kind, Schema};
use alicloud_ecs::model::tree::{Doc, NodeKind};
use serde_json::{Map, Number, Value};

/// Elements nested deeper than this are refused: no ECS response comes close.
const MAX_DEPTH: usize = 64;

/// The body's root element as JSON, shaped by `schema` (the operation's response). The body
/// is read by the model's own XML reader, the one typed responses are read with.
pub(crate) fn to_json(body: &str, schema: Option<&Schema>) -> Result<Value, String> {
    let doc = Doc::from_xml(body).map_err(|e| format!("not XML: {e}"))?;
    convert(&doc, 0, schema, 0)
}

fn convert(
    doc: &Doc<'_>,
    node: usize,
    schema: Option<&Schema>,
    depth: usize,
) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!("elements nested deeper than {MAX_DEPTH}"));
    }
    let kind = schema.map(|s| s.kind);
    if doc.kind(node) != NodeKind::Object {
        return Ok(match (kind, schema) {
            (Some(Kind::Object), Some(schema)) => empty_object(schema),
            _ => scalar(doc.text(node), kind),
        });
    }
    let mut names: Vec<&str> = Vec::new();
    for child in doc.children(node) {
        if !names.contains(&doc.name(child)) {
            names.push(doc.name(child));
        }
    }
    let mut fields = Map::new();
    for name in names {
        let same: Vec<usize> = doc
            .children(node)
            .filter(|&c| doc.name(c) == name)
            .collect();
        let field = schema.and_then(|s| s.property(name));
        let each = |schema| {
            same.iter()
                .map(|&c| convert(doc, c, schema, depth + 1))
                .collect::<Result<Vec<_>, _>>()
        };
        let value = match (field, same.as_slice()) {
            (Some(list), _) if list.kind == Kind::Array => {
                Value::Array(each(list.items.as_deref())?)
            }
            (_, [one]) => convert(doc, *one, field, depth + 1)?,
            _ => Value::Array(each(field)?),
        };
        fields.insert(name.to_owned(), value);
    }
    Ok(Value::Object(fields))
}

/// An empty element of a structure: `{}`, or `{"Item": []}` for a wrapper of one list.
fn empty_object(schema: &Schema) -> Value {
    let mut fields = Map::new();
    if let [(name, field)] = schema.properties.as_slice()
        && field.kind == Kind::Array
    {
        fields.insert(name.clone(), Value::Array(Vec::new()));
    }
    Value::Object(fields)
}

fn scalar(text: &str, kind: Option<Kind>) -> Value {
    let trimmed = text.trim();
    let typed = match kind {
        Some(Kind::Integer) => trimmed.parse::<i64>().ok().map(Value::from),
        Some(Kind::Number) => trimmed
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number),
        // As the model reads booleans: `True` is true.
        Some(Kind::Boolean) if trimmed.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
        Some(Kind::Boolean) if trimmed.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
        _ => None,
    };
    typed.unwrap_or_else(|| Value::String(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use alicloud_ecs::model::spec;
    use serde_json::json;

    use super::*;

    fn response(action: &str) -> Option<&'static Schema> {
        spec::operation(action).and_then(|op| op.response.as_ref())
    }

    #[test]
    fn the_schema_shapes_lists_and_scalars() {
        let body = "<?xml version=\"1.0\"?>\n<DescribeTasksResponse>\n  <RequestId>r-1</RequestId>\
            <TotalCount>2</TotalCount><TaskSet><Task><TaskId>t-1</TaskId>\
            <SupportCancel>true</SupportCancel></Task></TaskSet></DescribeTasksResponse>";
        assert_eq!(
            to_json(body, response("DescribeTasks")).unwrap(),
            json!({"RequestId": "r-1", "TotalCount": 2, "TaskSet": {"Task": [
                {"TaskId": "t-1", "SupportCancel": true}
            ]}})
        );
        // Booleans read as the model reads them, in any letter case.
        let capital = "<R><TaskSet><Task><SupportCancel>False</SupportCancel></Task></TaskSet></R>";
        assert_eq!(
            to_json(capital, response("DescribeTasks")).unwrap(),
            json!({"TaskSet": {"Task": [{"SupportCancel": false}]}})
        );
        let empty = "<R><TotalCount>0</TotalCount><TaskSet/></R>";
        assert_eq!(
            to_json(empty, response("DescribeTasks")).unwrap(),
            json!({"TotalCount": 0, "TaskSet": {"Task": []}})
        );
    }

    #[test]
    fn without_a_schema_repeats_are_lists_and_text_is_text() {
        let body = "<R><A>1</A><A>x &amp; &#65;</A><B><![CDATA[<c>]]></B><E/></R>";
        let deep = format!("<R>{}{}</R>", "<A>".repeat(100), "</A>".repeat(100));
        assert!(to_json(&deep, None).unwrap_err().contains("nested deeper"));
        assert_eq!(
            to_json(body, None).unwrap(),
            json!({"A": ["1", "x & A"], "B": "<c>", "E": ""})
        );
    }

    #[test]
    fn broken_documents_are_errors() {
        for body in ["", "<R><A></R>", "<R>", "text"] {
            assert!(to_json(body, None).is_err(), "{body:?}");
        }
    }
}
