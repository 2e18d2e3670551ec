//! The overlay's edits to the imported spec: `corrections` (schema members set or removed at a
//! path, each with the reason) and the API groups (`groups`, `groupOf`) that become features.
//!
//! Paths are `Op.param.Name[.Field…]` and `Op.response.Name[.Field…]`; array levels add no
//! segment. A path that does not resolve is an error, so a correction cannot silently rot.

use std::collections::BTreeMap;

use crate::ir::Group;
use crate::json::Json;

fn members_mut(j: &mut Json) -> Option<&mut Vec<(String, Json)>> {
    match j {
        Json::Object(m) => Some(m),
        _ => None,
    }
}

fn member_mut<'a>(j: &'a mut Json, key: &str) -> Option<&'a mut Json> {
    members_mut(j)?
        .iter_mut()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Step into `name` below `schema`, through array items.
fn descend<'a>(mut schema: &'a mut Json, name: &str) -> Option<&'a mut Json> {
    while schema.text("type").as_deref() == Some("array") {
        schema = member_mut(schema, "items")?;
    }
    member_mut(member_mut(schema, "properties")?, name)
}

fn resolve<'a>(spec: &'a mut Json, path: &str) -> Option<&'a mut Json> {
    let mut parts = path.split('.');
    let (op, kind) = (parts.next()?, parts.next()?);
    let api = member_mut(member_mut(spec, "apis")?, op)?;
    let mut schema = match kind {
        "param" => {
            let name = parts.next()?;
            let Json::Array(params) = member_mut(api, "parameters")? else {
                return None;
            };
            let p = params
                .iter_mut()
                .find(|p| p.text("name").as_deref() == Some(name))?;
            member_mut(p, "schema")?
        }
        "response" => member_mut(member_mut(member_mut(api, "responses")?, "200")?, "schema")?,
        _ => return None,
    };
    for part in parts {
        schema = descend(schema, part)?;
    }
    Some(schema)
}

/// Apply every correction of the overlay to the spec.
pub(crate) fn apply(spec: &mut Json, overlay: &Json) -> Result<(), String> {
    for c in overlay
        .get("corrections")
        .map(Json::items)
        .unwrap_or_default()
    {
        let path = c.text("path").ok_or("a correction without a path")?;
        if c.text("why").is_none_or(|w| w.trim().is_empty()) {
            return Err(format!("correction {path} does not say why"));
        }
        let schema = resolve(spec, &path)
            .ok_or_else(|| format!("correction path {path} not in the spec"))?;
        let members = members_mut(schema).ok_or_else(|| format!("{path} is not a schema"))?;
        for (k, v) in c.get("set").map(Json::members).unwrap_or_default() {
            match members.iter_mut().find(|(m, _)| m == k) {
                Some((_, old)) => *old = v.clone(),
                None => members.push((k.clone(), v.clone())),
            }
        }
        for k in c.get("remove").map(Json::items).unwrap_or_default() {
            if let Some(k) = k.as_text() {
                members.retain(|(m, _)| *m != k);
            }
        }
        if let Some(style) = c.text("style") {
            let mut parts = path.splitn(4, '.');
            let (op, kind, name) = (parts.next(), parts.next(), parts.next());
            let param = match (op, kind, name, parts.next()) {
                (Some(op), Some("param"), Some(name), None) => member_mut(
                    member_mut(member_mut(spec, "apis").ok_or("no apis")?, op).ok_or("no op")?,
                    "parameters",
                )
                .and_then(|ps| match ps {
                    Json::Array(ps) => ps
                        .iter_mut()
                        .find(|p| p.text("name").as_deref() == Some(name)),
                    _ => None,
                }),
                _ => None,
            };
            let param =
                param.ok_or_else(|| format!("style given for {path}, which is not a parameter"))?;
            if let Some(m) = members_mut(param) {
                match m.iter_mut().find(|(k, _)| k == "style") {
                    Some((_, v)) => *v = Json::String(style),
                    None => m.insert(2.min(m.len()), ("style".into(), Json::String(style))),
                }
            }
        }
    }
    add_owner_parameters(spec, overlay)
}

/// `ownerParameters`: the hidden owner delegation parameters the official descriptions leave
/// out, appended to the listed operations that lack them.
fn add_owner_parameters(spec: &mut Json, overlay: &Json) -> Result<(), String> {
    for owner in overlay
        .get("ownerParameters")
        .map(Json::items)
        .unwrap_or_default()
    {
        let params = owner.get("parameters").map(Json::items).unwrap_or_default();
        for op in owner.get("operations").map(Json::items).unwrap_or_default() {
            let op = op.as_text().unwrap_or_default();
            let api = member_mut(member_mut(spec, "apis").ok_or("no apis")?, &op)
                .ok_or_else(|| format!("ownerParameters names {op}, which is not in the spec"))?;
            let Some(Json::Array(list)) = member_mut(api, "parameters") else {
                continue;
            };
            for p in params {
                let name = p.text("name");
                if !list.iter().any(|q| q.text("name") == name) {
                    list.push(p.clone());
                }
            }
        }
    }
    Ok(())
}

/// The groups (by feature) and each operation's feature: `groupOf` in the overlay first, then
/// the spec's `group`; operations in neither belong to `other`.
pub(crate) fn groups(
    spec: &Json,
    overlay: &Json,
) -> (BTreeMap<String, Group>, BTreeMap<String, String>) {
    let defs = overlay.get("groups");
    let feature_of_id = |id: &str| -> Option<(String, Group)> {
        let g = defs?.get(id)?;
        let feature = g.text("feature")?;
        let name = g.text("name").unwrap_or_else(|| feature.clone());
        Some((feature.clone(), Group { name, feature }))
    };
    let mut groups = BTreeMap::new();
    let mut of = BTreeMap::new();
    for (op, api) in spec.get("apis").map(Json::members).unwrap_or_default() {
        let id = overlay
            .get("groupOf")
            .and_then(|g| g.text(op))
            .or_else(|| api.text("group"));
        let (feature, group) = id.as_deref().and_then(feature_of_id).unwrap_or_else(|| {
            let g = Group {
                name: "Other".into(),
                feature: "other".into(),
            };
            ("other".into(), g)
        });
        groups.insert(feature.clone(), group);
        of.insert(op.clone(), feature);
    }
    (groups, of)
}
