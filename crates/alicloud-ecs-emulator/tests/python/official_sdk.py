"""Drive the emulator with the official Alibaba Cloud ECS SDKs for Python.

Run by tests/python_sdk.rs with EMULATOR_ENDPOINT (host:port), EMULATOR_ACCESS_KEY_ID,
EMULATOR_ACCESS_KEY_SECRET and EMULATOR_PLAN (JSON: per API group, candidate operations with a
valid request keyed by wire names) set.

- The task journey: DescribeTaskAttribute (the seed task), ExportImage, DescribeTasks,
  CancelTask, ImportImage with DryRun (the SDK sends `True`) and an error, through the tea SDK
  (alibabacloud-ecs20140526) once in its default V3 mode and once with
  signature_algorithm="v2".
- One operation of every API group through the tea SDK (V3): the request model filled from the
  plan with from_map, the call succeeds and the body reads into the SDK's response model.
- One operation of every API group through the legacy SDK (aliyun-python-sdk-core, V1
  signatures) with CommonRequest, and its add_body_params shape: RegionId in the query and the
  form body, and parameters only in the body.

Exits non-zero on the first mismatch.
"""

import json
import os
import sys

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_ecs20140526.client import Client
from alibabacloud_tea_openapi import models as open_api
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

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


def sdk_methods(client):
    """The client's operation methods, keyed by the action name in lower case."""
    methods = {}
    for name in dir(client):
        if name.startswith("_") or name.endswith(("_async", "_with_options")):
            continue
        methods[name.replace("_", "").lower()] = name
    return methods


def check_body(action, body):
    """The body as a map, read back into the tea SDK's own response model."""
    check(body, f"{action}: empty body")
    check(any(key.lower() == "requestid" for key in body), f"{action}: no RequestId in {body}")
    model = getattr(ecs, action + "ResponseBody", None)
    if model is not None:
        again = model().from_map(body).to_map()
        check(again, f"{action}: the response model reads nothing from {body}")


def run_groups(plan):
    """One operation of every group through the tea SDK (V3)."""
    client = make_client("v3")
    methods = sdk_methods(client)
    called = []
    for entry in plan["groups"]:
        group = entry["group"]
        chosen = None
        for candidate in entry["candidates"]:
            method = methods.get(candidate["action"].lower())
            request_type = getattr(ecs, candidate["action"] + "Request", None)
            if method and request_type:
                chosen = (candidate, method, request_type)
                break
        check(chosen, f"{group}: the SDK has none of {[c['action'] for c in entry['candidates']]}")
        candidate, method, request_type = chosen
        action = candidate["action"]
        request = request_type().from_map(candidate["params"])
        try:
            response = getattr(client, method)(request)
        except Exception as err:
            raise AssertionError(f"{group}: {action} failed: {err!r}") from err
        check(response.status_code == 200, f"{action}: HTTP {response.status_code}")
        body = response.body.to_map()
        check_body(action, body)
        again = type(response.body)().from_map(body).to_map()
        check(again == body, f"{action}: the response model does not round-trip {body}")
        called.append(action)
    print(f"groups v3: ok ({len(called)} groups: {', '.join(called)})")


def legacy_request(action):
    request = CommonRequest(
        domain=os.environ["EMULATOR_ENDPOINT"], version="2014-05-26", action_name=action
    )
    request.set_protocol_type("http")
    request.set_method("POST")
    request.set_accept_format("JSON")
    return request


def wire(value):
    """A request value as the legacy SDK sends it: text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def legacy_call(client, request):
    try:
        return json.loads(client.do_action_with_exception(request))
    except Exception as err:
        raise AssertionError(f"{request.get_action_name()} failed: {err!r}") from err


def run_legacy(plan):
    """One operation of every group through the legacy SDK (V1), then its form-body shape."""
    client = AcsClient(
        os.environ["EMULATOR_ACCESS_KEY_ID"], os.environ["EMULATOR_ACCESS_KEY_SECRET"], REGION
    )
    called = []
    for entry in plan["groups"]:
        candidate = entry["candidates"][0]
        request = legacy_request(candidate["action"])
        for name, value in candidate["params"].items():
            request.add_query_param(name, wire(value))
        check_body(candidate["action"], legacy_call(client, request))
        called.append(candidate["action"])

    # RegionId in the query (the SDK adds the client's region) and in the form body.
    request = legacy_request("DescribeTaskAttribute")
    request.add_body_params("RegionId", REGION)
    request.add_body_params("TaskId", SEED_TASK)
    seed = legacy_call(client, request)
    check(seed["TaskId"] == SEED_TASK and seed["TaskStatus"] == "Finished", f"body params {seed}")
    # Parameters only in the body (besides the RegionId the SDK always puts in the query).
    request = legacy_request("DescribeTasks")
    request.add_body_params("TaskIds", SEED_TASK)
    request.add_body_params("PageSize", "1")
    tasks = legacy_call(client, request)
    check(tasks["PageSize"] == 1, f"PageSize from the body: {tasks}")
    listed = [task["TaskId"] for task in tasks["TaskSet"]["Task"]]
    check(listed == [SEED_TASK], f"TaskIds from the body: {listed}")
    request = legacy_request("DescribeInstances")
    request.add_body_params("PageSize", "7")
    request.add_body_params("InstanceName", "from-the-body")
    instances = legacy_call(client, request)
    check(instances["PageSize"] == 7, f"a generic answer echoes the body: {instances}")
    name = instances["Instances"]["Instance"][0]["InstanceName"]
    check(name == "from-the-body", f"InstanceName {name}")
    print(f"groups v1: ok ({len(called)} groups), form bodies: ok")


def main():
    for mode in ("v3", "v2"):
        run(mode)
    plan = json.loads(os.environ["EMULATOR_PLAN"])
    run_groups(plan)
    run_legacy(plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
