//! The emulator's region catalogue: ids, local names, endpoints and one exportable image each.

/// One region the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RegionInfo {
    /// The region id, e.g. `cn-hangzhou`.
    pub(crate) id: &'static str,
    /// The English local name (`AcceptLanguage` other than Chinese).
    pub(crate) name_en: &'static str,
    /// The Chinese local name (`AcceptLanguage=zh-CN`, the default, or `zh_TW`).
    pub(crate) name_zh: &'static str,
    /// An image that exists from the start, so `ExportImage` works out of the box.
    pub(crate) seed_image: &'static str,
}

/// Every region, in the order `DescribeRegions` lists them.
pub(crate) const REGIONS: &[RegionInfo] = &[
    region(
        "cn-qingdao",
        "China (Qingdao)",
        "华北1（青岛）",
        "m-m5eseedimage00",
    ),
    region(
        "cn-beijing",
        "China (Beijing)",
        "华北2（北京）",
        "m-2zeseedimage00",
    ),
    region(
        "cn-zhangjiakou",
        "China (Zhangjiakou)",
        "华北3（张家口）",
        "m-8vbseedimage00",
    ),
    region(
        "cn-hangzhou",
        "China (Hangzhou)",
        "华东1（杭州）",
        "m-23f8tcp8y",
    ),
    region(
        "cn-shanghai",
        "China (Shanghai)",
        "华东2（上海）",
        "m-uf6seedimage00",
    ),
    region(
        "cn-shenzhen",
        "China (Shenzhen)",
        "华南1（深圳）",
        "m-wz9seedimage00",
    ),
    region(
        "cn-hongkong",
        "China (Hong Kong)",
        "中国香港",
        "m-j6cseedimage00",
    ),
    region("ap-southeast-1", "Singapore", "新加坡", "m-t4nseedimage00"),
    region(
        "ap-northeast-1",
        "Japan (Tokyo)",
        "日本（东京）",
        "m-6weseedimage00",
    ),
    region(
        "eu-central-1",
        "Germany (Frankfurt)",
        "德国（法兰克福）",
        "m-gw8seedimage00",
    ),
    region(
        "us-west-1",
        "US (Silicon Valley)",
        "美国（硅谷）",
        "m-rj9seedimage00",
    ),
    region(
        "us-east-1",
        "US (Virginia)",
        "美国（弗吉尼亚）",
        "m-0xiseedimage00",
    ),
];

const fn region(
    id: &'static str,
    name_en: &'static str,
    name_zh: &'static str,
    seed_image: &'static str,
) -> RegionInfo {
    RegionInfo {
        id,
        name_en,
        name_zh,
        seed_image,
    }
}

/// The catalogue entry of `id`.
pub(crate) fn find(id: &str) -> Option<&'static RegionInfo> {
    REGIONS.iter().find(|r| r.id == id)
}

impl RegionInfo {
    /// The endpoint host: `ecs.<region>.aliyuncs.com`, except Hangzhou's hyphenated
    /// `ecs-cn-hangzhou.aliyuncs.com`.
    pub(crate) fn endpoint(&self) -> String {
        if self.id == "cn-hangzhou" {
            "ecs-cn-hangzhou.aliyuncs.com".to_owned()
        } else {
            format!("ecs.{}.aliyuncs.com", self.id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        assert_eq!(
            find("cn-hangzhou").map(|r| r.seed_image),
            Some("m-23f8tcp8y")
        );
        assert_eq!(
            find("cn-hangzhou").map(RegionInfo::endpoint).as_deref(),
            Some("ecs-cn-hangzhou.aliyuncs.com")
        );
        assert_eq!(
            find("eu-central-1").map(RegionInfo::endpoint).as_deref(),
            Some("ecs.eu-central-1.aliyuncs.com")
        );
        assert!(find("cn-atlantis").is_none());
        let mut ids: Vec<_> = REGIONS.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), REGIONS.len());
    }
}
