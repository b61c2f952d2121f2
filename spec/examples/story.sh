#!/bin/sh
# The main job, on the shipped example: check the request as the official SDKs send it, show the
# meaning and next fire times of its Frequency, and render it for one of its instances.
set -eu
cd "$(dirname "$0")/../.."
cargo build --release --quiet
runcommand=target/release/runcommand
now=2030-01-01T00:00:00Z

echo "# 1. check: spec/examples/request.txt, a query string with common and signature parameters"
answer=$("$runcommand" check --now "$now" spec/examples/request.txt)
printf "%s\n" "$answer"

frequency=$(printf '%s' "$answer" | sed -n 's/.*"Frequency":"\([^"]*\)".*/\1/p')
echo
echo "# 2. next: what its Frequency, \"$frequency\", means (in English and Chinese), and its"
echo "#    first fire times"
"$runcommand" describe --lang zh-CN "$frequency"
"$runcommand" next --after "$now" --count 5 --describe "$frequency"

echo
echo "# 3. render: what instance i-bp185dy2o3o6neg1a2b runs (spec/examples/instance.json)"
"$runcommand" render --now "$now" --instance spec/examples/instance.json spec/examples/request.txt

echo
echo "# 4. check --context: the same request against a snapshot of the service's state"
echo "#    (spec/examples/context.json): its instances exist, run, and fit; one agent is too old"
"$runcommand" check --now "$now" --context spec/examples/context.json spec/examples/request.txt

echo
echo "# 5. render --context: the instance as the snapshot knows it (its name, its agent)"
"$runcommand" render --now "$now" --context spec/examples/context.json \
    --instance spec/examples/instance.json spec/examples/request.txt
