//! Tests of the embedded facts, the parameter check and the sample requests.

use super::*;

#[test]
fn every_operation_reads() {
    let mut n = 0;
    for (action, _) in actions() {
        let op = operation(action).unwrap_or_else(|| panic!("{action} does not read"));
        assert_eq!(op.action, action);
        n += 1;
    }
    assert!(n >= 366, "{n} operations");
    // Every compiled-in operation has its facts; with every group compiled in, all of them.
    for entry in crate::registry::operations() {
        assert!(
            operation(entry.info.action).is_some(),
            "{}",
            entry.info.action
        );
    }
    if cfg!(feature = "full") {
        assert_eq!(crate::registry::operations().len(), n);
    }
    assert!(operation("NoSuchAction").is_none());
}

#[test]
fn facts_of_a_paged_operation() {
    let op = operation("DescribeTasks").unwrap();
    assert_eq!(op.methods, ["POST", "GET"]);
    assert!(op.idempotent);
    let import = operation("ImportImage").unwrap();
    assert!(!import.idempotent);
    assert_eq!(import.client_token.as_deref(), Some("ClientToken"));
    assert_eq!(op.param("PageSize").unwrap().schema.kind, Kind::Integer);
    assert_eq!(
        op.param("PageSize").unwrap().schema.maximum.as_deref(),
        Some("100")
    );
    assert!(matches!(
        &op.paginator,
        Some(PaginatorSpec::Numbered { items, .. }) if items == "TaskSet"
    ));
    let response = op.response.as_ref().unwrap();
    let tasks = response
        .property("TaskSet")
        .unwrap()
        .property("Task")
        .unwrap();
    assert_eq!(tasks.kind, Kind::Array);
    assert!(op.doc_url().ends_with("-describetasks"));
    let groups = groups();
    assert!(
        groups
            .iter()
            .any(|(g, ops)| *g == "tasks" && ops.contains(&"CancelTask"))
    );
}

fn problems(action: &str, params: &[(&str, &str)]) -> Vec<String> {
    let op = operation(action).unwrap();
    op.check(params.iter().copied())
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn every_sample_request_passes_the_check() {
    for (action, _) in actions() {
        let op = operation(action).unwrap();
        let sample = op.sample_params();
        let problems = op.check(sample.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert!(problems.is_empty(), "{action}: {sample:?} → {problems:?}");
        let required = op.params.iter().filter(|p| p.schema.required).count();
        assert!(sample.len() >= required, "{action}");
    }
}

#[test]
fn missing_and_misspelled_parameters() {
    assert_eq!(
        problems(
            "DescribeTaskAttribute",
            &[("RegionId", "cn-hangzhou"), ("TaskID", "t-1")]
        ),
        [
            r#"missing required parameter "TaskId""#,
            r#"unknown parameter "TaskID" (did you mean "TaskId"?)"#,
        ]
    );
    // An empty value does not count as given.
    assert_eq!(
        problems(
            "DescribeTaskAttribute",
            &[("RegionId", ""), ("TaskId", "t-1")]
        ),
        [r#"missing required parameter "RegionId""#]
    );
    assert_eq!(
        problems("DescribeTasks", &[("RegionId", "r"), ("Zzzzzzzzz", "1")]),
        [r#"unknown parameter "Zzzzzzzzz""#]
    );
}

#[test]
fn wrong_types() {
    let got = problems(
        "DescribeTasks",
        &[
            ("RegionId", "r"),
            ("PageSize", "ten"),
            ("PageNumber", " 2 "),
        ],
    );
    assert_eq!(got, [r#"parameter "PageSize": expected an integer"#]);
    let got = problems(
        "DescribeInstances",
        &[
            ("RegionId", "r"),
            ("DryRun", "yes"),
            ("IoOptimized", "TRUE"),
        ],
    );
    assert_eq!(got, [r#"parameter "DryRun": expected true or false"#]);
}

#[test]
fn lists_structures_and_json() {
    // `Tag` is a repeat list of at most 20 structures with `Key` and `Value`.
    let tag = operation("DescribeInstances")
        .unwrap()
        .param("Tag")
        .unwrap()
        .schema
        .clone();
    assert_eq!(tag.max_items, Some(20));
    let got = problems(
        "DescribeInstances",
        &[
            ("RegionId", "r"),
            ("Tag.1.Key", "env"),
            ("Tag.0.Key", "x"),
            ("Tag.21.Key", "x"),
            ("Tag.one.Key", "x"),
            ("Tag.2.Kye", "x"),
            ("Tag", "x"),
            ("AdditionalAttributes.1", "META_OPTIONS"),
        ],
    );
    assert_eq!(
        got,
        [
            r#"parameter "Tag.0.Key": list index "0" is not from 1 to 20"#,
            r#"parameter "Tag.21.Key": list index "21" is not from 1 to 20"#,
            r#"parameter "Tag.one.Key": list index "one" is not from 1 to 20"#,
            r#"unknown parameter "Tag.2.Kye" (did you mean "Tag.2.Key"?)"#,
            r#"parameter "Tag": takes its items as Name.N, not one value"#,
        ]
    );
    // A `json`-style parameter holds JSON text of its shape.
    let op = operation("RunCommand").unwrap();
    let json = op
        .params
        .iter()
        .find(|p| p.style == ParamStyle::Json && p.schema.kind == Kind::Object)
        .unwrap();
    let bad = op.check([(json.name.as_str(), "{not json")]);
    assert!(
        bad.iter().any(|p| matches!(p, Problem::Invalid { reason: Reason::NotJson(_), name } if *name == json.name)),
        "{bad:?}"
    );
    let bad = op.check([(json.name.as_str(), "[1]")]);
    assert!(bad.iter().any(|p| p.name() == json.name), "{bad:?}");
    assert!(
        !op.check([(json.name.as_str(), r#"{"a": 1}"#)])
            .iter()
            .any(|p| p.name() == json.name)
    );
}

#[test]
fn documented_dotted_names_are_parameters() {
    let got = problems(
        "DescribePrice",
        &[
            ("RegionId", "r"),
            ("DataDisk.1.Size", "40"),
            ("DataDisk.2.Size", "x"),
        ],
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("DataDisk.2.Size"), "{got:?}");
}

#[test]
fn closest_names() {
    let names = [
        "DescribeInstances",
        "DescribeInstanceStatus",
        "DeleteInstance",
    ];
    assert_eq!(
        suggest("describeinstances", names),
        Some("DescribeInstances")
    );
    assert_eq!(
        suggest("DescribeInstanse", names),
        Some("DescribeInstances")
    );
    assert_eq!(suggest("Nothing", names), None);
    assert_eq!(
        closest("DescribeInstance", names, 2),
        ["DescribeInstances", "DescribeInstanceStatus"]
    );
}
