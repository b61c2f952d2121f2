//! Replays the seed corpora through the fuzz target bodies on stable Rust.
//!
//! `seeds/<target>/` is committed. Set `FUZZ_REPLAY_DIR` to replay another directory too
//! (e.g. `corpus/schedule_roundtrip` or `artifacts/schedule_roundtrip` after a fuzzing run).

use std::fs;
use std::path::{Path, PathBuf};

use ecs_runcommand_fuzz::Outcome;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `body` on every file of `seeds/<name>/` (and `FUZZ_REPLAY_DIR`); returns how many
/// inputs were kept.
fn replay(name: &str, body: fn(&[u8]) -> Outcome) -> usize {
    let mut dirs = vec![
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds")
            .join(name),
    ];
    if let Some(extra) = std::env::var_os("FUZZ_REPLAY_DIR") {
        dirs.push(PathBuf::from(extra));
    }
    let mut kept = 0;
    for dir in dirs {
        let inputs = files(&dir);
        assert!(!inputs.is_empty(), "{}: no inputs", dir.display());
        for path in inputs {
            let data = fs::read(&path).unwrap();
            let result = std::panic::catch_unwind(|| body(&data));
            match result {
                Ok(Outcome::Keep) => kept += 1,
                Ok(Outcome::Reject) => {}
                Err(_) => panic!("{} fails the target", path.display()),
            }
        }
    }
    kept
}

#[test]
fn schedule_roundtrip_seeds() {
    let kept = replay(
        "schedule",
        ecs_runcommand_fuzz::schedule::schedule_roundtrip,
    );
    assert!(kept >= 25, "only {kept} seeds kept");
}

#[test]
fn request_raw_seeds() {
    let kept = replay("request_raw", ecs_runcommand_fuzz::request::request_raw);
    assert!(kept >= 100, "only {kept} seeds kept");
}

#[test]
fn request_structured_seeds() {
    let kept = replay(
        "request_structured",
        ecs_runcommand_fuzz::request::request_structured,
    );
    assert!(kept >= 20, "only {kept} seeds kept");
}

#[test]
fn template_seeds() {
    let kept = replay(
        "template",
        ecs_runcommand_fuzz::template::template_roundtrip,
    );
    assert!(kept >= 80, "only {kept} seeds kept");
}

#[test]
fn auth_seeds() {
    let kept = replay("auth", ecs_runcommand_fuzz::auth::auth);
    assert!(kept >= 400, "only {kept} seeds kept");
}
