//! What the importer keeps of a schema: the fact members (types, ranges, examples, …)
//! recursively, never the prose; and allowed values written as a bullet list inside the
//! prose, lifted into `enum`.

use crate::json::Json;

/// Schema members copied as they are (everything else, prose above all, is dropped).
const KEEP: &[&str] = &[
    "type",
    "format",
    "required",
    "enum",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "default",
    "example",
    "deprecated",
];

/// A schema reduced to its facts: the `KEEP` members, `items` and `properties` recursively;
/// allowed values listed in the (dropped) description become `enum` for strings.
pub(crate) fn schema_facts(schema: &Json) -> Json {
    let mut out = Vec::new();
    for (k, v) in schema.members() {
        if KEEP.contains(&k.as_str()) {
            // Example and default texts in Chinese are prose, not facts: left out.
            let prose = matches!(k.as_str(), "example" | "default")
                && v.as_text().is_some_and(|t| {
                    t.chars().any(|c| {
                        ('\u{2e80}'..='\u{9fff}').contains(&c)
                            || ('\u{ff00}'..='\u{ffef}').contains(&c)
                    })
                });
            if !prose {
                out.push((k.clone(), v.clone()));
            }
        } else if k == "items" {
            out.push((k.clone(), schema_facts(v)));
        } else if k == "properties" {
            let props = v
                .members()
                .iter()
                .map(|(name, s)| (name.clone(), schema_facts(s)))
                .collect();
            out.push((k.clone(), Json::Object(props)));
        }
    }
    let is_string = schema.text("type").as_deref() == Some("string");
    if is_string
        && schema.get("enum").is_none()
        && let Some(values) = schema.text("description").and_then(|d| prose_enum(&d))
    {
        out.push(("enum".into(), values));
    }
    Json::Object(out)
}

/// Allowed values written as a bullet list (`*   Running: …`, `- true：…`, `- Stopped`):
/// the leading tokens of at least two bullets, each a plain identifier. Sentences are not kept.
pub(crate) fn prose_enum(text: &str) -> Option<Json> {
    let mut values: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        let Some(rest) = line.strip_prefix("* ").or_else(|| line.strip_prefix("- ")) else {
            continue;
        };
        let rest = rest
            .trim_start()
            .trim_start_matches('`')
            .trim_start_matches("**");
        let token: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .collect();
        let after = rest[token.len()..]
            .trim_start_matches('`')
            .trim_start_matches("**");
        let ends_value = after.is_empty()
            || after.starts_with([':', '：', '(', '（', ',', '，', ';', '；', '.', '。'])
            || after.starts_with(' ') && after.trim().is_empty();
        if token.is_empty() || token.len() > 64 || !ends_value || token.ends_with(['.', '-']) {
            continue;
        }
        if !values.contains(&token) {
            values.push(token);
        }
    }
    (2..=64)
        .contains(&values.len())
        .then(|| Json::Array(values.into_iter().map(Json::String).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullet_values_become_an_enum_and_prose_is_dropped() {
        let text = "The state. Valid values:\n\n*   Running: it runs\n*   Stopped\n\n> Note: x";
        let values = prose_enum(text).unwrap();
        let got: Vec<_> = values.items().iter().filter_map(Json::as_text).collect();
        assert_eq!(got, ["Running", "Stopped"]);
        let chinese = "取值范围：\n- true：可以取消\n- false：无法取消";
        let got: Vec<_> = prose_enum(chinese)
            .unwrap()
            .items()
            .iter()
            .filter_map(Json::as_text)
            .collect();
        assert_eq!(got, ["true", "false"]);
        assert!(prose_enum("* only one: value").is_none());
        assert!(prose_enum("- a sentence with words\n- another sentence here").is_none());
    }

    #[test]
    fn facts_keep_no_description() {
        let schema: Json = serde_json::from_str(
            r#"{"description":"长文本","type":"string","example":"x","title":"t","properties":{"A":{"description":"d","type":"integer","format":"int32"}}}"#,
        )
        .unwrap();
        let facts = schema_facts(&schema);
        assert!(facts.get("description").is_none());
        assert!(facts.get("title").is_none());
        assert_eq!(facts.text("example").as_deref(), Some("x"));
        let a = facts.get("properties").unwrap().get("A").unwrap();
        assert!(a.get("description").is_none());
        assert_eq!(a.text("format").as_deref(), Some("int32"));
    }
}
