//! `runcommand`: the command-line tool over the `ecs_runcommand` library.
//!
//! Exit status (one contract for every command, [`out::Exit`]): 0 accepted, 1 rejected, 2 usage
//! or input/output error, 141 the reader of stdout has gone.

// Every write is checked (`out`): the printing macros panic when the write fails.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod check;
mod codes;
mod describe;
mod jsonl;
mod next;
mod out;
mod render;
#[cfg(feature = "serve")]
mod serve;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Checks Alibaba Cloud ECS RunCommand requests and schedules the way the API does.
#[derive(Debug, Parser)]
#[command(name = "runcommand", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a Frequency and print its next fire times (RFC 3339, UTC).
    Next(next::NextArgs),
    /// Describe a Frequency in English or Chinese.
    Describe(describe::DescribeArgs),
    /// Decode and validate one request (query string or JSON).
    Check(check::CheckArgs),
    /// Check one request and print what one instance runs.
    Render(render::RenderArgs),
    /// Verify the signatures (V1 and V3) of requests, one JSON request per line.
    Verify(verify::VerifyArgs),
    /// Print the table of error codes as JSON.
    Codes,
    /// Serve RunCommand, DescribeInvocations and DescribeInvocationResults on a local HTTP
    /// endpoint that the official SDKs can call.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
}

/// The system clock; only the command line reads it, the library takes time as an argument.
pub(crate) fn system_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from(std::time::SystemTime::now())
}

fn main() -> ExitCode {
    let exit = match Cli::try_parse() {
        Ok(cli) => match cli.command {
            Command::Next(args) => next::run(args),
            Command::Describe(args) => describe::run(args),
            Command::Check(args) => check::run(args),
            Command::Render(args) => render::run(args),
            Command::Verify(args) => verify::run(args),
            Command::Codes => codes::run(),
            #[cfg(feature = "serve")]
            Command::Serve(args) => serve::run(args),
        },
        Err(err) => {
            let printed = err.print();
            if err.use_stderr() {
                // A usage error, explained on stderr.
                out::Exit::Error
            } else {
                // --help or --version, on stdout.
                match out::written("help", printed) {
                    Ok(()) => out::Exit::Accepted,
                    Err(exit) => exit,
                }
            }
        }
    };
    ExitCode::from(exit.code())
}
