//! List every instance of a region through the paginator, 100 per page, printing one line
//! per instance as it arrives.
//!
//! ```text
//! ALICLOUD_REGION_ID=cn-hangzhou ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=… \
//!   cargo run -p alicloud-ecs --example list_instances
//! ```

#![allow(clippy::print_stdout)] // An example prints what it does.

use alicloud_ecs::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let mut instances = client
        .describe_instances()
        .into_paginator()
        .page_size(100)
        .items();
    let mut count = 0;
    while let Some(instance) = instances.next().await {
        let instance = instance?;
        count += 1;
        println!(
            "{}\t{}\t{}",
            instance.instance_id.as_deref().unwrap_or("-"),
            instance.status.as_ref().map_or("-", |s| s.as_str()),
            instance.instance_name.as_deref().unwrap_or("-"),
        );
    }
    println!("{count} instances");
    Ok(())
}
