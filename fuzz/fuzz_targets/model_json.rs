//! Reads arbitrary bytes as JSON into every response type. The streaming reader (`from_json`)
//! must agree with the node-tree reader on every input: the same value, or both an error.
//! Whatever parses must write back with `to_json` and read back to an equal value, and so must
//! the written body rewritten the odd ways Alibaba writes: every one-item list as its bare item
//! (`"Task": {…}`) and every integer as `N.0`, `"N"` or `"N.0"`.
#![no_main]

use alicloud_ecs_model::{
    CancelTaskResponse, DescribeRegionsResponse, DescribeTaskAttributeResponse,
    DescribeTasksResponse, ErrorResponse, ExportImageResponse, Format, ImportImageResponse, Shape,
    from_json, to_json,
};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// Every one-item array replaced by its item, every integer written as `style` says: 0 `N.0`
/// (beyond 2^53, where a double is not exact, `"N.0"`), 1 `"N"`, 2 `"N.0"`.
fn oddly(value: &mut Value, style: usize) {
    match value {
        Value::Array(items) if items.len() == 1 => {
            let mut item = items.remove(0);
            oddly(&mut item, style);
            *value = item;
        }
        Value::Array(items) => items.iter_mut().for_each(|v| oddly(v, style)),
        Value::Object(map) => map.values_mut().for_each(|v| oddly(v, style)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                *value = match style {
                    0 if i.unsigned_abs() <= 1 << 53 => Value::from(i as f64),
                    1 => Value::from(i.to_string()),
                    _ => Value::from(format!("{i}.0")),
                };
            }
        }
        _ => {}
    }
}

/// Parses `data` as `T`; a success must survive `to_json` and `from_json` unchanged.
fn round_trip<T>(data: &[u8])
where
    T: Shape + PartialEq + std::fmt::Debug,
{
    let streamed = from_json::<T>(data);
    let mut via_tree = T::default();
    let tree = alicloud_ecs_model::__private::parse_tree(Format::Json, data, &mut via_tree);
    match (&streamed, &tree) {
        (Ok(value), Ok(())) => assert_eq!(value, &via_tree, "the two readers disagree"),
        (Err(_), Err(_)) => {}
        _ => panic!("the two readers disagree: streamed {streamed:?}, tree {tree:?}"),
    }
    let Ok(value) = streamed else {
        return;
    };
    let written = to_json(&value).expect("a parsed value writes as JSON");
    let again: T = from_json(written.as_bytes())
        .unwrap_or_else(|e| panic!("written JSON does not read back: {e}\n{written}"));
    assert_eq!(value, again, "JSON round trip changed the value\n{written}");

    let mut tree: Value = serde_json::from_str(&written).expect("written JSON is JSON");
    oddly(&mut tree, data.len() % 3);
    let odd = tree.to_string();
    let again: T = from_json(odd.as_bytes())
        .unwrap_or_else(|e| panic!("oddly written JSON does not read back: {e}\n{odd}"));
    assert_eq!(value, again, "oddly written JSON changed the value\n{odd}");
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
