"""The official Python SDK's flat request parameters for given request documents.

Usage: flatten.py INPUT.json, where INPUT is `{"documents": {action: document}, "joined":
{action: [member]}}`. Each document is a JSON object keyed by our wire names (dotted names such
as `SystemDisk.Size` or `Filter.1.Key` included); a `joined` member, a list in our document, is
one string in the SDK and is given to it joined with commas.

For each action the SDK has, this builds `<Action>Request` with `from_map`, calls
`<action>_with_options` on a client whose transport (`DaraCore.do_action`) is stubbed, and
records the query and form parameters it would have sent. Prints one JSON object:
`{"params": {action: {name: value}}, "unknown": {action: [flat names]}, "missing": [actions],
"errors": {action: text}}`, where `unknown` lists the flat names of document members the SDK's
request model dropped (names it does not know).
"""

import json
import sys
import urllib.parse

from alibabacloud_ecs20140526 import models
from alibabacloud_ecs20140526.client import Client
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.core import DaraCore
from darabonba.runtime import RuntimeOptions


class Sent(BaseException):
    """Carries the outgoing request out of the SDK, past its retry loop."""

    def __init__(self, request):
        super().__init__("request captured")
        self.request = request


def capture(request, runtime=None):
    raise Sent(request)


DaraCore.do_action = staticmethod(capture)


def nest(doc):
    """Our wire names to the SDK's nested members: `A.B` -> {"A": {"B"}}, `A.1.B` -> {"A": [{"B"}]}.

    Plain names first, dotted ones after, so a dotted name overrides (as our flattening does)."""
    out = {}
    for key in sorted(doc, key=lambda k: "." in k):
        parts = key.split(".")
        node = out
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if isinstance(node, list):
                index = int(part) - 1
                while len(node) <= index:
                    node.append({})
                if last:
                    node[index] = doc[key]
                else:
                    if not isinstance(node[index], (dict, list)):
                        node[index] = {}
                    node = node[index]
            else:
                if last:
                    node[part] = doc[key]
                else:
                    nxt = parts[i + 1]
                    if part not in node or not isinstance(node[part], (dict, list)):
                        node[part] = [] if nxt.isdigit() else {}
                    node = node[part]
    return out


def flat(value, key="", out=None):
    """Leaf names the way the SDK flattens (`A.B`, `A.1`)."""
    out = {} if out is None else out
    if isinstance(value, dict):
        for k, v in value.items():
            flat(v, f"{key}.{k}" if key else k, out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            flat(v, f"{key}.{i + 1}", out)
    elif value is not None:
        out[key] = value
    return out


def sent_params(request):
    params = dict(request.query or {})
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    if body:
        for name, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
            if name in params and params[name] != value:
                raise ValueError(f"{name} sent in both query and body with different values")
            params[name] = value
    return params


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        given = json.load(f)
    documents, joined = given["documents"], given["joined"]
    config = Config(
        access_key_id="ak",
        access_key_secret="sk",
        region_id="cn-hangzhou",
        endpoint="ecs.cn-hangzhou.aliyuncs.com",
    )
    client = Client(config)
    # `<snake_action>_with_options`, found by the action's letters: the SDK's own snake case is
    # irregular (`assign_ipv_6addresses_with_options`, `enable_network_interface_qo_swith_options`).
    methods = {
        name[: -len("with_options")].replace("_", "").lower(): name
        for name in dir(client)
        if name.endswith("with_options")
    }
    result = {"params": {}, "unknown": {}, "missing": [], "errors": {}}
    for action, doc in documents.items():
        request_type = getattr(models, f"{action}Request", None)
        method = methods.get(action.lower())
        if request_type is None or method is None:
            result["missing"].append(action)
            continue
        for member in joined.get(action, []):
            if isinstance(doc.get(member), list):
                doc[member] = ",".join(str(item) for item in doc[member])
        try:
            nested = nest(doc)
            request = request_type().from_map(nested)
            known = flat(request.to_map())
            result["unknown"][action] = sorted(set(flat(nested)) - set(known))
            try:
                getattr(client, method)(request, RuntimeOptions())
                raise RuntimeError("the SDK sent nothing")
            except Sent as sent:
                result["params"][action] = sent_params(sent.request)
        except Exception as e:  # reported per action, the test lists them all
            result["errors"][action] = f"{type(e).__name__}: {e}"
    json.dump(result, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
