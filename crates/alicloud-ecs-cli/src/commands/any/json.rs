//! JSON helpers for responses of any operation: dotted field paths as the spec writes them
//! (`Invocation.NextToken`), the API's list wrappers (`TaskSet` around `Task`), values as
//! cell text, and re-indenting a body without reordering it.

use serde_json::Value;

/// The list `value` is, or the one list an object wrapper holds (`{"Task": […]}`).
pub(crate) fn unwrap_list(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(fields) => {
            let mut lists = fields.values().filter(|v| v.is_array());
            let list = lists.next()?;
            if lists.next().is_some() {
                return None;
            }
            list.as_array()
        }
        _ => None,
    }
}

/// Like [`unwrap_list`], for changing the list.
pub(crate) fn unwrap_list_mut(value: &mut Value) -> Option<&mut Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(fields) => {
            let mut lists = fields.values_mut().filter(|v| v.is_array());
            let list = lists.next()?;
            if lists.next().is_some() {
                return None;
            }
            list.as_array_mut()
        }
        _ => None,
    }
}

/// The field at a dotted path of object fields.
pub(crate) fn field<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(value, |v, name| v.as_object()?.get(name))
}

/// Like [`field`], for changing it.
pub(crate) fn field_mut<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.')
        .try_fold(value, |v, name| v.as_object_mut()?.get_mut(name))
}

/// The list at a dotted path, unwrapped.
pub(crate) fn list_at<'a>(value: &'a Value, path: &str) -> Option<&'a Vec<Value>> {
    unwrap_list(field(value, path)?)
}

/// A number the service may send as a number or as text.
pub(crate) fn as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value as one line of text: strings as they are, other scalars as JSON, lists of scalars
/// comma-separated, anything else as compact JSON.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
            items.iter().map(text).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

/// `json` (valid JSON text) indented by two spaces per level, members in the order written.
pub(crate) fn reindent(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reindenting_keeps_the_order_and_the_strings() {
        let body = r#"{"Z":1, "A":{"s":"a, b: {c}\"[","e":[],"o":{ }},"L":[1,true,null]}"#;
        let pretty = reindent(body);
        assert_eq!(
            pretty,
            "{\n  \"Z\": 1,\n  \"A\": {\n    \"s\": \"a, b: {c}\\\"[\",\n    \"e\": [],\n    \
             \"o\": {}\n  },\n  \"L\": [\n    1,\n    true,\n    null\n  ]\n}"
        );
        let again: Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(again, serde_json::from_str::<Value>(body).unwrap());
    }

    #[test]
    fn wrappers_and_dotted_fields() {
        let v = json!({"TaskSet": {"Task": [1, 2]}, "Two": {"A": [], "B": []}, "I": {"N": "t"}});
        assert_eq!(list_at(&v, "TaskSet").map(Vec::len), Some(2));
        assert_eq!(list_at(&v, "TaskSet.Task").map(Vec::len), Some(2));
        assert_eq!(list_at(&v, "Two"), None);
        assert_eq!(field(&v, "I.N"), Some(&json!("t")));
        assert_eq!(as_u64(&json!("12")), Some(12));
        assert_eq!(text(&json!(["a", 1])), "a, 1");
        assert_eq!(text(&json!({"a": 1})), r#"{"a":1}"#);
    }
}
