//! Proptest strategies for the task responses, shared by the round-trip and odd-body tests.
//!
//! The generated values cover `None` and `Some` for every scalar, empty and unicode strings,
//! open enums with documented and undocumented values, timestamps in minute, second and
//! fraction precision (with `Z` and with offsets) and unreadable ones (kept as raw text), and
//! wrapped lists of 0, 1 and many items.
//!
//! XML strings are restricted to what the format and its reader can carry:
//! * only XML 1.0 characters (no C0 controls except tab, line feed and carriage return, no
//!   U+FFFE/U+FFFF); `\r` is allowed because the writer escapes it as `&#13;`;
//! * no string made only of XML white space (space, tab, line feed, carriage return):
//!   quick-xml's reader treats such text as formatting and drops it, so `Some(" ")` reads
//!   back as `Some("")` (pinned by `whitespace_only_text_reads_as_empty_in_xml` in
//!   `roundtrip.rs`). Leading and trailing white space around other text is kept.

use std::fmt::Debug;

use alicloud_ecs_model::describe_task_attribute::{OperationProgress, RelatedItem};
use alicloud_ecs_model::*;
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
// Named explicitly: the model also has a `Strategy` (an enum), which a glob would not shadow.
use proptest::sample::select;
use proptest::strategy::Strategy;

/// The wire format a strategy generates values for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wire {
    /// JSON: any string.
    Json,
    /// XML: the characters XML 1.0 carries.
    Xml,
}

impl Wire {
    /// Whether a string character survives this format.
    pub(crate) fn carries(self, c: char) -> bool {
        match self {
            Wire::Json => true,
            Wire::Xml => {
                matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                    || c >= '\u{10000}'
            }
        }
    }
}

pub(crate) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Characters that stress escaping and encoding, mixed into otherwise plain strings.
pub(crate) const TRICKY: &str = " \t\n\r<>&\"';#[]!?\\/$@%{},éßя中文😀\
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

pub(crate) fn text(wire: Wire) -> BoxedStrategy<String> {
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

pub(crate) fn opt_text(wire: Wire) -> BoxedStrategy<Option<String>> {
    of(text(wire)).boxed()
}

/// An open enum: a documented value, or a non-empty value the enum does not know.
pub(crate) fn open_enum<E>(values: &'static [&'static str], wire: Wire) -> BoxedStrategy<Option<E>>
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

/// A timestamp: one parsed from generated text in one of the accepted forms, or (one time in
/// five) text no layout reads, kept raw.
pub(crate) fn timestamp(wire: Wire) -> BoxedStrategy<Option<Timestamp>> {
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
    let readable = (date, precision, offset).prop_map(|((y, mo, d, h, mi), precision, offset)| {
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}{precision}{offset}");
        let t = Timestamp::parse(&text).unwrap();
        assert_eq!(t.to_string(), text, "timestamps print back as parsed");
        t
    });
    // Raw text is read trimmed, and an empty text is no value.
    let raw = text(wire)
        .prop_filter("unreadable, trimmed, non-empty text", |s| {
            !s.is_empty() && s.trim() == s && Timestamp::parse(s).is_err()
        })
        .prop_map(|s| {
            let t = Timestamp::raw(&s);
            assert_eq!(t.to_string(), s, "raw timestamps print as their text");
            t
        });
    of(prop_oneof![4 => readable, 1 => raw]).boxed()
}

/// A wrapped list: empty, one item (a lone XML element) or several.
pub(crate) fn list<T: Clone + Debug + 'static>(item: BoxedStrategy<T>) -> BoxedStrategy<Vec<T>> {
    prop_oneof![
        Just(Vec::new()),
        item.clone().prop_map(|i| vec![i]),
        vec(item, 2..5),
    ]
    .boxed()
}

pub(crate) fn related_item(wire: Wire) -> BoxedStrategy<RelatedItem> {
    build!(RelatedItem {
        name: opt_text(wire),
        value: opt_text(wire),
    })
}

pub(crate) fn operation_progress(wire: Wire) -> BoxedStrategy<OperationProgress> {
    build!(OperationProgress {
        operation_status: open_enum::<OperationStatus>(OperationStatus::VALUES, wire),
        error_code: opt_text(wire),
        error_msg: opt_text(wire),
        related_item_set: list(related_item(wire)),
    })
}

pub(crate) fn describe_task_attribute(wire: Wire) -> BoxedStrategy<DescribeTaskAttributeResponse> {
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
        creation_time: timestamp(wire),
        finished_time: timestamp(wire),
        operation_progress_set: list(operation_progress(wire)),
    })
}

pub(crate) fn task(wire: Wire) -> BoxedStrategy<Task> {
    build!(Task {
        task_id: opt_text(wire),
        task_action: open_enum::<TaskAction>(TaskAction::VALUES, wire),
        task_status: open_enum::<TaskStatus>(TaskStatus::VALUES, wire),
        support_cancel: any::<Option<bool>>(),
        creation_time: timestamp(wire),
        finished_time: timestamp(wire),
        resource_id: opt_text(wire),
    })
}

pub(crate) fn describe_tasks(wire: Wire) -> BoxedStrategy<DescribeTasksResponse> {
    build!(DescribeTasksResponse {
        request_id: opt_text(wire),
        region_id: opt_text(wire),
        total_count: any::<Option<i32>>(),
        page_number: any::<Option<i32>>(),
        page_size: any::<Option<i32>>(),
        task_set: list(task(wire)),
    })
}

pub(crate) fn describe_regions(wire: Wire) -> BoxedStrategy<DescribeRegionsResponse> {
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

pub(crate) fn import_image(wire: Wire) -> BoxedStrategy<ImportImageResponse> {
    build!(ImportImageResponse {
        request_id: opt_text(wire),
        region_id: opt_text(wire),
        image_id: opt_text(wire),
        task_id: opt_text(wire),
    })
}

pub(crate) fn export_image(wire: Wire) -> BoxedStrategy<ExportImageResponse> {
    build!(ExportImageResponse {
        request_id: opt_text(wire),
        region_id: opt_text(wire),
        task_id: opt_text(wire),
    })
}

pub(crate) fn cancel_task(wire: Wire) -> BoxedStrategy<CancelTaskResponse> {
    build!(CancelTaskResponse {
        request_id: opt_text(wire)
    })
}

pub(crate) fn error_response(wire: Wire) -> BoxedStrategy<ErrorResponse> {
    build!(ErrorResponse {
        request_id: opt_text(wire),
        host_id: opt_text(wire),
        code: opt_text(wire),
        message: opt_text(wire),
        recommend: opt_text(wire),
    })
}
