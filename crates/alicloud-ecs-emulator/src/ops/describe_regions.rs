//! `DescribeRegions`: the emulator's region catalogue, with local names in the requested
//! language.

use alicloud_ecs_model::{DescribeRegionsResponse, Region, RegionStatus, codes};
use bytes::Bytes;
use http::Response;

use super::Params;
use super::validate::one_of;
use crate::regions::REGIONS;
use crate::respond::{ApiError, Ctx};

const LANGUAGES: &[&str] = &["zh-CN", "zh_TW", "en-US", "ja", "fr", "de", "ko"];
const CHARGE_TYPES: &[&str] = &["PrePaid", "PostPaid", "SpotWithPriceLimit", "SpotAsPriceGo"];
const RESOURCE_TYPES: &[&str] = &["instance", "disk", "reservedinstance", "scu"];

/// Run the operation.
pub(super) fn run(params: &Params<'_>, ctx: &Ctx) -> Result<Response<Bytes>, ApiError> {
    let language = params.optional("AcceptLanguage").unwrap_or("zh-CN");
    one_of(language, LANGUAGES, || {
        ApiError::new(
            404,
            codes::INVALID_ACCEPT_LANGUAGE_NOT_FOUND,
            "Only Chinese (zh-CN), English (en-US), and Japanese (ja) are allowed.",
        )
    })?;
    if let Some(charge) = params.optional("InstanceChargeType") {
        one_of(charge, CHARGE_TYPES, || {
            ApiError::new(
                403,
                codes::INVALID_INSTANCE_CHARGE_TYPE,
                "The specified instanceChargeType is not valid.",
            )
        })?;
    }
    if let Some(kind) = params.optional("ResourceType") {
        one_of(kind, RESOURCE_TYPES, || {
            ApiError::new(
                404,
                codes::INVALID_RESOURCE_TYPE_NOT_FOUND,
                "The ResourceType provided does not exist in our records.",
            )
        })?;
    }
    let chinese = language.to_ascii_lowercase().starts_with("zh");
    let mut response = DescribeRegionsResponse::default();
    response.request_id = Some(ctx.request_id.clone());
    response.regions = REGIONS
        .iter()
        .map(|info| {
            let mut region = Region::default();
            region.region_id = Some(info.id.to_owned());
            region.local_name = Some(if chinese { info.name_zh } else { info.name_en }.to_owned());
            region.region_endpoint = Some(info.endpoint());
            region.status = Some(RegionStatus::Available);
            region
        })
        .collect();
    ctx.ok("DescribeRegionsResponse", &response)
}
