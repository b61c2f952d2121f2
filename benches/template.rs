//! Benchmarks of the template module: parsing and rendering a typical command content (about
//! 1 KB, three custom parameters, one built-in) and a 16 KB one, and parsing a Launcher.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecs_runcommand::template::{BuiltInValues, Launcher, Template, Values};

/// A deployment script of about 1 KB with three custom parameters and one built-in.
const TYPICAL: &str = r#"#!/bin/bash
set -euo pipefail
# Deploy {{ app }} version {{version}} to {{ACS::InstanceId}}.
APP_DIR=/opt/{{ app }}
LOG=/var/log/{{ app }}-deploy.log
exec >>"$LOG" 2>&1
echo "$(date -Is) deploying {{ app }} {{version}}"
if ! id -u app >/dev/null 2>&1; then
  useradd --system --home "$APP_DIR" --shell /sbin/nologin app
fi
mkdir -p "$APP_DIR/releases/{{version}}" "$APP_DIR/shared"
cd "$APP_DIR/releases/{{version}}"
curl -fsSL --retry 3 "https://artifacts.example.com/{{ app }}/{{version}}.tar.gz" -o app.tgz
tar -xzf app.tgz && rm -f app.tgz
ln -sfn "$APP_DIR/releases/{{version}}" "$APP_DIR/current"
cat >/etc/systemd/system/{{ app }}.service <<EOF
[Unit]
Description={{ app }} service
After=network.target
[Service]
User=app
WorkingDirectory=$APP_DIR/current
Environment=PORT={{port}}
ExecStart=$APP_DIR/current/bin/server --port {{port}}
Restart=always
[Install]
WantedBy=multi-user.target
EOF
systemctl daemon-reload
systemctl enable --now {{ app }}
for i in $(seq 1 30); do
  curl -fs "http://127.0.0.1:{{port}}/healthz" && break
  sleep 1
done
echo "$(date -Is) {{ app }} {{version}} is up on port {{port}}"
"#;

const LAUNCHER: &str = r#"python3 -u {{ACS::ScriptFileName|Ext(".py")}} --verbose"#;

const VALUES: [(&str, &str); 3] = [("APP", "shop"), ("Version", "2.4.1"), ("port", "8080")];

const INSTANCE: &str = "i-bp185dy2o3o6neg1234";

/// What rendering `text` should give, computed without the library.
fn expected(text: &str) -> String {
    text.replace("{{ app }}", "shop")
        .replace("{{version}}", "2.4.1")
        .replace("{{port}}", "8080")
        .replace("{{ACS::InstanceId}}", INSTANCE)
}

fn bench_content(c: &mut Criterion, id: &str, text: &str) {
    let values: Values<'_> = VALUES.into_iter().collect();
    let builtins = BuiltInValues {
        instance_id: Some(INSTANCE),
        ..BuiltInValues::default()
    };
    let want = expected(text);
    let template = Template::parse(text).unwrap();
    assert_eq!(template.custom_name_count(), 3);
    assert_eq!(
        template.render(&values, &builtins, usize::MAX).unwrap(),
        want.as_bytes()
    );

    c.bench_function(&format!("template/parse/{id}"), |b| {
        b.iter(|| {
            let t = Template::parse(black_box(text)).unwrap();
            assert_eq!(t.custom_name_count(), 3);
            t
        });
    });
    c.bench_function(&format!("template/render/{id}"), |b| {
        b.iter(|| {
            let out = black_box(&template)
                .render(black_box(&values), black_box(&builtins), usize::MAX)
                .unwrap();
            assert_eq!(out.len(), want.len());
            out
        });
    });
}

fn template(c: &mut Criterion) {
    assert!((900..1500).contains(&TYPICAL.len()), "{}", TYPICAL.len());
    bench_content(c, "typical", TYPICAL);
    let large = TYPICAL.repeat(16 * 1024 / TYPICAL.len());
    assert!(
        (15 * 1024..=16 * 1024).contains(&large.len()),
        "{}",
        large.len()
    );
    bench_content(c, "16k", &large);

    c.bench_function("template/launcher/parse_render", |b| {
        b.iter(|| {
            let launcher = Launcher::parse(black_box(LAUNCHER)).unwrap();
            let line = launcher.command_line(black_box("/root/deploy-t-1.py"));
            assert_eq!(line, "python3 -u /root/deploy-t-1.py --verbose");
            line
        });
    });
}

criterion_group!(benches, template);
criterion_main!(benches);
