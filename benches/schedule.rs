//! Benchmarks of the schedule module (see the issue for targets).
fn main() {}
