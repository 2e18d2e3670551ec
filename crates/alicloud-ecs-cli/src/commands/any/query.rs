//! The path language of `--query`, `--wait-for` and `--columns`: a small subset of JMESPath
//! over a JSON response.
//!
//! A path is field names separated by dots, each name optionally followed by brackets:
//!
//! * `Name`: the field of an object (any characters but `.`, `[` and `]`);
//! * `[N]`: item `N` of a list, counting from 0; `[-1]` is the last;
//! * `[]`: every item of a list. The rest of the path applies to each item and the results
//!   are collected into a list; items where it finds nothing are left out, and the lists of a
//!   further `[]` are flattened into it.
//!
//! `[N]` and `[]` on an object that holds exactly one list (the API's wrappers, such as
//! `TaskSet` around `Task`) apply to that list, so `TaskSet[].TaskId` and
//! `TaskSet.Task[].TaskId` are the same. The empty path is the whole response.

use serde_json::Value;

use super::json::unwrap_list;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(String),
    Index(i64),
    Each,
}

/// A parsed path; see the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Path {
    text: String,
    steps: Vec<Step>,
}

impl Path {
    /// Read a path, or say what is wrong with it.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let bad = |why: String| format!("path {text:?}: {why}");
        let mut steps = Vec::new();
        let mut rest = text.trim();
        let mut first = true;
        while !rest.is_empty() {
            let end = rest.find(['.', '[', ']']).unwrap_or(rest.len());
            let name = &rest[..end];
            if !name.is_empty() {
                steps.push(Step::Field(name.to_owned()));
            } else if !(first && rest.starts_with('[')) {
                return Err(bad("a field name is empty".to_owned()));
            }
            rest = &rest[end..];
            while let Some(after) = rest.strip_prefix('[') {
                let close = after
                    .find(']')
                    .ok_or_else(|| bad("a [ is not closed".to_owned()))?;
                let inside = after[..close].trim();
                steps.push(if inside.is_empty() {
                    Step::Each
                } else {
                    Step::Index(
                        inside.parse().map_err(|_| {
                            bad(format!("[{inside}] is not [N], a list index, or []"))
                        })?,
                    )
                });
                rest = &after[close + 1..];
            }
            first = false;
            if rest.is_empty() {
                break;
            }
            rest = rest
                .strip_prefix('.')
                .filter(|r| !r.is_empty())
                .ok_or_else(|| bad(format!("expected a field name at {rest:?}")))?;
        }
        Ok(Self {
            text: text.trim().to_owned(),
            steps,
        })
    }

    /// The path as written.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the path collects a list with `[]`.
    fn projects(&self) -> bool {
        self.steps.contains(&Step::Each)
    }

    /// The part of `value` the path selects, `None` when it finds nothing.
    pub(crate) fn select(&self, value: &Value) -> Option<Value> {
        eval(value, &self.steps)
    }

    /// The first value the path finds: with `[]`, the first item of the list it collects.
    pub(crate) fn first(&self, value: &Value) -> Option<Value> {
        match self.select(value)? {
            Value::Array(items) if self.projects() => items.into_iter().next(),
            Value::Null => None,
            found => Some(found),
        }
    }
}

fn eval(value: &Value, steps: &[Step]) -> Option<Value> {
    let Some((step, rest)) = steps.split_first() else {
        return Some(value.clone());
    };
    match step {
        Step::Field(name) => eval(value.as_object()?.get(name)?, rest),
        Step::Index(i) => {
            let items = unwrap_list(value)?;
            let index = if *i < 0 {
                i64::try_from(items.len()).ok()? + i
            } else {
                *i
            };
            eval(items.get(usize::try_from(index).ok()?)?, rest)
        }
        Step::Each => {
            let items = unwrap_list(value)?;
            let flatten = rest.contains(&Step::Each);
            let mut out = Vec::new();
            for item in items {
                match eval(item, rest) {
                    None | Some(Value::Null) => {}
                    Some(Value::Array(inner)) if flatten => out.extend(inner),
                    Some(found) => out.push(found),
                }
            }
            Some(Value::Array(out))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "RequestId": "r-1",
            "TotalCount": 3,
            "Instances": {"Instance": [
                {"InstanceId": "i-1", "Status": "Running", "Tags": {"Tag": [{"Key": "env"}]}},
                {"InstanceId": "i-2", "Status": "Stopped", "Tags": {"Tag": []}},
                {"Status": "Pending", "Tags": {"Tag": [{"Key": "a"}, {"Key": "b"}]}}
            ]}
        })
    }

    fn select(path: &str) -> Option<Value> {
        Path::parse(path).unwrap().select(&doc())
    }

    #[test]
    fn fields_indexes_and_lists() {
        assert_eq!(select("RequestId"), Some(json!("r-1")));
        assert_eq!(select("TotalCount"), Some(json!(3)));
        assert_eq!(
            select("Instances.Instance[].InstanceId"),
            Some(json!(["i-1", "i-2"]))
        );
        assert_eq!(
            select("Instances.Instance[1].Status"),
            Some(json!("Stopped"))
        );
        assert_eq!(
            select("Instances.Instance[-1].Status"),
            Some(json!("Pending"))
        );
        assert_eq!(select("Instances.Instance[7]"), None);
        assert_eq!(select("Nope"), None);
        assert_eq!(select("RequestId.Deeper"), None);
        assert_eq!(select(""), Some(doc()));
    }

    #[test]
    fn wrappers_holding_one_list_are_lists() {
        assert_eq!(
            select("Instances[].InstanceId"),
            Some(json!(["i-1", "i-2"]))
        );
        assert_eq!(select("Instances[0].InstanceId"), Some(json!("i-1")));
    }

    #[test]
    fn nested_lists_are_flattened() {
        assert_eq!(
            select("Instances.Instance[].Tags.Tag[].Key"),
            Some(json!(["env", "a", "b"]))
        );
        assert_eq!(
            select("Instances.Instance[].Tags.Tag"),
            Some(json!([[{"Key": "env"}], [], [{"Key": "a"}, {"Key": "b"}]]))
        );
    }

    #[test]
    fn first_match() {
        let first = |p: &str| Path::parse(p).unwrap().first(&doc());
        assert_eq!(first("Instances.Instance[].Status"), Some(json!("Running")));
        assert_eq!(first("Instances.Instance[].Missing"), None);
        assert_eq!(first("RequestId"), Some(json!("r-1")));
        let top = Path::parse("[1]").unwrap();
        assert_eq!(top.first(&json!(["a", "b"])), Some(json!("b")));
    }

    #[test]
    fn malformed_paths_say_why() {
        for (path, why) in [
            ("A..B", "a field name is empty"),
            ("A.", "expected a field name"),
            ("A[0", "a [ is not closed"),
            ("A[x]", "[x] is not [N]"),
            ("A[0]B", "expected a field name"),
            ("A.[0]", "a field name is empty"),
            ("A]", "expected a field name"),
        ] {
            let error = Path::parse(path).unwrap_err();
            assert!(error.contains(why), "{path}: {error}");
        }
        assert_eq!(Path::parse(" A.B[] ").unwrap().as_str(), "A.B[]");
    }
}
