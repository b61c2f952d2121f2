//! Benchmarks of decoding and validating whole requests (filled in later).

fn main() {}
