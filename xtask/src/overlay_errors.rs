//! Tests: paths in the overlay that name nothing in the spec fail codegen with a message
//! naming the operation and the path, instead of generating code that reads nothing.

use crate::json::Json;

/// A paged operation whose response holds `TotalCount` and `Things.Thing[].Status`.
const SPEC: &str = r#"{"info": {"version": "2014-05-26"}, "apis": {"DescribeThings": {
  "parameters": [
    {"name": "RegionId", "in": "query", "schema": {"type": "string", "required": true}},
    {"name": "PageNumber", "in": "query", "schema": {"type": "integer", "format": "int32"}},
    {"name": "PageSize", "in": "query", "schema": {"type": "integer", "format": "int32"}},
    {"name": "ThingId", "in": "query", "schema": {"type": "string"}}],
  "responses": {"200": {"schema": {"type": "object", "properties": {
    "TotalCount": {"type": "integer", "format": "int32"},
    "Name": {"type": "string"},
    "Things": {"type": "object", "properties": {"Thing": {"type": "array", "items": {
      "type": "object", "properties": {"Status": {"type": "string"},
                                       "Size": {"type": "integer"}}}}}}}}}}}}}"#;

fn api(overlay: &str) -> crate::ir::Api {
    let spec: Json = serde_json::from_str(SPEC).unwrap();
    let overlay: Json = serde_json::from_str(overlay).unwrap();
    crate::ir::build(&spec, &overlay).unwrap()
}

fn paging(items: &str, total: &str) -> Result<String, String> {
    let api = api(&format!(
        r#"{{"operations": {{"DescribeThings": {{"paginator": {{"pageNumber": "PageNumber",
            "pageSize": "PageSize", "totalCount": "{total}", "items": "{items}"}}}}}}}}"#
    ));
    crate::emit_paging::paginated_impl(&api.ops[0])
}

fn waiting(field: &str) -> Result<String, String> {
    let api = api(&format!(
        r#"{{"waiters": {{"ThingReady": {{"operation": "DescribeThings", "idParam": "ThingId",
            "field": "{field}", "success": ["Ready"], "failure": ["Broken"]}}}}}}"#
    ));
    crate::emit_waiters::render(&api, "// header\n")
}

#[test]
fn a_correct_paginator_and_waiter_render() {
    let paged = paging("Things", "TotalCount").unwrap();
    assert!(paged.contains("impl alicloud_ecs_model::Paginated for DescribeThingsRequest"));
    let waiter = waiting("Things.Thing.Status").unwrap();
    assert!(waiter.contains("pub fn wait_until_thing_ready"), "{waiter}");
}

#[test]
fn paginator_paths_that_name_nothing_fail() {
    let err = paging("Thingz", "TotalCount").unwrap_err();
    assert!(
        err.contains("DescribeThings") && err.contains("no field `Thingz`"),
        "{err}"
    );
    let err = paging("Name", "TotalCount").unwrap_err();
    assert!(err.contains("`Name` is not a list"), "{err}");
    let err = paging("Name.Inner", "TotalCount").unwrap_err();
    assert!(err.contains("`Name` is not a structure"), "{err}");
    // A count may be a number or numeric text, not a structure.
    let err = paging("Things", "Things").unwrap_err();
    assert!(err.contains("`Things` is not a number"), "{err}");
    let err = paging("Things", "Total").unwrap_err();
    assert!(err.contains("no field `Total`"), "{err}");
}

#[test]
fn waiter_paths_that_name_nothing_fail() {
    let err = waiting("Things.Thing.State").unwrap_err();
    assert!(
        err.contains("ThingReady") && err.contains("no field State"),
        "{err}"
    );
    let err = waiting("Things.Thing.Size").unwrap_err();
    assert!(err.contains("is not text"), "{err}");
    let err = waiting("Name.Status").unwrap_err();
    assert!(err.contains("Name is not a structure"), "{err}");
}
