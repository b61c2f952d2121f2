"""Hostile input never crashes or hangs the interpreter: each gets TypeError or ApiError."""

import pytest

import ecs_runcommand as rc

NOW = "2030-01-01T00:00:00Z"
TEN_MB = 10 * 1024 * 1024
BASE = {"RegionId": "r", "Type": "RunShellScript", "CommandContent": "ls", "InstanceId": ["i-a"]}
IDS = {"InstanceId": "i-a", "InvokeId": "t-1"}


def deep(levels, inner=None):
    value = inner if inner is not None else {}
    for _ in range(levels):
        value = {"a": value}
    return value


def deep_list(levels):
    value = []
    for _ in range(levels):
        value = [value]
    return value


def code(call):
    """The ApiError code of a call that must be refused."""
    with pytest.raises(rc.ApiError) as raised:
        call()
    return raised.value.code


def test_ten_megabyte_strings():
    big = "x" * TEN_MB
    # One parameter with a 10 MB name and no value: ignored, so RegionId is missing.
    assert code(lambda: rc.check(big, now=NOW)) == "MissingParameter.RegionId"
    assert code(lambda: rc.check("RegionId=r&CommandContent=" + big, now=NOW)) == (
        "MissingParameter.Type"
    )
    assert code(lambda: rc.check({**BASE, "CommandContent": big}, now=NOW)) == (
        "CmdContent.ExceedLimit"
    )
    # An unknown parameter is ignored, and its warning quotes a short piece of its name.
    (warning,) = rc.check({**BASE, big: "x"}, now=NOW)["warnings"]
    assert warning == "x" * 64 + "...: not a RunCommand parameter, ignored"
    assert code(lambda: rc.render({**BASE, "Name": big}, IDS, now=NOW)) == "CmdName.ExceedLimit"
    # The API bounds no built-in value: a 10 MB InvokeId names a 10 MB script file.
    assert len(rc.render(BASE, {**IDS, "InvokeId": big}, now=NOW)["script_name"]) == TEN_MB + 3
    assert code(lambda: rc.next_fire_times(big, after=NOW)) == "InvalidParam.Frequency"
    assert code(lambda: rc.next_fire_times("rate(5m)", after=big)) == "InvalidParameter"
    assert code(lambda: rc.describe(big)) == "InvalidParam.Frequency"
    e = pytest.raises(rc.ApiError, rc.describe, "rate(5m)", big).value
    assert (e.code, len(e.detail) < 200) == ("InvalidParameter", True)
    assert code(lambda: rc.next_fire_times("0 0 * * * ?", after=NOW, zone=big)) == (
        "InvalidParameter"
    )
    e = pytest.raises(rc.ApiError, rc.next_fire_times, "0 0 * * * ?", after=NOW, dst=big)
    assert len(e.value.detail) < 200
    for call in (
        lambda: rc.verify("POST", "/", big, [], keys={}, now=NOW),
        lambda: rc.verify("POST", "/", "", [], big, keys={}, now=NOW),
        lambda: rc.verify("POST", "/", "", [("x-acs-" + big, big)], keys={}, now=NOW),
        lambda: rc.verify(big, big, "", [], keys={}, now=NOW),
    ):
        e = pytest.raises(rc.ApiError, call).value
        assert e.code == "InvalidParameter"
        assert "more than the limit" in e.detail


@pytest.mark.parametrize(
    "value",
    [deep(100_000), deep_list(100_000), deep(129), deep_list(200)],
    ids=["dict-100000", "list-100000", "dict-129", "list-200"],
)
def test_deep_nesting(value):
    assert code(lambda: rc.check({**BASE, "Extra": value}, now=NOW)) == "InvalidParameter"
    assert code(lambda: rc.check({**BASE, "Parameters": value}, now=NOW)) == "InvalidParameter"
    assert code(lambda: rc.check({**BASE, "Tag": [value]}, now=NOW)) == "InvalidParameter"
    assert code(lambda: rc.render({**BASE, "Extra": value}, IDS, now=NOW)) == "InvalidParameter"
    with pytest.raises(TypeError):
        rc.render(BASE, {**IDS, "InstanceName": value}, now=NOW)


def test_deep_nesting_at_the_decoders_limit():
    """Up to the library's limit the library decides; one level more is refused either way."""
    shallow = {**BASE, "Extra": deep(125)}  # 127 levels, the request included
    assert rc.check(shallow, now=NOW)["warnings"] == ["Extra: not a RunCommand parameter, ignored"]
    for levels in (126, 127, 128):
        assert code(lambda: rc.check({**BASE, "Extra": deep(levels)}, now=NOW)) == (
            "InvalidParameter"
        )


def test_self_reference():
    loop = {}
    loop["a"] = loop
    assert code(lambda: rc.check({**BASE, "Extra": loop}, now=NOW)) == "InvalidParameter"
    cycle = []
    cycle.append(cycle)
    assert code(lambda: rc.check({**BASE, "InstanceId": cycle}, now=NOW)) == "InvalidParameter"


@pytest.mark.parametrize(
    "request_", [{1: "x"}, {**BASE, 2.5: "x"}, {**BASE, None: "x"}, {**BASE, ("a",): "x"},
                 {**BASE, "Parameters": {1: "x"}}, {**BASE, "Extra": {b"k": 1}}],
)
def test_non_str_keys(request_):
    with pytest.raises(TypeError):
        rc.check(request_, now=NOW)


def test_bytes():
    with pytest.raises(TypeError):
        rc.check(b"RegionId=r", now=NOW)
    with pytest.raises(TypeError):
        rc.check({**BASE, "CommandContent": b"ls"}, now=NOW)
    with pytest.raises(TypeError):
        rc.check({**BASE, "Extra": bytearray(b"x")}, now=NOW)
    with pytest.raises(TypeError):
        rc.next_fire_times(b"rate(5m)", after=NOW)
    with pytest.raises(TypeError):
        rc.render(BASE, {**IDS, "InvokeId": b"t-1"}, now=NOW)
    # Raw HTTP parts may be bytes: the library reads bytes.
    e = pytest.raises(rc.ApiError, rc.verify, "POST", "/", b"\xff", [], b"\x00", keys={}, now=NOW)
    assert e.value.detail == "the query: key or value starting at byte 0 is not UTF-8 once percent-decoded"


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinities(number):
    assert code(lambda: rc.check({**BASE, "Timeout": number}, now=NOW)) == "InvalidParameter"
    assert code(lambda: rc.check({**BASE, "Extra": [number]}, now=NOW)) == "InvalidParameter"
    with pytest.raises(TypeError):
        rc.next_fire_times("rate(5m)", after=NOW, count=number)
    with pytest.raises(TypeError):
        rc.next_fire_times("rate(5m)", after=NOW, timeout=number)


@pytest.mark.parametrize("number", [2**64, -(2**63) - 1, 10**30, 10**4000, -(10**4000)])
def test_huge_integers(number):
    assert code(lambda: rc.check({**BASE, "Timeout": number}, now=NOW)) in (
        "InvalidParameter",
        "InvalidTimeout.ExceedLimit",
    )
    assert code(lambda: rc.next_fire_times("rate(5m)", after=NOW, count=number)) == (
        "InvalidParameter"
    )
    assert code(lambda: rc.next_fire_times("rate(5m)", after=NOW, timeout=number)) == (
        "InvalidParameter"
    )
    assert code(lambda: rc.verify("POST", "/", "", [], keys={}, now=NOW, max_skew=number)) == (
        "InvalidParameter"
    )


def test_integers_past_python_digit_limit():
    import sys

    if not hasattr(sys, "set_int_max_str_digits"):
        pytest.skip("no limit on digits before Python 3.11")
    huge = 10**5000
    assert code(lambda: rc.check({**BASE, "Timeout": huge}, now=NOW)) == "InvalidParameter"
    assert code(lambda: rc.next_fire_times("rate(5m)", after=NOW, count=huge)) == (
        "InvalidParameter"
    )


LONE = "\ud800"


def test_lone_surrogates():
    # A query string: its bytes are not UTF-8, and the decoder says where.
    e = pytest.raises(rc.ApiError, rc.check, "RegionId=r" + LONE, now=NOW).value
    assert e.code == "InvalidParameter"
    assert "UTF-8" in e.detail
    assert code(lambda: rc.check({**BASE, "Name": LONE}, now=NOW)) == "InvalidParameter"
    assert code(lambda: rc.check({**BASE, LONE: "x"}, now=NOW)) == "InvalidParameter"
    assert code(lambda: rc.render(BASE, {**IDS, "InvokeId": LONE}, now=NOW)) == (
        "InvalidParameter"
    )
    assert code(lambda: rc.next_fire_times(LONE, after=NOW)) == "InvalidParameter"
    assert code(lambda: rc.describe(LONE)) == "InvalidParameter"
    assert code(lambda: rc.describe("rate(5m)", LONE)) == "InvalidParameter"
    assert code(lambda: rc.next_fire_times("rate(5m)", after=LONE)) == "InvalidParameter"
    assert code(lambda: rc.verify("POST", LONE, "", [], keys={}, now=NOW)) == (
        "InvalidParameter"
    )
    e = pytest.raises(rc.ApiError, rc.verify, "POST", "/", LONE, [], keys={}, now=NOW).value
    assert e.detail == "the query: key or value starting at byte 0 is not UTF-8 once percent-decoded"
    assert code(lambda: rc.verify("POST", "/", "", [("Host", LONE)], keys={}, now=NOW)) == (
        "InvalidParameter"
    )


def test_other_values_in_a_request():
    for value in (object(), {1, 2}, 1j, rc.check):
        with pytest.raises(TypeError):
            rc.check({**BASE, "Extra": value}, now=NOW)


def test_a_thousand_huge_calls_leave_memory_alone():
    """Errors do not keep their inputs: a loop over 1 MB inputs does not grow."""
    import tracemalloc

    big = "RegionId=r&CommandContent=" + "y" * (1 << 20)
    tracemalloc.start()
    for _ in range(20):
        pytest.raises(rc.ApiError, rc.check, big, now=NOW)
    start, _ = tracemalloc.get_traced_memory()
    for _ in range(200):
        pytest.raises(rc.ApiError, rc.check, big, now=NOW)
    end, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert end - start < 1 << 20
