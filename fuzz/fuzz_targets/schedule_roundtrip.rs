//! Fuzz target: Frequency parse/print round trip, validation and fire-time order.
//! The body is `ecs_runcommand_fuzz::schedule::schedule_roundtrip`.

#![no_main]

use ecs_runcommand_fuzz::{Outcome, schedule::schedule_roundtrip};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    match schedule_roundtrip(data) {
        Outcome::Keep => Corpus::Keep,
        Outcome::Reject => Corpus::Reject,
    }
});
