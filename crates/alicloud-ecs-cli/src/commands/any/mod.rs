//! Any ECS operation by name, driven by the spec's facts: `alicloud-ecs DescribeInstances
//! --RegionId cn-hangzhou --PageSize 50`, with the parameters the `aliyun` CLI way.
//!
//! The parameters are checked against the operation's spec before anything is sent (exit 2
//! with the closest valid name for a misspelling); `--region` fills `RegionId`. Then the
//! request is sent as a raw call (or only signed and printed, `--dry-run`), possibly page after
//! page (`--all-pages`) or again and again (`--wait-for`), and the response is printed: as the
//! service wrote it (`--output json`; XML converted through the response schema), or as a table,
//! after `--query` picked a part of it.

mod args;
pub(crate) mod complete;
mod dry_run;
mod help;
mod json;
mod pages;
mod query;
mod table;
mod wait;
mod xml;

use alicloud_ecs::model::spec::{OperationSpec, PaginatorSpec};
use alicloud_ecs::{Client, Format, RawCall, RetryConfig};
use clap::CommandFactory;
use serde_json::Value;

use self::args::AnyArgs;
use self::wait::Waited;
use super::Ctx;
use crate::cli::{Cli, GlobalArgs};
use crate::client::{connect_with, default_region};
use crate::failure::Failure;
use crate::output::write_stdout;

pub(super) use self::help::list_actions;

/// A response, as JSON.
#[derive(Debug)]
pub(crate) struct Body {
    /// The JSON text as the service wrote it (or as its XML converted); `None` once changed,
    /// e.g. pages merged.
    raw: Option<String>,
    /// The parsed response.
    value: Value,
}

/// Run `ACTION [--Name value]… [OPTIONS]`; `words` starts with the action.
pub(super) async fn run(global: &GlobalArgs, words: Vec<String>) -> Result<(), Failure> {
    let Some((action, rest)) = words.split_first() else {
        return Err(Failure::Usage("no action given".to_owned()));
    };
    let op = help::resolve(action).map_err(Failure::Usage)?;
    let globals = global_options();
    let global_kind = |name: &str| {
        globals
            .iter()
            .find(|(long, _)| long == name)
            .map(|(_, takes_value)| *takes_value)
    };
    let args = args::parse(op, rest, global_kind).map_err(Failure::Usage)?;
    let global = &global
        .overlay(&args.globals)
        .map_err(|e| Failure::Usage(format!("after {}: {e}", op.action)))?;
    if args.help {
        write_stdout(&help::operation_help(op))?;
        return Ok(());
    }
    let mut params = args.params.clone();
    fill_region(op, &mut params, global);
    check(op, &params)?;
    if args.all_pages && op.paginator.is_none() {
        return Err(Failure::Usage(format!(
            "{} does not page: --all-pages needs an operation with a paginator",
            op.action
        )));
    }
    if args.all_pages && args.wait_for.is_some() {
        return Err(Failure::Usage(
            "--all-pages and --wait-for cannot be used together".to_owned(),
        ));
    }
    if args.dry_run {
        return dry_run(global, op, &params).await;
    }
    super::with_client(global, async |ctx| call(ctx, op, &args, &params).await).await
}

/// The long names of the global options, and whether each takes a value.
fn global_options() -> Vec<(String, bool)> {
    Cli::command()
        .get_arguments()
        .filter(|a| a.is_global_set())
        .filter_map(|a| {
            let takes_value = a.get_action().takes_values();
            a.get_long().map(|long| (long.to_owned(), takes_value))
        })
        .collect()
}

/// Add `RegionId` from `--region` (or the environment's, the profile's, the emulator's)
/// when the operation takes it and the command line did not give it.
fn fill_region(op: &OperationSpec, params: &mut Vec<(String, String)>, global: &GlobalArgs) {
    let is_region = |name: &str| name.eq_ignore_ascii_case("RegionId");
    let Some(param) = op.params.iter().find(|p| is_region(&p.name)) else {
        return;
    };
    if params.iter().any(|(name, _)| is_region(name)) {
        return;
    }
    if let Some(region) = default_region(global) {
        params.push((param.name.clone(), region));
    }
}

/// The spec's check of the parameters: every problem, or nothing.
fn check(op: &OperationSpec, params: &[(String, String)]) -> Result<(), Failure> {
    let problems = op.check(params.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let see = format!("\n  see: alicloud-ecs {} --help", op.action);
    match problems.as_slice() {
        [] => Ok(()),
        [one] => Err(Failure::Usage(format!("{}: {one}{see}", op.action))),
        many => {
            let mut message = format!(
                "{}: {} problems with the parameters:",
                op.action,
                many.len()
            );
            for problem in many {
                message.push_str(&format!("\n  {problem}"));
            }
            message.push_str(&see);
            Err(Failure::Usage(message))
        }
    }
}

/// Call, page or wait, then print.
async fn call(
    ctx: &Ctx,
    op: &OperationSpec,
    args: &AnyArgs,
    params: &[(String, String)],
) -> Result<(), Failure> {
    if let Some(condition) = &args.wait_for {
        return match wait::until(ctx, op, params, args, condition).await? {
            Waited::Reached(body) => show(ctx, op, args, &body),
            Waited::TimedOut { last, message } => {
                show(ctx, op, args, &last)?;
                Err(Failure::TimedOut(message))
            }
        };
    }
    let body = match (&op.paginator, args.all_pages) {
        (Some(paginator), true) => pages::all(ctx, op, paginator, params).await?,
        _ => fetch(ctx, op, params).await?,
    };
    show(ctx, op, args, &body)
}

/// The request of `op` with `params`, not yet sent. Only idempotent operations, and calls that
/// carry their client token, may be repeated after they may have reached the service.
fn request(client: &Client, op: &OperationSpec, params: &[(String, String)]) -> RawCall {
    let idempotent = op.idempotent
        || op.client_token.as_deref().is_some_and(|token| {
            params
                .iter()
                .any(|(name, v)| name == token && !v.is_empty())
        });
    let mut call = client.call(op.action).idempotent(idempotent);
    for (name, value) in params {
        call = call.param(name, value);
    }
    call
}

/// Send one request and read its response as JSON.
pub(crate) async fn fetch(
    ctx: &Ctx,
    op: &OperationSpec,
    params: &[(String, String)],
) -> Result<Body, Failure> {
    let bytes = request(&ctx.client, op, params).send_bytes().await?;
    let format = ctx.client.config().format();
    decode(op, format, &bytes)
}

/// The body as JSON text and value; XML is shaped by the operation's response schema.
fn decode(op: &OperationSpec, format: Format, bytes: &[u8]) -> Result<Body, Failure> {
    let unreadable =
        |why: String| Failure::Unexpected(format!("the response of {}: {why}", op.action));
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| unreadable(e.to_string()))?;
    if matches!(format, Format::Xml) {
        let value = xml::to_json(&text, op.response.as_ref()).map_err(unreadable)?;
        return Ok(Body { raw: None, value });
    }
    let value = serde_json::from_str(&text).map_err(|e| unreadable(format!("not JSON: {e}")))?;
    Ok(Body {
        raw: Some(text),
        value,
    })
}

/// Print the response: `--query` first, then JSON or a table.
fn show(ctx: &Ctx, op: &OperationSpec, args: &AnyArgs, body: &Body) -> Result<(), Failure> {
    let selected = args
        .query
        .as_ref()
        .map(|q| q.select(&body.value).unwrap_or(Value::Null));
    let text = if ctx.output.is_json() {
        match (&selected, &body.raw) {
            (None, Some(raw)) => json::reindent(raw),
            (Some(_), _) | (None, None) => {
                let value = selected.as_ref().unwrap_or(&body.value);
                serde_json::to_string_pretty(value)
                    .map_err(|e| Failure::Unexpected(e.to_string()))?
            }
        }
    } else {
        let items = match (&op.paginator, &selected) {
            (Some(PaginatorSpec::Numbered { items, .. }), None)
            | (Some(PaginatorSpec::Token { items, .. }), None) => Some(items.as_str()),
            _ => None,
        };
        table::render(
            selected.as_ref().unwrap_or(&body.value),
            items,
            &args.columns,
        )
    };
    write_stdout(&text)?;
    Ok(())
}

/// `--dry-run`: sign the request with a transport that keeps it, then print it.
async fn dry_run(
    global: &GlobalArgs,
    op: &OperationSpec,
    params: &[(String, String)],
) -> Result<(), Failure> {
    let capture = dry_run::Capture::default();
    let transport = capture.clone();
    let session = connect_with(global, |builder| builder.transport(transport)).await?;
    let result = request(&session.client, op, params)
        .retry(RetryConfig::disabled())
        .send_bytes()
        .await;
    session.close().await;
    match (capture.rendered(), result) {
        (Some(text), _) => {
            write_stdout(&text)?;
            Ok(())
        }
        (None, Err(e)) => Err(Failure::Api(e)),
        (None, Ok(_)) => Err(Failure::Unexpected(
            "the request was answered without reaching the transport".to_owned(),
        )),
    }
}
