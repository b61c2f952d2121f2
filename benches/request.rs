//! Benchmarks: decode and validate whole requests (`request/check/{typical,max}`), and the
//! context rules: the typical request selecting its instances by ResourceTag, checked without a
//! view (`tagged`) and with a view of 10,000 instances of which its tags select 100
//! (`tagged_with_view`, issue 12: within 2x of `tagged`).

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use ecs_runcommand::context::Snapshot;
use ecs_runcommand::{CheckedRequest, DateTime, RawRequest, Utc};
use sha2::{Digest, Sha256};
use std::hint::black_box;

#[path = "../tests/support/sdk.rs"]
mod sdk;
use sdk::join;
#[path = "support/requests.rs"]
mod requests;
use requests::{TYPICAL_INSTANCES, max_pairs, typical_pairs};

fn check(query: &[u8], now: DateTime<Utc>) -> CheckedRequest {
    let raw = RawRequest::from_query(query).unwrap();
    ecs_runcommand::check(raw, now).unwrap()
}

const NOW: &str = "2025-01-01T00:00:00Z";

/// 1 KB content with 3 custom parameters, 3 instances, 2 tags, a cron Frequency.
fn typical() -> String {
    join(&typical_pairs(&TYPICAL_INSTANCES))
}

/// The typical request, its instances selected by two resource tags.
fn tagged() -> String {
    typical_targeting(&[
        ("ResourceTag.1.Key", "team"),
        ("ResourceTag.1.Value", "ops"),
        ("ResourceTag.2.Key", "env"),
        ("ResourceTag.2.Value", "prod"),
    ])
}

/// A snapshot of 10,000 running Linux instances in cn-hangzhou, every one tagged `env=prod`
/// and a `team`; 100 of them (every 100th) `team=ops`.
fn ten_thousand() -> Snapshot {
    let mut instances = Vec::with_capacity(10_000);
    for i in 0..10_000 {
        let team = if i % 100 == 0 {
            "ops".to_owned()
        } else {
            format!("team{}", i % 97)
        };
        instances.push(format!(
            r#"{{"InstanceId":"i-bp185dy2o3o6n{i:07}","RegionId":"cn-hangzhou","ResourceGroupId":"rg-acfm2","Status":"Running","OSType":"Linux","AgentVersion":"2.2.3.344","InstanceName":"web-{i}","Tags":[{{"Key":"env","Value":"prod"}},{{"Key":"team","Value":"{team}"}}]}}"#
        ));
    }
    let json = format!(
        r#"{{"Regions":[{{"RegionId":"cn-hangzhou","ApiSupported":true}}],"Instances":[{}],"Quotas":{{"CommandCount":{{"Used":10,"Limit":500}},"Invocations":{{"Used":0,"Limit":10000}},"InstancesPerCall":100}}}}"#,
        instances.join(",")
    );
    Snapshot::from_json(&json).unwrap()
}

fn typical_targeting(targets: &[(&str, &str)]) -> String {
    join(&typical_pairs(targets))
}

/// Content at the 24 KiB limit (18,432 bytes of plain text).
fn max() -> String {
    join(&max_pairs())
}

fn bench(c: &mut Criterion) {
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let mut group = c.benchmark_group("request/check");
    for (name, query) in [("typical", typical()), ("max", max()), ("tagged", tagged())] {
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
    // The context rules: the same tagged request, with a view of 10,000 instances.
    let view = ten_thousand();
    let query = tagged();
    let with_view = |query: &[u8]| {
        let raw = RawRequest::from_query(query).unwrap();
        ecs_runcommand::check_with(raw, now, &view).unwrap()
    };
    let request = with_view(query.as_bytes());
    assert_eq!(request.targets().len(), 100);
    assert_eq!(request.targets()[1].as_str(), "i-bp185dy2o3o6n0000100");
    assert!(request.warnings().iter().all(|w| w.param() != "InstanceId"));
    group.bench_function("tagged_with_view", |b| {
        b.iter(|| {
            let request = with_view(black_box(query.as_bytes()));
            black_box(request.targets().len())
        });
    });
    group.finish();

    // The Fingerprint of the typical request (what a service remembers with a ClientToken),
    // beside SHA-256 alone over the request's normalized JSON (about the size of the canonical
    // form the Fingerprint hashes).
    let mut group = c.benchmark_group("request/fingerprint");
    let request = check(typical().as_bytes(), now);
    let normalized = serde_json::to_vec(&request).unwrap();
    group.bench_function("typical", |b| {
        b.iter(|| black_box(black_box(&request).fingerprint()));
    });
    group.bench_function("sha256_of_normalized_json", |b| {
        b.iter(|| black_box(Sha256::digest(black_box(&normalized))));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
