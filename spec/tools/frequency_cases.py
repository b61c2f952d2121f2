#!/usr/bin/env python3
"""Writes the accepted Frequency cases' fire times into a draft for review.

Usage: python3 spec/tools/frequency_cases.py > /tmp/draft.jsonl
Each accepted case's `next` list is filled in from `runcommand next --jsonl` and must then be
checked by hand against the calendar before it goes into spec/cases/frequency.jsonl.

The command line validates a cron expression without a zone in its `--zone` (UTC by default);
the conformance runner validates a case without "zone" with the instance's zone unknown, as the
API does. Where that changes the answer (the rejected cases marked UNKNOWN below), the draft's
detail is the UTC one and the case's expected detail comes from the library instead.
"""
import json, subprocess, sys

REF = "runcommand-api.txt, Frequency"
CRON = "related-docs.md §1 (cron expressions page)"
DEC = "decisions.md, Frequency"
RATE = "related-docs.md §2 / runcommand-api.txt Frequency (rate)"
# The agent's rate pattern, matched against the whole Frequency (Go regexp: \s is [\t\n\f\r ]).
AGENT = "related-docs.md §2: agent regex (?i)(rate\\s*\\((\\d+)\\s*([smhd])\\)), whole string"
N22 = "2022-01-01T00:00:00Z"
N30 = "2029-12-31T00:00:00Z"

LOCAL = "spec/frequency.md, Validation: intervals count from the local date of the earliest wall clock still to come"

ok = [
    (REF, "0 15 10 ? * * 2022 Asia/Shanghai", N22, {}, 3),
    (REF, "0 0/30 10-11 * * ? 2022 GMT+8:00", N22, {}, 5),
    (REF, "0 0/5 14 * 10 ? 2022/2 UTC", N22, {}, 3),
    (REF, "0 0/5 14 * 10 ? 2022/2 UTC", "2022-10-31T14:55:00Z", {}, 2),
    (REF, "rate(5m)", N22, {}, 3),
    (REF, "at(2022-06-06 13:15:30 Asia/Shanghai)", N22, {}, 3),
    (REF, "at(2022-06-06 13:15:30 GMT-7:00)", N22, {}, 3),
    (REF, "0 */20 * * * ?", N22, {}, 4),
    (CRON, "0 15 10 ? * *", N22, {}, 2),
    (CRON, "0 15 10 * * ?", N22, {}, 2),
    (CRON, "0 0 12 * * ?", N22, {}, 2),
    (CRON, "0 0 10,14,16 * * ?", N22, {}, 4),
    (CRON, "0 0/30 9-17 * * ?", "2022-01-01T17:00:00Z", {}, 3),
    (CRON, "0 * 14 * * ?", "2022-01-01T14:58:00Z", {}, 3),
    (CRON, "0 0-5 14 * * ?", "2022-01-01T14:04:00Z", {}, 3),
    (CRON, "0 0/5 14,18 * * ?", "2022-01-01T14:50:00Z", {}, 3),
    (CRON, "0 0 12 ? * WED", N22, {}, 3),
    (CRON, "0 15 10 15 * ?", N22, {}, 3),
    (CRON, "0 15 10 L * ?", N22, {}, 3),
    (CRON + "; 6 = Saturday (1 = MON)", "0 15 10 ? * 6L", N22, {}, 3),
    (CRON + "; 6 = Saturday (1 = MON)", "0 15 10 ? * 6#3", N22, {}, 3),
    (CRON, "0 10,44 14 ? 3 WED", N22, {}, 4),
    (CRON, "0 15 8 ? * * 2022", "2022-12-30T00:00:00Z", {}, 3),
    (CRON + " (ModifyInvocationAttribute example: both * accepted)", "0 */20 * * * *", N22, {}, 2),
    (CRON + ": 7th token is a zone", "0 0 12 * * ? Asia/Shanghai", N22, {}, 2),
    (CRON + ": LW", "0 0 9 LW * ?", N22, {}, 3),
    (CRON + ": nW never leaves the month (2022-01-01 is a Saturday)", "0 0 9 1W * ?", N22, {}, 3),
    (CRON + ": nW never leaves the month (2022-07-31 is a Sunday)", "0 0 9 31W * ?", "2022-07-01T00:00:00Z", {}, 2),
    (CRON + ": bare L in day-of-week is Sunday", "0 0 12 ? * L", N22, {}, 2),
    (CRON + ": names are case-insensitive", "0 0 12 ? jan mon", N22, {}, 2),
    (CRON + ": at most one leading zero", "08 05 01 * * ?", N22, {}, 1),
    (DEC + ": a/n runs to the field's maximum", "0 50/3 1 * * ?", N22, {}, 4),
    (DEC + ": */n in day-of-month starts at 1", "0 0 0 */10 * ?", N22, {}, 4),
    (DEC + ": year */2 starts at 1970", "0 0 0 1 1 ? */2", N22, {}, 2),
    (DEC + ": Feb 29 only in leap years", "0 0 0 29 2 ?", N22, {}, 2),
    (DEC + ": smallest interval exactly 10 s", "*/10 * * * * ?", N22, {"timeout": 10}, 2),
    (DEC + ": smallest interval exactly the Timeout (60 s)", "0 * * * * ?", N22, {}, 2),
    (DEC + ": rate exactly 60 s with Timeout 59", "rate(60s)", N22, {"timeout": 59}, 2),
    (DEC + ": rate exactly 7 days", "rate(7d)", N22, {}, 2),
    (DEC + ": rate 168h = 7 days", "rate(168h)", N22, {}, 1),
    ("runcommand-api.txt, Frequency: format rate(<value> <unit>), a blank between value and unit; " + AGENT,
     "rate(5 m)", N22, {}, 2),
    (AGENT + ": (?i), any letter case", "RATE(5M)", N22, {}, 2),
    (AGENT + ": \\s* between rate and (", "rate (5m)", N22, {}, 2),
    (AGENT + ": \\s is tab, newline, form feed, carriage return or space", "Rate\t(10\nH)", N22, {}, 2),
    (DEC + ": at without a zone is UTC", "at(2022-06-06 13:15:30)", N22, {}, 1),
    (DEC + ": an ambiguous at takes the earlier occurrence", "at(2030-11-03 01:30:00 America/New_York)", N30, {}, 1),
    (DEC + ": cron without zone runs in the instance zone", "0 0 12 * * ?", N22, {"zone": "Asia/Shanghai"}, 2),
    (DEC + ": DST quartz skips a nonexistent time", "0 0/30 1-3 * * ?", "2030-03-10T05:00:00Z", {"zone": "America/New_York"}, 5),
    (DEC + ": DST vixie fires after the gap, once", "0 0/30 1-3 * * ?", "2030-03-10T05:00:00Z", {"zone": "America/New_York", "dst": "vixie"}, 5),
    (DEC + ": DST quartz fires a repeated time at its later occurrence", "0 0/30 1-2 * * ?", "2030-11-03T04:00:00Z", {"zone": "America/New_York"}, 5),
    (DEC + ": DST vixie fires a repeated time at its earlier occurrence", "0 0/30 1-2 * * ?", "2030-11-03T04:00:00Z", {"zone": "America/New_York", "dst": "vixie"}, 5),
    (DEC + ": the schedule ends in 2099", "0 0 0 31 12 ? 2099", "2099-01-01T00:00:00Z", {}, 3),
    (LOCAL, "0 0 0/2 * * ?", "2100-01-01T00:00:00Z", {"zone": "America/New_York"}, 2),
    (LOCAL, "0 0 12 * * ?", "2099-12-31T20:00:00Z", {"zone": "Etc/GMT+12"}, 1),
    (LOCAL + " (the 1 h gap of 2024-02-29 is past, and 2028 is outside the year field)",
     "0 0 0,23 29,1 * ? 2024-2027", "2024-03-02T00:00:00Z", {"zone": "UTC", "timeout": 82800}, 4),
]

bad = [
    (DEC + ": 6, 7 or 8 fields", "0 15 10 ? *", N22, {}, "FieldCount", 0),
    (DEC + ": 6, 7 or 8 fields", "0 15 10 ? * * 2022 UTC x", N22, {}, "FieldCount", 23),
    (CRON + ": seconds 0-59", "60 * * * * ?", N22, {}, "OutOfRange", 0),
    (CRON + ": hours 0-23", "0 0 24 * * ?", N22, {}, "OutOfRange", 4),
    (CRON + ": day-of-month 1-31", "0 0 0 32 * ?", N22, {}, "OutOfRange", 6),
    (CRON + ": day-of-month 1-31", "0 0 0 0 * ?", N22, {}, "OutOfRange", 6),
    (CRON + ": month 1-12", "0 0 0 ? 13 *", N22, {}, "OutOfRange", 8),
    (CRON + ": day-of-week 1-7", "0 0 0 ? * 8", N22, {}, "OutOfRange", 10),
    (CRON + ": day-of-week 1-7 (no 0)", "0 0 0 ? * 0", N22, {}, "OutOfRange", 10),
    (CRON + ": at most one leading zero", "008 * * * * ?", N22, {}, "LeadingZeros", 0),
    (DEC + ": step 1 to the field maximum", "0/60 * * * * ?", N22, {}, "StepOutOfRange", 2),
    (DEC + ": step 1 to the field maximum", "0 0/0 * * * ?", N22, {}, "StepOutOfRange", 4),
    (DEC + ": reversed range", "0 0 5-2 * * ?", N22, {}, "ReversedRange", 4),
    (DEC + ": ? only in day fields", "? 0 0 * * ?", N22, {}, "QuestionMark", 0),
    (DEC + ": both day fields ?", "0 0 0 ? * ?", N22, {}, "DayConflict", 6),
    (DEC + ": both day fields restricted", "0 0 0 1 * MON", N22, {}, "DayConflict", 6),
    (DEC + ": only both * may go without ?", "0 0 0 */2 * *", N22, {}, "DayConflict", 6),
    (DEC + ": L-n is not Cloud Assistant syntax", "0 0 0 L-2 * ?", N22, {}, "Syntax", 6),
    (CRON + ": L and W do not mix with lists or ranges", "0 0 0 1-5W * ?", N22, {}, "SpecialInList", 9),
    (CRON + ": L does not mix with lists", "0 0 0 ? * 1,6L", N22, {}, "SpecialInList", 13),
    (DEC + ": n#k with k 1-5", "0 0 0 ? * 6#6", N22, {}, "OutOfRange", 12),
    (DEC + ": year within [current year, 2099]", "0 0 0 * * ? 2021", N22, {}, "YearInPast", 12),
    (DEC + ": year within [current year, 2099]", "0 15 10 ? * * 2022 Asia/Shanghai", "2026-11-28T00:00:00Z", {}, "YearInPast", 14),
    (DEC + ": year within [current year, 2099]", "0 0 0 * * ? 2100", N22, {}, "OutOfRange", 12),
    (REF + ": no leading zero in the GMT hour", "0 0 0 * * ? 2022 GMT+08:00", N22, {}, "Zone", 17),
    (DEC + ": GMT offsets need minutes", "0 0 0 * * ? GMT-7", N22, {}, "Zone", 12),
    (REF + ": only UTC as an abbreviation", "0 0 0 * * ? EST", N22, {}, "Zone", 12),
    (DEC + ": unknown IANA name", "0 0 0 * * ? Mars/Olympus_Mons", N22, {}, "Zone", 12),
    (DEC + ": rate at least 60 s", "rate(59s)", N22, {}, "RateOutOfRange", 5),
    (DEC + ": rate at most 7 days", "rate(8d)", N22, {}, "RateOutOfRange", 5),
    (DEC + ": rate at most 7 days", "rate(169h)", N22, {}, "RateOutOfRange", 5),
    (DEC + ": rate value >= 1", "rate(0m)", N22, {}, "RateOutOfRange", 5),
    (DEC + ": rate longer than the Timeout", "rate(60s)", N22, {}, "RateNotAboveTimeout", 5),
    (AGENT + ": no blank after (", "rate( 5m)", N22, {}, "Syntax", 5),
    (AGENT + ": no blank before )", "rate(5m )", N22, {}, "Syntax", 7),
    (AGENT + ": (?i) matches the long s, but the agent's unit check (strings.ToLower) rejects it", "rate(5\u017f)", N22, {}, "Syntax", 5),
    (AGENT + ": the value's offset, after the blank", "rate (59s)", N22, {}, "RateOutOfRange", 6),
    (DEC + ": huge rate values do not overflow", "rate(99999999999999999999999d)", N22, {}, "RateOutOfRange", 5),
    (DEC + ": at in the past", "at(2021-12-31 23:59:59)", N22, {}, "AtInPast", 3),
    (DEC + ": at equal to now is not after it", "at(2022-01-01 00:00:00 UTC)", N22, {}, "AtInPast", 3),
    (DEC + ": at date must exist", "at(2022-02-30 00:00:00)", N22, {}, "InvalidDateTime", 3),
    (DEC + ": at in a DST gap", "at(2030-03-10 02:30:00 America/New_York)", N30, {}, "AtNonexistent", 3),
    (REF + ": at format", "at(2022-06-06T13:15:30)", N22, {}, "Syntax", 3),
    # UNKNOWN: the pair is on 2021-12-31, the date of now - 12 h + 1 s.
    (DEC + ": smallest interval >= 10 s", "*/5 * * * * ?", N22, {"timeout": 10}, "IntervalTooShort", 0),
    (DEC + ": smallest interval >= Timeout", "0/10 * * * * ?", N22, {"timeout": 11}, "IntervalTooShort", 0),
    (DEC + ": smallest interval across midnight", "0,59 0,59 0,23 * * ?", N22, {"timeout": 10}, "IntervalTooShort", 0),
    # UNKNOWN: zones 12 h behind UTC still fire on 2099-12-31 (the command line says NoFireTime).
    (LOCAL, "* * * * * ?", "2100-01-01T00:00:00Z", {"timeout": 10}, "IntervalTooShort", 0),
    (LOCAL + " (the last second before the bound: zones 12 h behind still fire at 2099-12-31 23:59:59)",
     "* * * * * ?", "2100-01-01T11:59:58Z", {"timeout": 10}, "IntervalTooShort", 0),
    (LOCAL + " (at the bound: no zone has a fire time left)",
     "* * * * * ?", "2100-01-01T11:59:59Z", {"timeout": 10}, "NoFireTime", 0),
    (LOCAL, "* * * * * ?", "2100-01-01T00:00:00Z", {"zone": "America/New_York", "timeout": 10}, "IntervalTooShort", 0),
    (LOCAL, "* * * * * ?", "2100-01-01T00:00:00Z", {"zone": "UTC", "timeout": 10}, "NoFireTime", 0),
    (LOCAL, "0 0 0,23 29,1 * ? 2024-2027", "2024-02-01T00:00:00Z", {"zone": "UTC", "timeout": 82800}, "IntervalTooShort", 0),
    (DEC + ": no fire time after now", "0 0 0 31 2 ?", N22, {}, "NoFireTime", 0),
    (DEC + ": no fire time after now", "0 0 0 * * ? 2022", "2022-12-31T23:59:59Z", {"zone": "UTC"}, "NoFireTime", 0),
    (DEC + ": empty", "", N22, {}, "Empty", 0),
    (DEC + ": not a frequency", "every 5 minutes", N22, {}, "FieldCount", 0),
]

def run(lines):
    p = subprocess.run(["target/debug/runcommand", "next", "--jsonl"], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, check=True)
    return [json.loads(l) for l in p.stdout.splitlines()]

def query(freq, now, extra, count):
    q = {"frequency": freq, "after": now, "count": count}
    q.update(extra)
    return q

out = run([json.dumps(query(f, n, e, c)) for (_, f, n, e, c) in ok])
for (src, f, n, e, c), r in zip(ok, out):
    case = {"source": src, "frequency": f, "now": n, **e, "ok": True, "next": r.get("next", r)}
    print(json.dumps(case, ensure_ascii=False))
out = run([json.dumps(query(f, n, e, 1)) for (_, f, n, e, _, _) in bad])
for (src, f, n, e, kind, off), r in zip(bad, out):
    case = {"source": src, "frequency": f, "now": n, **e, "ok": False, "code": "InvalidParam.Frequency",
            "kind": kind, "offset": off}
    if "error" not in r:
        case["UNEXPECTED"] = r
    else:
        case["detail"] = r["error"]["Detail"]
    print(json.dumps(case, ensure_ascii=False))
