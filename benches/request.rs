//! Benchmarks: decode and validate whole requests (`request/check/{typical,max}`).

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use ecs_runcommand::{CheckedRequest, DateTime, RawRequest, Utc};
use std::hint::black_box;

#[path = "../tests/support/sdk.rs"]
mod sdk;
use sdk::encode_component;

fn check(query: &[u8], now: DateTime<Utc>) -> CheckedRequest {
    let raw = RawRequest::from_query(query).unwrap();
    ecs_runcommand::check(raw, now).unwrap()
}

const NOW: &str = "2025-01-01T00:00:00Z";

/// 1 KB content with 3 custom parameters, 3 instances, 2 tags, a cron Frequency.
fn typical() -> String {
    let mut content = String::from("#!/bin/bash\necho {{name}} {{ greeting }} {{count}}\n");
    while content.len() < 1024 {
        content.push_str("ls -la /var/log | grep -v '^total' | awk '{print $9}'\n");
    }
    let pairs = [
        ("RegionId", "cn-hangzhou"),
        ("Type", "RunShellScript"),
        ("CommandContent", content.as_str()),
        ("EnableParameter", "True"),
        (
            "Parameters",
            r#"{"name":"Jack","greeting":"hello world","count":"3"}"#,
        ),
        ("Frequency", "0 */20 * * * ?"),
        ("Timeout", "600"),
        ("InstanceId.1", "i-bp185dy2o3o6neg0001"),
        ("InstanceId.2", "i-bp185dy2o3o6neg0002"),
        ("InstanceId.3", "i-bp185dy2o3o6neg0003"),
        ("Tag.1.Key", "team"),
        ("Tag.1.Value", "ops"),
        ("Tag.2.Key", "env"),
        ("Tag.2.Value", "prod"),
        ("Action", "RunCommand"),
        ("Version", "2014-05-26"),
    ];
    join(&pairs)
}

/// Content at the 24 KiB limit (18,432 bytes of plain text).
fn max() -> String {
    let mut content = String::from("echo {{name}}\n");
    while content.len() < 18_432 - 8 {
        content.push_str("tail -n 100 /var/log/nginx/access.log | grep -c GET\n");
    }
    content.truncate(18_432 - 14);
    let params = r#"{"name":"a"}"#;
    let pairs = [
        ("RegionId", "cn-hangzhou"),
        ("Type", "RunShellScript"),
        ("CommandContent", content.as_str()),
        ("EnableParameter", "true"),
        ("Parameters", params),
        ("InstanceId.1", "i-bp185dy2o3o6neg0001"),
    ];
    join(&pairs)
}

fn join(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn bench(c: &mut Criterion) {
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let mut group = c.benchmark_group("request/check");
    for (name, query) in [("typical", typical()), ("max", max())] {
        let request = check(query.as_bytes(), now);
        assert_eq!(request.region_id(), "cn-hangzhou");
        if name == "max" {
            // Exactly at the limit: content 24,560 + Parameters 16 = 24,576 Base64 bytes.
            assert_eq!(request.content().len().div_ceil(3) * 4 + 16, 24_576);
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                let request = check(black_box(query.as_bytes()), now);
                black_box(request.instance_ids().len())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
