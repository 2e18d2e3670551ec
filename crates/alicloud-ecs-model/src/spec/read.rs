//! Reading one operation's line of the embedded facts (compact JSON written by
//! `cargo xtask codegen`) into [`OperationSpec`].

use serde_json::{Map, Value};

use super::{Kind, OperationSpec, PaginatorSpec, Param, ParamStyle, Schema};

/// The operation, or `None` if its line does not read (a codegen bug, caught by the tests).
pub(super) fn operation(
    action: &'static str,
    group: &'static str,
    json: &str,
) -> Option<OperationSpec> {
    let value: Value = serde_json::from_str(json).ok()?;
    let obj = value.as_object()?;
    let params = obj
        .get("params")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().map(param).collect::<Option<Vec<_>>>())
        .unwrap_or(Some(Vec::new()))?;
    Some(OperationSpec {
        action,
        group,
        methods: texts(obj.get("methods")),
        idempotent: obj.get("idempotent").and_then(Value::as_bool) == Some(true),
        client_token: text(obj, "clientToken"),
        params,
        response: obj.get("response").and_then(Value::as_object).map(schema),
        paginator: obj
            .get("paginator")
            .and_then(Value::as_object)
            .and_then(paginator),
    })
}

fn param(value: &Value) -> Option<Param> {
    let obj = value.as_object()?;
    let style = match obj.get("style").and_then(Value::as_str) {
        Some("repeatList") => ParamStyle::RepeatList,
        Some("flat") => ParamStyle::Flat,
        Some("json") => ParamStyle::Json,
        _ => ParamStyle::Simple,
    };
    Some(Param {
        name: text(obj, "name")?,
        style,
        schema: schema(obj),
    })
}

fn schema(obj: &Map<String, Value>) -> Schema {
    let kind = match obj.get("type").and_then(Value::as_str) {
        Some("integer") => Kind::Integer,
        Some("number") => Kind::Number,
        Some("boolean") => Kind::Boolean,
        Some("array") => Kind::Array,
        Some("object") => Kind::Object,
        _ => Kind::String,
    };
    let count = |key: &str| text(obj, key).and_then(|t| t.parse().ok());
    Schema {
        kind,
        format: text(obj, "format"),
        required: obj.get("required").and_then(Value::as_bool) == Some(true),
        example: text(obj, "example"),
        allowed: texts(obj.get("enum")),
        minimum: text(obj, "min"),
        maximum: text(obj, "max"),
        max_items: count("maxItems"),
        max_length: count("maxLength"),
        items: obj
            .get("items")
            .and_then(Value::as_object)
            .map(|o| Box::new(schema(o))),
        properties: obj
            .get("props")
            .and_then(Value::as_array)
            .map(|pairs| {
                pairs
                    .iter()
                    .filter_map(|pair| {
                        let [name, s] = pair.as_array()?.as_slice() else {
                            return None;
                        };
                        Some((name.as_str()?.to_owned(), schema(s.as_object()?)))
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn paginator(obj: &Map<String, Value>) -> Option<PaginatorSpec> {
    let items = text(obj, "items")?;
    if let Some(page_number) = text(obj, "pageNumber") {
        return Some(PaginatorSpec::Numbered {
            page_number,
            page_size: text(obj, "pageSize")?,
            total_count: text(obj, "totalCount"),
            items,
        });
    }
    Some(PaginatorSpec::Token {
        next_token: text(obj, "nextToken")?,
        max_results: text(obj, "maxResults"),
        output_token: text(obj, "outputToken"),
        items,
    })
}

fn text(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn texts(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}
