#!/bin/sh
# The describe peers on the corpus spec/describe/corpus.txt: cronstrue (npm) and
# cron-descriptor (PyPI) against this crate. Run by hand from the crate's root, not by CI:
#
#   sh benches/describe_peers/run.sh
#
# It installs the peers at the versions below into target/describe-peers (npm and a Python
# venv), writes the corpus with each expression's fire times (hashed), our descriptions and the
# peers' dialect (tests/describe.rs, write_peer_input: weekday numbers translated to Quartz's
# 1 = SUN, names where a name says it), and prints one table row a peer: ambiguous pairs per
# language (two expressions whose fire times differ, one text), expressions refused, and the
# time of one describe over the corpus. Our own time of one describe is criterion's
# schedule/describe/corpus group, run here too so that all rows come from one run.
set -eu
CRONSTRUE=3.39.0
CRON_DESCRIPTOR=2.2.1
here=$(dirname "$0")
work=target/describe-peers
mkdir -p "$work"
if [ ! -d "$work/node_modules/cronstrue" ]; then
    (cd "$work" && npm install --silent --no-audit --no-fund "cronstrue@$CRONSTRUE")
fi
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q "cron-descriptor==$CRON_DESCRIPTOR"
fi
cargo test --release --test describe -- --ignored write_peer_input --quiet
echo "| describer | ambiguous pairs en | ambiguous pairs zh-CN | refused | one describe (en) | one describe (zh-CN) |"
echo "|---|---|---|---|---|---|"
NODE_PATH="$work/node_modules" node "$here/peer_cronstrue.js" "$work/input.jsonl"
"$work/venv/bin/python" "$here/peer_cron_descriptor.py" "$work/input.jsonl"
cargo bench --bench schedule -- schedule/describe/corpus --warm-up-time 1 --measurement-time 3 \
    > "$work/criterion.log" 2>&1
python3 "$here/ours.py" "$work/input.jsonl" target/criterion
