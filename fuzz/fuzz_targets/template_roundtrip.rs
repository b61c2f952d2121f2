//! Fuzz target: Template and Launcher round trips and rendering.
//! The body is `ecs_runcommand_fuzz::template::template_roundtrip`.

#![no_main]

use ecs_runcommand_fuzz::{Outcome, template::template_roundtrip};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    match template_roundtrip(data) {
        Outcome::Keep => Corpus::Keep,
        Outcome::Reject => Corpus::Reject,
    }
});
