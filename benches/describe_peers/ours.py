"""This crate's row, from the descriptions in input.jsonl (cron expressions only, as for the
peers; the whole corpus in brackets)."""

import sys

from common import ambiguous_pairs, read

lines = read(sys.argv[1])
cron = [l for l in lines if l["quartz"] is not None]
row = []
for key in ("en", "zh"):
    pairs, _ = ambiguous_pairs([(l[key], l["schedule"]) for l in cron])
    whole, _ = ambiguous_pairs([(l[key], l["schedule"]) for l in lines])
    row.append(f"{pairs} ({whole} of all {len(lines)})")
print(f"| ecs-runcommand | {row[0]} | {row[1]} | 0 of {len(cron)} | criterion | criterion |")
