//! The API spec's facts about every operation, at run time: parameters (type, style,
//! required, allowed values, range, example), response schema and paginator — for tools that
//! take any operation by name (a command line, a server checking requests, a test).
//!
//! The facts cover every operation of the spec, whichever features are enabled; they are
//! embedded compactly (about half a megabyte, only linked in when used) and each operation is
//! read on first use, then kept.
//!
//! ```
//! use alicloud_ecs_model::spec;
//!
//! let op = spec::operation("DescribeTaskAttribute").expect("in the spec");
//! assert_eq!(op.group, "tasks");
//! let region = op.param("RegionId").expect("a parameter");
//! assert!(region.schema.required);
//! let problems = op.check([("RegionId", "cn-hangzhou"), ("TaskID", "t-1")]);
//! assert_eq!(problems.len(), 2); // `TaskID` is unknown (did you mean `TaskId`?), `TaskId` missing
//! ```

mod check;
mod read;
mod sample;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use check::{Problem, Reason, closest, suggest};

/// The embedded facts: a header, then `ACTION GROUP {json}` per line.
static FACTS: &str = include_str!("generated/facts.txt");

/// One operation's facts.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OperationSpec {
    /// The action name, e.g. `DescribeInstances`.
    pub action: &'static str,
    /// The cargo feature of its API group, e.g. `instances`.
    pub group: &'static str,
    /// The HTTP methods it accepts, upper case.
    pub methods: Vec<String>,
    /// Whether repeating the call is harmless (it only reads, or the spec says so).
    pub idempotent: bool,
    /// The parameter that makes a call safe to repeat when set (`ClientToken`), if any.
    pub client_token: Option<String>,
    /// The request parameters, in spec order.
    pub params: Vec<Param>,
    /// The body of a successful response, when the spec describes it.
    pub response: Option<Schema>,
    /// How the operation pages, when it does.
    pub paginator: Option<PaginatorSpec>,
}

/// One request parameter.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Param {
    /// The parameter's name on the wire (may hold dots, e.g. `DataDisk.1.Size`).
    pub name: String,
    /// How lists and structures are put on the wire.
    pub style: ParamStyle,
    /// Its type and constraints.
    pub schema: Schema,
}

/// How a list or structure parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamStyle {
    /// One value; lists in a `simple` parameter are comma-separated.
    Simple,
    /// `Name.N` and `Name.N.Field`, counting from 1.
    RepeatList,
    /// `Name.Field` for structures.
    Flat,
    /// One value holding JSON text.
    Json,
}

/// The type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list of [`Schema::items`].
    Array,
    /// A structure of [`Schema::properties`].
    Object,
}

impl Kind {
    /// The spec's name of the type (`string`, `integer`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::Array => "array",
            Self::Object => "object",
        }
    }
}

/// A value's type and constraints.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Schema {
    /// The type.
    pub kind: Kind,
    /// A refinement of the type (`int32`, `int64`, …), when given.
    pub format: Option<String>,
    /// Whether a request must carry it.
    pub required: bool,
    /// An example value, as text.
    pub example: Option<String>,
    /// The values allowed, when listed.
    pub allowed: Vec<String>,
    /// The smallest value allowed, as text.
    pub minimum: Option<String>,
    /// The largest value allowed, as text.
    pub maximum: Option<String>,
    /// The most items of a list.
    pub max_items: Option<u32>,
    /// The longest text allowed.
    pub max_length: Option<u32>,
    /// A list's items.
    pub items: Option<Box<Schema>>,
    /// A structure's fields, in spec order.
    pub properties: Vec<(String, Schema)>,
}

impl Schema {
    /// The field `name` of a structure.
    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)
    }
}

/// How a paged operation pages; every name is a wire name, `items` a response path.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PaginatorSpec {
    /// By page number, with a page size and usually a total count.
    Numbered {
        /// The request's page number parameter.
        page_number: String,
        /// The request's page size parameter.
        page_size: String,
        /// The response's total count field.
        total_count: Option<String>,
        /// The response field holding the page's items.
        items: String,
    },
    /// By a token that the response hands back.
    Token {
        /// The request's token parameter.
        next_token: String,
        /// The request's page size parameter, when there is one.
        max_results: Option<String>,
        /// The response field holding the next token (the request's name when absent).
        output_token: Option<String>,
        /// The response field holding the page's items.
        items: String,
    },
}

impl OperationSpec {
    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The operation's page in Alibaba's API reference.
    pub fn doc_url(&self) -> String {
        format!(
            "https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-{}",
            self.action.to_ascii_lowercase()
        )
    }
}

/// Every operation of the spec as `(action, group)`, sorted by action.
pub fn actions() -> impl Iterator<Item = (&'static str, &'static str)> {
    index().iter().map(|e| (e.action, e.group))
}

/// The facts of operation `action`, or `None` when the spec has no such operation.
pub fn operation(action: &str) -> Option<&'static OperationSpec> {
    let index = index();
    let i = index.binary_search_by(|e| e.action.cmp(action)).ok()?;
    let entry = &index[i];
    entry
        .spec
        .get_or_init(|| read::operation(entry.action, entry.group, entry.json))
        .as_ref()
}

struct Entry {
    action: &'static str,
    group: &'static str,
    json: &'static str,
    spec: OnceLock<Option<OperationSpec>>,
}

fn index() -> &'static [Entry] {
    static INDEX: OnceLock<Vec<Entry>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut entries: Vec<Entry> = FACTS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|line| {
                let (action, rest) = line.split_once(' ')?;
                let (group, json) = rest.split_once(' ')?;
                Some(Entry {
                    action,
                    group,
                    json,
                    spec: OnceLock::new(),
                })
            })
            .collect();
        entries.sort_by(|a, b| a.action.cmp(b.action));
        entries
    })
}

/// The groups of the spec with their operations, sorted by group, then action.
pub fn groups() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut by_group: HashMap<&str, Vec<&str>> = HashMap::new();
    for (action, group) in actions() {
        by_group.entry(group).or_default().push(action);
    }
    let mut out: Vec<_> = by_group.into_iter().collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests;
