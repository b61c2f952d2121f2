//! Fuzz target: A structured request encoded the way the SDKs do, and as decoded pairs.
//! The body is `ecs_runcommand_fuzz::request::request_structured`.

#![no_main]

use ecs_runcommand_fuzz::{Outcome, request::request_structured};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    match request_structured(data) {
        Outcome::Keep => Corpus::Keep,
        Outcome::Reject => Corpus::Reject,
    }
});
