//! `cargo xtask import-spec META_DIR`: build the project's spec from Alibaba's machine-readable
//! descriptions of ECS 2014-05-26.
//!
//! Two sources are merged: the api-docs file (request parameters with their styles, response
//! schemas, error codes, API groups) and the per-API metadata of the `aliyun` CLI (every current
//! operation, newer parameters). The result keeps facts only — names, types, styles, ranges,
//! allowed values, examples, error codes, groups — and never a sentence of the sources' prose.
//! Allowed values written as bullet lists inside the prose (`*   Running: …`) are facts, so they
//! are lifted into `enum`; the sentences around them are dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::import_facts::{prose_enum, schema_facts};
use crate::json::Json;

pub(crate) fn run(meta: &Path, out: &Path) -> Result<(), String> {
    let spec = import(meta)?;
    let text = spec.to_pretty();
    std::fs::write(out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    crate::report(&format!(
        "{} operations written to {}",
        spec.get("apis").map_or(0, |a| a.members().len()),
        out.display()
    ));
    Ok(())
}

fn read(path: &Path) -> Result<Json, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))
}

/// The merged spec as an order-preserving JSON value.
pub(crate) fn import(meta: &Path) -> Result<Json, String> {
    let docs = read(&meta.join("ecs-2014-05-26.api-docs.json"))?;
    let meta_dir = meta.join("aliyun-openapi-meta");
    let product = read(&meta_dir.join("products.Ecs.json"))?;
    let mut names: BTreeSet<String> = docs
        .get("apis")
        .map(|a| a.members().iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let listed = product
        .get("apis")
        .or_else(|| product.get("api_names"))
        .map(|a| {
            a.items()
                .iter()
                .filter_map(Json::as_text)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    names.extend(listed);
    // Every metadata file names an operation too (the product list may lag behind).
    let entries = std::fs::read_dir(meta_dir.join("metadatas"))
        .map_err(|e| format!("cannot list {}: {e}", meta_dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".json") {
            names.insert(stem.to_owned());
        }
    }
    let groups = groups(&docs);
    let mut apis = Vec::new();
    for name in &names {
        let from_docs = docs.get("apis").and_then(|a| a.get(name));
        let from_meta = read_opt(&meta_dir.join("metadatas").join(format!("{name}.json")))?;
        let english = read_opt(&meta_dir.join("en-US").join(format!("{name}.json")))?;
        let group = groups.get(name.as_str()).copied();
        apis.push((
            name.clone(),
            operation(name, from_docs, from_meta.as_ref(), english.as_ref(), group),
        ));
    }
    let mut group_list = Vec::new();
    for (id, ops) in invert(&groups) {
        group_list.push(Json::Object(vec![
            ("id".into(), Json::Number(id.to_string())),
            (
                "operations".into(),
                Json::Array(ops.into_iter().map(|o| Json::String(o.into())).collect()),
            ),
        ]));
    }
    Ok(Json::Object(vec![
        ("version".into(), Json::String("1.0".into())),
        (
            "info".into(),
            Json::Object(vec![
                ("style".into(), Json::String("RPC".into())),
                ("product".into(), Json::String("Ecs".into())),
                ("version".into(), Json::String("2014-05-26".into())),
            ]),
        ),
        ("groups".into(), Json::Array(group_list)),
        ("apis".into(), Json::Object(apis)),
        (
            "endpoints".into(),
            docs.get("endpoints")
                .cloned()
                .unwrap_or(Json::Array(vec![])),
        ),
    ]))
}

fn read_opt(path: &Path) -> Result<Option<Json>, String> {
    if path.exists() {
        read(path).map(Some)
    } else {
        Ok(None)
    }
}

/// Operation name → directory id, from the api-docs `directories` tree (first listing wins).
fn groups(docs: &Json) -> BTreeMap<String, u64> {
    fn walk(dir: &Json, out: &mut BTreeMap<String, u64>) {
        let id = dir.text("id").and_then(|t| t.parse().ok()).unwrap_or(0);
        for child in dir.get("children").map(Json::items).unwrap_or_default() {
            match child {
                Json::String(op) => {
                    out.entry(op.clone()).or_insert(id);
                }
                nested => walk(nested, out),
            }
        }
    }
    let mut out = BTreeMap::new();
    for dir in docs.get("directories").map(Json::items).unwrap_or_default() {
        walk(dir, &mut out);
    }
    out
}

fn invert(groups: &BTreeMap<String, u64>) -> BTreeMap<u64, Vec<&str>> {
    let mut out: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
    for (op, id) in groups {
        out.entry(*id).or_default().push(op);
    }
    out
}

fn operation(
    name: &str,
    docs: Option<&Json>,
    meta: Option<&Json>,
    english: Option<&Json>,
    group: Option<u64>,
) -> Json {
    let mut members: Vec<(String, Json)> = Vec::new();
    let methods = match docs.and_then(|d| d.get("methods")) {
        Some(m) => m.clone(),
        None => {
            let method = meta.and_then(|m| m.text("method")).unwrap_or_default();
            Json::Array(
                method
                    .split('|')
                    .filter(|m| !m.is_empty())
                    .map(|m| Json::String(m.to_ascii_lowercase()))
                    .collect(),
            )
        }
    };
    members.push(("methods".into(), methods));
    let operation_type = docs
        .and_then(|d| d.get("systemTags"))
        .and_then(|t| t.text("operationType"));
    if let Some(t) = operation_type {
        members.push(("operationType".into(), Json::String(t)));
    }
    if docs.is_some_and(|d| d.flag("deprecated")) {
        members.push(("deprecated".into(), Json::Bool(true)));
    }
    if let Some(g) = group {
        members.push(("group".into(), Json::Number(g.to_string())));
    }
    let sources: Vec<Json> = [("api-docs", docs.is_some()), ("metadata", meta.is_some())]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(s, _)| Json::String(s.into()))
        .collect();
    members.push(("sources".into(), Json::Array(sources)));
    members.push(("parameters".into(), parameters(docs, meta, english)));
    let response = docs
        .and_then(|d| d.get("responses"))
        .and_then(|r| r.get("200"))
        .and_then(|r| r.get("schema"));
    let mut responses = Vec::new();
    if let Some(schema) = response {
        responses.push((
            "200".into(),
            Json::Object(vec![("schema".into(), schema_facts(schema))]),
        ));
    }
    members.push(("responses".into(), Json::Object(responses)));
    let mut codes = Vec::new();
    for (status, list) in docs
        .and_then(|d| d.get("errorCodes"))
        .map(Json::members)
        .unwrap_or_default()
    {
        let mut seen = BTreeSet::new();
        let mut kept = Vec::new();
        for code in list.items() {
            let Some(c) = code.text("errorCode") else {
                continue;
            };
            if !seen.insert(c.clone()) {
                continue;
            }
            let mut entry = vec![("errorCode".to_owned(), Json::String(c))];
            if let Some(m) = code.text("errorMessage") {
                entry.push(("errorMessage".into(), Json::String(m)));
            }
            kept.push(Json::Object(entry));
        }
        codes.push((status.clone(), Json::Array(kept)));
    }
    members.push(("errorCodes".into(), Json::Object(codes)));
    let _ = name;
    Json::Object(members)
}

/// The union of both sources' parameters, unique by wire name: api-docs first (it has styles
/// and schemas), then what only the newer metadata knows. `required` follows the metadata when
/// it lists the parameter (it is newer); the owner parameters exist only in api-docs.
fn parameters(docs: Option<&Json>, meta: Option<&Json>, english: Option<&Json>) -> Json {
    let meta_params: Vec<&Json> = meta
        .and_then(|m| m.get("parameters"))
        .map(|p| p.items().iter().collect())
        .unwrap_or_default();
    let english_params: Vec<&Json> = english
        .and_then(|m| m.get("parameters"))
        .map(|p| p.items().iter().collect())
        .unwrap_or_default();
    let find = |list: &[&'_ Json], name: &str| -> Option<Json> {
        list.iter()
            .find(|p| p.text("name").as_deref() == Some(name))
            .map(|p| (*p).clone())
    };
    let mut out: Vec<Json> = Vec::new();
    let mut seen = BTreeSet::new();
    for p in docs
        .and_then(|d| d.get("parameters"))
        .map(Json::items)
        .unwrap_or_default()
    {
        let Some(name) = p.text("name") else { continue };
        if !seen.insert(name.clone()) {
            continue;
        }
        let m = find(&meta_params, &name);
        let e = find(&english_params, &name);
        let mut schema = p
            .get("schema")
            .map(schema_facts)
            .unwrap_or(Json::Object(vec![]));
        if let Some(m) = &m {
            set(&mut schema, "required", Json::Bool(m.flag("required")));
            merge_sub_parameters(&mut schema, m);
        }
        if let Some(values) = e
            .as_ref()
            .and_then(|e| e.text("description"))
            .and_then(|d| prose_enum(&d))
            && schema.text("type").as_deref() == Some("string")
            && schema.get("enum").is_none()
        {
            set(&mut schema, "enum", values);
        }
        let mut param = vec![
            ("name".to_owned(), Json::String(name)),
            (
                "in".into(),
                Json::String(p.text("in").unwrap_or_else(|| "query".into())),
            ),
        ];
        if let Some(style) = p.text("style") {
            param.push(("style".into(), Json::String(style)));
        }
        param.push(("schema".into(), schema));
        out.push(Json::Object(param));
    }
    for m in meta_params {
        let Some(name) = m.text("name") else { continue };
        if !seen.insert(name.clone()) {
            continue;
        }
        let e = find(&english_params, &name);
        out.push(meta_parameter(&name, m, e.as_ref()));
    }
    Json::Array(out)
}

/// A parameter only the metadata knows, in the api-docs layout.
fn meta_parameter(name: &str, m: &Json, english: Option<&Json>) -> Json {
    let (schema, style) = meta_schema(m);
    let mut schema = schema;
    if let Some(values) = english
        .and_then(|e| e.text("description"))
        .and_then(|d| prose_enum(&d))
        && schema.text("type").as_deref() == Some("string")
    {
        set(&mut schema, "enum", values);
    }
    if english.is_some_and(|e| e.flag("deprecated")) {
        set(&mut schema, "deprecated", Json::Bool(true));
    }
    let mut param = vec![
        ("name".to_owned(), Json::String(name.to_owned())),
        ("in".into(), Json::String("query".into())),
    ];
    if let Some(style) = style {
        param.push(("style".into(), Json::String(style.into())));
    }
    param.push(("schema".into(), schema));
    Json::Object(param)
}

fn meta_schema(m: &Json) -> (Json, Option<&'static str>) {
    let required = Json::Bool(m.flag("required"));
    let scalar = |ty: &str, format: Option<&str>| {
        let mut s = vec![("type".to_owned(), Json::String(ty.into()))];
        if let Some(f) = format {
            s.push(("format".into(), Json::String(f.into())));
        }
        s.push(("required".into(), required.clone()));
        Json::Object(s)
    };
    match m.text("type").as_deref().unwrap_or("String") {
        "Integer" => (scalar("integer", Some("int32")), None),
        "Long" => (scalar("integer", Some("int64")), None),
        "Boolean" => (scalar("boolean", None), None),
        "Float" => (scalar("number", Some("float")), None),
        "Double" => (scalar("number", Some("double")), None),
        "RepeatList" => {
            let subs = m.get("sub_parameters").map(Json::items).unwrap_or_default();
            let items = if subs.is_empty() {
                scalar("string", None)
            } else {
                let props = subs
                    .iter()
                    .filter_map(|s| Some((s.text("name")?, meta_schema(s).0)))
                    .collect();
                Json::Object(vec![
                    ("type".into(), Json::String("object".into())),
                    ("properties".into(), Json::Object(props)),
                ])
            };
            (
                Json::Object(vec![
                    ("type".into(), Json::String("array".into())),
                    ("items".into(), items),
                    ("required".into(), required),
                ]),
                Some("repeatList"),
            )
        }
        "Struct" => {
            let subs = m.get("sub_parameters").map(Json::items).unwrap_or_default();
            let props = subs
                .iter()
                .filter_map(|s| Some((s.text("name")?, meta_schema(s).0)))
                .collect();
            (
                Json::Object(vec![
                    ("type".into(), Json::String("object".into())),
                    ("properties".into(), Json::Object(props)),
                    ("required".into(), required),
                ]),
                Some("flat"),
            )
        }
        _ => (scalar("string", None), None),
    }
}

/// Add the metadata's sub-parameters that the api-docs item schema lacks.
fn merge_sub_parameters(schema: &mut Json, meta: &Json) {
    let subs = meta
        .get("sub_parameters")
        .map(Json::items)
        .unwrap_or_default();
    if subs.is_empty() {
        return;
    }
    let Json::Object(members) = schema else {
        return;
    };
    let Some((_, Json::Object(items))) = members.iter_mut().find(|(k, _)| k == "items") else {
        return;
    };
    let Some((_, Json::Object(props))) = items.iter_mut().find(|(k, _)| k == "properties") else {
        return;
    };
    for s in subs {
        let Some(name) = s.text("name") else { continue };
        if !props.iter().any(|(k, _)| *k == name) {
            props.push((name, meta_schema(s).0));
        }
    }
}

fn set(obj: &mut Json, key: &str, value: Json) {
    if let Json::Object(members) = obj {
        match members.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => members.push((key.to_owned(), value)),
        }
    }
}
