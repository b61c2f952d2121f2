"""Counting ambiguous pairs: two expressions whose fire times differ and whose text is one."""

import json
from collections import defaultdict


def read(path):
    """The lines of input.jsonl."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def ambiguous_pairs(described):
    """`described`: (text, schedule) pairs. Returns how many unordered pairs of expressions
    share a text but not a schedule, and one example."""
    by_text = defaultdict(lambda: defaultdict(int))
    for text, schedule in described:
        by_text[text][schedule] += 1
    pairs = 0
    example = None
    for text, schedules in by_text.items():
        n = sum(schedules.values())
        same = sum(c * (c - 1) // 2 for c in schedules.values())
        if n * (n - 1) // 2 - same:
            pairs += n * (n - 1) // 2 - same
            example = example or text
    return pairs, example


def with_zone(text, zone):
    """A peer's text with the zone appended, as ours says it."""
    return text if zone is None else f"{text} ({zone})"
