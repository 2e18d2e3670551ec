//! What the spec says, for people: `ACTION --help` (the operation's parameters with their
//! types and constraints, this command's options, the official page), `list-actions`, and the
//! closest actions for a misspelt one.

use std::fmt::Write as _;

use alicloud_ecs::model::spec::{
    self, Kind, OperationSpec, PaginatorSpec, Param, ParamStyle, Schema,
};

/// The built-in commands, suggested beside actions for a misspelt word.
pub(crate) const COMMANDS: [&str; 6] = [
    "task",
    "image",
    "regions",
    "emulator",
    "completions",
    "list-actions",
];

/// How deep structures and lists are spelt out.
const MAX_DEPTH: usize = 4;

/// The operation called exactly `action`, or a message with the closest names.
pub(crate) fn resolve(action: &str) -> Result<&'static OperationSpec, String> {
    if let Some(op) = spec::operation(action) {
        return Ok(op);
    }
    let candidates = spec::actions().map(|(a, _)| a).chain(COMMANDS);
    let close = spec::closest(action, candidates, 3);
    let mut message = format!("unknown action or command {action:?}");
    if !close.is_empty() {
        let _ = write!(message, "\n  did you mean: {}?", close.join(", "));
    }
    message.push_str("\n  see: alicloud-ecs list-actions, alicloud-ecs --help");
    Err(message)
}

/// `list-actions [--group G]`: the groups with their operations, or one group's, one a line.
pub(crate) fn list_actions(group: Option<&str>) -> Result<String, String> {
    let groups = spec::groups();
    let Some(wanted) = group else {
        let mut out = String::new();
        for (name, actions) in &groups {
            let _ = writeln!(out, "{name} ({})", actions.len());
            for action in actions {
                let _ = writeln!(out, "  {action}");
            }
        }
        return Ok(out);
    };
    match groups.iter().find(|(name, _)| *name == wanted) {
        Some((_, actions)) => Ok(actions.iter().map(|a| format!("{a}\n")).collect()),
        None => {
            let names: Vec<&str> = groups.iter().map(|(name, _)| *name).collect();
            let mut message = format!("unknown group {wanted:?}");
            if let Some(close) = spec::suggest(wanted, names.iter().copied()) {
                let _ = write!(message, " (did you mean {close:?}?)");
            }
            let _ = write!(message, "\n  the groups: {}", names.join(", "));
            Err(message)
        }
    }
}

/// One name a parameter is written as (`Tag.N.Key`), with the schema of its value.
#[derive(Debug)]
pub(crate) struct Leaf<'a> {
    /// The name, with `index` for each list position.
    pub(crate) name: String,
    /// The value's schema.
    pub(crate) schema: &'a Schema,
}

/// The names `param` is written as, with `index` (`N` for help, `1` for completion) for list
/// positions: `Name` for scalars, comma-separated and JSON values; `Name.N[.Field]` for lists;
/// `Name.Field` for structures.
pub(crate) fn leaves<'a>(param: &'a Param, index: &str) -> Vec<Leaf<'a>> {
    let mut out = Vec::new();
    match param.style {
        ParamStyle::RepeatList | ParamStyle::Flat => {
            expand(&param.name, &param.schema, index, 0, &mut out);
        }
        _ => out.push(Leaf {
            name: param.name.clone(),
            schema: &param.schema,
        }),
    }
    out
}

fn expand<'a>(
    prefix: &str,
    schema: &'a Schema,
    index: &str,
    depth: usize,
    out: &mut Vec<Leaf<'a>>,
) {
    match (schema.kind, schema.items.as_deref()) {
        (Kind::Array, Some(items)) if depth < MAX_DEPTH => {
            expand(&format!("{prefix}.{index}"), items, index, depth + 1, out);
        }
        (Kind::Object, _) if depth < MAX_DEPTH && !schema.properties.is_empty() => {
            for (name, field) in &schema.properties {
                expand(&format!("{prefix}.{name}"), field, index, depth + 1, out);
            }
        }
        _ => out.push(Leaf {
            name: prefix.to_owned(),
            schema,
        }),
    }
}

/// `ACTION --help`.
pub(crate) fn operation_help(op: &OperationSpec) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (ECS API 2014-05-26, group {})\n",
        op.action, op.group
    );
    let _ = writeln!(
        out,
        "Usage: alicloud-ecs [GLOBAL OPTIONS] {} [--Name value]... [OPTIONS]\n",
        op.action
    );
    out.push_str("Parameters:\n");
    if op.params.is_empty() {
        out.push_str("  (none)\n");
    }
    for param in &op.params {
        param_help(param, &mut out);
    }
    out.push_str("\nOptions:\n");
    let mut option = |name: &str, text: &str| {
        let _ = writeln!(out, "  {name:<22}  {text}");
    };
    match &op.paginator {
        Some(PaginatorSpec::Numbered { page_number, .. }) => option(
            "--all-pages",
            &format!("Read every page ({page_number} 1, 2, …) and print them as one response"),
        ),
        Some(PaginatorSpec::Token { next_token, .. }) => option(
            "--all-pages",
            &format!("Read every page (following {next_token}) and print them as one response"),
        ),
        _ => {}
    }
    option(
        "--wait-for PATH=VALUE",
        "Call again until the response's PATH has VALUE (exit 3 on timeout)",
    );
    option(
        "--timeout DURATION",
        "How long --wait-for calls [default: 10m]",
    );
    option(
        "--interval DURATION",
        "How often --wait-for calls [default: 5s; 500ms with --emulator]",
    );
    option(
        "--query PATH",
        "Print only this part of the response, e.g. Items.Item[].Id",
    );
    option(
        "--columns PATH,…",
        "The columns of --output table, as paths within a row",
    );
    option(
        "--dry-run",
        "Print the signed request (signature and token redacted), send nothing",
    );
    option("-h, --help", "Print this help");
    out.push_str(
        "\nValues: lists as Name.1 Name.2 … (or comma-separated where the type says so),\n\
         structures as Name.Field, JSON parameters as JSON text, booleans as true or false.\n\
         Paths: Field.Field, [N] the item N from 0, [] every item (see the README).\n",
    );
    let _ = writeln!(out, "\nDocumentation: {}", op.doc_url());
    out
}

fn param_help(param: &Param, out: &mut String) {
    let leaves = leaves(param, "N");
    let container = match (param.style, param.schema.kind) {
        (ParamStyle::RepeatList, _) => Some("repeat list (N from 1)"),
        (ParamStyle::Flat, Kind::Array) => Some("list (N from 1)"),
        (ParamStyle::Flat, _) => Some("structure"),
        _ => None,
    };
    match (container, leaves.as_slice()) {
        (Some(container), [leaf]) => {
            let mut line = describe(leaf.schema, ParamStyle::Simple);
            if param.schema.kind == Kind::Array {
                line = format!("{line}, {container}");
            }
            constraints(&param.schema, &mut line);
            entry(out, 2, &leaf.name, &line, leaf.schema);
        }
        (Some(container), _) => {
            let mut line = container.to_owned();
            constraints(&param.schema, &mut line);
            let _ = writeln!(out, "  --{}.…  {line}", param.name);
            for leaf in &leaves {
                let mut line = describe(leaf.schema, ParamStyle::Simple);
                constraints(leaf.schema, &mut line);
                entry(out, 4, &leaf.name, &line, leaf.schema);
            }
        }
        (None, _) => {
            let mut line = describe(&param.schema, param.style);
            constraints(&param.schema, &mut line);
            entry(out, 2, &param.name, &line, &param.schema);
        }
    }
}

/// `--Name  line`, then the allowed values and the example on their own lines.
fn entry(out: &mut String, indent: usize, name: &str, line: &str, schema: &Schema) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}--{name}  {line}");
    if !schema.allowed.is_empty() {
        let _ = writeln!(out, "{pad}      one of: {}", schema.allowed.join(", "));
    }
    if let Some(example) = schema.example.as_deref().filter(|e| !e.is_empty()) {
        let _ = writeln!(out, "{pad}      e.g. {example}");
    }
}

/// The type: `integer (int32)`, `list of string, comma-separated`, `JSON object {A, B}`.
fn describe(schema: &Schema, style: ParamStyle) -> String {
    let mut text = match (schema.kind, style) {
        (Kind::Array, ParamStyle::Json) | (Kind::Object, ParamStyle::Json) => {
            format!("JSON {}", schema.kind.name())
        }
        (Kind::Array, _) => format!(
            "list of {}, comma-separated",
            schema.items.as_deref().map_or("string", |i| i.kind.name())
        ),
        (kind, _) => kind.name().to_owned(),
    };
    if let Some(format) = &schema.format {
        let _ = write!(text, " ({format})");
    }
    if !schema.properties.is_empty() && style == ParamStyle::Json {
        let fields: Vec<&str> = schema.properties.iter().map(|(n, _)| n.as_str()).collect();
        let _ = write!(text, " {{{}}}", fields.join(", "));
    }
    text
}

/// `, required, 1 to 100, at most 20 items, at most 128 characters`.
fn constraints(schema: &Schema, line: &mut String) {
    if schema.required {
        line.push_str(", required");
    }
    match (&schema.minimum, &schema.maximum) {
        (Some(min), Some(max)) => {
            let _ = write!(line, ", {min} to {max}");
        }
        (Some(min), None) => {
            let _ = write!(line, ", at least {min}");
        }
        (None, Some(max)) => {
            let _ = write!(line, ", at most {max}");
        }
        (None, None) => {}
    }
    if let Some(max) = schema.max_items {
        let _ = write!(line, ", at most {max} items");
    }
    if let Some(max) = schema.max_length {
        let _ = write!(line, ", at most {max} characters");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_structures_are_spelt_out() {
        let op = spec::operation("RunInstances").unwrap();
        let tag = op.param("Tag").unwrap();
        let names: Vec<String> = leaves(tag, "1").into_iter().map(|l| l.name).collect();
        assert_eq!(names, ["Tag.1.Key", "Tag.1.Value"]);
        let tasks = spec::operation("DescribeTasks").unwrap();
        let names: Vec<String> = tasks
            .params
            .iter()
            .flat_map(|p| leaves(p, "N"))
            .map(|l| l.name)
            .collect();
        assert!(names.contains(&"ResourceIds.N".to_owned()));
        assert!(names.contains(&"TaskIds".to_owned()));
    }

    #[test]
    fn misspelt_actions_and_groups() {
        let error = resolve("describetasks").unwrap_err();
        assert!(error.contains("did you mean: DescribeTasks"), "{error}");
        assert!(resolve("DescribeTasks").is_ok());
        let error = list_actions(Some("task")).unwrap_err();
        assert!(error.contains("(did you mean \"tasks\"?)"), "{error}");
        assert!(
            list_actions(Some("tasks"))
                .unwrap()
                .contains("DescribeTasks\n")
        );
    }
}
