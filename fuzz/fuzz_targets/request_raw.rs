//! Fuzz target: Raw bytes as a whole request (query string, or JSON when it starts with `{`).
//! The body is `ecs_runcommand_fuzz::request::request_raw`.

#![no_main]

use ecs_runcommand_fuzz::{Outcome, request::request_raw};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    match request_raw(data) {
        Outcome::Keep => Corpus::Keep,
        Outcome::Reject => Corpus::Reject,
    }
});
