//! Answering any operation of the spec that has no module of its own, from its response
//! schema: written once, the same for every operation.
//!
//! The body has every field of the schema (see [`Value::sample`]), a fresh `RequestId`, and
//! the request's own scalar parameters echoed into the fields of the same name at any depth
//! (`RegionId`, `InstanceId`, `PageSize`, …) where they fit the field's type. A paged
//! operation answers its last page: the output token (`NextToken`) is empty and the total
//! count is the number of items (one). An operation without a response schema answers
//! `{"RequestId": …}`. `DryRun=true` gives `DryRunOperation` where the operation takes it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use alicloud_ecs_model::spec::{Kind, OperationSpec, PaginatorSpec, ParamStyle};
use alicloud_ecs_model::{Format, Timestamp};
use bytes::Bytes;
use http::Response;

use super::Params;
use super::check::dry_run;
use super::schema_value::{Value, echo};
use crate::clock::from_ms;
use crate::respond::{ApiError, Ctx};
use crate::service::Inner;

/// Run the operation.
pub(super) fn run(
    inner: &Inner,
    op: &'static OperationSpec,
    params: &Params<'_>,
    ctx: &Ctx,
) -> Result<Response<Bytes>, ApiError> {
    dry_run(op, params)?;
    let time = Timestamp::from(from_ms(inner.clock.now_ms())).to_string();
    let body = answer(op, params, &ctx.request_id, &time);
    let text = match ctx.format {
        Format::Xml => body.to_xml(&format!("{}Response", op.action)),
        _ => body.to_json(),
    };
    Ok(ctx.ok_text(text))
}

/// The body answering `params`; `time` fills date-time fields without an example.
pub(crate) fn answer(
    op: &'static OperationSpec,
    params: &Params<'_>,
    request_id: &str,
    time: &str,
) -> Value {
    let mut body = Value::clone(&skeleton(op, time));
    if let Some(schema) = op.response.as_ref().filter(|s| s.kind == Kind::Object) {
        // The request's scalar parameters, looked up once.
        let echoed: Vec<(&str, &str)> = op
            .params
            .iter()
            .filter(|p| p.style == ParamStyle::Simple)
            .filter(|p| !matches!(p.schema.kind, Kind::Array | Kind::Object))
            .filter_map(|p| Some((p.name.as_str(), params.optional(&p.name)?)))
            .collect();
        if !echoed.is_empty() {
            let given = |name: &str| {
                echoed
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, value)| *value)
            };
            echo(&mut body, schema, &given);
            // An echoed paging field must not undo the last page.
            last_page(op, &mut body);
        }
    }
    body.set_first("RequestId", Value::Text(request_id.to_owned()));
    body
}

/// Per operation, the time its skeleton was built for and the skeleton.
type Skeletons = HashMap<&'static str, (String, Arc<Value>)>;

/// The answer of `op` before the request's own values: the schema's sample as the last page.
/// It only changes with `time`, so it is built once per operation and time, then shared.
fn skeleton(op: &'static OperationSpec, time: &str) -> Arc<Value> {
    static CACHE: OnceLock<Mutex<Skeletons>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some((_, body)) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(op.action)
        .filter(|(at, _)| at == time)
    {
        return body.clone();
    }
    let mut body = match &op.response {
        Some(schema) if schema.kind == Kind::Object => Value::sample(schema, time),
        _ => Value::Object(Vec::new()),
    };
    last_page(op, &mut body);
    let body = Arc::new(body);
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(op.action, (time.to_owned(), body.clone()));
    body
}

/// Make `body` the last page of a paged operation.
fn last_page(op: &OperationSpec, body: &mut Value) {
    let (total, items) = match &op.paginator {
        Some(PaginatorSpec::Numbered {
            total_count, items, ..
        }) => (total_count.as_deref(), items),
        Some(PaginatorSpec::Token {
            next_token,
            output_token,
            items,
            ..
        }) => {
            let token = output_token.as_deref().unwrap_or(next_token);
            if let Some(field) = body.path_mut(token) {
                *field = Value::Text(String::new());
            }
            (Some("TotalCount"), items)
        }
        _ => return,
    };
    let count = body.path_mut(items).map_or(0, |v| v.item_count());
    if let Some(field) = total.and_then(|path| body.path_mut(path)) {
        *field = Value::Int(i64::try_from(count).unwrap_or(i64::MAX));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alicloud_ecs_model::spec;

    fn json(action: &str, pairs: Vec<(&str, &str)>) -> serde_json::Value {
        let op = spec::operation(action).unwrap();
        let body = answer(op, &Params::new(pairs), "R-1", "2024-01-02T03:04:05Z");
        serde_json::from_str(&body.to_json()).unwrap()
    }

    #[test]
    fn numbered_pages_are_the_last_with_echoed_paging() {
        let body = json(
            "DescribeInstances",
            vec![
                ("RegionId", "cn-beijing"),
                ("PageSize", "5"),
                ("PageNumber", "x"),
            ],
        );
        assert_eq!(body["RequestId"], "R-1");
        assert_eq!(body["PageSize"], 5);
        assert_eq!(body["TotalCount"], 1);
        assert_eq!(body["Instances"]["Instance"].as_array().unwrap().len(), 1);
        assert_eq!(body["Instances"]["Instance"][0]["RegionId"], "cn-beijing");
    }

    #[test]
    fn token_pages_end_with_an_empty_token() {
        let body = json(
            "DescribeInvocationResults",
            vec![("RegionId", "cn-beijing"), ("NextToken", "abc")],
        );
        assert_eq!(body["Invocation"]["NextToken"], "");
        let tokens = spec::actions()
            .filter_map(|(a, _)| spec::operation(a))
            .filter(|op| matches!(op.paginator, Some(PaginatorSpec::Token { .. })))
            .count();
        assert!(tokens > 10, "{tokens}");
    }

    #[test]
    fn request_ids_spelt_otherwise_are_set_too() {
        let body = json("EipNotifyPaid", vec![]);
        assert_eq!(
            (&body["RequestId"], &body["requestId"]),
            (&"R-1".into(), &"R-1".into())
        );
    }

    #[test]
    fn no_schema_means_only_the_request_id() {
        let body = json("CloneDisks", vec![("RegionId", "r")]);
        assert_eq!(body, serde_json::json!({"RequestId": "R-1"}));
    }
}
