//! Property tests: every response survives a trip through JSON, and through XML, unchanged.
//!
//! The generated values cover `None` and `Some` for every scalar, empty and unicode strings,
//! open enums with documented and undocumented values, timestamps in minute, second and
//! fraction precision (with `Z` and with offsets), and wrapped lists of 0, 1 and many items.
//!
//! XML strings are restricted to what the format and its reader can carry:
//! * only XML 1.0 characters (no C0 controls except tab, line feed and carriage return, no
//!   U+FFFE/U+FFFF); `\r` is allowed because the writer escapes it as `&#13;`;
//! * no string made only of XML white space (space, tab, line feed, carriage return):
//!   quick-xml's reader treats such text as formatting and drops it, so `Some(" ")` reads
//!   back as `Some("")` (pinned by `whitespace_only_text_reads_as_empty_in_xml` below).
//!   Leading and trailing white space around other text is kept.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Debug;

use alicloud_ecs_model::*;
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;
use serde::Serialize;

/// The wire format a strategy generates values for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    Json,
    Xml,
}

impl Wire {
    /// Whether a string character survives this format.
    fn carries(self, c: char) -> bool {
        match self {
            Wire::Json => true,
            Wire::Xml => {
                matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                    || c >= '\u{10000}'
            }
        }
    }
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Characters that stress escaping and encoding, mixed into otherwise plain strings.
const TRICKY: &str = " \t\n\r<>&\"';#[]!?\\/$@%{},éßя中文😀\
    \u{0}\u{1}\u{1f}\u{7f}\u{85}\u{a0}\u{2028}\u{feff}\u{fffd}\u{fffe}\u{10ffff}";

/// A strategy for a `$ty` whose listed fields come from the given strategies. The strategies
/// are nested in pairs, since proptest's tuples stop at 12 elements.
macro_rules! build {
    ($ty:ty { $($field:ident: $strategy:expr),+ $(,)? }) => {
        nest!($($strategy),+)
            .prop_map(|nest!(@pat $($field),+)| {
                let mut value = <$ty>::default();
                $(value.$field = $field;)+
                value
            })
            .boxed()
    };
}

macro_rules! nest {
    (@pat $a:ident) => { $a };
    (@pat $a:ident, $($rest:ident),+) => { ($a, nest!(@pat $($rest),+)) };
    ($a:expr) => { $a };
    ($a:expr, $($rest:expr),+) => { ($a, nest!($($rest),+)) };
}

fn text(wire: Wire) -> BoxedStrategy<String> {
    let chars = prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => select(TRICKY.chars().collect::<Vec<_>>()),
        2 => any::<char>(),
    ]
    .prop_filter("character the format cannot carry", move |c| {
        wire.carries(*c)
    });
    vec(chars, 0..12)
        .prop_map(String::from_iter)
        .prop_filter("quick-xml drops white-space-only text", move |s| {
            wire == Wire::Json || s.is_empty() || !s.chars().all(is_xml_space)
        })
        .boxed()
}

fn opt_text(wire: Wire) -> BoxedStrategy<Option<String>> {
    of(text(wire)).boxed()
}

/// An open enum: a documented value, or a non-empty value the enum does not know.
fn open_enum<E>(values: &'static [&'static str], wire: Wire) -> BoxedStrategy<Option<E>>
where
    E: From<String> + Debug + 'static,
{
    let known = select(values).prop_map(|v| E::from(v.to_owned()));
    let unknown = text(wire)
        .prop_filter("unknown values are non-empty and unfamiliar", move |s| {
            !s.is_empty() && !values.contains(&s.as_str())
        })
        .prop_map(E::from);
    of(prop_oneof![known, unknown]).boxed()
}

/// A timestamp parsed from generated text in one of the accepted forms.
fn timestamp() -> BoxedStrategy<Option<Timestamp>> {
    let precision = prop_oneof![
        Just(String::new()),
        (0..60u8).prop_map(|s| format!(":{s:02}")),
        (0..60u8, 1..=9usize, any::<u32>()).prop_map(|(s, n, f)| {
            let fraction = f % 10u32.pow(n as u32);
            format!(":{s:02}.{fraction:0n$}")
        }),
    ];
    let offset = prop_oneof![
        3 => Just("Z".to_owned()),
        // `-00:00` reads as UTC and prints back as `+00:00`, so it is left out here.
        1 => (any::<bool>(), 0..=14u8, select(&[0u8, 30, 45][..])).prop_map(|(west, h, m)| {
            let sign = if west && (h, m) != (0, 0) { '-' } else { '+' };
            format!("{sign}{h:02}:{m:02}")
        }),
    ];
    let date = (0..=9999u16, 1..=12u8, 1..=28u8, 0..24u8, 0..60u8);
    of(
        (date, precision, offset).prop_map(|((y, mo, d, h, mi), precision, offset)| {
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}{precision}{offset}");
            let t = Timestamp::parse(&text).unwrap();
            assert_eq!(t.to_string(), text, "timestamps print back as parsed");
            t
        }),
    )
    .boxed()
}

/// A wrapped list: empty, one item (a lone XML element) or several.
fn list<T: Clone + Debug + 'static>(item: BoxedStrategy<T>) -> BoxedStrategy<Vec<T>> {
    prop_oneof![
        Just(Vec::new()),
        item.clone().prop_map(|i| vec![i]),
        vec(item, 2..5),
    ]
    .boxed()
}

fn related_item(wire: Wire) -> BoxedStrategy<RelatedItem> {
    build!(RelatedItem {
        name: opt_text(wire),
        value: opt_text(wire),
    })
}

fn operation_progress(wire: Wire) -> BoxedStrategy<OperationProgress> {
    build!(OperationProgress {
        operation_status: open_enum::<OperationStatus>(OperationStatus::VALUES, wire),
        error_code: opt_text(wire),
        error_msg: opt_text(wire),
        related_item_set: list(related_item(wire)),
    })
}

fn describe_task_attribute(wire: Wire) -> BoxedStrategy<DescribeTaskAttributeResponse> {
    build!(DescribeTaskAttributeResponse {
        request_id: opt_text(wire),
        task_id: opt_text(wire),
        region_id: opt_text(wire),
        task_action: open_enum::<TaskAction>(TaskAction::VALUES, wire),
        task_status: open_enum::<TaskStatus>(TaskStatus::VALUES, wire),
        task_process: opt_text(wire),
        support_cancel: any::<Option<bool>>(),
        total_count: any::<Option<i32>>(),
        success_count: any::<Option<i32>>(),
        failed_count: any::<Option<i32>>(),
        creation_time: timestamp(),
        finished_time: timestamp(),
        operation_progress_set: list(operation_progress(wire)),
    })
}

fn task(wire: Wire) -> BoxedStrategy<Task> {
    build!(Task {
        task_id: opt_text(wire),
        task_action: open_enum::<TaskAction>(TaskAction::VALUES, wire),
        task_status: open_enum::<TaskStatus>(TaskStatus::VALUES, wire),
        support_cancel: any::<Option<bool>>(),
        creation_time: timestamp(),
        finished_time: timestamp(),
        resource_id: opt_text(wire),
    })
}

fn describe_tasks(wire: Wire) -> BoxedStrategy<DescribeTasksResponse> {
    build!(DescribeTasksResponse {
        request_id: opt_text(wire),
        region_id: opt_text(wire),
        total_count: any::<Option<i32>>(),
        page_number: any::<Option<i32>>(),
        page_size: any::<Option<i32>>(),
        task_set: list(task(wire)),
    })
}

fn describe_regions(wire: Wire) -> BoxedStrategy<DescribeRegionsResponse> {
    let region = build!(Region {
        region_id: opt_text(wire),
        local_name: opt_text(wire),
        region_endpoint: opt_text(wire),
        status: open_enum::<RegionStatus>(RegionStatus::VALUES, wire),
    });
    build!(DescribeRegionsResponse {
        request_id: opt_text(wire),
        regions: list(region),
    })
}

fn import_image(wire: Wire) -> BoxedStrategy<ImportImageResponse> {
    build!(ImportImageResponse {
        request_id: opt_text(wire),
        region_id: opt_text(wire),
        image_id: opt_text(wire),
        task_id: opt_text(wire),
    })
}

fn export_image(wire: Wire) -> BoxedStrategy<ExportImageResponse> {
    build!(ExportImageResponse {
        request_id: opt_text(wire),
        region_id: opt_text(wire),
        task_id: opt_text(wire),
    })
}

fn cancel_task(wire: Wire) -> BoxedStrategy<CancelTaskResponse> {
    build!(CancelTaskResponse {
        request_id: opt_text(wire)
    })
}

fn error_response(wire: Wire) -> BoxedStrategy<ErrorResponse> {
    build!(ErrorResponse {
        request_id: opt_text(wire),
        host_id: opt_text(wire),
        code: opt_text(wire),
        message: opt_text(wire),
        recommend: opt_text(wire),
    })
}

fn json_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let body = to_json(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T = from_json(body.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("{e}\nbody: {body}")))?;
    prop_assert_eq!(&back, value, "body: {}", body);
    Ok(())
}

fn xml_trip<T>(value: &T, root: &str) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let body = to_xml(value, root).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T =
        from_xml(body.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\nbody: {body}")))?;
    prop_assert_eq!(&back, value, "body: {}", body);
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn describe_task_attribute_json(v in describe_task_attribute(Wire::Json)) {
        json_trip(&v)?;
    }

    #[test]
    fn describe_task_attribute_xml(v in describe_task_attribute(Wire::Xml)) {
        xml_trip(&v, "DescribeTaskAttributeResponse")?;
    }

    #[test]
    fn describe_tasks_json(v in describe_tasks(Wire::Json)) {
        json_trip(&v)?;
    }

    #[test]
    fn describe_tasks_xml(v in describe_tasks(Wire::Xml)) {
        xml_trip(&v, "DescribeTasksResponse")?;
    }

    #[test]
    fn describe_regions_json(v in describe_regions(Wire::Json)) {
        json_trip(&v)?;
    }

    #[test]
    fn describe_regions_xml(v in describe_regions(Wire::Xml)) {
        xml_trip(&v, "DescribeRegionsResponse")?;
    }

    #[test]
    fn import_image_json(v in import_image(Wire::Json)) {
        json_trip(&v)?;
    }

    #[test]
    fn import_image_xml(v in import_image(Wire::Xml)) {
        xml_trip(&v, "ImportImageResponse")?;
    }

    #[test]
    fn export_image_json(v in export_image(Wire::Json)) {
        json_trip(&v)?;
    }

    #[test]
    fn export_image_xml(v in export_image(Wire::Xml)) {
        xml_trip(&v, "ExportImageResponse")?;
    }

    #[test]
    fn cancel_task_json(v in cancel_task(Wire::Json)) {
        json_trip(&v)?;
    }

    #[test]
    fn cancel_task_xml(v in cancel_task(Wire::Xml)) {
        xml_trip(&v, "CancelTaskResponse")?;
    }

    #[test]
    fn error_response_json(v in error_response(Wire::Json)) {
        json_trip(&v)?;
    }

    #[test]
    fn error_response_xml(v in error_response(Wire::Xml)) {
        xml_trip(&v, "Error")?;
    }
}

/// The reason for the white-space restriction above: quick-xml reads an element holding only
/// white space as empty, although the writer emits the text and JSON keeps it. If this starts
/// failing, the reader keeps such text now and the XML strategies can include it.
#[test]
fn whitespace_only_text_reads_as_empty_in_xml() {
    for text in [" ", "\t", "\n", "\r", " \n\t "] {
        let mut r = CancelTaskResponse::default();
        r.request_id = Some(text.to_owned());
        let json: CancelTaskResponse = from_json(to_json(&r).unwrap().as_bytes()).unwrap();
        assert_eq!(json, r);
        let xml: CancelTaskResponse =
            from_xml(to_xml(&r, "CancelTaskResponse").unwrap().as_bytes()).unwrap();
        assert_eq!(xml.request_id.as_deref(), Some(""), "{text:?}");

        let mut t = Task::default();
        t.task_status = Some(TaskStatus::from(text));
        let mut page = DescribeTasksResponse::default();
        page.task_set = vec![t];
        let xml: DescribeTasksResponse =
            from_xml(to_xml(&page, "DescribeTasksResponse").unwrap().as_bytes()).unwrap();
        assert_eq!(xml.task_set[0].task_status, None, "{text:?}");
    }
    // Surrounding white space next to other text is kept.
    let mut r = CancelTaskResponse::default();
    r.request_id = Some(" \t x \n".to_owned());
    let xml: CancelTaskResponse =
        from_xml(to_xml(&r, "CancelTaskResponse").unwrap().as_bytes()).unwrap();
    assert_eq!(xml, r);
}
