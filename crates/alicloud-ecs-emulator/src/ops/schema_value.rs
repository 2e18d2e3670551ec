//! A response body built from a response schema of the API spec, and written as Alibaba's JSON
//! or XML.
//!
//! [`Value::sample`] gives every field of a schema a value of its type: the spec's example
//! when it fits the type (`"1"` for an integer is the number 1, `"true"` for a boolean is
//! `true`), else a plain value (the first allowed value of an enumeration, `0`, `false`, `""`,
//! the given time for a date-time), and every list exactly one item. [`echo`] puts a request's
//! own values into the fields of the same name. XML follows the model's layout: objects are
//! elements, a list is its items repeated under the list's name (so the schema's wrappers give
//! the wrapped-list layout `<TaskSet><Task>…</Task></TaskSet>`), scalars are text.

use std::fmt::Write as _;

use alicloud_ecs_model::__private::{push_json_string, push_xml_text};
use alicloud_ecs_model::Timestamp;
use alicloud_ecs_model::spec::{Kind, Schema};

/// A body value, members in schema order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Int(i64),
    /// A finite number.
    Num(f64),
    Bool(bool),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// A value of `schema` with every field present; `time` is the text of date-time fields
    /// without a usable example.
    pub(crate) fn sample(schema: &Schema, time: &str) -> Self {
        match schema.kind {
            Kind::Array => Self::List(vec![match schema.items.as_deref() {
                Some(items) => Self::sample(items, time),
                None => Self::Text(String::new()),
            }]),
            Kind::Object => Self::Object(
                schema
                    .properties
                    .iter()
                    .map(|(name, field)| (name.clone(), Self::sample(field, time)))
                    .collect(),
            ),
            _ => schema
                .example
                .as_deref()
                .filter(|e| !e.is_empty())
                .and_then(|e| Self::scalar(schema, e))
                .unwrap_or_else(|| Self::plain(schema, time)),
        }
    }

    /// A plain value of a scalar schema.
    fn plain(schema: &Schema, time: &str) -> Self {
        match schema.kind {
            Kind::Integer => Self::Int(0),
            Kind::Number => Self::Num(0.0),
            Kind::Boolean => Self::Bool(false),
            _ if is_date_time(schema) => Self::Text(time.to_owned()),
            _ => Self::Text(schema.allowed.first().cloned().unwrap_or_default()),
        }
    }

    /// `text` as a value of the scalar `schema`, when it fits: a whole number within the
    /// format's range, a finite number, `true`/`false` in any case, one of the allowed values,
    /// a time that reads. `None` for lists and structures.
    pub(crate) fn scalar(schema: &Schema, text: &str) -> Option<Self> {
        let trimmed = text.trim();
        match schema.kind {
            Kind::Integer => {
                let n: i64 = trimmed.parse().ok()?;
                let fits = schema.format.as_deref() != Some("int32") || i32::try_from(n).is_ok();
                fits.then_some(Self::Int(n))
            }
            Kind::Number => trimmed
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Self::Num),
            Kind::Boolean if trimmed.eq_ignore_ascii_case("true") => Some(Self::Bool(true)),
            Kind::Boolean if trimmed.eq_ignore_ascii_case("false") => Some(Self::Bool(false)),
            Kind::String if !schema.allowed.is_empty() => schema
                .allowed
                .iter()
                .any(|a| a == text)
                .then(|| Self::Text(text.to_owned())),
            Kind::String if is_date_time(schema) => Timestamp::parse(trimmed)
                .ok()
                .map(|_| Self::Text(trimmed.to_owned())),
            Kind::String => Some(Self::Text(text.to_owned())),
            _ => None,
        }
    }

    /// The member `name` of an object.
    pub(crate) fn member_mut(&mut self, name: &str) -> Option<&mut Self> {
        match self {
            Self::Object(members) => members.iter_mut().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The member at the dotted `path` (`Invocation.NextToken`).
    pub(crate) fn path_mut(&mut self, path: &str) -> Option<&mut Self> {
        path.split('.')
            .try_fold(self, |value, name| value.member_mut(name))
    }

    /// Set member `name` of an object, and any member spelt the same in another letter case
    /// (`requestId`); `name` is added first when absent.
    pub(crate) fn set_first(&mut self, name: &str, value: Self) {
        if let Self::Object(members) = self {
            for (_, member) in members
                .iter_mut()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                *member = value.clone();
            }
            if !members.iter().any(|(n, _)| n == name) {
                members.insert(0, (name.to_owned(), value));
            }
        }
    }

    /// The number of items of a list, or of the first list in a wrapper object.
    pub(crate) fn item_count(&self) -> usize {
        match self {
            Self::List(items) => items.len(),
            Self::Object(members) => members
                .iter()
                .find_map(|(_, v)| match v {
                    Self::List(items) => Some(items.len()),
                    _ => None,
                })
                .unwrap_or(0),
            _ => 0,
        }
    }

    /// The JSON text.
    pub(crate) fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Self::Text(s) => push_json_string(out, s),
            Self::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Self::Num(n) => out.push_str(&serde_json::Value::from(*n).to_string()),
            Self::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Self::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Self::Object(members) => {
                out.push('{');
                for (i, (name, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_string(out, name);
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// The XML document with root element `root` holding this object's members.
    pub(crate) fn to_xml(&self, root: &str) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = write!(out, "<{root}>");
        if let Self::Object(members) = self {
            for (name, value) in members {
                value.write_xml(name, &mut out);
            }
        }
        let _ = write!(out, "</{root}>");
        out
    }

    fn write_xml(&self, name: &str, out: &mut String) {
        match self {
            Self::List(items) => items.iter().for_each(|item| item.write_xml(name, out)),
            Self::Object(members) => {
                let _ = write!(out, "<{name}>");
                for (member, value) in members {
                    value.write_xml(member, out);
                }
                let _ = write!(out, "</{name}>");
            }
            scalar => {
                let _ = write!(out, "<{name}>");
                match scalar {
                    Self::Text(s) => push_xml_text(out, s),
                    Self::Int(n) => {
                        let _ = write!(out, "{n}");
                    }
                    Self::Num(n) => out.push_str(&serde_json::Value::from(*n).to_string()),
                    Self::Bool(b) => {
                        let _ = write!(out, "{b}");
                    }
                    Self::List(_) | Self::Object(_) => {}
                }
                let _ = write!(out, "</{name}>");
            }
        }
    }
}

/// Put the request's values into the scalar fields of the same name, at any depth, where they
/// fit the field's type; `given` answers a field name with the request's value, if any.
pub(crate) fn echo<'a>(
    value: &mut Value,
    schema: &Schema,
    given: &impl Fn(&str) -> Option<&'a str>,
) {
    match (value, schema.kind) {
        (Value::Object(members), Kind::Object) => {
            for ((name, member), (_, field)) in members.iter_mut().zip(&schema.properties) {
                if matches!(field.kind, Kind::Array | Kind::Object) {
                    echo(member, field, given);
                } else if let Some(new) = given(name).and_then(|text| Value::scalar(field, text)) {
                    *member = new;
                }
            }
        }
        (Value::List(items), Kind::Array) => {
            if let Some(item) = schema.items.as_deref() {
                items.iter_mut().for_each(|v| echo(v, item, given));
            }
        }
        _ => {}
    }
}

fn is_date_time(schema: &Schema) -> bool {
    schema.format.as_deref() == Some("date-time")
}

#[cfg(test)]
mod tests {
    use super::*;
    use alicloud_ecs_model::spec;

    const TIME: &str = "2024-01-02T03:04:05Z";

    fn response(action: &str) -> &'static Schema {
        spec::operation(action).unwrap().response.as_ref().unwrap()
    }

    #[test]
    fn samples_use_examples_of_the_right_type() {
        let body = Value::sample(response("DescribeTasks"), TIME);
        let json: serde_json::Value = serde_json::from_str(&body.to_json()).unwrap();
        assert_eq!(json["PageSize"], 10);
        assert!(json["TotalCount"].is_i64());
        let tasks = json["TaskSet"]["Task"].as_array().unwrap();
        assert_eq!(tasks.len(), 1);
        assert!(tasks[0]["TaskId"].as_str().unwrap().starts_with("t-"));
    }

    #[test]
    fn scalars_fit_or_not() {
        let int32 = &response("DescribeTasks").property("PageSize").unwrap();
        assert_eq!(Value::scalar(int32, " 7 "), Some(Value::Int(7)));
        assert_eq!(Value::scalar(int32, "x"), None);
        assert_eq!(Value::scalar(int32, "4294967296"), None);
        let status = response("DescribeImages")
            .property("Images")
            .and_then(|s| s.property("Image"))
            .and_then(|s| s.items.as_deref())
            .and_then(|s| s.property("Status"))
            .unwrap();
        assert_eq!(
            Value::scalar(status, "Creating"),
            Some(Value::Text("Creating".to_owned()))
        );
        assert_eq!(Value::scalar(status, "Bogus"), None);
    }

    #[test]
    fn echo_reaches_every_depth_and_converts() {
        let schema = response("DescribeImages");
        let mut body = Value::sample(schema, TIME);
        let given = |name: &str| match name {
            "RegionId" => Some("cn-beijing"),
            "PageNumber" => Some("3"),
            "ImageId" => Some("m-given"),
            "Size" => Some("not a number"),
            _ => None,
        };
        echo(&mut body, schema, &given);
        let json: serde_json::Value = serde_json::from_str(&body.to_json()).unwrap();
        assert_eq!(json["RegionId"], "cn-beijing");
        assert_eq!(json["PageNumber"], 3);
        assert_eq!(json["Images"]["Image"][0]["ImageId"], "m-given");
        assert_eq!(json["Images"]["Image"][0]["Size"], 60);
    }

    #[test]
    fn json_strings_are_escaped() {
        let value = Value::Object(vec![(
            "a\"b".to_owned(),
            Value::Text("q\"\\\n\r\t\u{1}é".to_owned()),
        )]);
        let text = value.to_json();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["a\"b"], "q\"\\\n\r\t\u{1}é");
    }

    #[test]
    fn xml_repeats_list_items_under_the_list_name() {
        let body = Value::Object(vec![
            ("RequestId".to_owned(), Value::Text("a<b".to_owned())),
            (
                "TaskSet".to_owned(),
                Value::Object(vec![(
                    "Task".to_owned(),
                    Value::List(vec![Value::Int(1), Value::Bool(true)]),
                )]),
            ),
            ("Rate".to_owned(), Value::Num(1.5)),
        ]);
        assert_eq!(
            body.to_xml("XResponse"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XResponse><RequestId>a&lt;b</RequestId>\
             <TaskSet><Task>1</Task><Task>true</Task></TaskSet><Rate>1.5</Rate></XResponse>"
        );
        assert_eq!(
            body.to_json(),
            r#"{"RequestId":"a<b","TaskSet":{"Task":[1,true]},"Rate":1.5}"#
        );
    }
}
