//! The public API does not grow by accident.
//!
//! Every `pub` declaration of the library (`pub fn`, `pub struct`, `pub use`, a `pub` field...,
//! as written in `src/`, the command-line tool left out) is listed in `spec/public-api.txt`.
//! With the `unreachable_pub` lint denied in CI, a `pub` item is one a caller can reach, so this
//! list is the public API. A declaration added, removed or renamed fails this test until the
//! list is updated on purpose: run it with `UPDATE_PUBLIC_API=1` to rewrite the file, and
//! review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "bin") {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The declaration of a `pub` line, up to its parameters, body or type.
fn declaration(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("pub ")?;
    let is_item = [
        "fn ",
        "const fn ",
        "struct ",
        "enum ",
        "trait ",
        "type ",
        "const ",
        "static ",
        "mod ",
        "use ",
    ]
    .iter()
    .any(|kind| rest.starts_with(kind));
    let is_field = rest.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
    });
    if !is_item && !is_field {
        return None;
    }
    let end = rest
        .find(['(', '{', '=', ';', '<', ':'])
        .filter(|_| !rest.starts_with("use "))
        .unwrap_or(rest.len());
    let end = if rest.starts_with("use ") {
        rest.trim_end_matches(';').len()
    } else {
        end
    };
    Some(format!("pub {}", rest[..end].trim_end()))
}

#[test]
fn public_api_is_the_listed_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    let mut found = String::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let name = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // Test modules inside the library are not API.
        let text = text.split("mod tests {").next().unwrap_or("");
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            // A `pub use` over several lines is read whole.
            let mut whole = line.to_owned();
            if line.trim_start().starts_with("pub use ") {
                while !whole.trim_end().ends_with(';') {
                    let Some(next) = lines.next() else { break };
                    whole.push(' ');
                    whole.push_str(next.trim());
                }
                whole = whole.replace("{ ", "{").replace(", }", "}");
            }
            if let Some(decl) = declaration(&whole) {
                found.push_str(&format!("{name}: {decl}\n"));
            }
        }
    }
    let listed_path = root.join("spec/public-api.txt");
    if std::env::var_os("UPDATE_PUBLIC_API").is_some() {
        fs::write(&listed_path, &found).unwrap();
    }
    let listed = fs::read_to_string(&listed_path).unwrap_or_default();
    let added: Vec<&str> = found
        .lines()
        .filter(|l| !listed.lines().any(|k| k == *l))
        .collect();
    let removed: Vec<&str> = listed
        .lines()
        .filter(|l| !found.lines().any(|k| k == *l))
        .collect();
    assert!(
        added.is_empty() && removed.is_empty(),
        "the public API changed; if on purpose, rerun with UPDATE_PUBLIC_API=1.\n\
         added:\n  {}\nremoved:\n  {}",
        added.join("\n  "),
        removed.join("\n  ")
    );
}
