//! The import journey: import a disk image from OSS, wait until the image is `Available`,
//! run an instance from it, and wait until the instance is `Running`.
//!
//! ```text
//! ALICLOUD_REGION_ID=cn-hangzhou ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=… \
//!   cargo run -p alicloud-ecs --example import_and_run -- BUCKET OBJECT SECURITY_GROUP VSWITCH
//! ```

#![allow(clippy::print_stdout)] // An example prints what it does.

use std::time::Duration;

use alicloud_ecs::Client;
use alicloud_ecs::model::import_image::DiskDeviceMapping;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bucket, object, security_group, vswitch] = args.as_slice() else {
        return Err("usage: import_and_run BUCKET OBJECT SECURITY_GROUP VSWITCH".into());
    };
    let client = Client::from_env()?;

    let import = client
        .import_image()
        .image_name("imported-from-rust")
        .disk_device_mapping([DiskDeviceMapping::new()
            .oss_bucket(bucket.as_str())
            .oss_object(object.as_str())
            .format("QCOW2")])
        .send()
        .await?;
    let image_id = import.image_id.ok_or("ImportImage returned no ImageId")?;
    println!(
        "importing {image_id} (task {})",
        import.task_id.as_deref().unwrap_or("-")
    );

    client
        .wait_until_image_available(image_id.as_str())
        .max_wait(Duration::from_secs(3 * 3600))
        .on_progress(|p| println!("  image: {:?} after {:?}", p.states, p.elapsed))
        .wait()
        .await?;

    let run = client
        .run_instances()
        .image_id(image_id.as_str())
        .instance_type("ecs.g7.large")
        .security_group_id(security_group.as_str())
        .v_switch_id(vswitch.as_str())
        .amount(1)
        .send()
        .await?;
    let instance_id = run
        .instance_id_sets
        .into_iter()
        .next()
        .ok_or("RunInstances returned no instance")?;
    println!("starting {instance_id}");

    client
        .wait_until_instance_running(instance_id.as_str())
        .max_wait(Duration::from_secs(600))
        .wait()
        .await?;
    println!("{instance_id} is running");
    Ok(())
}
