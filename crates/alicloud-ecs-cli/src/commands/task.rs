//! `task describe | list | cancel | wait`, and the waiting shared with `image … --wait`.

use std::io::Write;
use std::time::Duration;

use alicloud_ecs::WaitError;
use alicloud_ecs::model::{
    CancelTaskResponse, DescribeTaskAttributeResponse, DescribeTasksResponse, Task,
};

use super::Ctx;
use crate::cli::{ListArgs, PollArgs, TaskCommand};
use crate::failure::Failure;
use crate::output::{Table, or_dash};
use crate::progress::Progress;

/// How often to poll the in-process emulator, whose tasks take seconds.
const EMULATOR_INTERVAL: Duration = Duration::from_millis(500);

/// Tasks per page with `--all` when `--page-size` is not given.
const ALL_PAGE_SIZE: i32 = 50;

/// Tasks per page of a single page when `--page-size` is not given (the service's default).
const PAGE_SIZE: i32 = 10;

/// Run a `task` command.
pub(super) async fn run(ctx: &Ctx, command: TaskCommand) -> Result<(), Failure> {
    match command {
        TaskCommand::Describe { task_id } => {
            let task = ctx
                .client
                .describe_task_attribute()
                .task_id(task_id)
                .send()
                .await?;
            show_task(ctx, &task)
        }
        TaskCommand::List(args) => list(ctx, &args).await,
        TaskCommand::Cancel { task_id } => {
            let response = ctx.client.cancel_task().task_id(&task_id).send().await?;
            ctx.output
                .show(&response, |r| cancelled_table(&task_id, r))?;
            Ok(())
        }
        TaskCommand::Wait { task_id, poll } => wait_and_show(ctx, &task_id, &poll).await,
    }
}

/// Print one task: its response as JSON, or a key/value table.
pub(super) fn show_task(ctx: &Ctx, task: &DescribeTaskAttributeResponse) -> Result<(), Failure> {
    ctx.output.show(task, task_table)?;
    Ok(())
}

/// Wait for `task_id` with a progress display, then print the task as it ended.
pub(super) async fn wait_and_show(
    ctx: &Ctx,
    task_id: &str,
    poll: &PollArgs,
) -> Result<(), Failure> {
    let progress = Progress::new(task_id);
    let mut waiter = ctx
        .client
        .wait_for_task(task_id)
        .max_wait(poll.timeout)
        .on_progress(progress.callback());
    let interval = poll.interval.or(ctx.emulated.then_some(EMULATOR_INTERVAL));
    if let Some(interval) = interval {
        waiter = waiter.interval(interval).max_interval(interval);
    }
    let result = waiter.wait().await;
    progress.finish();
    let error = match result {
        Ok(task) => return show_task(ctx, &task),
        Err(WaitError::Operation(e)) => return Err(Failure::Api(e)),
        Err(error) => error,
    };
    match &error {
        WaitError::Failed(failure) => show_task(ctx, &failure.response)?,
        WaitError::TimedOut {
            last: Some(last), ..
        } => show_task(ctx, last)?,
        _ => {}
    }
    Err(Failure::Wait {
        task_id: task_id.to_owned(),
        error,
    })
}

async fn list(ctx: &Ctx, args: &ListArgs) -> Result<(), Failure> {
    let mut call = ctx.client.describe_tasks();
    if let Some(status) = &args.status {
        call = call.task_status(status.as_str());
    }
    if let Some(action) = &args.action {
        call = call.task_action(action.as_str());
    }
    if !args.ids.is_empty() {
        call = call.task_ids(args.ids.iter().cloned());
    }
    if let Some(since) = args.since.clone() {
        call = call.start_time(since);
    }
    if let Some(until) = args.until.clone() {
        call = call.end_time(until);
    }
    if !args.all {
        let page = call
            .page_number(args.page)
            .page_size(args.page_size.unwrap_or(PAGE_SIZE))
            .send()
            .await?;
        ctx.output.show(&page, page_table)?;
        return Ok(());
    }
    let mut pages = call
        .into_paginator()
        .page_size(i64::from(args.page_size.unwrap_or(ALL_PAGE_SIZE)));
    let mut merged = DescribeTasksResponse::default();
    while let Some(page) = pages.next_page().await {
        let page = page?;
        merged.request_id = page.request_id;
        merged.region_id = page.region_id;
        merged.task_set.extend(page.task_set);
    }
    let count = i32::try_from(merged.task_set.len()).unwrap_or(i32::MAX);
    merged.total_count = Some(count);
    merged.page_number = Some(1);
    merged.page_size = Some(count);
    ctx.output.show(&merged, |all| {
        let mut text = tasks_table(&all.task_set);
        text.push_str(&format!("{count} task{}\n", plural(count)));
        text
    })?;
    Ok(())
}

/// The key/value table of one task, then its operations and their related items.
fn task_table(task: &DescribeTaskAttributeResponse) -> String {
    let mut table = Table::key_value();
    table
        .pair("TaskId", or_dash(task.task_id.as_deref()))
        .pair("Region", or_dash(task.region_id.as_deref()))
        .pair("Action", or_dash(task.task_action.as_ref()))
        .pair("Status", or_dash(task.task_status.as_ref()))
        .pair("Progress", or_dash(task.task_process.as_deref()))
        .pair("SupportCancel", or_dash(task.support_cancel))
        .pair("Counts", counts(task))
        .pair("Created", or_dash(task.creation_time.as_ref()))
        .pair("Finished", or_dash(task.finished_time.as_ref()));
    for (n, operation) in task.operation_progress_set.iter().enumerate() {
        table.pair(
            &format!("Operation {}", n + 1),
            or_dash(operation.operation_status.as_ref()),
        );
        let code = operation.error_code.as_deref().filter(|c| !c.is_empty());
        let message = operation.error_msg.as_deref().filter(|m| !m.is_empty());
        if code.is_some() || message.is_some() {
            let error = [code, message].into_iter().flatten().collect::<Vec<_>>();
            table.pair("  Error", error.join(": "));
        }
        for item in &operation.related_item_set {
            table.pair(
                &format!("  {}", item.name.as_deref().unwrap_or("-")),
                or_dash(item.value.as_deref()),
            );
        }
    }
    table.pair("RequestId", or_dash(task.request_id.as_deref()));
    table.render()
}

/// `1 total, 1 succeeded, 0 failed`.
fn counts(task: &DescribeTaskAttributeResponse) -> String {
    match (task.total_count, task.success_count, task.failed_count) {
        (None, None, None) => "-".to_owned(),
        (total, success, failed) => format!(
            "{} total, {} succeeded, {} failed",
            or_dash(total),
            or_dash(success),
            or_dash(failed)
        ),
    }
}

fn page_table(page: &DescribeTasksResponse) -> String {
    let mut text = tasks_table(&page.task_set);
    let number = page.page_number.unwrap_or(1);
    let size = page.page_size.filter(|s| *s > 0).unwrap_or(PAGE_SIZE);
    let total = page.total_count.unwrap_or(0);
    let pages = ((total + size - 1) / size).max(1);
    text.push_str(&format!(
        "page {number} of {pages}, {total} task{} in all",
        plural(total)
    ));
    if number < pages {
        text.push_str(&format!("; next: --page {}, or --all", number + 1));
    }
    text.push('\n');
    text
}

fn tasks_table(tasks: &[Task]) -> String {
    if tasks.is_empty() {
        return "no tasks\n".to_owned();
    }
    let mut table = Table::with_header(&[
        "TASK ID", "ACTION", "STATUS", "CREATED", "FINISHED", "RESOURCE",
    ]);
    for task in tasks {
        table.row([
            or_dash(task.task_id.as_deref()),
            or_dash(task.task_action.as_ref()),
            or_dash(task.task_status.as_ref()),
            or_dash(task.creation_time.as_ref()),
            or_dash(task.finished_time.as_ref()),
            or_dash(task.resource_id.as_deref()),
        ]);
    }
    table.render()
}

fn cancelled_table(task_id: &str, response: &CancelTaskResponse) -> String {
    let mut table = Table::key_value();
    table
        .pair("TaskId", task_id)
        .pair("Result", "cancel requested")
        .pair("RequestId", or_dash(response.request_id.as_deref()));
    table.render()
}

fn plural(n: i32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Tell how to follow a task started without `--wait`.
pub(super) fn hint_wait(ctx: &Ctx, task_id: &str) -> Result<(), Failure> {
    if ctx.output.is_json() || ctx.emulated {
        return Ok(());
    }
    let mut stderr = std::io::stderr().lock();
    writeln!(stderr, "follow it with: alicloud-ecs task wait {task_id}")?;
    Ok(())
}
