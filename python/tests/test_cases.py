"""Every case of spec/cases: the package answers as the command line does.

Accepted answers are compared as JSON text (so a bool stays a bool, an int an int, and the keys
keep the command line's order); rejections by status, code, message and detail.
"""

import json
from datetime import timezone

import pytest

import ecs_runcommand as rc
from conftest import ROOT, cases

# The `now` of the request and render cases (tests/conformance.rs).
NOW = "2025-01-01T00:00:00Z"

# The cases with the service's state (a `context`, spec/context.md) are checked with a
# `Snapshot` of it here, and with `--context FILE` by the command line.
REQUEST = cases("request")
RENDER = cases("render")
# The render cases without a context go to the command line in one `--jsonl` run.
PLAIN_RENDER = [i for i, (_, c) in enumerate(RENDER) if "context" not in c]
FREQUENCY = cases("frequency")
AUTH = cases("auth")


def error_of(e):
    """An ApiError as the command line prints it."""
    return {
        "HttpStatus": e.http_status,
        "Code": e.code,
        "Message": e.message,
        "Detail": e.detail,
    }


def rejected(answer):
    """The error fields of a command line rejection."""
    return {k: answer[k] for k in ("HttpStatus", "Code", "Message", "Detail")}


def accepted(answer):
    """A command line acceptance as `check(..., fingerprint=True)` answers it."""
    return {
        "request": answer["request"],
        "warnings": answer["warnings"],
        "fingerprint": answer["Fingerprint"],
    }


def sent(case):
    """The request of a case as the package takes it: a query str or a dict."""
    if "query" in case:
        return case["query"]
    if "request" in case:
        return case["request"]
    return json.loads(case["request_json"])


def with_context(case, args, tmp_path):
    """`args` with `--context FILE` when the case has a context (written to `tmp_path`)."""
    if "context" not in case:
        return args
    path = tmp_path / "context.json"
    path.write_text(json.dumps(case["context"]), encoding="utf-8")
    return [*args, "--context", str(path)]


def snapshot(case):
    """The case's context as the package takes it, or None."""
    return rc.Snapshot(case["context"]) if "context" in case else None


def cli_check(cli, case, all_faults, tmp_path):
    args = ["check", "--now", NOW] + (["--all"] if all_faults else [])
    args = with_context(case, args, tmp_path)
    if "request_json" in case:
        # A line would nest one level deeper than the request: the single-request form.
        _, out = cli.run(args, case["request_json"])
        return json.loads(out)
    line = {"query": case["query"]} if "query" in case else {"request": case["request"]}
    return cli.jsonl(args, [line])[0]


@pytest.mark.parametrize("n,case", REQUEST, ids=[f"request:{n}" for n, _ in REQUEST])
@pytest.mark.parametrize("all_faults", [False, True], ids=["first", "all"])
def test_check(cli, n, case, all_faults, tmp_path):
    expected = cli_check(cli, case, all_faults, tmp_path)
    assert expected["ok"] is case["ok"]
    try:
        answer = rc.check(
            sent(case), now=NOW, all_faults=all_faults, context=snapshot(case), fingerprint=True
        )
    except rc.ApiError as e:
        assert not expected["ok"], e
        assert error_of(e) == rejected(expected)
        if all_faults:
            assert [error_of(x) for x in e.errors] == expected["Errors"]
            assert all(x.errors == [] for x in e.errors)
        else:
            assert e.errors == []
        return
    assert expected["ok"], answer
    assert json.dumps(answer) == json.dumps(accepted(expected))


@pytest.fixture(scope="module")
def cli_render(cli):
    lines = [{"query": RENDER[i][1]["query"], "builtins": RENDER[i][1]["builtins"]} for i in PLAIN_RENDER]
    return dict(zip(PLAIN_RENDER, cli.jsonl(["render", "--now", NOW], lines)))


@pytest.mark.parametrize("i", range(len(RENDER)), ids=[f"render:{n}" for n, _ in RENDER])
def test_render(cli, cli_render, i, tmp_path):
    _, case = RENDER[i]
    if i in cli_render:
        expected = cli_render[i]
    else:
        args = with_context(case, ["render", "--now", NOW], tmp_path)
        (expected,) = cli.jsonl(args, [{"query": case["query"], "builtins": case["builtins"]}])
    try:
        answer = rc.render(case["query"], case["builtins"], now=NOW, context=snapshot(case))
    except rc.ApiError as e:
        assert not expected["ok"], e
        assert error_of(e) == rejected(expected)
        return
    assert expected.pop("ok") is True
    assert json.dumps(answer) == json.dumps(expected)


def next_query(case):
    query = {"frequency": case["frequency"], "after": case["now"]}
    for key in ("zone", "timeout", "dst"):
        if key in case:
            query[key] = case[key]
    return query


@pytest.fixture(scope="module")
def cli_next(cli):
    return cli.jsonl(["next"], [next_query(c) for _, c in FREQUENCY])


@pytest.mark.parametrize(
    "i", range(len(FREQUENCY)), ids=[f"frequency:{n}" for n, _ in FREQUENCY]
)
def test_next_fire_times(cli_next, i):
    _, case = FREQUENCY[i]
    query = next_query(case)
    expected = cli_next[i]
    try:
        times = rc.next_fire_times(query.pop("frequency"), **query)
    except rc.ApiError as e:
        assert error_of(e) == expected["error"]
        assert e.code == case["code"]
        return
    assert all(t.tzinfo is timezone.utc for t in times)
    assert [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in times] == expected["next"]
    assert case["ok"]


@pytest.mark.parametrize(
    "query",
    [
        {"count": 100_000, "frequency": "rate(1m)"},
        {"count": 100_001},
        {"count": 0},
        {"zone": "Mars/Base"},
        {"zone": "Asia/Shanghai"},
        {"timeout": 9},
        {"timeout": 86_401},
        {"timeout": 2**40},
        {"dst": "vixie"},
        {"dst": "summer"},
        {"after": "2030-01-01"},
        {"after": "2030-01-01T08:00:00+08:00"},
    ],
)
def test_next_arguments(cli, query):
    """What the command line checks besides the Frequency is checked the same way."""
    query = {"frequency": "0 0 * * * ?", "after": "2030-01-01T00:00:00Z", **query}
    (expected,) = cli.jsonl(["next"], [query])
    try:
        times = rc.next_fire_times(query.pop("frequency"), **query)
    except rc.ApiError as e:
        assert error_of(e) == expected["error"]
        return
    assert [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in times] == expected["next"]


def verify_args(case):
    request = case["request"]
    kwargs = {"keys": case["keys"], "now": case["now"]}
    if "max_skew" in case:
        kwargs["max_skew"] = case["max_skew"]
    args = (request["method"], request["path"], request["query"], request["headers"])
    if "body" in request:
        args += (request["body"],)
    return args, kwargs


@pytest.mark.parametrize("n,case", AUTH, ids=[case["name"] for _, case in AUTH])
def test_verify(cli, tmp_path, n, case):
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(case["keys"]), encoding="utf-8")
    cli_args = ["verify", "--keys", str(keys), "--now", case["now"]]
    if "max_skew" in case:
        cli_args += ["--max-skew", str(case["max_skew"])]
    expected = cli.jsonl(cli_args, [case["request"]])[0]
    args, kwargs = verify_args(case)
    try:
        answer = rc.verify(*args, **kwargs)
    except rc.ApiError as e:
        assert not expected["ok"], e
        assert error_of(e) == rejected(expected)
        return
    assert expected["ok"], answer
    assert answer == {
        "access_key_id": expected["AccessKeyId"],
        "version": expected["Version"],
    }
    if "again" in case:
        # The command line remembers the nonces of its run; the package is stateless: the
        # same request verifies again.
        assert case["again"]["Code"] == "SignatureNonceUsed"
        assert rc.verify(*args, **kwargs) == answer


def test_codes(cli):
    status, out = cli.run(["codes"])
    assert status == 0
    assert rc.codes() == json.loads(out)
    assert json.dumps(rc.codes()) == json.dumps(json.loads(out))
    table = json.loads((ROOT / "spec" / "error-codes.json").read_text(encoding="utf-8"))
    assert len(rc.codes()) == len(table) == 90


JSON_EDGES = [
    {"Timeout": 2**63},
    {"Timeout": 2**64 + 1},
    {"Timeout": -(2**63) - 1},
    {"Timeout": 10**30},
    {"Timeout": 600.0},
    {"Timeout": -1},
    {"Timeout": True},
    {"Timeout": None},
    {"KeepCommand": 1},
    {"Name": "t\u00e9st \u2603 \U0001f600"},
    {"Name": "quote \" back \\ nl \n tab \t nul \u0000"},
    {"Parameters": {"a": "1"}, "EnableParameter": True, "CommandContent": "echo {{a}}"},
    {"Parameters": '{"a": "1"}', "EnableParameter": "true", "CommandContent": "echo {{a}}"},
    {"Parameters": {"a": 1}, "EnableParameter": True, "CommandContent": "echo {{a}}"},
    {"Parameters": [], "EnableParameter": True},
    {"InstanceId": ("i-a", "i-b")},
    {"InstanceId": ["i-a", None, "i-b"]},
    {"InstanceId": "i-a"},
    {"Tag": [{"Key": "k", "Value": None}, {"Key": "j"}]},
    {"Tag": [{"Key": "k", "Extra": 1}]},
    {"Extra": [[[[[[[[[[]]]]]]]]]], "Other": {"a": [1, 2.5, None, True]}},
    {"InstanceId.1": "i-c"},
]


@pytest.mark.parametrize("edge", JSON_EDGES, ids=[str(i) for i in range(len(JSON_EDGES))])
def test_json_form_edges(cli, edge):
    """Dicts whose JSON text the command line reads: the package reads the dict the same way."""
    request = {"RegionId": "r", "Type": "RunShellScript", "CommandContent": "ls",
               "InstanceId": ["i-a"], **edge}
    for all_faults in (False, True):
        args = ["check", "--now", NOW] + (["--all"] if all_faults else [])
        (expected,) = cli.jsonl(args, [{"request": request}])
        try:
            answer = rc.check(request, now=NOW, all_faults=all_faults, fingerprint=True)
        except rc.ApiError as e:
            assert not expected["ok"], e
            assert error_of(e) == rejected(expected)
            if all_faults:
                assert [error_of(x) for x in e.errors] == expected["Errors"]
            continue
        assert expected["ok"], answer
        assert json.dumps(answer) == json.dumps(accepted(expected))


DESCRIBE_CORPUS = [
    line
    for line in (ROOT / "spec" / "describe" / "corpus.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_describe_corpus(cli, lang):
    """Every Frequency of the describe corpus, and the spec's Frequency cases, described as
    `runcommand describe --jsonl` describes them (rejections included)."""
    frequencies = DESCRIBE_CORPUS + [c["frequency"] for _, c in FREQUENCY]
    expected = cli.jsonl(["describe"], [{"frequency": f, "lang": lang} for f in frequencies])
    assert len(expected) == len(frequencies)
    for frequency, answer in zip(frequencies, expected):
        try:
            got = {"description": rc.describe(frequency, lang)}
        except rc.ApiError as e:
            got = {"error": error_of(e)}
        assert got == answer, frequency
