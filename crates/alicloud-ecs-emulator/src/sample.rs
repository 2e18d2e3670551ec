//! [`sample_request`]: a request of any operation that this emulator answers with success out
//! of the box — the spec's smallest valid request, naming the emulator's seed resources where
//! the operation keeps state. Tests, fuzzing and demos share it.

use alicloud_ecs_model::spec;

use crate::regions;
use crate::state::SEED_TASK_ID;

/// The region of the seed task ([`SEED_TASK_ID`]).
const SEED_TASK_REGION: &str = "cn-hangzhou";

/// A request of `action` in `region` that a fresh emulator answers with success: the spec's
/// smallest valid request (`OperationSpec::sample_params`), with `RegionId` set to `region`
/// and, for the operations that keep state, the resources the emulator starts with:
///
/// * `DescribeTaskAttribute` and `CancelTask`: the seed task (in `cn-hangzhou`, whatever
///   `region` says). It has finished, so `CancelTask` is refused with `IncorrectTaskStatus`
///   unless `TaskId` is replaced by a task placed with
///   [`Control::seed_task`](crate::Control::seed_task);
/// * `ExportImage`: the region's seed image;
/// * `ImportImage`: an OSS object to import.
///
/// `None` for an action the spec does not have.
pub fn sample_request(action: &str, region: &str) -> Option<Vec<(String, String)>> {
    let op = spec::operation(action)?;
    let mut params = op.sample_params();
    let mut set = |name: &str, value: &str| {
        params.retain(|(n, _)| n != name);
        params.push((name.to_owned(), value.to_owned()));
    };
    if op.param("RegionId").is_some() {
        set("RegionId", region);
    }
    match action {
        "DescribeTaskAttribute" | "CancelTask" => {
            set("RegionId", SEED_TASK_REGION);
            set("TaskId", SEED_TASK_ID);
        }
        "ExportImage" => {
            if let Some(seed) = regions::find(region) {
                set("ImageId", seed.seed_image);
            }
        }
        "ImportImage" => {
            set("DiskDeviceMapping.1.OSSBucket", "ecsimageos");
            set("DiskDeviceMapping.1.OSSObject", "disk.raw");
        }
        _ => {}
    }
    Some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn names_the_seed_resources() {
        let task = sample_request("DescribeTaskAttribute", "cn-shanghai").unwrap();
        assert_eq!(get(&task, "TaskId"), Some(SEED_TASK_ID));
        assert_eq!(get(&task, "RegionId"), Some(SEED_TASK_REGION));
        let export = sample_request("ExportImage", "cn-shanghai").unwrap();
        assert_eq!(get(&export, "ImageId"), Some("m-uf6seedimage00"));
        assert_eq!(get(&export, "RegionId"), Some("cn-shanghai"));
        let any = sample_request("DescribeInstances", "cn-beijing").unwrap();
        assert_eq!(get(&any, "RegionId"), Some("cn-beijing"));
        assert!(sample_request("NoSuchAction", "cn-hangzhou").is_none());
    }

    #[test]
    fn every_sample_passes_the_spec_check() {
        for (action, _) in spec::actions() {
            let params = sample_request(action, "cn-hangzhou").unwrap();
            let op = spec::operation(action).unwrap();
            let problems = op.check(params.iter().map(|(n, v)| (n.as_str(), v.as_str())));
            assert!(problems.is_empty(), "{action}: {problems:?}");
        }
    }
}
