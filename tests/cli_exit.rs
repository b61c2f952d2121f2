//! The exit-status contract of every command (README, "Command line"): 0 all accepted, 1
//! something rejected, 2 usage error, 141 quietly when the reader of stdout has gone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;

/// What a run ends with when the reader of its output has gone.
const READER_GONE: i32 = 141;

const NOW: &str = "2030-01-01T00:00:00Z";
const QUERY: &str =
    "RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+hi&InstanceId.1=i-abc123";

/// Held while a test spawns a child and closes its copy of the child's stdout. A child spawned
/// by another test thread in between would inherit that copy until it runs its program, and a
/// write into the pipe would then succeed.
static SPAWN: Mutex<()> = Mutex::new(());

/// Spawns `command` with every stream piped, and closes the reading end of its stdout at once.
fn spawn_without_reader(command: &mut Command) -> Child {
    let _alone = SPAWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child
}

/// Runs `runcommand ARGS` with its stdout a pipe whose reading end is closed before the command
/// writes anything: `stdin` is written (and closed) only after that.
fn with_stdout_closed(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = spawn_without_reader(Command::new(env!("CARGO_BIN_EXE_runcommand")).args(args));
    let mut pipe = child.stdin.take().unwrap();
    // The command may end before it has read everything; that is its right.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// As [`with_stdout_closed`] for a command that does not read stdin: a shell waits for a line on
/// stdin before it becomes `runcommand ARGS`, so the reading end is closed by then.
#[cfg(unix)]
fn with_stdout_closed_first(args: &[&str]) -> Output {
    let mut child = spawn_without_reader(
        Command::new("sh")
            .arg("-c")
            .arg(r#"read _ && exec "$0" "$@""#)
            .arg(env!("CARGO_BIN_EXE_runcommand"))
            .args(args),
    );
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(b"go\n").unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn assert_quiet_exit(out: &Output, code: i32) {
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(code), "")
    );
}

#[test]
fn err_check_jsonl_reader_gone_exits_141_quietly() {
    let line = format!("{{\"query\":\"{QUERY}\"}}\n");
    let out = with_stdout_closed(&["check", "--now", NOW, "--jsonl"], line.as_bytes());
    assert_quiet_exit(&out, READER_GONE);
    // A rejected line first: still 141, not 1.
    let out = with_stdout_closed(&["check", "--now", NOW, "--jsonl"], b"\n");
    assert_quiet_exit(&out, READER_GONE);
}

#[test]
fn err_next_jsonl_reader_gone_exits_141_quietly() {
    let out = with_stdout_closed(&["next", "--jsonl"], b"{\"frequency\":\"rate(5m)\"}\n");
    assert_quiet_exit(&out, READER_GONE);
    let out = with_stdout_closed(&["next", "--jsonl"], b"not json\n");
    assert_quiet_exit(&out, READER_GONE);
}

#[test]
fn err_check_reader_gone_exits_141_quietly() {
    let out = with_stdout_closed(&["check", "--now", NOW], QUERY.as_bytes());
    assert_quiet_exit(&out, READER_GONE);
    // Rejected (Timeout=5): still 141, not 1.
    let out = with_stdout_closed(
        &["check", "--now", NOW],
        format!("{QUERY}&Timeout=5").as_bytes(),
    );
    assert_quiet_exit(&out, READER_GONE);
}

#[cfg(unix)]
#[test]
fn err_codes_next_and_help_reader_gone_exit_141_quietly() {
    assert_quiet_exit(&with_stdout_closed_first(&["codes"]), READER_GONE);
    let out = with_stdout_closed_first(&["next", "--after", NOW, "rate(5m)"]);
    assert_quiet_exit(&out, READER_GONE);
    // An invalid Frequency prints its error on stdout: still 141, not 1.
    let out = with_stdout_closed_first(&["next", "--after", NOW, "*/5 * * * * ?"]);
    assert_quiet_exit(&out, READER_GONE);
    assert_quiet_exit(&with_stdout_closed_first(&["--help"]), READER_GONE);
}

#[test]
fn ok_the_statuses_of_a_run_that_ends_normally() {
    let run = |args: &[&str], stdin: &[u8]| {
        let _alone = SPAWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut child = Command::new(env!("CARGO_BIN_EXE_runcommand"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(_alone);
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap(),
            !String::from_utf8(out.stderr).unwrap().is_empty(),
        )
    };
    // (status, something on stderr)
    assert_eq!(run(&["codes"], b""), (0, false));
    assert_eq!(run(&["--help"], b""), (0, false));
    assert_eq!(run(&["check", "--now", NOW], QUERY.as_bytes()), (0, false));
    let rejected = format!("{QUERY}&Timeout=5");
    assert_eq!(
        run(&["check", "--now", NOW], rejected.as_bytes()),
        (1, false)
    );
    assert_eq!(run(&["check", "--now", "yesterday"], b""), (2, true));
    assert_eq!(
        run(&["check", "--now", NOW, "/nonexistent/request.txt"], b""),
        (2, true)
    );
    assert_eq!(run(&["next", "--after", NOW, "rate(5m)"], b""), (0, false));
    assert_eq!(run(&["next", "--after", NOW, "rate(5s)"], b""), (1, false));
    assert_eq!(
        run(&["next", "--zone", "Mars/Base", "rate(5m)"], b""),
        (2, true)
    );
    assert_eq!(run(&["frobnicate"], b""), (2, true));
    assert_eq!(run(&["next", "--jsonl"], b"\n"), (1, false));
}

/// A failed write other than a closed pipe is an input/output error: 2, with a message.
#[cfg(target_os = "linux")]
#[test]
fn err_a_full_disk_exits_2_with_a_message() {
    for args in [&["codes"][..], &["next", "--after", NOW, "rate(5m)"][..]] {
        let _alone = SPAWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let out = Command::new(env!("CARGO_BIN_EXE_runcommand"))
            .args(args)
            .stdout(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with(&format!(
                "runcommand {}: cannot write the output: ",
                args[0]
            )),
            "{stderr}"
        );
    }
}

/// `describe` keeps the same contract: 0, 1 (with the error on stdout), 2, and 141 for a reader
/// that has gone, with or without `--jsonl`.
#[cfg(unix)]
#[test]
fn err_describe_exit_statuses() {
    let out = with_stdout_closed_first(&["describe", "rate(5m)"]);
    assert_quiet_exit(&out, READER_GONE);
    let out = with_stdout_closed_first(&["describe", "0 0 24 * * ?"]);
    assert_quiet_exit(&out, READER_GONE);
    let out = with_stdout_closed(&["describe", "--jsonl"], b"{\"frequency\":\"rate(5m)\"}\n");
    assert_quiet_exit(&out, READER_GONE);
    let out = with_stdout_closed(&["describe", "--jsonl"], b"not json\n");
    assert_quiet_exit(&out, READER_GONE);
    let status = |args: &[&str]| {
        let _alone = SPAWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Command::new(env!("CARGO_BIN_EXE_runcommand"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(status(&["describe", "rate(5m)"]), Some(0));
    assert_eq!(status(&["describe", "rate(5x)"]), Some(1));
    assert_eq!(status(&["describe", "--lang", "de", "rate(5m)"]), Some(2));
    assert_eq!(status(&["describe", "--jsonl"]), Some(0));
}
