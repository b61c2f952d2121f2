"""Long calls release the GIL: another Python thread runs while the Rust work is under way.

The test does not time anything. The switch interval is raised to 10 s, so a thread waiting for
the GIL gets it only when a call lets go of it (within the few seconds the test lasts); a
watcher thread, woken just before the calls, records whether they were still going on when it
first ran. A call that keeps the GIL never lets the watcher in before the calls are over.
"""

import sys
import threading
import time

import pytest

import ecs_runcommand as rc

NOW = "2030-01-01T00:00:00Z"
BIG_QUERY = "RegionId=r&Type=RunShellScript&InstanceId.1=i-a&CommandContent=" + "%41" * 3_000_000
SIGNED = (
    "AccessKeyId=testid&Action=RunCommand&CommandContent=echo%20hello&Format=JSON"
    "&InstanceId.1=i-bp1demo&RegionId=cn-hangzhou&SignatureMethod=HMAC-SHA1"
    "&SignatureNonce=9f2e0c1d&SignatureVersion=1.0&Timestamp=2030-01-01T00%3A00%3A00Z"
    "&Type=RunShellScript&Version=2014-05-26&Signature=2SBtPedWIVyTIwyo11gN9SrpCaw%3D"
)

LONG_SIGNED = SIGNED.replace(
    "&Signature=", "".join(f"&P{i:03}={'v' * 480}" for i in range(240)) + "&Signature="
)


def expect_error(call):
    def run():
        with pytest.raises(rc.ApiError):
            call()

    return run


CALLS = {
    "next_fire_times": lambda: rc.next_fire_times(
        "*/10 * * * * ?", after=NOW, count=100_000, timeout=10
    ),
    "check": expect_error(lambda: rc.check(BIG_QUERY, now=NOW)),
    "render": expect_error(
        lambda: rc.render(BIG_QUERY, {"InstanceId": "i-a", "InvokeId": "t-1"}, now=NOW)
    ),
    # 240 signed parameters (117 KB): sorted, encoded and hashed before the signature fails.
    "verify": expect_error(
        lambda: rc.verify("POST", "/", LONG_SIGNED, [], keys={"testid": "testsecret"}, now=NOW)
    ),
}

# Calls in a row, for at most this many seconds (well under the switch interval): one call
# may end before the watcher wakes; in a row they cannot all.
ROW_SECONDS = 3.0


@pytest.mark.parametrize("name", sorted(CALLS))
def test_other_threads_run_during_a_call(name):
    call = CALLS[name]
    state = {"done": False, "seen_during_call": None}
    go = threading.Event()

    def watcher():
        go.wait()
        state["seen_during_call"] = not state["done"]

    before = sys.getswitchinterval()
    sys.setswitchinterval(10.0)
    try:
        thread = threading.Thread(target=watcher)
        thread.start()
        time.sleep(0.05)  # the watcher is now blocked in go.wait()
        go.set()
        deadline = time.monotonic() + ROW_SECONDS
        while state["seen_during_call"] is None and time.monotonic() < deadline:
            call()
        state["done"] = True
        thread.join()
    finally:
        sys.setswitchinterval(before)
    assert state["seen_during_call"] is True


def test_threads_share_the_work():
    """Calls from several threads give the same answers as one after another."""
    from concurrent.futures import ThreadPoolExecutor

    frequencies = [f"0 {m} * * * ?" for m in range(60)]
    alone = [rc.next_fire_times(f, after=NOW, count=50) for f in frequencies]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda f: rc.next_fire_times(f, after=NOW, count=50), frequencies))
    assert together == alone
