//! `runcommand next`.

use clap::Args;

/// Arguments of `runcommand next`.
#[derive(Debug, Args)]
pub(crate) struct NextArgs {
    /// The Frequency.
    frequency: Option<String>,
}

pub(crate) fn run(args: NextArgs) -> i32 {
    let _ = args;
    2
}
