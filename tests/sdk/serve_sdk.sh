#!/usr/bin/env bash
# The official Python SDKs against `runcommand serve` (tests/sdk/serve_sdk.py): installs
# alibabacloud-ecs20140526 and aliyun-python-sdk-core / aliyun-python-sdk-ecs, at the versions
# whose wire format spec/serve.md records, in a venv under target/ (kept for the next run),
# builds the release binary and runs the script. Prints `N passed, N failed`; exits non-zero on
# a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=target/sdk-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import alibabacloud_ecs20140526, aliyunsdkecs' 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        'alibabacloud-ecs20140526==7.11.8' \
        'aliyun-python-sdk-core==2.16.1' \
        'aliyun-python-sdk-ecs==4.24.83'
fi
cargo build --release --quiet
"$venv/bin/python" tests/sdk/serve_sdk.py target/release/runcommand
