"""Drive the emulator with the official Alibaba Cloud ECS SDK for Python.

Run by tests/python_sdk.rs with EMULATOR_ENDPOINT (host:port), EMULATOR_ACCESS_KEY_ID and
EMULATOR_ACCESS_KEY_SECRET set. Exercises DescribeTaskAttribute (the seed task), ExportImage,
DescribeTasks, CancelTask, ImportImage with DryRun (the SDK sends `True`) and an error, once in
the SDK's default V3 mode and once with signature_algorithm="v2". Exits non-zero on the first
mismatch.
"""

import os
import sys

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_ecs20140526.client import Client
from alibabacloud_tea_openapi import models as open_api

REGION = "cn-hangzhou"
SEED_TASK = "t-23ym6mvro"


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def make_client(mode):
    config = open_api.Config(
        access_key_id=os.environ["EMULATOR_ACCESS_KEY_ID"],
        access_key_secret=os.environ["EMULATOR_ACCESS_KEY_SECRET"],
        endpoint=os.environ["EMULATOR_ENDPOINT"],
        protocol="http",
        region_id=REGION,
    )
    if mode == "v2":
        config.signature_algorithm = "v2"
    return Client(config)


def expect_error(call, status, code):
    try:
        call()
    except Exception as err:  # the SDK raises ClientException / ServerException
        check(getattr(err, "code", None) == code, f"expected {code}, got {err!r}")
        check(getattr(err, "status_code", None) == status, f"expected HTTP {status}, got {err!r}")
        check(getattr(err, "request_id", None), f"no request id in {err!r}")
        return
    raise AssertionError(f"expected {code}, the call succeeded")


def describe(client, task_id):
    request = ecs.DescribeTaskAttributeRequest(region_id=REGION, task_id=task_id)
    return client.describe_task_attribute(request).body


def run(mode):
    client = make_client(mode)

    seed = describe(client, SEED_TASK)
    check(seed.task_id == SEED_TASK, "seed task id")
    check(seed.task_action == "ExportImage", "seed task action")
    check(seed.task_status == "Finished", "seed task status")
    check(seed.task_process == "100%", "seed task progress")
    check((seed.total_count, seed.success_count, seed.failed_count) == (1, 1, 0), "seed counts")
    check(seed.creation_time == "2015-11-23T02:13Z", "seed creation time")
    check(seed.finished_time == "2015-11-23T02:19Z", "seed finished time")
    progress = seed.operation_progress_set.operation_progress[0]
    check(progress.operation_status == "Success", "seed operation status")
    items = {item.name: item.value for item in progress.related_item_set.related_item}
    check(items["OSSObject"] == "MYOSSPRE_m-23f8tcp8y_t-23ym6mvro.vhd", "seed OSSObject")

    prefix = "Sdk" + mode.upper()
    export = client.export_image(
        ecs.ExportImageRequest(
            region_id=REGION,
            image_id="m-23f8tcp8y",
            ossbucket="image-temp",
            ossprefix=prefix,
            image_format="vhd",
        )
    ).body
    task_id = export.task_id
    check(task_id and task_id.startswith("t-"), "export task id")
    check(export.request_id, "export request id")

    tasks = client.describe_tasks(
        ecs.DescribeTasksRequest(region_id=REGION, task_ids=f"{task_id},{SEED_TASK}", page_size=10)
    ).body
    check(tasks.total_count == 2, f"DescribeTasks total {tasks.total_count}")
    listed = [task.task_id for task in tasks.task_set.task]
    check(listed == [task_id, SEED_TASK], f"DescribeTasks order {listed}")
    check(tasks.task_set.task[0].resource_id == "m-23f8tcp8y", "DescribeTasks resource id")

    client.cancel_task(ecs.CancelTaskRequest(region_id=REGION, task_id=task_id))
    cancelled = describe(client, task_id)
    check(cancelled.task_status == "Cancelled", f"status after cancel {cancelled.task_status}")
    check(str(cancelled.support_cancel).lower() == "false", "SupportCancel after cancel")

    expect_error(lambda: describe(client, "t-doesnotexist"), 400, "InvalidTaskId.NotFound")
    expect_error(
        lambda: client.cancel_task(ecs.CancelTaskRequest(region_id=REGION, task_id=task_id)),
        403,
        "InvalidTaskId.IncorrectTaskStatus",
    )
    disk = ecs.ImportImageRequestDiskDeviceMapping(
        ossbucket="ecsimageos", ossobject="disk.qcow2", format="QCOW2", disk_image_size=40
    )
    expect_error(
        lambda: client.import_image(
            ecs.ImportImageRequest(region_id=REGION, disk_device_mapping=[disk], dry_run=True)
        ),
        400,
        "DryRunOperation",
    )
    regions = client.describe_regions(ecs.DescribeRegionsRequest(accept_language="en-US")).body
    names = {region.region_id: region.local_name for region in regions.regions.region}
    check(names.get(REGION) == "China (Hangzhou)", "DescribeRegions")
    print(f"{mode}: ok ({len(names)} regions, export task {task_id})")


def main():
    for mode in ("v3", "v2"):
        run(mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
