// cronstrue's row: English and Chinese (zh_CN), Quartz weekdays (1 = SUN), 24-hour.
"use strict";
const fs = require("fs");
const cronstrue = require("cronstrue/i18n");

const lines = fs
  .readFileSync(process.argv[2], "utf8")
  .split("\n")
  .filter((l) => l)
  .map((l) => JSON.parse(l))
  .filter((l) => l.quartz !== null);

function ambiguousPairs(described) {
  const byText = new Map();
  for (const [text, schedule] of described) {
    if (!byText.has(text)) byText.set(text, new Map());
    const s = byText.get(text);
    s.set(schedule, (s.get(schedule) || 0) + 1);
  }
  let pairs = 0;
  let example = null;
  for (const [text, schedules] of byText) {
    let n = 0;
    let same = 0;
    for (const c of schedules.values()) {
      n += c;
      same += (c * (c - 1)) / 2;
    }
    const different = (n * (n - 1)) / 2 - same;
    if (different) {
      pairs += different;
      example = example || text;
    }
  }
  return [pairs, example];
}

const row = [];
const times = [];
const refused = new Set();
for (const locale of ["en", "zh_CN"]) {
  const options = { dayOfWeekStartIndexZero: false, use24HourTimeFormat: true, locale };
  const described = [];
  // A first pass warms the JIT up; the second is timed.
  for (const pass of [0, 1]) {
    described.length = 0;
    const start = process.hrtime.bigint();
    for (const l of lines) {
      let text;
      try {
        text = cronstrue.toString(l.quartz, options);
      } catch (e) {
        refused.add(l.quartz);
        continue;
      }
      described.push([l.zone === null ? text : `${text} (${l.zone})`, l.schedule]);
    }
    if (pass === 1) times.push(Number(process.hrtime.bigint() - start) / 1e3 / lines.length);
  }
  const [pairs, example] = ambiguousPairs(described);
  row.push(pairs ? `${pairs} (e.g. ${JSON.stringify(example)})` : "0");
}
console.log(
  `| cronstrue 3.39.0 | ${row[0]} | ${row[1]} | ${refused.size} of ${lines.length} ` +
    `| ${times[0].toFixed(1)} µs | ${times[1].toFixed(1)} µs |`
);
