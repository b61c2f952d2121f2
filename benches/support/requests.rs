//! The requests the benches measure, written once: `benches/request.rs` checks them and
//! `benches/verify.rs` signs the typical one.

#![allow(dead_code)]

/// The typical request's instances.
pub(crate) const TYPICAL_INSTANCES: [(&str, &str); 3] = [
    ("InstanceId.1", "i-bp185dy2o3o6neg0001"),
    ("InstanceId.2", "i-bp185dy2o3o6neg0002"),
    ("InstanceId.3", "i-bp185dy2o3o6neg0003"),
];

/// The typical request's parameters, its targets (instances or resource tags) last: 1 KB
/// content with 3 custom parameters, 2 tags, a cron Frequency.
pub(crate) fn typical_pairs(targets: &[(&str, &str)]) -> Vec<(String, String)> {
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
        ("Tag.1.Key", "team"),
        ("Tag.1.Value", "ops"),
        ("Tag.2.Key", "env"),
        ("Tag.2.Value", "prod"),
        ("Action", "RunCommand"),
        ("Version", "2014-05-26"),
    ];
    pairs
        .iter()
        .chain(targets)
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Content at the 24 KiB limit (18,432 bytes of plain text), one custom parameter, one instance.
pub(crate) fn max_pairs() -> Vec<(String, String)> {
    let mut content = String::from("echo {{name}}\n");
    while content.len() < 18_432 - 8 {
        content.push_str("tail -n 100 /var/log/nginx/access.log | grep -c GET\n");
    }
    content.truncate(18_432 - 14);
    [
        ("RegionId", "cn-hangzhou"),
        ("Type", "RunShellScript"),
        ("CommandContent", content.as_str()),
        ("EnableParameter", "true"),
        ("Parameters", r#"{"name":"a"}"#),
        ("InstanceId.1", "i-bp185dy2o3o6neg0001"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}
