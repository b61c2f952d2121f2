//! `runcommand`: the command-line tool over the `ecs_runcommand` library.
//!
//! Exit status: 0 accepted, 1 rejected, 2 usage error.

mod check;
mod codes;
mod next;
mod verify;

use clap::{Parser, Subcommand};
use ecs_runcommand::ApiError;
use serde::Serialize;

/// An error as both subcommands print it: Alibaba's body fields plus our detail.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorBody {
    #[serde(rename = "HttpStatus")]
    http_status: u16,
    #[serde(rename = "Code")]
    code: &'static str,
    #[serde(rename = "Message")]
    message: &'static str,
    #[serde(rename = "Detail")]
    detail: String,
}

impl From<&ApiError> for ErrorBody {
    fn from(err: &ApiError) -> ErrorBody {
        ErrorBody {
            http_status: err.http_status(),
            code: err.code().as_str(),
            message: err.message(),
            detail: err.detail().to_owned(),
        }
    }
}

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
    /// Decode and validate one request (query string or JSON).
    Check(check::CheckArgs),
    /// Verify the signatures (V1 and V3) of requests, one JSON request per line.
    Verify(verify::VerifyArgs),
    /// Print the table of error codes as JSON.
    Codes,
}

/// The system clock; only the command line reads it, the library takes time as an argument.
pub(crate) fn system_now() -> chrono::DateTime<chrono::Utc> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            std::process::exit(code);
        }
    };
    let status = match cli.command {
        Command::Next(args) => next::run(args),
        Command::Check(args) => check::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Codes => codes::run(),
    };
    std::process::exit(status);
}
