//! The `--jsonl` modes as a co-process: one line written, its answer read, and so on; the line
//! ends, blank lines and invalid UTF-8 every mode answers alike; memory bounded by a line.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// How long a test waits for one answer before it calls the run stuck. Not a speed limit: a
/// line takes milliseconds; this only turns a deadlock into a failure instead of a hang.
const STUCK: Duration = Duration::from_secs(30);

const NOW: &str = "2030-01-01T00:00:00Z";

/// `runcommand ARGS` with a thread that hands over each line it writes on stdout.
struct CoProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    answers: Receiver<String>,
}

impl CoProcess {
    fn spawn(args: &[&str]) -> CoProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_runcommand"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, answers) = mpsc::channel();
        thread::spawn(move || {
            loop {
                let mut line = Vec::new();
                if stdout.read_until(b'\n', &mut line).unwrap() == 0 {
                    return;
                }
                if send.send(String::from_utf8(line).unwrap()).is_err() {
                    return;
                }
            }
        });
        CoProcess {
            child,
            stdin,
            answers,
        }
    }

    /// Writes `bytes` (not closing stdin).
    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// The next output line, with its newline.
    fn answer(&self) -> String {
        match self.answers.recv_timeout(STUCK) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => panic!("no answer within {STUCK:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("stdout closed"),
        }
    }

    /// Writes `line` and a newline, and reads the answer.
    fn ask(&mut self, line: &str) -> String {
        self.write(line.as_bytes());
        self.write(b"\n");
        self.answer()
    }

    /// Closes stdin; returns the exit status and stderr once no further output line came.
    fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        match self.answers.recv_timeout(STUCK) {
            Err(RecvTimeoutError::Disconnected) => {}
            Ok(line) => panic!("an output line without an input line: {line}"),
            Err(RecvTimeoutError::Timeout) => panic!("stdout still open {STUCK:?} after stdin"),
        }
        let out = self.child.wait_with_output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

/// Runs `runcommand ARGS` over all of `stdin` at once: exit status and output lines.
fn run_whole(args: &[&str], stdin: &[u8]) -> (i32, Vec<String>) {
    let mut run = CoProcess::spawn(args);
    run.write(stdin);
    drop(run.stdin.take());
    let lines = run.answers.iter().collect();
    let out = run.child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    (out.status.code().unwrap(), lines)
}

const QUERY_OK: &str = r#"{"query":"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+hi&InstanceId.1=i-abc123"}"#;
// The Fingerprint is the SHA-256 of the canonical form (spec/context.md); this one was also
// computed with Python's json and hashlib.
const QUERY_OK_ANSWER: &str = concat!(
    r#"{"ok":true,"Fingerprint":"c25540354708629a4dab9a79df718997354ea82dda82a65a2f2948fd14b2b4fe","#,
    r#""request":{"RegionId":"cn-hangzhou","Type":"RunShellScript","#,
    r#""CommandContent":"echo hi","Timeout":60,"EnableParameter":false,"RepeatMode":"Once","#,
    r#""KeepCommand":false,"ContentEncoding":"PlainText","InstanceId":["i-abc123"]},"#,
    r#""warnings":[]}"#,
    "\n"
);
const QUERY_TIMEOUT_5: &str = r#"{"query":"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+hi&InstanceId.1=i-abc123&Timeout=5"}"#;
const QUERY_TIMEOUT_5_ANSWER: &str = concat!(
    r#"{"ok":false,"HttpStatus":403,"Code":"InvalidTimeout.ExceedLimit","#,
    r#""Message":"The specified timeout exceeds the limit.","#,
    r#""Detail":"Timeout: `5` is not an integer from 10 to 86400"}"#,
    "\n"
);
const REQUEST_OK: &str = r#"{"request":{"RegionId":"cn-hangzhou","Type":"RunShellScript","CommandContent":"ls","InstanceId":["i-abc"],"Timeout":600}}"#;
const REQUEST_OK_ANSWER: &str = concat!(
    r#"{"ok":true,"Fingerprint":"c1035600319b23464b3f95421a25229cf01f679eec0be24f5590d2e132dcf54b","#,
    r#""request":{"RegionId":"cn-hangzhou","Type":"RunShellScript","#,
    r#""CommandContent":"ls","Timeout":600,"EnableParameter":false,"RepeatMode":"Once","#,
    r#""KeepCommand":false,"ContentEncoding":"PlainText","InstanceId":["i-abc"]},"#,
    r#""warnings":[]}"#,
    "\n"
);

const RATE_OK: &str = r#"{"frequency":"rate(5m)","after":"2030-01-01T00:00:00Z","count":2}"#;
const RATE_OK_ANSWER: &str = "{\"next\":[\"2030-01-01T00:05:00Z\",\"2030-01-01T00:10:00Z\"]}\n";
const CRON_OK: &str = r#"{"frequency":"0 0 12 * * ?","after":"2030-01-01T00:00:00Z","count":1,"zone":"Asia/Shanghai"}"#;
const CRON_OK_ANSWER: &str = "{\"next\":[\"2030-01-01T04:00:00Z\"]}\n";
const CRON_BAD: &str = r#"{"frequency":"0 0 24 * * ?","after":"2030-01-01T00:00:00Z"}"#;
const CRON_BAD_ANSWER: &str = concat!(
    r#"{"error":{"HttpStatus":400,"Code":"InvalidParam.Frequency","#,
    r#""Message":"The specified frequency is invalid.","#,
    r#""Detail":"Frequency: hours: `24` is out of range 0-23 (at byte 4)"}}"#,
    "\n"
);

const DESCRIBE_OK: &str = r#"{"frequency":"0 0 12 ? * MON-FRI"}"#;
const DESCRIBE_OK_ANSWER: &str =
    "{\"description\":\"At 12:00:00, Monday through Friday, in the instance's time zone\"}\n";
const DESCRIBE_ZH_OK: &str = r#"{"frequency":"rate(90s)","lang":"zh-CN"}"#;
const DESCRIBE_ZH_OK_ANSWER: &str = "{\"description\":\"每 90 秒一次，首次在创建 90 秒后\"}\n";

const RENDER_QUERY_OK: &str = r#"{"query":"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+hi&InstanceId.1=i-abc123","builtins":{"InstanceId":"i-abc123","InvokeId":"t-1"}}"#;
const RENDER_QUERY_OK_ANSWER: &str = concat!(
    r#"{"ok":true,"content":"echo hi","content_base64":"ZWNobyBoaQ==","script_name":"t-1.sh","#,
    r#""script_path":"/usr/local/share/aliyun-assist/work/script/t-1.sh","#,
    r#""launcher":"sh -c /usr/local/share/aliyun-assist/work/script/t-1.sh","#,
    r#""argv":["sh","-c","/usr/local/share/aliyun-assist/work/script/t-1.sh"],"#,
    r#""username":"root","working_dir":"/root","warnings":[]}"#,
    "\n"
);
const RENDER_TIMEOUT_5: &str = r#"{"query":"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+hi&InstanceId.1=i-abc123&Timeout=5","builtins":{"InstanceId":"i-abc123","InvokeId":"t-1"}}"#;
const RENDER_REQUEST_OK: &str = r#"{"request":{"RegionId":"cn-hangzhou","Type":"RunShellScript","CommandContent":"ls","InstanceId":["i-abc"],"Timeout":600},"builtins":{"InstanceId":"i-abc","InvokeId":"t-2"}}"#;
const RENDER_REQUEST_OK_ANSWER: &str = concat!(
    r#"{"ok":true,"content":"ls","content_base64":"bHM=","script_name":"t-2.sh","#,
    r#""script_path":"/usr/local/share/aliyun-assist/work/script/t-2.sh","#,
    r#""launcher":"sh -c /usr/local/share/aliyun-assist/work/script/t-2.sh","#,
    r#""argv":["sh","-c","/usr/local/share/aliyun-assist/work/script/t-2.sh"],"#,
    r#""username":"root","working_dir":"/root","warnings":[]}"#,
    "\n"
);

/// The keys file of the `verify` mode (written by the test that uses it).
const KEYS: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/cli_jsonl_keys.json");
/// The vectors `v1/get/query` and `v3/get` of `spec/cases/auth.jsonl`, signed at `NOW`.
const VERIFY_V1: &str = r#"{"method":"GET","path":"/","query":"AccessKeyId=testid&Action=RunCommand&Format=JSON&SignatureMethod=HMAC-SHA1&SignatureNonce=0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e&SignatureVersion=1.0&Timestamp=2030-01-01T00%3A00%3A00Z&Version=2014-05-26&RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo%20hello%20world&InstanceId.1=i-bp185dy2o3o6neg0001&Signature=AiQUIscW4F%2FwKEqI7gfQm%2FpN3pU%3D","headers":[]}"#;
const VERIFY_V1_ANSWER: &str = "{\"ok\":true,\"AccessKeyId\":\"testid\",\"Version\":\"V1\"}\n";
const VERIFY_V3: &str = r#"{"method":"GET","path":"/","query":"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo%20hello%20world&InstanceId.1=i-bp185dy2o3o6neg0001","headers":[["Authorization","ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=d9c25494ac21bbf6423c1efa0ab7ac8f947ebcfe45d2de5dac2d84900c8e482c"],["host","ecs.aliyuncs.com"],["x-acs-action","RunCommand"],["x-acs-content-sha256","e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],["x-acs-date","2030-01-01T00:00:00Z"],["x-acs-signature-nonce","fedcba9876543210fedcba9876543210"],["x-acs-version","2014-05-26"]]}"#;
const VERIFY_V3_ANSWER: &str = "{\"ok\":true,\"AccessKeyId\":\"testid\",\"Version\":\"V3\"}\n";

/// The body every mode answers a blank line with.
const BLANK: &str = concat!(
    r#""HttpStatus":400,"Code":"InvalidParameter","#,
    r#""Message":"The specified parameter is not valid.","Detail":"the line is blank""#
);

/// The body every mode answers a line with invalid UTF-8 at byte `at` with.
fn not_utf8(at: usize) -> String {
    format!(
        r#""HttpStatus":400,"Code":"InvalidParameter","Message":"The specified parameter is not valid.","Detail":"the line is not UTF-8 (at byte {at})""#
    )
}

#[test]
fn coprocess_check_jsonl_answers_each_line_before_the_next() {
    let mut run = CoProcess::spawn(&["check", "--now", NOW, "--jsonl"]);
    assert_eq!(run.ask(QUERY_OK), QUERY_OK_ANSWER);
    assert_eq!(run.ask(QUERY_TIMEOUT_5), QUERY_TIMEOUT_5_ANSWER);
    assert_eq!(run.ask(REQUEST_OK), REQUEST_OK_ANSWER);
    assert_eq!(run.ask(""), format!("{{\"ok\":false,{BLANK}}}\n"));
    assert_eq!(run.ask(QUERY_OK), QUERY_OK_ANSWER);
    assert_eq!(run.finish(), (1, String::new()));
}

#[test]
fn coprocess_check_jsonl_exits_0_when_every_line_is_accepted() {
    let mut run = CoProcess::spawn(&["check", "--now", NOW, "--jsonl"]);
    for _ in 0..3 {
        assert_eq!(run.ask(QUERY_OK), QUERY_OK_ANSWER);
        assert_eq!(run.ask(REQUEST_OK), REQUEST_OK_ANSWER);
    }
    assert_eq!(run.finish(), (0, String::new()));
}

#[test]
fn coprocess_render_jsonl_answers_each_line_before_the_next() {
    let mut run = CoProcess::spawn(&["render", "--now", NOW, "--jsonl"]);
    assert_eq!(run.ask(RENDER_QUERY_OK), RENDER_QUERY_OK_ANSWER);
    assert_eq!(run.ask(RENDER_TIMEOUT_5), QUERY_TIMEOUT_5_ANSWER);
    assert_eq!(run.ask(RENDER_REQUEST_OK), RENDER_REQUEST_OK_ANSWER);
    assert_eq!(run.finish(), (1, String::new()));
}

#[test]
fn coprocess_next_jsonl_answers_each_line_before_the_next() {
    let mut run = CoProcess::spawn(&["next", "--jsonl"]);
    assert_eq!(run.ask(RATE_OK), RATE_OK_ANSWER);
    assert_eq!(run.ask(CRON_BAD), CRON_BAD_ANSWER);
    assert_eq!(run.ask(CRON_OK), CRON_OK_ANSWER);
    assert_eq!(run.ask("  "), format!("{{\"error\":{{{BLANK}}}}}\n"));
    assert_eq!(run.ask(RATE_OK), RATE_OK_ANSWER);
    assert_eq!(run.finish(), (1, String::new()));
}

#[test]
fn coprocess_next_jsonl_exits_0_when_every_line_is_accepted() {
    let mut run = CoProcess::spawn(&["next", "--jsonl"]);
    for _ in 0..3 {
        assert_eq!(run.ask(RATE_OK), RATE_OK_ANSWER);
        assert_eq!(run.ask(CRON_OK), CRON_OK_ANSWER);
    }
    assert_eq!(run.finish(), (0, String::new()));
}

/// The answers to complete lines come while the next line is still being written.
#[test]
fn coprocess_a_partial_line_does_not_hold_back_answers() {
    let mut run = CoProcess::spawn(&["next", "--jsonl"]);
    let (head, tail) = CRON_OK.split_at(20);
    run.write(format!("{RATE_OK}\n{CRON_BAD}\n{head}").as_bytes());
    assert_eq!(run.answer(), RATE_OK_ANSWER);
    assert_eq!(run.answer(), CRON_BAD_ANSWER);
    run.write(tail.as_bytes());
    run.write(b"\n");
    assert_eq!(run.answer(), CRON_OK_ANSWER);
    assert_eq!(run.finish(), (1, String::new()));

    let mut run = CoProcess::spawn(&["check", "--now", NOW, "--jsonl"]);
    let (head, tail) = QUERY_OK.split_at(30);
    run.write(format!("{REQUEST_OK}\n{head}").as_bytes());
    assert_eq!(run.answer(), REQUEST_OK_ANSWER);
    run.write(format!("{tail}\n").as_bytes());
    assert_eq!(run.answer(), QUERY_OK_ANSWER);
    assert_eq!(run.finish(), (0, String::new()));
}

/// One `--jsonl` mode: its arguments, two lines it accepts with their answers, the key whose
/// string value is made invalid UTF-8 and the offset of the bad byte in that line
/// (`{"key":"ab` comes before it), and how the mode wraps an error body.
struct Mode {
    args: &'static [&'static str],
    first: (&'static str, &'static str),
    last: (&'static str, &'static str),
    key: &'static str,
    bad_at: usize,
    wrap: fn(&str) -> String,
}

const MODES: [Mode; 5] = [
    Mode {
        args: &["check", "--now", NOW, "--jsonl"],
        first: (QUERY_OK, QUERY_OK_ANSWER),
        last: (REQUEST_OK, REQUEST_OK_ANSWER),
        key: "query",
        bad_at: 12,
        wrap: |body| format!("{{\"ok\":false,{body}}}\n"),
    },
    Mode {
        args: &["next", "--jsonl"],
        first: (RATE_OK, RATE_OK_ANSWER),
        last: (CRON_OK, CRON_OK_ANSWER),
        key: "frequency",
        bad_at: 16,
        wrap: |body| format!("{{\"error\":{{{body}}}}}\n"),
    },
    Mode {
        args: &["describe", "--jsonl"],
        first: (DESCRIBE_OK, DESCRIBE_OK_ANSWER),
        last: (DESCRIBE_ZH_OK, DESCRIBE_ZH_OK_ANSWER),
        key: "frequency",
        bad_at: 16,
        wrap: |body| format!("{{\"error\":{{{body}}}}}\n"),
    },
    Mode {
        args: &["render", "--now", NOW, "--jsonl"],
        first: (RENDER_QUERY_OK, RENDER_QUERY_OK_ANSWER),
        last: (RENDER_REQUEST_OK, RENDER_REQUEST_OK_ANSWER),
        key: "query",
        bad_at: 12,
        wrap: |body| format!("{{\"ok\":false,{body}}}\n"),
    },
    Mode {
        args: &["verify", "--keys", KEYS, "--now", NOW, "--jsonl"],
        first: (VERIFY_V1, VERIFY_V1_ANSWER),
        last: (VERIFY_V3, VERIFY_V3_ANSWER),
        key: "query",
        bad_at: 12,
        wrap: |body| format!("{{\"ok\":false,{body}}}\n"),
    },
];

/// A CRLF line end, an empty line, a blank one, invalid UTF-8 (in a string, and a cut sequence
/// alone) and a last line without a newline: every mode answers them with the same error body.
#[test]
fn err_every_jsonl_mode_answers_line_ends_blank_lines_and_invalid_utf8_alike() {
    std::fs::write(KEYS, r#"{"testid": "testsecret"}"#).unwrap();
    for mode in &MODES {
        let mut input = Vec::new();
        input.extend_from_slice(mode.first.0.as_bytes());
        input.extend_from_slice(b"\r\n\n \t\r\n");
        input.extend_from_slice(format!("{{\"{}\":\"ab", mode.key).as_bytes());
        input.extend_from_slice(b"\xff\"}\n\xe2\x82\n");
        input.extend_from_slice(mode.last.0.as_bytes());
        let (code, lines) = run_whole(mode.args, &input);
        assert_eq!(code, 1, "{:?}", mode.args);
        assert_eq!(
            lines,
            [
                mode.first.1.to_owned(),
                (mode.wrap)(BLANK),
                (mode.wrap)(BLANK),
                (mode.wrap)(&not_utf8(mode.bad_at)),
                (mode.wrap)(&not_utf8(0)),
                mode.last.1.to_owned(),
            ],
            "{:?}",
            mode.args
        );
    }
}

#[test]
fn ok_jsonl_empty_input_exits_0_with_no_output() {
    assert_eq!(run_whole(&["next", "--jsonl"], b""), (0, Vec::new()));
    assert_eq!(
        run_whole(&["check", "--now", NOW, "--jsonl"], b""),
        (0, Vec::new())
    );
}

/// `check --jsonl FILE` reads the file through the same driver as stdin.
#[test]
fn err_check_jsonl_reads_a_file_line_by_line() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_jsonl_requests.jsonl");
    std::fs::write(&path, format!("{QUERY_OK}\r\n\n{REQUEST_OK}")).unwrap();
    let (code, lines) = run_whole(
        &["check", "--now", NOW, "--jsonl", path.to_str().unwrap()],
        b"",
    );
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            QUERY_OK_ANSWER.to_owned(),
            format!("{{\"ok\":false,{BLANK}}}\n"),
            REQUEST_OK_ANSWER.to_owned(),
        ]
    );
}

/// The peak resident memory of a process, from `/proc/<pid>/status`, in KiB.
#[cfg(target_os = "linux")]
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/<pid>/status");
    line.trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap()
}

/// 40 MB of requests (4 KB a line) through `check --jsonl`, the answers read as they come: the
/// process's peak memory stays far below the size of the input, which it would reach if it read
/// everything before answering.
#[cfg(target_os = "linux")]
#[test]
fn check_jsonl_memory_is_bounded_by_a_line_not_the_input() {
    const LINES: usize = 10_000;
    const LIMIT_KIB: u64 = 16 * 1024;
    let content = "x".repeat(4000);
    let line = format!(
        "{{\"query\":\"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+{content}&InstanceId.1=i-abc123\"}}\n"
    );
    let line_len = line.len();
    assert!(line_len * LINES > 2 * usize::try_from(LIMIT_KIB).unwrap() * 1024);
    let mut run = CoProcess::spawn(&["check", "--now", NOW, "--jsonl"]);
    let mut stdin = run.stdin.take().unwrap();
    let writer = thread::spawn(move || {
        for _ in 0..LINES {
            stdin.write_all(line.as_bytes()).unwrap();
        }
        stdin
    });
    let fingerprint = ecs_runcommand::check(
        ecs_runcommand::RawRequest::from_query(
            format!("RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+{content}&InstanceId.1=i-abc123").as_bytes(),
        )
        .unwrap(),
        NOW.parse().unwrap(),
    )
    .unwrap()
    .fingerprint();
    let expected = format!(
        "{{\"ok\":true,\"Fingerprint\":\"{fingerprint}\",\"request\":{{\"RegionId\":\"cn-hangzhou\",\"Type\":\"RunShellScript\",\"CommandContent\":\"echo {content}\",\"Timeout\":60,\"EnableParameter\":false,\"RepeatMode\":\"Once\",\"KeepCommand\":false,\"ContentEncoding\":\"PlainText\",\"InstanceId\":[\"i-abc123\"]}},\"warnings\":[]}}\n"
    );
    for _ in 0..LINES {
        assert_eq!(run.answer(), expected);
    }
    // Every answer is in; the process waits for more input, alive, so its status can be read.
    let peak = peak_rss_kib(run.child.id());
    run.stdin = Some(writer.join().unwrap());
    assert_eq!(run.finish(), (0, String::new()));
    assert!(
        peak < LIMIT_KIB,
        "peak RSS {peak} KiB for {} KiB of input",
        LINES * line_len / 1024
    );
}
