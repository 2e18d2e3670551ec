"""Calls per second of the official Alibaba Cloud ECS SDK for Python against the emulator.

Usage: official_sdk_bench.py ENDPOINT ACCESS_KEY_ID ACCESS_KEY_SECRET N [IN_FLIGHT]

ENDPOINT is the emulator's `http://HOST:PORT` (or `HOST:PORT`). The script makes one client
(`alibabacloud_ecs20140526.client.Client`, default V3 signature, plain HTTP), warms it up,
then calls DescribeTaskAttribute on the emulator's seed task N times one after the other and,
with IN_FLIGHT > 1, N more times from IN_FLIGHT threads sharing the client. It prints one line
per run, `sequential CALLS_PER_SECOND CPU_US_PER_CALL` and the same for `in_flight_IN_FLIGHT`
(CPU time of this process, all threads), and exits non-zero if any call fails or describes
another task.
"""

import sys
import time
from concurrent.futures import ThreadPoolExecutor

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_ecs20140526.client import Client
from alibabacloud_tea_openapi import models as open_api

REGION = "cn-hangzhou"
TASK_ID = "t-23ym6mvro"
WARM_UP = 50


def make_client(endpoint, key_id, secret):
    host = endpoint.removeprefix("http://").rstrip("/")
    config = open_api.Config(
        access_key_id=key_id,
        access_key_secret=secret,
        endpoint=host,
        protocol="http",
        region_id=REGION,
    )
    return Client(config)


def describe(client, _=None):
    request = ecs.DescribeTaskAttributeRequest(region_id=REGION, task_id=TASK_ID)
    body = client.describe_task_attribute(request).body
    if body.task_id != TASK_ID:
        raise AssertionError(f"unexpected task in the response: {body.task_id!r}")


def measure(label, calls, run):
    """Time `run()` (which makes `calls` calls) and print the rate and CPU per call."""
    started, cpu = time.perf_counter(), time.process_time()
    run()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label} {calls / elapsed:.1f} {cpu * 1e6 / calls:.1f}", flush=True)


def sequential(client, calls):
    def run():
        for _ in range(calls):
            describe(client)

    measure("sequential", calls, run)


def threaded(client, calls, in_flight):
    with ThreadPoolExecutor(max_workers=in_flight) as pool:
        # Start every thread (and its pooled connection) before timing.
        list(pool.map(lambda _: describe(client), range(in_flight * 2)))
        measure(
            f"in_flight_{in_flight}",
            calls,
            lambda: list(pool.map(lambda _: describe(client), range(calls))),
        )


def main(argv):
    if len(argv) not in (5, 6):
        sys.exit(__doc__)
    endpoint, key_id, secret, calls = argv[1], argv[2], argv[3], int(argv[4])
    in_flight = int(argv[5]) if len(argv) == 6 else 1
    client = make_client(endpoint, key_id, secret)
    for _ in range(WARM_UP):
        describe(client)
    sequential(client, calls)
    if in_flight > 1:
        threaded(client, calls, in_flight)


if __name__ == "__main__":
    main(sys.argv)
