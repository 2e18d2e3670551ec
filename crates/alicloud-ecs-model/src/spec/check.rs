//! Checking a flat parameter list (`Name`, `Tag.1.Key`, `SystemDisk.Category`, …) against an
//! operation's facts, the way the gateway does: required parameters, value types, list
//! indexes and lengths, JSON text — and the closest names for a misspelling.

use std::fmt;

use super::{Kind, OperationSpec, ParamStyle, Schema};

/// What is wrong with a request's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// No parameter of the operation has this name (the gateway ignores it).
    Unknown {
        /// The name as given.
        name: String,
        /// The closest valid name, when one is close.
        suggestion: Option<String>,
    },
    /// A required parameter is absent or empty.
    Missing {
        /// The parameter's name.
        name: String,
    },
    /// A value does not fit the parameter.
    Invalid {
        /// The name as given.
        name: String,
        /// Why.
        reason: Reason,
    },
}

impl Problem {
    /// The parameter name the problem is about.
    pub fn name(&self) -> &str {
        match self {
            Self::Unknown { name, .. } | Self::Missing { name } | Self::Invalid { name, .. } => {
                name
            }
        }
    }
}

/// Why a value does not fit its parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// Not a whole number.
    NotInteger,
    /// Not a number.
    NotNumber,
    /// Not `true` or `false`.
    NotBoolean,
    /// Not JSON text of the expected shape (the reader's message).
    NotJson(String),
    /// A list index that is not a number from 1 to the list's maximum.
    BadIndex {
        /// The index as given.
        index: String,
        /// The most items the list takes.
        max: Option<u32>,
    },
    /// More items than the list takes.
    TooMany {
        /// Items given.
        count: usize,
        /// The most allowed.
        max: u32,
    },
    /// A list or structure given as one value: it takes `Name.N` or `Name.Field`.
    NotScalar(&'static str),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown {
                name,
                suggestion: Some(s),
            } => write!(f, "unknown parameter {name:?} (did you mean {s:?}?)"),
            Self::Unknown { name, .. } => write!(f, "unknown parameter {name:?}"),
            Self::Missing { name } => write!(f, "missing required parameter {name:?}"),
            Self::Invalid { name, reason } => write!(f, "parameter {name:?}: {reason}"),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInteger => f.write_str("expected an integer"),
            Self::NotNumber => f.write_str("expected a number"),
            Self::NotBoolean => f.write_str("expected true or false"),
            Self::NotJson(e) => write!(f, "expected JSON text: {e}"),
            Self::BadIndex {
                index,
                max: Some(max),
            } => write!(f, "list index {index:?} is not from 1 to {max}"),
            Self::BadIndex { index, max: None } => {
                write!(f, "list index {index:?} is not a number from 1")
            }
            Self::TooMany { count, max } => write!(f, "{count} items, at most {max} allowed"),
            Self::NotScalar(how) => write!(f, "takes its items as {how}, not one value"),
        }
    }
}

impl OperationSpec {
    /// Check a flat parameter list: missing required parameters first (in spec order), then
    /// each given parameter in turn. Empty when the request is fine.
    pub fn check<'a, I>(&self, params: I) -> Vec<Problem>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        self.problems(params, true)
    }

    /// The first problem the gateway reports: the first missing required parameter (in spec
    /// order), else the first value that does not fit. Unknown parameters are ignored, as the
    /// gateway ignores them, and no closest name is looked for: this is the check for a server.
    pub fn validate<'a, I>(&self, params: I) -> Result<(), Problem>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let problems = self.problems(params, false);
        match problems
            .iter()
            .find(|p| matches!(p, Problem::Missing { .. }))
            .or_else(|| {
                problems
                    .iter()
                    .find(|p| matches!(p, Problem::Invalid { .. }))
            }) {
            Some(problem) => Err(problem.clone()),
            None => Ok(()),
        }
    }

    /// Every problem, with closest names for unknown ones when `suggest` is set.
    fn problems<'a, I>(&self, params: I, suggest: bool) -> Vec<Problem>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let given: Vec<(&str, &str)> = params.into_iter().collect();
        let mut problems = Vec::new();
        for p in self.params.iter().filter(|p| p.schema.required) {
            let present = given.iter().any(|(k, v)| {
                (*k == p.name && !v.is_empty())
                    || k.strip_prefix(p.name.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            });
            if !present {
                problems.push(Problem::Missing {
                    name: p.name.clone(),
                });
            }
        }
        for (key, value) in given {
            self.check_one(key, value, suggest, &mut problems);
        }
        problems
    }

    fn check_one(&self, key: &str, value: &str, suggest: bool, problems: &mut Vec<Problem>) {
        if let Some(p) = self.param(key) {
            if let Err(reason) = check_value(p.style, &p.schema, value) {
                problems.push(Problem::Invalid {
                    name: key.to_owned(),
                    reason,
                });
            }
            return;
        }
        // The longest dotted prefix that names a parameter: `DataDisk.1.Size` under `DataDisk`.
        for (i, _) in key.rmatch_indices('.') {
            if let Some(p) = self.param(&key[..i]) {
                descend(key, &key[i + 1..], &p.schema, value, suggest, problems);
                return;
            }
        }
        let top = key.split('.').next().unwrap_or(key);
        let suggestion = suggest
            .then(|| closest(top, self.params.iter().map(|p| p.name.as_str()), 1))
            .and_then(|close| close.first().map(|s| format!("{s}{}", &key[top.len()..])));
        problems.push(Problem::Unknown {
            name: key.to_owned(),
            suggestion,
        });
    }
}

/// Walk `rest` (`1.Key`, the part of `key` after a parameter's name) down `schema`, then
/// check the value.
fn descend(
    key: &str,
    rest: &str,
    schema: &Schema,
    value: &str,
    suggest: bool,
    problems: &mut Vec<Problem>,
) {
    let mut schema = schema;
    let mut offset = key.len() - rest.len();
    for segment in rest.split('.') {
        let start = offset;
        offset += segment.len() + 1;
        let invalid = |reason| Problem::Invalid {
            name: key.to_owned(),
            reason,
        };
        match schema.kind {
            Kind::Array => {
                let index: Option<u32> = segment.parse().ok().filter(|i| *i >= 1);
                if index.is_none_or(|i| schema.max_items.is_some_and(|m| i > m)) {
                    problems.push(invalid(Reason::BadIndex {
                        index: segment.to_owned(),
                        max: schema.max_items,
                    }));
                    return;
                }
                match schema.items.as_deref() {
                    Some(items) => schema = items,
                    None => return,
                }
            }
            // A structure without declared fields takes any.
            Kind::Object if schema.properties.is_empty() => return,
            Kind::Object => match schema.property(segment) {
                Some(field) => schema = field,
                None => {
                    let names = schema.properties.iter().map(|(n, _)| n.as_str());
                    let close = if suggest {
                        closest(segment, names, 1)
                    } else {
                        Vec::new()
                    };
                    let suggestion = close.first().map(|s| {
                        let tail = key.get(start + segment.len()..).unwrap_or_default();
                        format!("{}{s}{tail}", &key[..start])
                    });
                    problems.push(Problem::Unknown {
                        name: key.to_owned(),
                        suggestion,
                    });
                    return;
                }
            },
            _ => {
                problems.push(Problem::Unknown {
                    name: key.to_owned(),
                    suggestion: None,
                });
                return;
            }
        }
    }
    if let Err(reason) = check_value(ParamStyle::Simple, schema, value) {
        problems.push(Problem::Invalid {
            name: key.to_owned(),
            reason,
        });
    }
}

/// Whether one wire value fits a schema written in `style`.
pub(super) fn check_value(style: ParamStyle, schema: &Schema, value: &str) -> Result<(), Reason> {
    match (schema.kind, style) {
        (Kind::Array | Kind::Object, ParamStyle::Json) => {
            let parsed: serde_json::Value =
                serde_json::from_str(value).map_err(|e| Reason::NotJson(e.to_string()))?;
            match (&parsed, schema.kind) {
                (serde_json::Value::Array(items), Kind::Array) => count(items.len(), schema),
                (serde_json::Value::Object(_), Kind::Object) => Ok(()),
                _ => Err(Reason::NotJson(format!(
                    "expected a JSON {}",
                    json_kind(schema.kind)
                ))),
            }
        }
        (Kind::Array, ParamStyle::Simple) => {
            let items: Vec<&str> = value.split(',').collect();
            count(items.len(), schema)?;
            match schema.items.as_deref() {
                Some(item) => items
                    .iter()
                    .try_for_each(|i| check_value(ParamStyle::Simple, item, i.trim())),
                None => Ok(()),
            }
        }
        (Kind::Array, _) => Err(Reason::NotScalar("Name.N")),
        (Kind::Object, _) => Err(Reason::NotScalar("Name.Field")),
        (Kind::Integer, _) => value
            .trim()
            .parse::<i64>()
            .map(drop)
            .map_err(|_| Reason::NotInteger),
        (Kind::Number, _) => match value.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(()),
            _ => Err(Reason::NotNumber),
        },
        (Kind::Boolean, _) => {
            if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") {
                Ok(())
            } else {
                Err(Reason::NotBoolean)
            }
        }
        (Kind::String, _) => Ok(()),
    }
}

fn json_kind(kind: Kind) -> &'static str {
    if kind == Kind::Array {
        "array"
    } else {
        "object"
    }
}

fn count(n: usize, schema: &Schema) -> Result<(), Reason> {
    match schema.max_items {
        Some(max) if n > max as usize => Err(Reason::TooMany { count: n, max }),
        _ => Ok(()),
    }
}

/// The candidate closest to `name` (ignoring case), when it is close enough to be a
/// misspelling.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(name, candidates, 1).into_iter().next()
}

/// Up to `limit` candidates close to `name`, closest first.
pub fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let lower = name.to_ascii_lowercase();
    let budget = (name.chars().count() / 4).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let candidate = c.to_ascii_lowercase();
            let d = distance(&lower, &candidate);
            let contains = name.chars().count() >= 4 && candidate.contains(&lower);
            (d <= budget || contains).then_some((if contains { d.min(2) } else { d }, c))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}
