"""Speed of the package, as ratios from one run (run by hand: `python python/bench.py`).

- `next_fire_times(count=100)` against croniter's 100 `get_next` on the same schedule, written
  in each one's dialect; both lists of fire times must be equal. The package must be at least
  30x faster.
- `check` on the typical request of `benches/request.rs` (1 KB content with 3 custom
  parameters, 3 instances, 2 tags, a cron Frequency), in calls per second on one core (one
  thread), at least 30,000; beside it, in the same run, the standard library's `parse_qsl` on the
  same query string, as a plain baseline for the speed of this machine.

- `describe` of a few typical expressions in each language; beside it, when cron-descriptor is
  installed, its English `get_description` of the same schedule (the Python describer people
  use; `benches/describe_peers/` compares the two over a whole corpus).

Each figure is the median of several timed rounds. Needs `pip install ./python croniter`
(and, for the describe baseline, `cron-descriptor`).
"""

import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, quote

import ecs_runcommand as rc
from croniter import croniter

ROUNDS = 7
AFTER = datetime(2030, 1, 1, tzinfo=timezone.utc)

# (Cloud Assistant's cron, croniter's cron): the same schedule in each dialect.
SCHEDULES = [
    ("0 0/30 10-11 * * ?", "*/30 10-11 * * *"),
    ("0 15 10 ? * MON-FRI", "15 10 * * mon-fri"),
    ("0 0 12 1W * ?", None),  # croniter has no W: the package alone, for scale
]

# (Cloud Assistant's Frequency, cron-descriptor's cron): the same schedule in each dialect.
DESCRIBED = [
    ("0 0/30 10-11 * * ? 2030", "0 0/30 10-11 * * ? 2030"),
    ("0 15 10 ? * MON-FRI", "0 15 10 ? * MON-FRI"),
    ("0 0 9 ? * 5#3", "0 0 9 ? * 6#3"),  # Cloud Assistant: 5 = Friday; Quartz: 6
]


def typical():
    """The typical request of benches/request.rs, as the SDKs encode it."""
    content = "#!/bin/bash\necho {{name}} {{ greeting }} {{count}}\n"
    while len(content) < 1024:
        content += "ls -la /var/log | grep -v '^total' | awk '{print $9}'\n"
    pairs = [
        ("RegionId", "cn-hangzhou"),
        ("Type", "RunShellScript"),
        ("CommandContent", content),
        ("EnableParameter", "True"),
        ("Parameters", '{"name":"Jack","greeting":"hello world","count":"3"}'),
        ("Frequency", "0 */20 * * * ?"),
        ("Timeout", "600"),
        ("InstanceId.1", "i-bp185dy2o3o6neg0001"),
        ("InstanceId.2", "i-bp185dy2o3o6neg0002"),
        ("InstanceId.3", "i-bp185dy2o3o6neg0003"),
        ("Tag.1.Key", "team"),
        ("Tag.1.Value", "ops"),
        ("Tag.2.Key", "env"),
        ("Tag.2.Value", "prod"),
        ("Action", "RunCommand"),
        ("Version", "2014-05-26"),
    ]
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def per_call(function, calls):
    """The median time of one call, in seconds, over ROUNDS rounds of `calls` calls."""
    function()  # warm up
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        rounds.append((time.perf_counter() - start) / calls)
    return statistics.median(rounds)


def croniter_times(expression, count):
    it = croniter(expression, AFTER)
    return [it.get_next(datetime) for _ in range(count)]


def main():
    if rc._native._debug_build:
        sys.exit(f"{rc._native.__file__} is a debug build: `pip install ./python` (or "
                 "`maturin develop --release`) first")
    print(f"ecs_runcommand {rc.__version__} ({Path(rc.__file__).parent}),")
    print(f"Python {sys.version.split()[0]}, one thread")
    print()
    print("next_fire_times(count=100) vs croniter: 100 x get_next, same schedule")
    print(f"{'schedule':<24}{'package':>12}{'croniter':>12}{'ratio':>9}")
    ratios = []
    for ours, theirs in SCHEDULES:
        mine = rc.next_fire_times(ours, after=AFTER, count=100)
        package = per_call(lambda: rc.next_fire_times(ours, after=AFTER, count=100), 200)
        if theirs is None:
            print(f"{ours:<24}{package * 1e6:>10.1f}us{'-':>12}{'-':>9}")
            continue
        assert croniter_times(theirs, 100) == mine, ours
        other = per_call(lambda: croniter_times(theirs, 100), 5)
        ratios.append(other / package)
        print(f"{ours:<24}{package * 1e6:>10.1f}us{other * 1e3:>10.2f}ms{other / package:>8.0f}x")

    print()
    query = typical()
    answer = rc.check(query, now="2025-01-01T00:00:00Z")
    assert answer["request"]["InstanceId"][2] == "i-bp185dy2o3o6neg0003"
    assert len(parse_qsl(query)) == 16
    check = per_call(lambda: rc.check(query, now="2025-01-01T00:00:00Z"), 20_000)
    baseline = per_call(lambda: parse_qsl(query), 20_000)
    print(f"check, the typical request ({len(query)} bytes)")
    print(f"  rc.check:   {check * 1e6:6.1f} us/call  {1 / check:>9,.0f} calls/s")
    print(f"  parse_qsl:  {baseline * 1e6:6.1f} us/call  {1 / baseline:>9,.0f} calls/s")
    print(f"  check / parse_qsl: {check / baseline:.2f}x the time of decoding the query alone")

    print()
    try:
        from cron_descriptor import get_description
    except ImportError:
        get_description = None
    print("describe (en, zh-CN)" + (" vs cron-descriptor (en)" if get_description else ""))
    for ours, theirs in DESCRIBED:
        en = per_call(lambda: rc.describe(ours), 20_000)
        zh = per_call(lambda: rc.describe(ours, "zh-CN"), 20_000)
        line = f"  {ours:<34}{en * 1e6:6.2f} us {zh * 1e6:6.2f} us"
        if get_description is not None:
            other = per_call(lambda: get_description(theirs), 2_000)
            line += f"   {other * 1e6:7.1f} us ({other / en:.0f}x)"
        print(line)

    ok = min(ratios) >= 30 and 1 / check >= 30_000
    print()
    print("targets (next >= 30x croniter, check >= 30,000 calls/s):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
