//! A loopback load run of `runcommand serve`, bounded in requests and in time:
//!
//! ```text
//! cargo build --release && cargo run --release --example serve_load -- [CONNECTIONS] [REQUESTS] [SECONDS]
//! ```
//!
//! It starts `target/release/runcommand serve`, opens CONNECTIONS keep-alive connections (64 by
//! default), and over each sends REQUESTS signed RunCommand calls (500 by default) one after
//! the other, all signed before the clock starts, stopping early after SECONDS (20). Then the
//! same with unsigned requests (answered `MissingSignature` before any rule: HTTP, the
//! verifier's first check and the JSON error body), the baseline in the same run. It prints
//! requests per second and the latency percentiles of each, and their ratio. The clients run
//! on the same machine as the server.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    missing_docs
)]

#[path = "../tests/support/serve.rs"]
mod client;

use std::path::Path;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use client::{Conn, Served, Signer};

/// What one run measured.
struct Figures {
    requests: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// The server's CPU time (user and system) during the run, where `/proc` tells.
    server_cpu: Option<Duration>,
}

/// The CPU time (user and system) of process `pid` so far, from `/proc/PID/stat` (Linux; its
/// clock ticks are 1/100 s).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name (in parentheses): state is the 3rd field of the line,
    // utime and stime the 14th and 15th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

impl Figures {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let at = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[at]
    }
}

/// Sends each connection's queries in turn over its own connection, all connections at once,
/// until they are sent or `limit` has passed; every answer must have `status`.
fn run(served: &Served, queries: Vec<Vec<String>>, status: u16, limit: Duration) -> Figures {
    let barrier = Barrier::new(queries.len() + 1);
    let cpu_before = cpu_time(served.pid());
    let (latencies, elapsed) = std::thread::scope(|scope| {
        let handles: Vec<_> = queries
            .into_iter()
            .map(|mine| {
                let barrier = &barrier;
                let addr = served.addr;
                scope.spawn(move || {
                    let mut conn = Conn::new(addr);
                    let mut latencies = Vec::with_capacity(mine.len());
                    barrier.wait();
                    let start = Instant::now();
                    for query in &mine {
                        if start.elapsed() > limit {
                            break;
                        }
                        let sent = Instant::now();
                        let response = conn.post(query, &[], b"");
                        latencies.push(sent.elapsed());
                        assert_eq!(response.status, status, "{response:?}");
                    }
                    latencies
                })
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        let all: Vec<Duration> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        (all, start.elapsed())
    });
    let server_cpu = cpu_before
        .zip(cpu_time(served.pid()))
        .map(|(before, after)| after.saturating_sub(before));
    let mut latencies = latencies;
    latencies.sort_unstable();
    Figures {
        requests: latencies.len(),
        elapsed,
        latencies,
        server_cpu,
    }
}

impl Figures {
    /// The server's CPU time per request, in microseconds.
    fn cpu_per_request(&self) -> Option<f64> {
        self.server_cpu
            .map(|cpu| cpu.as_secs_f64() * 1e6 / self.requests as f64)
    }
}

fn report(name: &str, f: &Figures) {
    println!(
        "{name}: {} requests in {:.2} s: {:.0} requests/s; latency p50 {:.2} ms, p99 {:.2} ms, \
         max {:.2} ms; server CPU {}",
        f.requests,
        f.elapsed.as_secs_f64(),
        f.per_second(),
        f.percentile(0.50).as_secs_f64() * 1e3,
        f.percentile(0.99).as_secs_f64() * 1e3,
        f.latencies
            .last()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3,
        f.cpu_per_request().map_or_else(
            || "unknown".to_owned(),
            |us| format!("{us:.0} µs a request")
        ),
    );
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let connections = args.first().copied().unwrap_or(64);
    let per_connection = args.get(1).copied().unwrap_or(500);
    let limit = Duration::from_secs(args.get(2).copied().unwrap_or(20) as u64);

    let dir = std::env::temp_dir().join(format!("runcommand-serve-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keys = dir.join("keys.json");
    std::fs::write(&keys, r#"{"loadid": "loadsecret"}"#).unwrap();
    let served = Served::start(
        Path::new("target/release/runcommand"),
        &["--keys", keys.to_str().unwrap()],
    );

    let signer = Signer::new("loadid", "loadsecret");
    let run_command = [
        ("RegionId", "cn-hangzhou"),
        ("Type", "RunShellScript"),
        ("CommandContent", "echo {{name}} from {{ACS::InstanceId}}"),
        ("EnableParameter", "true"),
        ("Parameters", r#"{"name":"load"}"#),
        ("InstanceId.1", "i-bp1load1"),
        ("InstanceId.2", "i-bp1load2"),
        ("Timeout", "120"),
    ];
    let signed: Vec<Vec<String>> = (0..connections)
        .map(|c| {
            (0..per_connection)
                .map(|n| {
                    signer
                        .v1("RunCommand", &run_command, &format!("{c}-{n}"))
                        .query
                })
                .collect()
        })
        .collect();
    let unsigned: Vec<Vec<String>> = (0..connections)
        .map(|_| vec!["Action=RunCommand&RegionId=cn-hangzhou".to_owned(); per_connection])
        .collect();

    println!(
        "{connections} connections x {per_connection} requests each (at most {} s a run)",
        limit.as_secs()
    );
    let full = run(&served, signed, 200, limit);
    report("RunCommand (verify, check, render, store)", &full);
    let base = run(&served, unsigned, 400, limit);
    report("baseline: unsigned (MissingSignature)", &base);
    println!(
        "RunCommand / baseline: throughput {:.2}x, p99 latency {:.2}x, server CPU a request {}",
        full.per_second() / base.per_second(),
        full.percentile(0.99).as_secs_f64() / base.percentile(0.99).as_secs_f64(),
        full.cpu_per_request()
            .zip(base.cpu_per_request())
            .map_or_else(|| "unknown".to_owned(), |(a, b)| format!("{:.2}x", a / b)),
    );
    let _ = std::fs::remove_dir_all(&dir);
}
