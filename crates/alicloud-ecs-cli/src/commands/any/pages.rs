//! `--all-pages`: follow the operation's paginator and merge the pages into one response.
//!
//! Numbered paginators ask for page 1, 2, … until `TotalCount` items have been read or a page
//! comes back short or empty; token paginators follow the output token until it is empty, and
//! stop with an error if the service hands back a token it gave before. The merged response is
//! the first page's, with the items of every page at the paginator's `items` path (a list, or
//! a wrapper holding one, e.g. `TaskSet.Task`); `TotalCount` (or `PageSize`) becomes the
//! number of items, `PageNumber` 1, and the output token is removed.

use std::collections::HashSet;

use alicloud_ecs::model::spec::{OperationSpec, PaginatorSpec};
use serde_json::Value;

use super::json::{as_u64, field, field_mut, list_at, unwrap_list_mut};
use super::{Body, fetch};
use crate::commands::Ctx;
use crate::failure::Failure;

/// Give up after this many pages: no ECS listing is that long, a service looping is.
const MAX_PAGES: u64 = 10_000;

/// Every page of `op` with `params`, merged.
pub(super) async fn all(
    ctx: &Ctx,
    op: &OperationSpec,
    paginator: &PaginatorSpec,
    params: &[(String, String)],
) -> Result<Body, Failure> {
    let mut params = params.to_vec();
    match paginator {
        PaginatorSpec::Numbered {
            page_number,
            page_size,
            total_count,
            items,
        } => {
            default_size(op, page_size, &mut params);
            let names = Numbered {
                page_number,
                page_size,
                total_count: total_count.as_deref(),
                items,
            };
            numbered(ctx, op, &names, params).await
        }
        PaginatorSpec::Token {
            next_token,
            max_results,
            output_token,
            items,
        } => {
            if let Some(max) = max_results {
                default_size(op, max, &mut params);
            }
            let output = output_token.as_deref().unwrap_or(next_token);
            token(ctx, op, (next_token, output), items, params).await
        }
        _ => Err(Failure::Usage(format!(
            "{}: its kind of paging is not known to this version",
            op.action
        ))),
    }
}

/// The wire names of a numbered paginator.
struct Numbered<'a> {
    page_number: &'a str,
    page_size: &'a str,
    total_count: Option<&'a str>,
    items: &'a str,
}

async fn numbered(
    ctx: &Ctx,
    op: &OperationSpec,
    names: &Numbered<'_>,
    mut params: Vec<(String, String)>,
) -> Result<Body, Failure> {
    let size = get(&params, names.page_size).and_then(|s| s.parse::<u64>().ok());
    let start = get(&params, names.page_number)
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(1);
    let mut read = Vec::new();
    let mut first = None;
    for page in start..start.saturating_add(MAX_PAGES) {
        set(&mut params, names.page_number, page.to_string());
        let body = fetch(ctx, op, &params).await?.value;
        let got = list_at(&body, names.items).cloned().unwrap_or_default();
        let total = names
            .total_count
            .and_then(|t| field(&body, t))
            .and_then(as_u64);
        let size = size.or_else(|| field(&body, names.page_size).and_then(as_u64));
        let n = got.len() as u64;
        read.extend(got);
        let first = first.get_or_insert(body);
        let seen = size.map_or(read.len() as u64, |s| page.saturating_mul(s));
        if n == 0 || total.is_some_and(|t| seen >= t) || size.is_some_and(|s| n < s) {
            let mut merged = std::mem::take(first);
            let count = Value::from(read.len());
            for name in names.total_count.iter().chain([&names.page_size]) {
                replace(&mut merged, name, count.clone());
            }
            replace(&mut merged, names.page_number, Value::from(1));
            return Ok(merge(merged, names.items, read));
        }
    }
    Err(too_many(op))
}

async fn token(
    ctx: &Ctx,
    op: &OperationSpec,
    (next_token, output): (&str, &str),
    items: &str,
    mut params: Vec<(String, String)>,
) -> Result<Body, Failure> {
    let mut tokens: HashSet<String> = get(&params, next_token).into_iter().collect();
    let mut read = Vec::new();
    let mut first = None;
    for pages in 1..=MAX_PAGES {
        let body = fetch(ctx, op, &params).await?.value;
        read.extend(list_at(&body, items).cloned().unwrap_or_default());
        let token = field(&body, output)
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        let first = first.get_or_insert(body);
        let Some(token) = token else {
            let mut merged = std::mem::take(first);
            remove(&mut merged, output);
            return Ok(merge(merged, items, read));
        };
        if !tokens.insert(token.clone()) {
            return Err(Failure::Unexpected(format!(
                "{}: the service handed back {output} {token:?} a second time; \
                 stopped after {pages} pages instead of looping",
                op.action
            )));
        }
        set(&mut params, next_token, token);
    }
    Err(too_many(op))
}

fn too_many(op: &OperationSpec) -> Failure {
    Failure::Unexpected(format!(
        "{}: still more pages after {MAX_PAGES}; stopped",
        op.action
    ))
}

/// Ask for the largest pages the parameter allows, unless the command line chose a size.
fn default_size(op: &OperationSpec, name: &str, params: &mut Vec<(String, String)>) {
    if get(params, name).is_none()
        && let Some(max) = op.param(name).and_then(|p| p.schema.maximum.clone())
    {
        params.push((name.to_owned(), max));
    }
}

fn get(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

fn set(params: &mut Vec<(String, String)>, name: &str, value: String) {
    match params.iter_mut().find(|(n, _)| n == name) {
        Some((_, v)) => *v = value,
        None => params.push((name.to_owned(), value)),
    }
}

/// Replace the field at `path` when the response has it.
fn replace(body: &mut Value, path: &str, value: Value) {
    if let Some(slot) = field_mut(body, path) {
        *slot = value;
    }
}

fn remove(body: &mut Value, path: &str) {
    let (parent, name) = match path.rsplit_once('.') {
        Some((parent, name)) => (field_mut(body, parent), name),
        None => (Some(body), path),
    };
    if let Some(Value::Object(fields)) = parent {
        fields.remove(name);
    }
}

/// `body` with `read` as its items.
fn merge(mut body: Value, items: &str, read: Vec<Value>) -> Body {
    match field_mut(&mut body, items).and_then(unwrap_list_mut) {
        Some(list) => *list = read,
        None if !read.is_empty() => {
            // The first page had no list to hold them: put them where the paginator says.
            if let Some(fields) = body.as_object_mut() {
                fields.insert(items.to_owned(), Value::Array(read));
            }
        }
        None => {}
    }
    Body {
        raw: None,
        value: body,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use alicloud_ecs::model::spec;
    use alicloud_ecs::{Client, Credentials};
    use alicloud_transport::{HttpRequest, HttpResponse, Transport, TransportFuture};
    use serde_json::json;

    use super::*;
    use crate::cli::OutputMode;
    use crate::output::Output;

    /// Answers each request with the next body, the last one again when they run out.
    #[derive(Debug, Clone)]
    struct Pages(Arc<Mutex<VecDeque<Value>>>);

    impl Transport for Pages {
        fn send(&self, _request: HttpRequest) -> TransportFuture {
            let mut bodies = self.0.lock().unwrap();
            let body = if bodies.len() > 1 {
                bodies.pop_front().unwrap()
            } else {
                bodies[0].clone()
            };
            TransportFuture::ready(Ok(HttpResponse::new(body.to_string().into())))
        }
    }

    fn ctx(bodies: Vec<Value>) -> Ctx {
        let client = Client::builder()
            .endpoint("https://ecs.example.com")
            .region("cn-hangzhou")
            .credentials(Credentials::new("ak", "sk"))
            .transport(Pages(Arc::new(Mutex::new(bodies.into()))))
            .build()
            .unwrap();
        Ctx {
            client,
            output: Output::new(Some(OutputMode::Json)),
            emulated: false,
        }
    }

    async fn instances(bodies: Vec<Value>) -> Result<Body, Failure> {
        let op = spec::operation("DescribeInstances").unwrap();
        let paginator = op.paginator.as_ref().unwrap();
        let params = [("RegionId".to_owned(), "cn-hangzhou".to_owned())];
        all(&ctx(bodies), op, paginator, &params).await
    }

    fn page(token: &str, ids: &[&str]) -> Value {
        let items: Vec<Value> = ids.iter().map(|id| json!({"InstanceId": id})).collect();
        json!({"RequestId": "r", "NextToken": token, "Instances": {"Instance": items}})
    }

    #[tokio::test]
    async fn tokens_are_followed_to_the_end() {
        let body = instances(vec![
            page("a", &["i-1", "i-2"]),
            page("b", &["i-3"]),
            page("", &[]),
        ])
        .await
        .unwrap();
        assert_eq!(
            body.value,
            json!({"RequestId": "r", "Instances": {"Instance": [
                {"InstanceId": "i-1"}, {"InstanceId": "i-2"}, {"InstanceId": "i-3"}
            ]}})
        );
    }

    #[tokio::test]
    async fn a_token_handed_back_twice_stops_with_an_error() {
        let error = instances(vec![
            page("a", &["i-1"]),
            page("b", &["i-2"]),
            page("a", &["i-1"]),
        ])
        .await
        .unwrap_err();
        assert_eq!(error.exit_code(), crate::failure::EXIT_SERVICE);
        assert!(
            error
                .report()
                .contains("handed back NextToken \"a\" a second time"),
            "{}",
            error.report()
        );
    }

    #[test]
    fn merging_keeps_the_wrapper() {
        let page =
            json!({"TaskSet": {"Task": [1]}, "NextToken": "x", "Invocation": {"NextToken": "y"}});
        let mut merged = merge(page, "TaskSet", vec![json!(1), json!(2)]).value;
        remove(&mut merged, "NextToken");
        remove(&mut merged, "Invocation.NextToken");
        assert_eq!(
            merged,
            json!({"TaskSet": {"Task": [1, 2]}, "Invocation": {}})
        );
        let empty = merge(json!({"R": 1}), "Items", vec![json!("a")]).value;
        assert_eq!(empty, json!({"R": 1, "Items": ["a"]}));
    }

    #[test]
    fn page_sizes_default_to_the_largest_allowed() {
        let op = alicloud_ecs::model::spec::operation("DescribeTasks").unwrap();
        let mut params = vec![];
        default_size(op, "PageSize", &mut params);
        assert_eq!(params, [("PageSize".to_owned(), "100".to_owned())]);
        set(&mut params, "PageSize", "5".to_owned());
        default_size(op, "PageSize", &mut params);
        assert_eq!(get(&params, "PageSize").as_deref(), Some("5"));
    }
}
