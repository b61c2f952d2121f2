"""Shared fixtures: the spec cases and the command line, whose answers the package must equal.

The command line is `$RUNCOMMAND_BIN` when set, else `target/release/runcommand` of this
checkout, built (or brought up to date) by `cargo build --release` once per session.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "spec" / "cases"


def cases(name):
    """The cases of spec/cases/<name>.jsonl, each with its line number."""
    with open(CASES / f"{name}.jsonl", encoding="utf-8") as f:
        return [(n, json.loads(line)) for n, line in enumerate(f, 1) if line.strip()]


class Cli:
    """The `runcommand` binary."""

    def __init__(self, exe):
        self.exe = str(exe)

    def run(self, args, stdin=""):
        """Runs one command; returns (exit status, stdout)."""
        done = subprocess.run(
            [self.exe, *args],
            input=stdin.encode("utf-8"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            check=False,
        )
        return done.returncode, done.stdout.decode("utf-8")

    def jsonl(self, args, lines):
        """Runs a `--jsonl` command over `lines` (objects); returns one answer object each."""
        stdin = "".join(json.dumps(line) + "\n" for line in lines)
        status, out = self.run([*args, "--jsonl"], stdin)
        assert status in (0, 1), out
        answers = [json.loads(line) for line in out.splitlines()]
        assert len(answers) == len(lines)
        return answers


@pytest.fixture(scope="session")
def cli():
    exe = os.environ.get("RUNCOMMAND_BIN")
    if not exe:
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--bin", "runcommand"],
            cwd=ROOT,
            check=True,
        )
        exe = ROOT / "target" / "release" / "runcommand"
    return Cli(exe)
