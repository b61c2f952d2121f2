//! `runcommand check [--now RFC3339] [--all] [--jsonl] [FILE]`.

use clap::Args;

/// Arguments of `runcommand check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The current time used for validation (default: the system clock).
    #[arg(long)]
    now: Option<String>,
    /// Report every fault, not only the first.
    #[arg(long)]
    all: bool,
    /// Read one JSON object per line from stdin and write one result line per input.
    #[arg(long)]
    jsonl: bool,
    /// The request file (default: stdin).
    file: Option<std::path::PathBuf>,
}

pub(crate) fn run(args: CheckArgs) -> i32 {
    let _ = args;
    2
}
