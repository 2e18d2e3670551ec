"""Regenerates the ACS3-HMAC-SM3 vectors under v3/ with the official Python SDK's signer.

Needs `pip install alibabacloud-openapi-util==0.2.4 alibabacloud-tea-openapi==0.4.6` (in a
virtualenv), then: `python sm3_vectors.py`. Each case's signature comes from
`alibabacloud_openapi_util.client.Client.get_authorization`, checked against
`alibabacloud_tea_openapi.utils.Utils.get_authorization`; the intermediates come from the same
module's canonicalization and hash helpers and must reproduce that signature.
"""

import json
import os
from types import SimpleNamespace

from alibabacloud_openapi_util import client as util
from alibabacloud_tea_openapi.utils import Utils as TeaUtils

ALGORITHM = "ACS3-HMAC-SM3"
HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    {
        "dir": "g-sm3-describe-task-attribute-sts-post",
        "description": "ACS3-HMAC-SM3, DescribeTaskAttribute with an STS token (POST, empty body)",
        "method": "POST",
        "host": "ecs-cn-hangzhou.aliyuncs.com",
        "path": "/",
        "action": "DescribeTaskAttribute",
        "version": "2014-05-26",
        "access_key_id": "STS.testid",
        "access_key_secret": "testsecret",
        "security_token": "CAIS+token/with=chars",
        "time": "2024-05-01T08:00:00Z",
        "nonce": "6a1f3c1e2f5d4b8e9c0d1e2f3a4b5c6d",
        "query": [["RegionId", "cn-hangzhou"], ["TaskId", "t-bp67acfmxazb4p****"]],
        "form": [],
        "headers": [],
        "body": "",
        "header_policy": "standard",
    },
    {
        "dir": "h-sm3-form-body-long-secret-post",
        "description": "ACS3-HMAC-SM3, form body with content-type, reserved and unicode query "
        "values, an empty value, and a secret longer than the HMAC block",
        "method": "POST",
        "host": "ecs.cn-beijing.aliyuncs.com",
        "path": "/",
        "action": "DescribeTasks",
        "version": "2014-05-26",
        "access_key_id": "LTAI-sm3-example",
        "access_key_secret": "s3cr3t/+=~*" * 9,
        "security_token": None,
        "time": "2024-02-29T23:59:59Z",
        "nonce": "b1946ac92492d2347c6235b4d2611184",
        "query": [
            ["RegionId", "cn-beijing"],
            ["ResourceIds.1", "m-a b*c~d"],
            ["ResourceIds.2", "镜像+1"],
            ["TaskIds", "t-1,t-2"],
            ["Empty", ""],
        ],
        "form": [["PageNumber", "1"], ["PageSize", "100"], ["TaskStatus", "Finished"]],
        "headers": [["Content-Type", "application/x-www-form-urlencoded"]],
        "body": "PageNumber=1&PageSize=100&TaskStatus=Finished",
        "header_policy": "standard",
    },
    {
        "dir": "i-sm3-json-body-put-all-headers",
        "description": "ACS3-HMAC-SM3, PUT with a JSON body, a non-root path, an STS token, "
        "repeated mixed-case headers and every header signed",
        "method": "PUT",
        "host": "example.aliyuncs.com:8443",
        "path": "/things/t-1",
        "action": "UpdateThing",
        "version": "2022-01-01",
        "access_key_id": "STS.json-id",
        "access_key_secret": "json-secret",
        "security_token": "tok+/=",
        "time": "2030-06-15T12:34:56Z",
        "nonce": "7f4d2b016cd54fdf33b760ef7b384c3c",
        "query": [["RegionId", "cn-shanghai"]],
        "form": [],
        "headers": [
            ["Content-Type", "application/json; charset=utf-8"],
            ["accept", "application/json"],
            ["User-Agent", "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2"],
            ["X-Acs-Meta", " second "],
            ["x-acs-meta", "first"],
        ],
        "body": '{"Name":"测试 thing","Tags":[{"Key":"k","Value":"v&w"}]}',
        "header_policy": "all",
    },
]


def signed_headers(case, payload_hash):
    """The headers passed to the SDK's signer: the SDK signs every header it is given."""
    headers = {
        "host": case["host"],
        "x-acs-action": case["action"],
        "x-acs-version": case["version"],
        "x-acs-date": case["time"],
        "x-acs-signature-nonce": case["nonce"],
        "x-acs-content-sha256": payload_hash,
    }
    if case["security_token"] is not None:
        headers["x-acs-security-token"] = case["security_token"]
    for name, value in case["headers"]:
        lower = name.lower()
        if case["header_policy"] == "all" or lower == "content-type" or lower.startswith("x-acs-"):
            headers[name] = value
    return headers


def generate(case):
    body = case["body"].encode("utf-8")
    payload_hash = util.Client.hex_encode(util.Client.hash(body, ALGORITHM))
    request = SimpleNamespace(
        method=case["method"],
        pathname=case["path"],
        query={name: value for name, value in case["query"]},
        headers=signed_headers(case, payload_hash),
    )
    ak, secret = case["access_key_id"], case["access_key_secret"]
    authorization = util.Client.get_authorization(request, ALGORITHM, payload_hash, ak, secret)
    assert authorization == TeaUtils.get_authorization(request, ALGORITHM, payload_hash, ak, secret)

    canonical_headers, names = util.get_canonicalized_headers(request.headers)
    canonical_request = "\n".join(
        [
            request.method,
            request.pathname,
            util.get_canonical_query_string(request.query),
            canonical_headers,
            names,
            payload_hash,
        ]
    )
    digest = util.Client.hash(canonical_request.encode("utf-8"), ALGORITHM)
    string_to_sign = f"{ALGORITHM}\n{util.Client.hex_encode(digest)}"
    signature = util.Client.hex_encode(util.signature_method(secret, string_to_sign, ALGORITHM))
    assert authorization.endswith(f",SignedHeaders={names},Signature={signature}"), authorization
    return {
        "canonical-request.txt": canonical_request,
        "string-to-sign.txt": string_to_sign,
        "signature.txt": signature,
        "authorization.txt": authorization,
    }


def request_json(case):
    fields = {"vector": None, "description": case["description"], "signature_version": "V3"}
    fields["algorithm"] = ALGORITHM
    for key in ["method", "host", "path", "action", "version", "access_key_id",
                "access_key_secret", "security_token", "time", "nonce"]:
        fields[key] = case[key]
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    for key in ["query", "form", "headers"]:
        pairs = [f"    {json.dumps(p, ensure_ascii=False)}" for p in case[key]]
        lines.append(f'  "{key}": [\n' + ",\n".join(pairs) + "\n  ]" if pairs else f'  "{key}": []')
    for key in ["body", "header_policy"]:
        lines.append(f"  {json.dumps(key)}: {json.dumps(case[key], ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main():
    for case in CASES:
        folder = os.path.join(HERE, "v3", case["dir"])
        os.makedirs(folder, exist_ok=True)
        files = generate(case)
        files["request.json"] = request_json(case)
        for name, text in files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as out:
                out.write(text)
        print(folder)


if __name__ == "__main__":
    main()
