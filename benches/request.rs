//! Benchmarks of request decoding and validation.
fn main() {}
