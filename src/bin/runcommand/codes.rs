//! `runcommand codes`: prints the table of error codes as pretty JSON.
//!
//! The output is `spec/error-codes.json` itself (it carries the descriptions and sources the Rust
//! table does not). `tests/error_codes.rs` checks that file against `ErrorCode::ALL` row by row
//! and this command's output against that file.

use std::io::{self, Write};

use crate::out::{self, Exit};

/// The spec file, embedded at build time.
const TABLE: &str = include_str!("../../../spec/error-codes.json");

pub(crate) fn run() -> Exit {
    let mut stdout = io::stdout().lock();
    match out::written(
        "codes",
        stdout
            .write_all(TABLE.as_bytes())
            .and_then(|()| stdout.flush()),
    ) {
        Ok(()) => Exit::Accepted,
        Err(exit) => exit,
    }
}
