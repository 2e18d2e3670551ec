//! `regions`: the regions and their endpoints.

use alicloud_ecs::model::DescribeRegionsResponse;

use super::Ctx;
use crate::failure::Failure;
use crate::output::{Table, or_dash};

/// List the regions.
pub(super) async fn run(ctx: &Ctx) -> Result<(), Failure> {
    let response = ctx.client.describe_regions().send().await?;
    ctx.output.show(&response, table)?;
    Ok(())
}

fn table(response: &DescribeRegionsResponse) -> String {
    let mut table = Table::with_header(&["REGION", "STATUS", "ENDPOINT", "NAME"]);
    for region in &response.regions {
        table.row([
            or_dash(region.region_id.as_deref()),
            or_dash(region.status.as_ref()),
            or_dash(region.region_endpoint.as_deref()),
            or_dash(region.local_name.as_deref()),
        ]);
    }
    table.render()
}
