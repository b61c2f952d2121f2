//! Writes the names of chrono-tz's zones for the zone lookup (`src/schedule/zone.rs`): each
//! name with a `/` and its index in `chrono_tz::TZ_VARIANTS`, from the very chrono-tz the
//! library links (one version in the lock file serves both), so that no copy of the tz
//! database's names is kept by hand. The hash table over them is built at compile time.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut out = String::new();
    let variants = chrono_tz::TZ_VARIANTS.len();
    let names: Vec<(usize, &str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .enumerate()
        .filter(|(_, name)| name.contains('/'))
        .collect();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "// Written by build.rs from chrono_tz::TZ_VARIANTS.\n\
         /// How many zones chrono-tz has.\n\
         pub(super) const VARIANTS: usize = {variants};\n\
         /// The names with a `/`, each with its index in `TZ_VARIANTS`.\n\
         pub(super) const NAMES: [(&str, u16); {}] = [",
        names.len()
    );
    for (index, name) in &names {
        let _ = writeln!(out, "    ({name:?}, {index}),");
    }
    out.push_str("];\n");
    let Some(dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set");
        std::process::exit(1);
    };
    let path = PathBuf::from(dir).join("zone_names.rs");
    if let Err(err) = std::fs::write(&path, out) {
        eprintln!("{}: {err}", path.display());
        std::process::exit(1);
    }
}
