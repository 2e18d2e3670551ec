//! Reads arbitrary bytes as JSON into every response type. Whatever parses must write back with
//! `to_json` and read back to an equal value.
#![no_main]

use alicloud_ecs_model::{
    CancelTaskResponse, DescribeRegionsResponse, DescribeTaskAttributeResponse,
    DescribeTasksResponse, ErrorResponse, ExportImageResponse, ImportImageResponse, Shape,
    from_json, to_json,
};
use libfuzzer_sys::fuzz_target;

/// Parses `data` as `T`; a success must survive `to_json` and `from_json` unchanged.
fn round_trip<T>(data: &[u8])
where
    T: Shape + PartialEq + std::fmt::Debug,
{
    let Ok(value) = from_json::<T>(data) else {
        return;
    };
    let written = to_json(&value).expect("a parsed value writes as JSON");
    let again: T = from_json(written.as_bytes())
        .unwrap_or_else(|e| panic!("written JSON does not read back: {e}\n{written}"));
    assert_eq!(value, again, "JSON round trip changed the value\n{written}");
}

fuzz_target!(|data: &[u8]| {
    round_trip::<DescribeTaskAttributeResponse>(data);
    round_trip::<DescribeTasksResponse>(data);
    round_trip::<CancelTaskResponse>(data);
    round_trip::<ImportImageResponse>(data);
    round_trip::<ExportImageResponse>(data);
    round_trip::<DescribeRegionsResponse>(data);
    round_trip::<ErrorResponse>(data);
});
