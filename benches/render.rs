//! Benchmarks of rendering: what one instance runs.
//!
//! - `render/few`: a 24 KB content with four placeholders (three custom parameters and
//!   `{{ACS::InstanceId}}`), against a plain copy of the same bytes (the floor of any render:
//!   the template's own bytes, so that both copies meet the same memory layout);
//! - `render/dense`: a 24 KB content with 700 placeholders, against a plain `str::find` +
//!   `HashMap` replacement of the same text;
//! - `render/request`: `CheckedRequest::render` of a checked request at the API's size limit
//!   (18 KB of content, KeepCommand false), script name and command line included.
//!
//! Every implementation's output is checked against the others before timing.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecs_runcommand::render::Instance;
use ecs_runcommand::template::{BuiltInValues, Template, Values};
use ecs_runcommand::{DateTime, RawRequest, Utc, check};

const INSTANCE: &str = "i-bp185dy2o3o6neg1234";

/// Text without braces, `len` bytes of a shell script.
fn filler(len: usize) -> String {
    let line = "tail -n 100 /var/log/nginx/access.log | grep -c GET >> /tmp/report.txt\n";
    let mut text = line.repeat(len / line.len() + 1);
    text.truncate(len);
    text
}

/// 24 KB with `{{ app }}`, `{{version}}` and `{{Port}}` spread through it and one built-in.
fn few() -> String {
    let chunk = 24 * 1024 / 4;
    let mut text = String::new();
    for placeholder in [
        "{{ app }}",
        "{{version}}",
        "{{Port}}",
        "{{ACS::InstanceId}}",
    ] {
        text.push_str(&filler(chunk - placeholder.len()));
        text.push_str(placeholder);
    }
    text
}

/// About 24 KB: 700 placeholders (14 names, one built-in) between short runs of text.
fn dense() -> String {
    let names = [
        "a",
        "bb",
        "Name",
        "port",
        "ver",
        "host",
        "user",
        "dir",
        "x-1",
        "y_2",
        "zz",
        "app",
        "env",
        "ACS::InstanceId",
    ];
    let mut text = String::new();
    for i in 0..700 {
        text.push_str("echo 'line of text' >/x ");
        text.push_str(&format!("{{{{ {} }}}}\n", names[i % names.len()]));
    }
    text
}

fn values_for(names: &[&str]) -> Vec<(String, String)> {
    names
        .iter()
        .map(|n| {
            (
                n.to_string(),
                format!("value-of-{}", n.to_ascii_lowercase()),
            )
        })
        .collect()
}

/// The baseline: find each `{{`, then `}}`, look the trimmed name up in a `HashMap`.
fn find_and_hashmap(text: &str, values: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = after[..close].trim().to_ascii_lowercase();
        match values.get(&name) {
            Some(value) => out.push_str(value),
            None => {
                out.push_str("{{");
                out.push_str(&after[..close]);
                out.push_str("}}");
            }
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

fn bench(c: &mut Criterion) {
    let builtins = BuiltInValues {
        instance_id: Some(INSTANCE),
        ..BuiltInValues::default()
    };
    for (id, text, names) in [
        ("render/few", few(), &["app", "version", "Port"][..]),
        (
            "render/dense",
            dense(),
            &[
                "a", "bb", "Name", "port", "ver", "host", "user", "dir", "x-1", "y_2", "zz", "app",
                "env",
            ][..],
        ),
    ] {
        let owned = values_for(names);
        let values: Values<'_> = owned
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let mut map: HashMap<String, String> = owned
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect();
        map.insert("acs::instanceid".to_owned(), INSTANCE.to_owned());
        let template = Template::parse(text.as_str()).unwrap();
        let ours = template.render(&values, &builtins, usize::MAX).unwrap();
        assert_eq!(ours, find_and_hashmap(&text, &map).into_bytes());
        assert!(
            (23 * 1024..=25 * 1024).contains(&text.len()),
            "{}",
            text.len()
        );

        let mut group = c.benchmark_group(id);
        group.bench_function("ours", |b| {
            b.iter(|| {
                let out = black_box(&template)
                    .render(black_box(&values), black_box(&builtins), usize::MAX)
                    .unwrap();
                assert_eq!(out.len(), ours.len());
                out
            });
        });
        if id == "render/few" {
            // The same bytes as ours copies from (the template's own), so that both meet the
            // same memory layout (a copy whose source and destination are a few bytes apart
            // modulo 4 KiB runs several times slower).
            group.bench_function("copy", |b| {
                b.iter(|| black_box(template.as_bytes()).to_vec());
            });
        } else {
            group.bench_function("find_hashmap", |b| {
                b.iter(|| {
                    let out = find_and_hashmap(black_box(&text), black_box(&map));
                    assert_eq!(out.len(), ours.len());
                    out
                });
            });
        }
        group.finish();
    }

    // A checked request at the size limit, rendered for one instance.
    let now: DateTime<Utc> = "2030-01-01T00:00:00Z".parse().unwrap();
    let content = format!(
        "{}{{{{name}}}} {{{{ACS::InstanceId}}}}\n",
        filler(18_420 - 29)
    );
    let raw = RawRequest::from_pairs([
        ("RegionId", "cn-hangzhou"),
        ("Type", "RunShellScript"),
        ("Name", "report"),
        ("CommandContent", content.as_str()),
        ("EnableParameter", "true"),
        ("Parameters", r#"{"name":"a"}"#),
        ("InstanceId.1", INSTANCE),
    ])
    .unwrap();
    let request = check(raw, now).unwrap();
    let instance = Instance::new(INSTANCE, "t-7d2a745b412b4601");
    let run = request.render(&instance, 1 << 20).unwrap();
    assert!(run.script().ends_with(b"a i-bp185dy2o3o6neg1234\n"));
    let script_len = run.script().len();
    let mut group = c.benchmark_group("render/request");
    group.bench_function("max", |b| {
        b.iter(|| {
            let run = black_box(&request)
                .render(black_box(&instance), 1 << 20)
                .unwrap();
            assert_eq!(run.script().len(), script_len);
            run
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
