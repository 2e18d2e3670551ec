//! Reading operation parameters: required and optional values, booleans (`true`/`True`),
//! bounded integers, the region, flattened lists (`Name.N` and `Name.N.Field`), and the
//! fingerprint that `ClientToken` idempotency compares.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use alicloud_signer::encode::canonical_query_string;

use crate::regions::{self, RegionInfo};
use crate::respond::ApiError;

/// Common and signature parameters, which are not part of what an operation was asked to do.
const COMMON: &[&str] = &[
    "AccessKeyId",
    "Action",
    "BearerToken",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureType",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// The decoded parameters of one call.
#[derive(Debug)]
pub(crate) struct Params<'a> {
    pairs: Vec<(&'a str, &'a str)>,
}

impl<'a> Params<'a> {
    /// Wrap the decoded pairs.
    pub(crate) fn new(pairs: Vec<(&'a str, &'a str)>) -> Self {
        Self { pairs }
    }

    /// The operation's own parameters: every pair except the common and signature ones, and
    /// except empty values (an empty value counts as absent).
    pub(crate) fn own(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.pairs
            .iter()
            .filter(|(n, v)| !v.is_empty() && !COMMON.contains(n))
            .copied()
    }

    /// The first value of `name`, possibly empty.
    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// The items of the comma-separated `name`, trimmed, empty ones left out.
    pub(crate) fn list(&self, name: &str) -> Option<Vec<&'a str>> {
        self.optional(name).map(|text| {
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .collect()
        })
    }

    /// `DryRunOperation` when the request sets `DryRun`: it passed every check and would have
    /// run.
    pub(crate) fn dry_run(&self) -> Result<(), ApiError> {
        if self.flag("DryRun")? {
            Err(ApiError::dry_run())
        } else {
            Ok(())
        }
    }

    /// The page asked for: `PageNumber` ≥ 1 (default 1), `PageSize` 1–100 (default 10).
    pub(crate) fn page(&self) -> Result<Page, ApiError> {
        Ok(Page {
            number: self.int("PageNumber", 1..=i64::from(i32::MAX), 1)?,
            size: self.int("PageSize", 1..=100, 10)?,
        })
    }

    /// The value of `name` if present and not empty.
    pub(crate) fn optional(&self, name: &str) -> Option<&'a str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// The value of `name`, or `MissingParameter` when absent or empty.
    pub(crate) fn required(&self, name: &str) -> Result<&'a str, ApiError> {
        self.optional(name).ok_or_else(|| ApiError::missing(name))
    }

    /// The catalogue entry of the required `RegionId`.
    pub(crate) fn region(&self) -> Result<&'static RegionInfo, ApiError> {
        regions::find(self.required("RegionId")?).ok_or_else(ApiError::region_not_found)
    }

    /// A boolean, `false` when absent; `true`/`false` in any letter case.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.optional(name) {
            None => Ok(false),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(_) => Err(ApiError::invalid(name)),
        }
    }

    /// An integer within `range`, `default` when absent; `InvalidParameter` otherwise.
    pub(crate) fn int(
        &self,
        name: &str,
        range: RangeInclusive<i64>,
        default: i64,
    ) -> Result<i64, ApiError> {
        match self.optional(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| ApiError::invalid(name)),
        }
    }

    /// The items of the flattened list `prefix`: `prefix.N` (field `""`) and `prefix.N.Field`,
    /// grouped by `N` in `1..=max`; other indexes are ignored.
    pub(crate) fn indexed(
        &self,
        prefix: &str,
        max: usize,
    ) -> BTreeMap<usize, Vec<(&'a str, &'a str)>> {
        let mut items: BTreeMap<usize, Vec<(&'a str, &'a str)>> = BTreeMap::new();
        for &(name, value) in &self.pairs {
            let Some(rest) = name.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')) else {
                continue;
            };
            let (index, field) = rest.split_once('.').unwrap_or((rest, ""));
            match index.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => items.entry(n).or_default().push((field, value)),
                _ => {}
            }
        }
        items
    }

    /// The operation's parameters except `skip` and the common ones, canonically joined: two
    /// requests asking for the same thing have the same fingerprint.
    pub(crate) fn fingerprint(&self, skip: &[&str]) -> String {
        let own: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .filter(|(n, _)| !COMMON.contains(n) && !skip.contains(n))
            .copied()
            .collect();
        canonical_query_string(&own)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_lists() {
        let found: Vec<u32> = (1..=25).collect();
        let page = |number, size| Page { number, size }.of(&found).to_vec();
        assert_eq!(page(1, 10), (1..=10).collect::<Vec<_>>());
        assert_eq!(page(3, 10), (21..=25).collect::<Vec<_>>());
        assert!(page(4, 10).is_empty());
        assert!(page(i64::from(i32::MAX), 100).is_empty());
        let params = Params::new(vec![("Ids", " a, ,b ,"), ("None", "")]);
        assert_eq!(params.list("Ids"), Some(vec!["a", "b"]));
        assert_eq!(params.list("None"), None);
        assert_eq!(params.list("Absent"), None);
        let bad = Params::new(vec![("PageSize", "101")]);
        assert_eq!(bad.page().unwrap_err().code, "InvalidParameter");
    }

    #[test]
    fn reads_values_of_every_kind() {
        let params = Params::new(vec![
            ("RegionId", "cn-hangzhou"),
            ("Empty", ""),
            ("DryRun", "True"),
            ("PageSize", "100"),
            ("Bad", "x"),
        ]);
        assert_eq!(params.region().unwrap().id, "cn-hangzhou");
        assert_eq!(
            params.required("Empty").unwrap_err().code,
            "MissingParameter"
        );
        assert!(params.flag("DryRun").unwrap());
        assert!(!params.flag("Absent").unwrap());
        assert_eq!(params.flag("Bad").unwrap_err().code, "InvalidParameter");
        assert_eq!(params.int("PageSize", 1..=100, 10).unwrap(), 100);
        assert_eq!(params.int("PageNumber", 1..=100, 1).unwrap(), 1);
        assert!(params.int("PageSize", 1..=50, 10).is_err());
        let unknown = Params::new(vec![("RegionId", "mars-1")]);
        assert_eq!(
            unknown.region().unwrap_err().code,
            "InvalidRegionId.NotFound"
        );
    }

    #[test]
    fn groups_flattened_lists() {
        let params = Params::new(vec![
            ("DiskDeviceMapping.2.OSSBucket", "b2"),
            ("DiskDeviceMapping.1.OSSBucket", "b1"),
            ("DiskDeviceMapping.1.Format", "RAW"),
            ("DiskDeviceMapping.18.OSSBucket", "ignored"),
            ("ResourceIds.1", "m-1"),
        ]);
        let disks = params.indexed("DiskDeviceMapping", 17);
        assert_eq!(disks.keys().copied().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(disks[&1], [("OSSBucket", "b1"), ("Format", "RAW")]);
        assert_eq!(params.indexed("ResourceIds", 100)[&1], [("", "m-1")]);
    }

    #[test]
    fn fingerprints_ignore_order_and_common_parameters() {
        let a = Params::new(vec![
            ("B", "2"),
            ("A", "1"),
            ("Timestamp", "t1"),
            ("ClientToken", "x"),
        ]);
        let b = Params::new(vec![("A", "1"), ("B", "2"), ("Timestamp", "t2")]);
        assert_eq!(
            a.fingerprint(&["ClientToken"]),
            b.fingerprint(&["ClientToken"])
        );
        assert_ne!(a.fingerprint(&[]), b.fingerprint(&[]));
    }
}

/// A page of a list operation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    pub(crate) number: i64,
    pub(crate) size: i64,
}

impl Page {
    /// The items of this page among `found`.
    pub(crate) fn of<'s, T>(&self, found: &'s [T]) -> &'s [T] {
        let size = usize::try_from(self.size).unwrap_or(usize::MAX);
        let skip = usize::try_from(self.number.saturating_sub(1))
            .unwrap_or(0)
            .saturating_mul(size)
            .min(found.len());
        &found[skip..skip.saturating_add(size).min(found.len())]
    }
}
