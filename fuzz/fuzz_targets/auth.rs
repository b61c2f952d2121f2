//! Fuzz target: signature verification of raw and signed HTTP requests.
//! The body is `ecs_runcommand_fuzz::auth::auth`.

#![no_main]

use ecs_runcommand_fuzz::{Outcome, auth::auth};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    match auth(data) {
        Outcome::Keep => Corpus::Keep,
        Outcome::Reject => Corpus::Reject,
    }
});
