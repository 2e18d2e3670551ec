//! `--wait-for PATH=VALUE`: call the operation again and again until the first value at `PATH`
//! in its response is `VALUE`, like `aliyun … --waiter expr=PATH to=VALUE`, with a spinner (or
//! one line per change) on stderr.

use std::time::{Duration, Instant};

use alicloud_ecs::model::spec::OperationSpec;

use super::args::{AnyArgs, WaitFor};
use super::json::text;
use super::{Body, fetch};
use crate::commands::Ctx;
use crate::progress::Watch;

/// The shortest pause between calls.
const MIN_INTERVAL: Duration = Duration::from_millis(10);

/// How often to call when `--interval` is not given.
const INTERVAL: Duration = Duration::from_secs(5);

/// How often to call the in-process emulator, whose tasks take seconds.
const EMULATOR_INTERVAL: Duration = Duration::from_millis(500);

/// How a wait ended.
#[derive(Debug)]
pub(super) enum Waited {
    /// The value was seen; the response that had it.
    Reached(Body),
    /// Time ran out: the last response, and what to tell.
    TimedOut {
        /// The last response.
        last: Body,
        /// The message for stderr.
        message: String,
    },
}

/// Call `op` until `condition` holds or `args.timeout` would pass before the next call.
pub(super) async fn until(
    ctx: &Ctx,
    op: &OperationSpec,
    params: &[(String, String)],
    args: &AnyArgs,
    condition: &WaitFor,
) -> Result<Waited, crate::failure::Failure> {
    // Never a tight loop against the API, whatever `--interval` says.
    let interval = args
        .interval
        .unwrap_or(if ctx.emulated {
            EMULATOR_INTERVAL
        } else {
            INTERVAL
        })
        .max(MIN_INTERVAL);
    let path = condition.path.as_str();
    let mut watch = Watch::new(&format!("{} {path}", op.action));
    let started = Instant::now();
    let mut polls = 0u32;
    loop {
        let body = match fetch(ctx, op, params).await {
            Ok(body) => body,
            Err(e) => {
                watch.finish();
                return Err(e);
            }
        };
        polls += 1;
        let seen = condition.path.first(&body.value).map(|v| text(&v));
        watch.update(seen.as_deref().unwrap_or("(absent)"));
        if seen.as_deref() == Some(condition.value.as_str()) {
            watch.finish();
            return Ok(Waited::Reached(body));
        }
        let elapsed = started.elapsed();
        if elapsed.saturating_add(interval) > args.timeout {
            watch.finish();
            let last = seen.map_or_else(|| "absent".to_owned(), |s| format!("{s:?}"));
            let message = format!(
                "{path} did not become {:?} within {:.1}s ({polls} call{}); last seen {last}",
                condition.value,
                elapsed.as_secs_f64(),
                if polls == 1 { "" } else { "s" }
            );
            return Ok(Waited::TimedOut {
                last: body,
                message,
            });
        }
        tokio::time::sleep(interval).await;
    }
}
