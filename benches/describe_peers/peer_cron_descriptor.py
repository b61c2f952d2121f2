"""cron-descriptor's row: English and Chinese (zh_CN), Quartz weekdays (1 = SUN), 24-hour."""

import sys
import time

from cron_descriptor import ExpressionDescriptor, Options

from common import ambiguous_pairs, read, with_zone

lines = [l for l in read(sys.argv[1]) if l["quartz"] is not None]


def describe(expr, locale):
    options = Options(
        day_of_week_start_index_zero=False, use_24hour_time_format=True, locale_code=locale
    )
    return ExpressionDescriptor(expr, options).get_description()


row = []
times = []
refused = set()
for locale in ("en_US", "zh_CN"):
    described = []
    start = time.perf_counter()
    for l in lines:
        try:
            text = describe(l["quartz"], locale)
        except Exception:  # the peer refuses the expression
            refused.add(l["quartz"])
            continue
        described.append((with_zone(text, l["zone"]), l["schedule"]))
    times.append((time.perf_counter() - start) / len(lines))
    pairs, example = ambiguous_pairs(described)
    row.append(f"{pairs} (e.g. {example!r})" if pairs else "0")
print(
    f"| cron-descriptor 2.2.1 | {row[0]} | {row[1]} | {len(refused)} of {len(lines)} "
    f"| {times[0] * 1e6:.1f} µs | {times[1] * 1e6:.1f} µs |"
)
