"""`runcommand serve` called by the official Python SDKs.

The generated SDK (alibabacloud-ecs20140526: ACS3 by default, and V1 with
signature_algorithm="v2") and the older one (aliyun-python-sdk-core with
aliyun-python-sdk-ecs: V1) each run RunCommand, DescribeInvocations and
DescribeInvocationResults against the server, get a rule fault back as the SDK's
own exception, and are refused with a wrong secret.

Usage: python serve_sdk.py PATH/TO/runcommand   (tests/sdk/serve_sdk.sh sets it up)
"""

import base64
import json
import os
import subprocess
import sys
import tempfile

from alibabacloud_ecs20140526 import models
from alibabacloud_ecs20140526.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkecs.request.v20140526.DescribeInvocationResultsRequest import (
    DescribeInvocationResultsRequest,
)
from aliyunsdkecs.request.v20140526.DescribeInvocationsRequest import (
    DescribeInvocationsRequest,
)
from aliyunsdkecs.request.v20140526.RunCommandRequest import RunCommandRequest

REGION = "cn-hangzhou"
KEY_ID, SECRET = "sdk-test-id", "sdk-test-secret"
CONTEXT = {
    "Instances": [
        {"InstanceId": "i-sdk1", "Status": "Running", "OSType": "Linux"},
        {"InstanceId": "i-sdk2", "Status": "Running", "OSType": "Linux"},
    ],
    "Outputs": [
        {"InstanceId": "i-sdk1", "ExitCode": 0, "Output": "hello from i-sdk1\n"},
        {"InstanceId": "i-sdk2", "ExitCode": 2, "Output": "no such file\n"},
    ],
}

passed = 0
failed = 0


def check(name, got, expected):
    global passed, failed
    if got == expected:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: got {got!r}, expected {expected!r}", flush=True)


def start(binary, directory):
    keys = os.path.join(directory, "keys.json")
    context = os.path.join(directory, "context.json")
    with open(keys, "w") as f:
        json.dump({KEY_ID: SECRET}, f)
    with open(context, "w") as f:
        json.dump(CONTEXT, f)
    server = subprocess.Popen(
        [binary, "serve", "--keys", keys, "--context", context],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    line = server.stdout.readline().decode().strip()
    prefix = "listening on http://"
    assert line.startswith(prefix), line
    return server, line[len(prefix):]


def generated(endpoint, secret=SECRET, algorithm=None):
    config = open_api_models.Config(
        access_key_id=KEY_ID,
        access_key_secret=secret,
        endpoint=endpoint,
        protocol="http",
        region_id=REGION,
    )
    if algorithm:
        config.signature_algorithm = algorithm
    return Client(config)


def run_generated(endpoint, algorithm):
    label = f"generated SDK ({algorithm or 'ACS3'})"
    client = generated(endpoint, algorithm=algorithm)
    run = client.run_command(
        models.RunCommandRequest(
            region_id=REGION,
            type="RunShellScript",
            command_content="echo {{greeting}}",
            enable_parameter=True,
            parameters={"greeting": "hello"},
            instance_id=["i-sdk1", "i-sdk2"],
            name="greet",
        )
    )
    invoke_id = run.body.invoke_id
    check(f"{label}: RunCommand InvokeId", invoke_id[:2], "t-")
    check(f"{label}: RunCommand CommandId", run.body.command_id[:2], "c-")

    listed = client.describe_invocations(
        models.DescribeInvocationsRequest(
            region_id=REGION, invoke_id=invoke_id, include_output=True
        )
    ).body
    check(f"{label}: DescribeInvocations TotalCount", listed.total_count, 1)
    invocation = listed.invocations.invocation[0]
    check(
        f"{label}: DescribeInvocations",
        (
            invocation.invoke_id,
            invocation.command_name,
            invocation.invocation_status,
            base64.b64decode(invocation.command_content),
            json.loads(invocation.parameters),
        ),
        (invoke_id, "greet", "PartialFailed", b"echo {{greeting}}", {"greeting": "hello"}),
    )
    check(
        f"{label}: DescribeInvocations instances",
        [
            (i.instance_id, i.invocation_status, i.exit_code, base64.b64decode(i.output))
            for i in invocation.invoke_instances.invoke_instance
        ],
        [
            ("i-sdk1", "Success", 0, b"hello from i-sdk1\n"),
            ("i-sdk2", "Failed", 2, b"no such file\n"),
        ],
    )

    results = client.describe_invocation_results(
        models.DescribeInvocationResultsRequest(region_id=REGION, invoke_id=invoke_id)
    ).body.invocation
    check(f"{label}: DescribeInvocationResults TotalCount", results.total_count, 2)
    check(
        f"{label}: DescribeInvocationResults",
        [
            (
                r.instance_id,
                r.invoke_record_status,
                r.invocation_status,
                r.exit_code,
                r.error_code,
                base64.b64decode(r.output),
            )
            for r in results.invocation_results.invocation_result
        ],
        [
            ("i-sdk1", "Finished", "Success", 0, "", b"hello from i-sdk1\n"),
            ("i-sdk2", "Finished", "Failed", 2, "ExitCodeNonzero", b"no such file\n"),
        ],
    )

    try:
        client.run_command(
            models.RunCommandRequest(
                region_id=REGION,
                type="RunShellScript",
                command_content="ls",
                instance_id=["i-sdk1"],
                frequency="0 0 10 ? * 8",
            )
        )
        check(f"{label}: a rule fault raises", "no exception", "an exception")
    except Exception as e:  # the Tea SDK raises its own exception class
        check(
            f"{label}: a rule fault",
            (getattr(e, "code", None), getattr(e, "statusCode", None)),
            ("InvalidParam.Frequency", 400),
        )

    try:
        generated(endpoint, secret="wrong", algorithm=algorithm).describe_invocations(
            models.DescribeInvocationsRequest(region_id=REGION)
        )
        check(f"{label}: a wrong secret raises", "no exception", "an exception")
    except Exception as e:
        check(
            f"{label}: a wrong secret",
            (getattr(e, "code", None), getattr(e, "statusCode", None)),
            ("SignatureDoesNotMatch", 400),
        )


def legacy_request(request, endpoint):
    request.set_endpoint(endpoint)
    request.set_protocol_type("http")
    return request


def run_legacy(endpoint):
    label = "aliyun-python-sdk-core"
    client = AcsClient(KEY_ID, SECRET, REGION)
    request = legacy_request(RunCommandRequest(), endpoint)
    request.set_Type("RunShellScript")
    request.set_CommandContent("cat /etc/hostname")
    request.set_InstanceIds(["i-sdk1"])
    run = json.loads(client.do_action_with_exception(request))
    invoke_id = run["InvokeId"]
    check(f"{label}: RunCommand", sorted(run), ["CommandId", "InvokeId", "RequestId"])

    request = legacy_request(DescribeInvocationsRequest(), endpoint)
    request.set_InvokeId(invoke_id)
    listed = json.loads(client.do_action_with_exception(request))
    invocation = listed["Invocations"]["Invocation"][0]
    check(
        f"{label}: DescribeInvocations",
        (listed["TotalCount"], invocation["InvokeId"], invocation["InvocationStatus"]),
        (1, invoke_id, "Success"),
    )

    request = legacy_request(DescribeInvocationResultsRequest(), endpoint)
    request.set_InvokeId(invoke_id)
    request.set_ContentEncoding("PlainText")
    results = json.loads(client.do_action_with_exception(request))["Invocation"]
    check(
        f"{label}: DescribeInvocationResults",
        [
            (r["InstanceId"], r["InvokeRecordStatus"], r["Output"])
            for r in results["InvocationResults"]["InvocationResult"]
        ],
        [("i-sdk1", "Finished", "hello from i-sdk1\n")],
    )

    request = legacy_request(RunCommandRequest(), endpoint)
    request.set_Type("RunShellScript")
    request.set_CommandContent("ls")
    request.set_InstanceIds(["i-nosuch"])
    try:
        client.do_action_with_exception(request)
        check(f"{label}: a rule fault raises", "no exception", "an exception")
    except ServerException as e:
        check(
            f"{label}: a rule fault",
            (e.get_http_status(), e.get_error_code()),
            (404, "InvalidInstance.NotFound"),
        )

    # A wrong secret: the SDK compares the server's string to sign (after the first `:` of
    # the message) with its own and, as they are equal, names the secret.
    wrong = AcsClient(KEY_ID, "wrong", REGION)
    request = legacy_request(DescribeInvocationsRequest(), endpoint)
    try:
        wrong.do_action_with_exception(request)
        check(f"{label}: a wrong secret raises", "no exception", "an exception")
    except ServerException as e:
        check(f"{label}: a wrong secret", e.get_error_code(), "InvalidAccessKeySecret")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as directory:
        server, endpoint = start(binary, directory)
        try:
            run_generated(endpoint, None)
            run_generated(endpoint, "v2")
            run_legacy(endpoint)
        finally:
            server.stdin.close()
            status = server.wait(timeout=20)
        check("exit status once stdin closes", status, 0)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
