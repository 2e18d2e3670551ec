//! XML bodies (`--wire-format xml`) as the JSON the service sends for the same response: the
//! element tree, shaped by the operation's response schema from the spec. Repeated elements
//! of a list field become a JSON list, integers, numbers and booleans become JSON scalars, and
//! a wrapper element left empty holds an empty list (`<TaskSet/>` is `{"Task": []}`).
//!
//! Reading through the schema rather than each operation's typed model keeps the typed code of
//! the 380 operations out of the binary.

use alicloud_ecs::model::spec::{Kind, Schema};
use quick_xml::events::Event;
use serde_json::{Map, Number, Value};

/// Elements nested deeper than this are refused: no ECS response comes close.
const MAX_DEPTH: usize = 64;

/// One element: its name, its text, and its child elements in order.
#[derive(Debug, Default)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
}

/// The body's root element as JSON, shaped by `schema` (the operation's response).
pub(crate) fn to_json(body: &str, schema: Option<&Schema>) -> Result<Value, String> {
    let root = parse(body)?;
    Ok(convert(&root, schema))
}

fn parse(body: &str) -> Result<Element, String> {
    let err = |e: &dyn std::fmt::Display| format!("not XML: {e}");
    let mut reader = quick_xml::Reader::from_str(body);
    let mut open: Vec<Element> = vec![Element::default()];
    let name = |raw: &str| raw.to_owned();
    loop {
        let event = reader.read_event().map_err(|e| err(&e))?;
        match event {
            Event::Start(e) => {
                if open.len() > MAX_DEPTH {
                    return Err(format!("elements nested deeper than {MAX_DEPTH}"));
                }
                open.push(Element {
                    name: name(e.local_name().as_ref()),
                    ..Element::default()
                });
            }
            Event::Empty(e) => {
                let element = Element {
                    name: name(e.local_name().as_ref()),
                    ..Element::default()
                };
                push_child(&mut open, element)?;
            }
            Event::End(_) => {
                let element = open.pop().ok_or_else(|| err(&"unexpected closing tag"))?;
                push_child(&mut open, element)?;
            }
            Event::Text(t) => top(&mut open)?.text.push_str(&t.xml10_content()),
            Event::CData(t) => top(&mut open)?.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let text = &mut top(&mut open)?.text;
                match r.resolve_char_ref().map_err(|e| err(&e))? {
                    Some(c) => text.push(c),
                    None => text.push_str(
                        quick_xml::escape::resolve_predefined_entity(&r)
                            .ok_or_else(|| err(&format!("unknown entity &{};", &*r)))?,
                    ),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match open.pop() {
        Some(document) if open.is_empty() => document
            .children
            .into_iter()
            .next()
            .ok_or_else(|| err(&"no root element")),
        _ => Err(err(&"the document ends inside an element")),
    }
}

fn top(open: &mut [Element]) -> Result<&mut Element, String> {
    open.last_mut()
        .ok_or_else(|| "not XML: text after the document".to_owned())
}

fn push_child(open: &mut [Element], element: Element) -> Result<(), String> {
    top(open)?.children.push(element);
    Ok(())
}

fn convert(element: &Element, schema: Option<&Schema>) -> Value {
    let kind = schema.map(|s| s.kind);
    if element.children.is_empty() {
        return match (kind, schema) {
            (Some(Kind::Object), Some(schema)) => empty_object(schema),
            _ => scalar(&element.text, kind),
        };
    }
    let mut fields = Map::new();
    let mut names: Vec<&str> = Vec::new();
    for child in &element.children {
        if !names.contains(&child.name.as_str()) {
            names.push(&child.name);
        }
    }
    for name in names {
        let same: Vec<&Element> = element.children.iter().filter(|c| c.name == name).collect();
        let field = schema.and_then(|s| s.property(name));
        let value = match field {
            Some(list) if list.kind == Kind::Array => Value::Array(
                same.iter()
                    .map(|c| convert(c, list.items.as_deref()))
                    .collect(),
            ),
            _ if same.len() > 1 => Value::Array(same.iter().map(|c| convert(c, field)).collect()),
            _ => convert(same[0], field),
        };
        fields.insert(name.to_owned(), value);
    }
    Value::Object(fields)
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
