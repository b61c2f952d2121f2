"""This crate's row, from the descriptions in input.jsonl (cron expressions only, as for the
peers; the whole corpus in brackets) and criterion's schedule/describe/corpus group (the mean
time of describing the whole corpus, divided by its size)."""

import json
import os
import sys

from common import ambiguous_pairs, read


def one_describe(lang, count):
    path = os.path.join(
        sys.argv[2], "schedule_describe_corpus", f"describe_{lang}", "new", "estimates.json"
    )
    with open(path, encoding="utf-8") as f:
        nanos = json.load(f)["mean"]["point_estimate"]
    return f"{nanos / count / 1000:.2f} µs"


lines = read(sys.argv[1])
cron = [l for l in lines if l["quartz"] is not None]
row = []
for key in ("en", "zh"):
    pairs, _ = ambiguous_pairs([(l[key], l["schedule"]) for l in cron])
    whole, _ = ambiguous_pairs([(l[key], l["schedule"]) for l in lines])
    row.append(f"{pairs} ({whole} of all {len(lines)})")
print(
    f"| ecs-runcommand | {row[0]} | {row[1]} | 0 of {len(cron)} "
    f"| {one_describe('en', len(lines))} | {one_describe('zh-CN', len(lines))} |"
)
