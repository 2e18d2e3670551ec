//! `image export` and `image import`: start the task, then print it or, with `--wait`, follow
//! it to its end and print the finished task.

use alicloud_ecs::model::import_image::DiskDeviceMapping;
use alicloud_ecs::model::{ExportImageResponse, ImportImageResponse};

use super::Ctx;
use super::task::{hint_wait, wait_and_show};
use crate::cli::{ExportArgs, ImageCommand, ImportArgs};
use crate::failure::Failure;
use crate::output::{Table, or_dash};

/// Run an `image` command.
pub(super) async fn run(ctx: &Ctx, command: ImageCommand) -> Result<(), Failure> {
    match command {
        ImageCommand::Export(args) => export(ctx, args).await,
        ImageCommand::Import(args) => import(ctx, args).await,
    }
}

async fn export(ctx: &Ctx, args: ExportArgs) -> Result<(), Failure> {
    let mut call = ctx
        .client
        .export_image()
        .image_id(args.image_id)
        .oss_bucket(args.oss_bucket);
    if let Some(prefix) = args.oss_prefix {
        call = call.oss_prefix(prefix);
    }
    if let Some(format) = args.format {
        call = call.image_format(format);
    }
    if let Some(role) = args.role_name {
        call = call.role_name(role);
    }
    let response = call.send().await?;
    let task_id = response.task_id.clone().unwrap_or_default();
    if args.wait.wait {
        return wait_and_show(ctx, &task_id, &args.wait.poll).await;
    }
    ctx.output.show(&response, export_table)?;
    hint_wait(ctx, &task_id)
}

async fn import(ctx: &Ctx, args: ImportArgs) -> Result<(), Failure> {
    let mut disk = DiskDeviceMapping::new()
        .oss_bucket(args.oss_bucket)
        .oss_object(args.oss_object);
    if let Some(format) = args.format {
        disk = disk.format(format);
    }
    if let Some(size) = args.disk_size {
        disk = disk.disk_image_size(size);
    }
    let mut call = ctx.client.import_image().disk_device_mapping([disk]);
    if let Some(os_type) = args.os_type {
        call = call.os_type(os_type);
    }
    if let Some(platform) = args.platform {
        call = call.platform(platform);
    }
    if let Some(architecture) = args.architecture {
        call = call.architecture(architecture);
    }
    if let Some(name) = args.image_name {
        call = call.image_name(name);
    }
    if let Some(description) = args.description {
        call = call.description(description);
    }
    if let Some(mode) = args.boot_mode {
        call = call.boot_mode(mode);
    }
    if let Some(license) = args.license_type {
        call = call.license_type(license);
    }
    if let Some(role) = args.role_name {
        call = call.role_name(role);
    }
    if let Some(token) = args.client_token {
        call = call.client_token(token);
    }
    let response = call.send().await?;
    let task_id = response.task_id.clone().unwrap_or_default();
    if args.wait.wait {
        return wait_and_show(ctx, &task_id, &args.wait.poll).await;
    }
    ctx.output.show(&response, import_table)?;
    hint_wait(ctx, &task_id)
}

fn export_table(response: &ExportImageResponse) -> String {
    let mut table = Table::key_value();
    table
        .pair("TaskId", or_dash(response.task_id.as_deref()))
        .pair("Region", or_dash(response.region_id.as_deref()))
        .pair("RequestId", or_dash(response.request_id.as_deref()));
    table.render()
}

fn import_table(response: &ImportImageResponse) -> String {
    let mut table = Table::key_value();
    table
        .pair("TaskId", or_dash(response.task_id.as_deref()))
        .pair("ImageId", or_dash(response.image_id.as_deref()))
        .pair("Region", or_dash(response.region_id.as_deref()))
        .pair("RequestId", or_dash(response.request_id.as_deref()));
    table.render()
}
