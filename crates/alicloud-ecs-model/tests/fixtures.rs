//! Every fixture under `tests/fixtures/` read as Alibaba sends it, in both formats.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use alicloud_ecs_model::*;

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn json<T: alicloud_ecs_model::Shape>(path: &str) -> T {
    from_json(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn xml<T: alicloud_ecs_model::Shape>(path: &str) -> T {
    from_xml(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check_seed(r: &DescribeTaskAttributeResponse) {
    assert_eq!(r.task_id.as_deref(), Some("t-23ym6mvro"));
    assert_eq!(r.task_action, Some(TaskAction::ExportImage));
    assert_eq!(r.task_status, Some(TaskStatus::Finished));
    assert_eq!(r.task_process.as_deref(), Some("100%"));
    assert_eq!(r.support_cancel, Some(true));
    assert_eq!(
        (r.total_count, r.success_count, r.failed_count),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(
        r.finished_time.as_ref().map(|t| t.to_string()).as_deref(),
        Some("2015-11-23T02:19Z")
    );
    assert_eq!(r.region_id.as_deref(), Some("cn-hangzhou"));
    assert_eq!(r.operation_progress_set.len(), 1);
    let progress = &r.operation_progress_set[0];
    assert_eq!(progress.operation_status, Some(OperationStatus::Success));
    let items: Vec<_> = progress
        .related_item_set
        .iter()
        .map(|i| (i.name.as_deref().unwrap(), i.value.as_deref().unwrap()))
        .collect();
    assert_eq!(
        items,
        [
            ("OSSBucket", "image-temp"),
            ("OSSObject", "MYOSSPRE_m-23f8tcp8y_t-23ym6mvro.vhd"),
            ("ImageFormat", "vhd")
        ]
    );
}

#[test]
fn seed_page_examples_parse_verbatim() {
    let x: DescribeTaskAttributeResponse = xml("seed/DescribeTaskAttribute.xml");
    check_seed(&x);
    assert_eq!(x.creation_time, None, "the XML example has no CreationTime");
    assert_eq!(
        x.request_id.as_deref(),
        Some("EF0C5969-279B-49C8-AD83-BACCC74DD38C")
    );
    let j: DescribeTaskAttributeResponse = json("seed/DescribeTaskAttribute.json");
    check_seed(&j);
    assert_eq!(
        j.creation_time.as_ref().map(|t| t.to_string()).as_deref(),
        Some("2015-11-23T02:13Z")
    );
    let progress = &j.operation_progress_set[0];
    assert_eq!(
        (
            progress.error_code.as_deref(),
            progress.error_msg.as_deref()
        ),
        (Some(""), Some(""))
    );
    assert_eq!(x.operation_progress_set, j.operation_progress_set);
}

/// Every operation's JSON and XML examples describe the same value.
#[test]
fn json_and_xml_fixtures_agree() {
    fn same<T: alicloud_ecs_model::Shape + PartialEq + std::fmt::Debug + Default>(stem: &str) -> T {
        let j: T = json(&format!("{stem}.json"));
        let x: T = xml(&format!("{stem}.xml"));
        assert_eq!(j, x, "{stem}");
        assert_ne!(j, T::default(), "{stem} read as empty");
        j
    }
    let d: DescribeTaskAttributeResponse = same("DescribeTaskAttribute/response");
    assert_eq!(d.task_id.as_deref(), Some("t-ce946ntx4wr****"));
    assert_eq!(d.support_cancel, Some(false));
    let p: DescribeTaskAttributeResponse = same("DescribeTaskAttribute/processing");
    assert_eq!(p.task_status, Some(TaskStatus::Processing));
    assert_eq!((p.finished_time, p.operation_progress_set.len()), (None, 0));
    let lenient: DescribeTaskAttributeResponse = same("DescribeTaskAttribute/lenient");
    assert_eq!(lenient.total_count, Some(1));
    assert_eq!(lenient.support_cancel, Some(true));
    assert_eq!(
        lenient
            .creation_time
            .as_ref()
            .map(|t| t.to_string())
            .as_deref(),
        Some("2015-11-23T02:13:07Z")
    );
    assert_eq!(lenient.operation_progress_set[0].related_item_set.len(), 3);

    let t: DescribeTasksResponse = same("DescribeTasks/response");
    assert_eq!(
        (t.total_count, t.page_number, t.page_size),
        (Some(2), Some(1), Some(10))
    );
    assert_eq!(t.task_set.len(), 2);
    assert_eq!(t.task_set[1].task_action, Some(TaskAction::ExportImage));
    assert_eq!(t.task_set[1].finished_time, None);
    assert_eq!(
        t.task_set[0].resource_id.as_deref(),
        Some("m-bp1i8huqm5u7****")
    );
    let e: DescribeTasksResponse = from_json(&fixture("DescribeTasks/empty.json")).unwrap();
    assert_eq!(e, from_xml(&fixture("DescribeTasks/empty.xml")).unwrap());
    assert_eq!((e.total_count, e.task_set.len()), (Some(0), 0));
    let single: DescribeTasksResponse = xml("DescribeTasks/single.xml");
    assert_eq!(single.task_set, t.task_set[..1]);

    let c: CancelTaskResponse = same("CancelTask/response");
    assert!(c.request_id.is_some());
    let i: ImportImageResponse = same("ImportImage/response");
    assert_eq!(i.image_id.as_deref(), Some("m-bp67acfmxazb4p****"));
    let x: ExportImageResponse = same("ExportImage/response");
    assert_eq!(x.task_id.as_deref(), Some("t-bp67acfmxazb4p****"));
    let alias: ExportImageResponse = xml("ExportImage/export-task-id-alias.xml");
    assert_eq!(alias.task_id.as_deref(), Some("tsk-bp67acfmxazb4p****"));
    let r: DescribeRegionsResponse = same("DescribeRegions/response");
    assert_eq!(r.regions.len(), 2);
    assert_eq!(r.regions[0].status, Some(RegionStatus::Available));
    assert_eq!(
        r.regions[0].region_endpoint.as_deref(),
        Some("ecs.cn-hangzhou.aliyuncs.com")
    );
}

#[test]
fn error_envelopes() {
    for stem in ["errors/not-found", "errors/throttling"] {
        let j: ErrorResponse = json(&format!("{stem}.json"));
        let x: ErrorResponse = xml(&format!("{stem}.xml"));
        assert_eq!(j, x, "{stem}");
        assert!(j.request_id.is_some() && j.host_id.is_some() && j.recommend.is_some());
    }
    let nf: ErrorResponse = json("errors/not-found.json");
    assert_eq!(nf.code.as_deref(), Some(codes::INVALID_TASK_ID_NOT_FOUND));
    let sig: ErrorResponse = json("errors/signature-mismatch.json");
    assert_eq!(sig.code.as_deref(), Some(codes::SIGNATURE_DOES_NOT_MATCH));
    assert!(sig.message.unwrap().contains("server string to sign is:"));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    for path in [
        "bad/truncated.json",
        "bad/wrong-type.json",
        "bad/out-of-range.json",
        "bad/empty.json",
        "bad/deep-nesting.json",
    ] {
        let e = from_json::<DescribeTaskAttributeResponse>(&fixture(path)).expect_err(path);
        assert_eq!(e.format(), Format::Json);
        assert!(!e.to_string().is_empty());
    }
    for path in [
        "bad/truncated.xml",
        "bad/not-utf8.xml",
        "bad/deep-nesting.xml",
    ] {
        let e = from_xml::<DescribeTaskAttributeResponse>(&fixture(path)).expect_err(path);
        assert_eq!(e.format(), Format::Xml);
    }
    // The rest of `bad/` is `DescribeTasks` and `DescribeDisks` bodies (see `odd_bodies.rs`).
    for stem in [
        "bad/fractional-count",
        "bad/count-out-of-range",
        "bad/task-3-object-id",
    ] {
        from_json::<DescribeTasksResponse>(&fixture(&format!("{stem}.json"))).expect_err(stem);
        from_xml::<DescribeTasksResponse>(&fixture(&format!("{stem}.xml"))).expect_err(stem);
    }
    from_json::<DescribeTasksResponse>(&fixture("bad/task-3-after-null.json")).unwrap_err();
    assert!(
        from_json::<DescribeTaskAttributeResponse>(b"")
            .unwrap_err()
            .is_empty_body()
    );
    assert!(
        from_xml::<DescribeTaskAttributeResponse>(b"  \n")
            .unwrap_err()
            .is_empty_body()
    );
    assert!(
        from_xml::<DescribeTaskAttributeResponse>(b"\xEF\xBB\xBF")
            .unwrap_err()
            .is_empty_body()
    );
}
