//! Reading odd bodies, from the fixtures under `tests/fixtures/odd/` and `tests/fixtures/bad/`:
//! an unreadable timestamp keeps its text, a single object reads as a one-item list, integers
//! written as `1.0` read, and a value that is not an integer (`1.5`, 2^40 for an `i32`) fails
//! with the path of the field (`TaskSet.Task[3].TaskId`), in JSON and in XML alike.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::error::Error as _;

use alicloud_ecs_model::*;

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Reads the fixture in the format its extension names.
fn read<T: Shape>(path: &str) -> Result<T, ParseError> {
    let format = if path.ends_with(".xml") {
        Format::Xml
    } else {
        Format::Json
    };
    from_slice(format, &fixture(path))
}

fn ok<T: Shape>(path: &str) -> T {
    read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The field path of the error reading `path` as `T`; the message names it too.
#[track_caller]
fn error_path<T: Shape + std::fmt::Debug>(path: &str) -> String {
    let e = read::<T>(path).expect_err(path);
    let read = e
        .source()
        .and_then(|s| s.downcast_ref::<ReadError>())
        .unwrap_or_else(|| panic!("{path}: not a ReadError: {e}"));
    assert!(
        e.to_string().contains(&read.path()),
        "{path}: {e} does not name {}",
        read.path()
    );
    read.path()
}

#[test]
fn an_unreadable_timestamp_keeps_its_text() {
    for path in [
        "odd/unreadable-timestamp.json",
        "odd/unreadable-timestamp.xml",
    ] {
        let r: DescribeTaskAttributeResponse = ok(path);
        let created = r.creation_time.as_ref().expect(path);
        assert_eq!(created.as_raw(), Some("yesterday"), "{path}");
        assert_eq!(created.to_offset_date_time(), None, "{path}");
        assert_eq!(created.to_string(), "yesterday", "{path}");
        // The rest of the response is read as usual.
        let finished = r.finished_time.as_ref().expect(path);
        assert_eq!(finished.as_raw(), None, "{path}");
        assert_eq!(
            finished.to_offset_date_time().map(|t| t.unix_timestamp()),
            Some(1_448_245_140)
        );
        assert_eq!(r.task_status, Some(TaskStatus::Finished), "{path}");
        assert_eq!(r.operation_progress_set[0].related_item_set.len(), 3);
        // Written back, the text is sent as it came.
        let json = to_json(&r).unwrap();
        assert!(json.contains(r#""CreationTime":"yesterday""#), "{json}");
        assert_eq!(
            from_json::<DescribeTaskAttributeResponse>(json.as_bytes()).unwrap(),
            r
        );
        let xml = to_xml(&r, "DescribeTaskAttributeResponse").unwrap();
        assert!(
            xml.contains("<CreationTime>yesterday</CreationTime>"),
            "{xml}"
        );
        assert_eq!(
            from_xml::<DescribeTaskAttributeResponse>(xml.as_bytes()).unwrap(),
            r
        );
    }
    let json: DescribeTaskAttributeResponse = ok("odd/unreadable-timestamp.json");
    let xml: DescribeTaskAttributeResponse = ok("odd/unreadable-timestamp.xml");
    assert_eq!(json, xml);
}

#[test]
fn a_single_object_is_a_one_item_list() {
    let single: DescribeTasksResponse = ok("odd/single-task.json");
    assert_eq!(single.task_set.len(), 1);
    assert_eq!(
        single.task_set[0].task_id.as_deref(),
        Some("t-bp1hvgwromzv32iq****")
    );
    // The same as one `<Task>` in XML, and as the first task of the two-task page.
    assert_eq!(
        single,
        ok::<DescribeTasksResponse>("DescribeTasks/single.xml")
    );
    let page: DescribeTasksResponse = ok("DescribeTasks/response.json");
    assert_eq!(single.task_set[..], page.task_set[..1]);

    // Nested: an `OperationProgress` object holding one `RelatedItem` object.
    let nested: DescribeTaskAttributeResponse = ok("odd/single-progress.json");
    assert_eq!(nested.operation_progress_set.len(), 1);
    let progress = &nested.operation_progress_set[0];
    assert_eq!(progress.operation_status, Some(OperationStatus::Success));
    assert_eq!(progress.related_item_set.len(), 1);
    let item = &progress.related_item_set[0];
    assert_eq!(
        (item.name.as_deref(), item.value.as_deref()),
        (Some("OSSBucket"), Some("image-temp"))
    );
    // Written back, lists are arrays again and read back equal.
    let json = to_json(&nested).unwrap();
    assert!(json.contains(r#""RelatedItem":[{"#), "{json}");
    assert_eq!(
        from_json::<DescribeTaskAttributeResponse>(json.as_bytes()).unwrap(),
        nested
    );
}

#[test]
fn integers_written_with_a_zero_fraction_are_read() {
    // JSON `1.0`, `"1.0"`, `-0.0`; XML `1.0`, ` 1.00 `, `0.0`.
    let expected: DescribeTaskAttributeResponse = ok("DescribeTaskAttribute/response.json");
    for path in ["odd/float-integers.json", "odd/float-integers.xml"] {
        let r: DescribeTaskAttributeResponse = ok(path);
        assert_eq!(
            (r.total_count, r.success_count, r.failed_count),
            (Some(1), Some(1), Some(0)),
            "{path}"
        );
        assert_eq!(r, expected, "{path}");
    }
}

/// A large whole number written as a JSON double reads exactly (a parser that is one unit off
/// made `2008321163922497.0` into `2008321163922496.8`, which is not an integer).
#[test]
fn a_large_whole_double_reads_exactly() {
    let body = br#"{"Disks": {"Disk": [{"ProvisionedIops": 2008321163922497.0}]}}"#;
    let r: alicloud_ecs_model::DescribeDisksResponse = alicloud_ecs_model::from_json(body).unwrap();
    assert_eq!(r.disks[0].provisioned_iops, Some(2_008_321_163_922_497));
}

#[test]
fn a_fractional_or_out_of_range_count_names_the_field() {
    for path in [
        "bad/fractional-count.json",
        "bad/fractional-count.xml",
        "bad/count-out-of-range.json",
        "bad/count-out-of-range.xml",
    ] {
        assert_eq!(
            error_path::<DescribeTasksResponse>(path),
            "TotalCount",
            "{path}"
        );
    }
    assert_eq!(
        error_path::<DescribeTaskAttributeResponse>("bad/out-of-range.json"),
        "TotalCount"
    );
    let e = read::<DescribeTasksResponse>("bad/fractional-count.json").unwrap_err();
    assert_eq!(e.format(), Format::Json);
    assert!(e.to_string().contains("1.5"), "{e}");
    let e = read::<DescribeTasksResponse>("bad/count-out-of-range.xml").unwrap_err();
    assert_eq!(e.format(), Format::Xml);
    assert!(e.to_string().contains("1099511627776"), "{e}");
}

#[test]
fn an_error_in_a_list_item_names_its_index() {
    for path in ["bad/task-3-object-id.json", "bad/task-3-object-id.xml"] {
        assert_eq!(
            error_path::<DescribeTasksResponse>(path),
            "TaskSet.Task[3].TaskId",
            "{path}"
        );
    }
    // The index is the item's position in the body, a `null` item included.
    assert_eq!(
        error_path::<DescribeTasksResponse>("bad/task-3-after-null.json"),
        "TaskSet.Task[3].TaskId"
    );
}

#[cfg(feature = "disks")]
#[test]
fn an_integer_in_a_list_item_names_its_index() {
    for path in [
        "bad/disk-3-fractional-size.json",
        "bad/disk-3-fractional-size.xml",
        "bad/disk-3-size-out-of-range.json",
        "bad/disk-3-size-out-of-range.xml",
    ] {
        assert_eq!(
            error_path::<DescribeDisksResponse>(path),
            "Disks.Disk[3].Size",
            "{path}"
        );
    }
}

#[test]
fn a_null_list_item_is_left_out() {
    // `[task, null, task]`: the `null` is skipped, not read as a default task.
    let r: DescribeTasksResponse = ok("odd/null-task.json");
    let ids: Vec<_> = r.task_set.iter().map(|t| t.task_id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            Some("t-bp1hvgwromzv32i0****"),
            Some("t-bp1hvgwromzv32i2****")
        ]
    );
}
