//! Bodies of the fuzz targets, as plain functions so that a stable `#[test]` can replay seeds.
//!
//! Each function panics when it finds a bug and returns an [`Outcome`] otherwise; the
//! `fuzz_targets/*.rs` wrappers map the outcome to `libfuzzer_sys::Corpus`.

pub mod auth;
pub mod request;
pub mod schedule;
pub mod template;

/// What the official SDKs do to a request (the percent-encoder), shared with the tests.
#[path = "../../tests/support/sdk.rs"]
mod sdk;

/// What the fuzzer should do with an input that found no bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Interesting: keep it in the corpus.
    Keep,
    /// Not a valid input for this target (e.g. not UTF-8): do not add it to the corpus.
    Reject,
}
