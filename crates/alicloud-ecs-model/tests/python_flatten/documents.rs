//! Request documents built from the spec: every parameter of every operation set, keyed by
//! wire name, the way the official SDKs' `from_map` takes them.
//!
//! The overlay's `corrections` and `ownerParameters` are applied first, as the generator does,
//! so the documents describe the generated request types. Values are recognisable and valid:
//! strings `v-<Name>` (`v-<Name>-<n>` in the n-th list item), the first enum value, integers
//! and numbers inside the documented range, `true`, a fixed timestamp, lists of two items
//! (fewer if `maxItems` says so) and structures with every member filled.

use serde_json::{Map, Value, json};

/// The spec with the overlay applied.
pub(crate) fn resolved_spec(spec: &str, overlay: &str) -> Result<Value, String> {
    let mut spec: Value = serde_json::from_str(spec).map_err(|e| format!("spec: {e}"))?;
    let overlay: Value = serde_json::from_str(overlay).map_err(|e| format!("overlay: {e}"))?;
    for c in overlay["corrections"].as_array().into_iter().flatten() {
        let path = c["path"].as_str().ok_or("a correction without a path")?;
        let schema = resolve(&mut spec, path).ok_or_else(|| format!("{path} not in the spec"))?;
        let members = schema
            .as_object_mut()
            .ok_or_else(|| format!("{path} is no schema"))?;
        for (k, v) in c["set"].as_object().into_iter().flatten() {
            members.insert(k.clone(), v.clone());
        }
        for k in c["remove"].as_array().into_iter().flatten() {
            members.remove(k.as_str().unwrap_or_default());
        }
        if let Some(style) = c["style"].as_str() {
            let mut parts = path.splitn(3, '.');
            let (op, _, name) = (parts.next(), parts.next(), parts.next());
            let param = parameter(&mut spec, op.unwrap_or_default(), name.unwrap_or_default())
                .ok_or_else(|| format!("style for {path}, not a parameter"))?;
            param.insert("style".into(), json!(style));
        }
    }
    for owner in overlay["ownerParameters"].as_array().into_iter().flatten() {
        for op in owner["operations"].as_array().into_iter().flatten() {
            let op = op.as_str().unwrap_or_default();
            let Some(list) = spec["apis"][op]["parameters"].as_array_mut() else {
                return Err(format!("ownerParameters names {op}, not in the spec"));
            };
            for p in owner["parameters"].as_array().into_iter().flatten() {
                if !list.iter().any(|q| q["name"] == p["name"]) {
                    list.push(p.clone());
                }
            }
        }
    }
    Ok(spec)
}

fn parameter<'a>(spec: &'a mut Value, op: &str, name: &str) -> Option<&'a mut Map<String, Value>> {
    spec["apis"][op]["parameters"]
        .as_array_mut()?
        .iter_mut()
        .find(|p| p["name"] == name)?
        .as_object_mut()
}

/// The schema at `Op.param.Name[.Field…]` (array levels add no segment).
fn resolve<'a>(spec: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut parts = path.split('.');
    let (op, kind) = (parts.next()?, parts.next()?);
    let mut schema = match kind {
        "param" => parameter(spec, op, parts.next()?)?.get_mut("schema")?,
        "response" => spec["apis"][op]["responses"]["200"].get_mut("schema")?,
        _ => return None,
    };
    for part in parts {
        while schema["type"] == "array" {
            schema = schema.get_mut("items")?;
        }
        schema = schema.get_mut("properties")?.get_mut(part)?;
    }
    Some(schema)
}

/// The document of operation `op`: every parameter set.
pub(crate) fn document(spec: &Value, op: &str) -> Option<Value> {
    let params = spec["apis"].get(op)?["parameters"].as_array()?;
    let doc = params
        .iter()
        .filter_map(|p| {
            let name = p["name"].as_str()?;
            Some((name.to_owned(), value(name, &p["schema"], 0)))
        })
        .collect();
    Some(Value::Object(doc))
}

/// A value for `schema`; `item` is the 1-based list position (0 outside lists).
fn value(name: &str, schema: &Value, item: usize) -> Value {
    // The spec writes these facts as strings, the overlay sometimes as numbers.
    let number = |key: &str| {
        let v = &schema[key];
        v.as_f64()
            .or_else(|| v.as_str().and_then(|s| s.parse::<f64>().ok()))
    };
    let in_range = |v: f64| {
        let v = number("minimum").map_or(v, |min| v.max(min));
        number("maximum").map_or(v, |max| v.min(max))
    };
    let enums = schema["enum"].as_array().filter(|e| !e.is_empty());
    let first_enum = enums.map(|e| e[item.saturating_sub(1) % e.len()].clone());
    match schema["type"].as_str().unwrap_or("string") {
        "integer" => {
            let choice = first_enum.and_then(|e| e.as_str().and_then(|s| s.parse::<i64>().ok()));
            json!(choice.unwrap_or_else(|| in_range(2.0 + item as f64) as i64))
        }
        "number" => json!(in_range(1.5 + item as f64)),
        "boolean" => json!(true),
        "array" => {
            let max = number("maxItems").filter(|&m| m >= 1.0);
            let count = max.map_or(2, |m| m.min(2.0) as usize);
            let items = &schema["items"];
            Value::Array((1..=count).map(|i| value(name, items, i)).collect())
        }
        "object" => match schema["properties"].as_object() {
            Some(props) if !props.is_empty() => Value::Object(
                props
                    .iter()
                    .map(|(k, s)| (k.clone(), value(k, s, item)))
                    .collect(),
            ),
            _ => json!({ "k1": label(name, item), "k2": label(name, item + 1) }),
        },
        _ if first_enum.is_some() => first_enum.unwrap_or_default(),
        _ if schema["format"] == "date-time" => json!("2024-05-06T07:08:09Z"),
        _ => json!(label(name, item)),
    }
}

fn label(name: &str, item: usize) -> String {
    match item {
        0 => format!("v-{name}"),
        n => format!("v-{name}-{n}"),
    }
}
