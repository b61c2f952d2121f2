"""The shape of the package: names, signatures, docstrings, ApiError, times and types."""

import inspect
import json
import multiprocessing
import pickle
import re
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import ecs_runcommand as rc

QUERY = (
    "RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+%7B%7Bwho%7D%7D"
    "&EnableParameter=True&Parameters=%7B%22who%22%3A%22Jack%22%7D&InstanceId.1=i-abc123"
)
NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[2]

SIGNATURES = {
    "check": "(request, *, now=None, all_faults=False, context=None, fingerprint=False)",
    "next_fire_times": "(frequency, *, after, count=5, zone='UTC', timeout=60, dst='quartz')",
    "render": "(request, builtins, *, now=None, context=None)",
    "describe": "(frequency, lang='en')",
    "verify": "(method, path, query, headers, body='', *, keys, now=None, max_skew=900)",
    "codes": "()",
}


def test_names():
    assert sorted(rc.__all__) == sorted([*SIGNATURES, "ApiError", "Snapshot", "__version__"])
    for name in rc.__all__:
        assert hasattr(rc, name)
    assert rc.check.__module__ == "ecs_runcommand._native"


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signature_and_docstring(name):
    function = getattr(rc, name)
    assert str(inspect.signature(function)) == SIGNATURES[name]
    assert len(function.__doc__.strip()) > 80


def test_keyword_only():
    with pytest.raises(TypeError):
        rc.check(QUERY, NOW)
    with pytest.raises(TypeError):
        rc.next_fire_times("rate(5m)", NOW)
    with pytest.raises(TypeError):
        rc.next_fire_times("rate(5m)")  # `after` is required


def test_version_is_the_crate_version():
    cargo = (ROOT / "python" / "Cargo.toml").read_text(encoding="utf-8")
    assert rc.__version__ == re.search(r'^version = "(.*)"$', cargo, re.M).group(1)


def test_stubs_declare_everything():
    stub = (ROOT / "python" / "ecs_runcommand" / "__init__.pyi").read_text(encoding="utf-8")
    for name in SIGNATURES:
        assert f"def {name}(" in stub
    for attribute in ("http_status", "code", "message", "detail", "errors", "__version__"):
        assert f"{attribute}:" in stub
    assert "class Snapshot:" in stub
    assert (ROOT / "python" / "ecs_runcommand" / "py.typed").exists()


def test_check_answer():
    answer = rc.check(QUERY + "&Action=RunCommand", now=NOW)
    assert answer == {
        "request": {
            "RegionId": "cn-hangzhou",
            "Type": "RunShellScript",
            "CommandContent": "echo {{who}}",
            "Timeout": 60,
            "EnableParameter": True,
            "RepeatMode": "Once",
            "Parameters": {"who": "Jack"},
            "KeepCommand": False,
            "ContentEncoding": "PlainText",
            "InstanceId": ["i-abc123"],
        },
        "warnings": ["Action: common parameter, ignored"],
    }
    assert type(answer["request"]["EnableParameter"]) is bool
    # Asked for, the command line's `Fingerprint` of the same request (tests/test_cases.py
    # compares every case's).
    asked = rc.check(QUERY + "&Action=RunCommand", now=NOW, fingerprint=True)
    assert asked == {
        **answer,
        "fingerprint": "3c0ab57b11ddd61293512aa4751e5c20415b3579a90d666fb2ec0c1f63c6d93c",
    }
    assert type(answer["request"]["Timeout"]) is int


def test_api_error():
    with pytest.raises(rc.ApiError) as raised:
        rc.check("Type=RunPerlScript&CommandContent=ls&Timeout=5&InstanceId.1=i-abc123", now=NOW)
    e = raised.value
    assert isinstance(e, ValueError)
    assert (e.http_status, e.code) == (400, "MissingParameter.RegionId")
    assert e.message == (
        'The input parameter "RegionId" that is mandatory for processing this request '
        "is not supplied."
    )
    assert e.detail == "RegionId: missing or empty"
    assert str(e) == "MissingParameter.RegionId: RegionId: missing or empty"
    assert e.errors == []


def test_all_faults():
    with pytest.raises(rc.ApiError) as raised:
        rc.check(
            "Type=RunPerlScript&CommandContent=ls&Timeout=5&InstanceId.1=i-abc123",
            now=NOW,
            all_faults=True,
        )
    e = raised.value
    assert [(x.http_status, x.code) for x in e.errors] == [
        (400, "MissingParameter.RegionId"),
        (404, "InvalidCmdType.NotFound"),
        (403, "InvalidTimeout.ExceedLimit"),
    ]
    assert e.errors[2].detail == "Timeout: `5` is not an integer from 10 to 86400"
    assert rc.check(QUERY, now=NOW, all_faults=True)["request"]["Timeout"] == 60


def caught(function, *args, **kwargs):
    try:
        function(*args, **kwargs)
    except rc.ApiError as e:
        return e
    raise AssertionError("no ApiError")


def same(a, b):
    return (a.http_status, a.code, a.message, a.detail, [same_key(x) for x in a.errors]) == (
        b.http_status,
        b.code,
        b.message,
        b.detail,
        [same_key(x) for x in b.errors],
    )


def same_key(e):
    return (e.http_status, e.code, e.message, e.detail)


def test_api_error_pickles():
    e = caught(
        rc.check, "Type=RunPerlScript&CommandContent=ls&InstanceId.1=i-a", now=NOW, all_faults=True
    )
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is rc.ApiError
    assert same(again, e)
    assert str(again) == str(e)


def _raise_in_child(_):
    rc.next_fire_times("0 0 10 ? * 8", after="2030-01-01T00:00:00Z")


def test_api_error_crosses_processes():
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        with pytest.raises(rc.ApiError) as raised:
            pool.map(_raise_in_child, [0])
    e = raised.value
    assert (e.code, e.detail) == (
        "InvalidParam.Frequency",
        "Frequency: day-of-week: `8` is out of range 1-7 (at byte 11)",
    )


def test_times():
    first = ["2030-01-01T02:00:00Z", "2030-01-01T02:30:00Z", "2030-01-01T03:00:00Z"]
    frequency = "0 0/30 10-11 * * ? 2030 GMT+8:00"
    for after in (
        "2029-12-31T00:00:00Z",
        datetime(2029, 12, 31, tzinfo=timezone.utc),
        datetime(2029, 12, 31, 8, tzinfo=timezone(timedelta(hours=8))),
    ):
        times = rc.next_fire_times(frequency, after=after, count=3)
        assert [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in times] == first
        assert all(t.tzinfo is timezone.utc for t in times)
    # An aware datetime with a zone of the tz database.
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no tz database")
    after = datetime(2029, 12, 31, 8, tzinfo=shanghai)
    assert rc.next_fire_times(frequency, after=after, count=3)[0] == datetime(
        2030, 1, 1, 2, tzinfo=timezone.utc
    )


def test_microseconds_count():
    """`after` is exact to the microsecond: a fire time at `after` itself is not after it."""
    at = datetime(2030, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
    assert rc.next_fire_times("0 * * * * ?", after=at, count=1)[0] == at + timedelta(minutes=1)
    just_before = at - timedelta(microseconds=1)
    assert rc.next_fire_times("0 * * * * ?", after=just_before, count=1)[0] == at


def test_naive_datetime_is_refused():
    naive = datetime(2030, 1, 1)
    for call in (
        lambda: rc.check(QUERY, now=naive),
        lambda: rc.next_fire_times("rate(5m)", after=naive),
        lambda: rc.render(QUERY, {"InstanceId": "i-abc123", "InvokeId": "t-1"}, now=naive),
        lambda: rc.verify("POST", "/", "", [], keys={}, now=naive),
    ):
        e = caught(call)
        assert e.code == "InvalidParameter"
        assert "naive datetime" in e.detail


def test_bad_time_text():
    e = caught(rc.check, QUERY, now="2030-01-01 00:00")
    assert (e.code, e.detail) == (
        "InvalidParameter",
        "now: `2030-01-01 00:00` is not an RFC 3339 time: premature end of input",
    )


def test_now_defaults_to_the_clock():
    assert rc.check(QUERY)["request"]["InstanceId"] == ["i-abc123"]
    assert rc.check(QUERY, now=None)["warnings"] == []
    # A date ten years on is in the past of no clock: Frequency's year 2020 is.
    e = caught(rc.check, QUERY + "&Frequency=0+0+0+*+*+%3F+2020")
    assert e.code == "InvalidParam.Frequency"


@pytest.mark.parametrize(
    "call",
    [
        lambda: rc.check(b"RegionId=r", now=NOW),
        lambda: rc.check(["RegionId=r"], now=NOW),
        lambda: rc.check(QUERY, now=1893456000),
        lambda: rc.check(QUERY, now=date(2030, 1, 1)),
        lambda: rc.check(QUERY, now=NOW, all_faults=1),
        lambda: rc.next_fire_times(b"rate(5m)", after=NOW),
        lambda: rc.next_fire_times("rate(5m)", after=None),
        lambda: rc.next_fire_times("rate(5m)", after=NOW, count=5.0),
        lambda: rc.next_fire_times("rate(5m)", after=NOW, count=True),
        lambda: rc.next_fire_times("rate(5m)", after=NOW, count="5"),
        lambda: rc.next_fire_times("rate(5m)", after=NOW, timeout=60.0),
        lambda: rc.next_fire_times("rate(5m)", after=NOW, zone=8),
        lambda: rc.next_fire_times("rate(5m)", after=NOW, dst=1),
        lambda: rc.describe(b"rate(5m)"),
        lambda: rc.describe("rate(5m)", "en", "x"),
        lambda: rc.render(QUERY, [("InstanceId", "i-abc123")], now=NOW),
        lambda: rc.render(QUERY, {"InstanceId": 1, "InvokeId": "t-1"}, now=NOW),
        lambda: rc.render(QUERY, {1: "i-abc123", "InvokeId": "t-1"}, now=NOW),
        lambda: rc.verify("POST", "/", "", "Host: x", keys={}, now=NOW),
        lambda: rc.verify("POST", "/", "", [("Host",)], keys={}, now=NOW),
        lambda: rc.verify("POST", "/", "", [("Host", 1)], keys={}, now=NOW),
        lambda: rc.verify("POST", "/", "", {"Host": "x"}, keys={}, now=NOW),
        lambda: rc.verify(b"POST", "/", "", [], keys={}, now=NOW),
        lambda: rc.verify("POST", "/", "", [], 1, keys={}, now=NOW),
        lambda: rc.verify("POST", "/", "", [], keys=[("id", "secret")], now=NOW),
        lambda: rc.verify("POST", "/", "", [], keys={}, now=NOW, max_skew="900"),
    ],
)
def test_wrong_types(call):
    with pytest.raises(TypeError):
        call()


def test_describe():
    assert rc.describe("0 0/30 10-11 * * ? 2030 GMT+8:00") == (
        "Every 30 minutes from 10:00:00 through 11:30:00, every day, in 2030 (GMT+8:00)"
    )
    assert rc.describe("0 15 10 ? * 5L", lang="zh-CN") == "按实例所在时区，每月最后一个星期五 10:15:00"
    assert rc.describe("rate(90s)", "zh-cn") == "每 90 秒一次，首次在创建 90 秒后"
    # Parsed, not validated: a year that has passed is described.
    assert rc.describe("at(2001-01-01 00:00:00)") == (
        "Once, at 2001-01-01 00:00:00 UTC (no time zone given)"
    )
    e = caught(rc.describe, "0 0 10 ? * 8")
    assert (e.http_status, e.code, e.detail) == (
        400,
        "InvalidParam.Frequency",
        "Frequency: day-of-week: `8` is out of range 1-7 (at byte 11)",
    )
    e = caught(rc.describe, "rate(5m)", lang="fr")
    assert (e.http_status, e.code) == (400, "InvalidParameter")


def test_render_answer():
    answer = rc.render(QUERY, {"InstanceId": "i-abc123", "InvokeId": "t-0001"}, now=NOW)
    assert answer == {
        "content": "echo Jack",
        "content_base64": "ZWNobyBKYWNr",
        "script_name": "t-0001.sh",
        "script_path": "/usr/local/share/aliyun-assist/work/script/t-0001.sh",
        "launcher": "sh -c /usr/local/share/aliyun-assist/work/script/t-0001.sh",
        "argv": ["sh", "-c", "/usr/local/share/aliyun-assist/work/script/t-0001.sh"],
        "username": "root",
        "working_dir": "/root",
        "warnings": [],
    }


def test_builtins():
    e = caught(rc.render, QUERY, {"InstanceId": "i-abc123"}, now=NOW)
    assert (e.code, e.detail) == ("InvalidParameter", "builtins: InstanceId and InvokeId are required")
    # As on the command line, the request is checked first.
    e = caught(rc.render, "RegionId=r", {"InstanceId": "i-abc123"}, now=NOW)
    assert e.code == "MissingParameter.Type"
    e = caught(rc.render, QUERY, {"InstanceId": "i-abc123", "InvokeId": "t", "Zone": "x"}, now=NOW)
    assert e.code == "InvalidParameter"
    optional = {"InstanceId": "i-abc123", "InvokeId": "t", "InstanceName": None}
    assert rc.render(QUERY, optional, now=NOW)["script_name"] == "t.sh"
    e = caught(rc.render, QUERY, {"InstanceId": "i-other", "InvokeId": "t"}, now=NOW)
    assert e.detail == "InstanceId: `i-other` is not one of the request's InstanceId.N"


def test_verify_keys_mapping():
    """Any mapping serves as keys; a failing lookup raises its own error."""

    class Keys(dict):
        def __getitem__(self, key):
            raise RuntimeError(f"vault is down ({key})")

    query = (
        "AccessKeyId=testid&Action=RunCommand&CommandContent=echo%20hello&Format=JSON"
        "&InstanceId.1=i-bp1demo&RegionId=cn-hangzhou&SignatureMethod=HMAC-SHA1"
        "&SignatureNonce=9f2e0c1d&SignatureVersion=1.0&Timestamp=2030-01-01T00%3A00%3A00Z"
        "&Type=RunShellScript&Version=2014-05-26&Signature=2SBtPedWIVyTIwyo11gN9SrpCaw%3D"
    )
    now = "2030-01-01T00:00:30Z"
    ok = {"access_key_id": "testid", "version": "V1"}
    assert rc.verify("POST", "/", query, [], keys={"testid": "testsecret"}, now=now) == ok
    assert rc.verify("POST", "/", query.encode(), [], b"", keys={"testid": "testsecret"}, now=now) == ok
    # Stateless: the same nonce again is not a replay here.
    assert rc.verify("POST", "/", query, (), keys={"testid": "testsecret"}, now=now) == ok
    e = caught(rc.verify, "POST", "/", query, [], keys={}, now=now)
    assert e.code == "InvalidAccessKeyId.NotFound"
    with pytest.raises(RuntimeError, match="vault is down"):
        rc.verify("POST", "/", query, [], keys=Keys(), now=now)
    e = caught(rc.verify, "POST", "/", query, [], keys={"testid": "x"}, now=now)
    assert e.code == "SignatureDoesNotMatch"
    e = caught(rc.verify, "POST", "/", query, [], keys={"testid": "testsecret"}, now=now, max_skew=10)
    assert e.code.startswith("InvalidTimeStamp")
    e = caught(rc.verify, "POST", "/", query, [], keys={}, now=now, max_skew=-1)
    assert e.code == "InvalidParameter"
    assert "stateless" in rc.verify.__doc__.lower()


def test_module_runs_on_the_running_python():
    assert sys.version_info >= (3, 9)


def test_readme_example():
    """The README's Python example runs as written (its asserts hold)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    python = readme[readme.index("\n## Python\n") :]
    example = re.search(r"```python\n(.*?)```", python, re.S).group(1)
    exec(compile(example, "README.md", "exec"), {})


LINUX_WEB = {
    "InstanceId": "i-abc123",
    "RegionId": "cn-hangzhou",
    "Status": "Running",
    "OSType": "Linux",
    "InstanceName": "web-01",
}


def test_snapshot_reads_text_or_dict():
    from_dict = rc.Snapshot({"Instances": [LINUX_WEB]})
    from_text = rc.Snapshot('{"Instances": [' + json.dumps(LINUX_WEB) + "]}")
    for snapshot in (from_dict, from_text):
        assert rc.check(QUERY, now=NOW, context=snapshot)["request"]["InstanceId"] == ["i-abc123"]
    assert type(from_dict).__module__ == "ecs_runcommand"
    assert len(rc.Snapshot.__doc__.strip()) > 80


def test_snapshot_errors():
    with pytest.raises(ValueError) as raised:
        rc.Snapshot('{"Instances": 3}')
    assert str(raised.value) == (
        "the context snapshot: invalid type: integer `3`, expected a sequence at line 1 column 15"
    )
    with pytest.raises(ValueError):
        rc.Snapshot({"Instances": [{**LINUX_WEB, "OSType": "Solaris"}]})
    with pytest.raises(TypeError) as raised:
        rc.Snapshot(3)
    assert str(raised.value) == "json must be a str (JSON text) or a dict, not int"
    with pytest.raises(TypeError):
        rc.check(QUERY, now=NOW, context={"Instances": []})


def test_context_rules_apply():
    windows = rc.Snapshot({"Instances": [{**LINUX_WEB, "OSType": "Windows"}]})
    with pytest.raises(rc.ApiError) as raised:
        rc.check(QUERY, now=NOW, context=windows)
    assert (raised.value.code, raised.value.detail) == (
        "InvalidInstance.NotMatch",
        "InstanceId: i-abc123 runs Windows; RunShellScript runs on Linux",
    )
    with pytest.raises(rc.ApiError) as raised:
        rc.check(QUERY, now=NOW, context=windows, all_faults=True)
    assert [e.code for e in raised.value.errors] == ["InvalidInstance.NotMatch"]
    with pytest.raises(rc.ApiError) as raised:
        rc.render(QUERY, {"InstanceId": "i-abc123", "InvokeId": "t-1"}, now=NOW, context=windows)
    assert raised.value.code == "InvalidInstance.NotMatch"


def test_render_takes_the_instance_as_the_snapshot_knows_it():
    query = (
        "RegionId=cn-hangzhou&Type=RunShellScript&EnableParameter=true"
        "&CommandContent=echo+%7B%7BACS%3A%3AInstanceName%7D%7D&InstanceId.1=i-abc123"
    )
    builtins = {"InstanceId": "i-abc123", "InvokeId": "t-1"}
    known = rc.Snapshot({"Instances": [LINUX_WEB]})
    assert rc.render(query, builtins, now=NOW, context=known)["content"] == "echo web-01"
    assert rc.render(query, builtins, now=NOW)["content"] == "echo {{ACS::InstanceName}}"
