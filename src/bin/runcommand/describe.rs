//! `runcommand describe [--lang en|zh-CN] FREQUENCY`, and `runcommand describe --jsonl`.
//!
//! A Frequency is described as it is written: it is parsed, not validated (an expression whose
//! years have passed is described all the same). Without `--jsonl`: the description and exit
//! 0, or the error body and exit 1. With `--jsonl`: each line `{"frequency": "...", "lang":
//! "en"}` (`lang` optional) gets `{"description": "..."}` or `{"error": {...}}`, through
//! [`crate::jsonl::drive`] like every `--jsonl` mode.

use std::io;

use clap::Args;
use ecs_runcommand::schedule::{Frequency, Lang};
use ecs_runcommand::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};

use crate::jsonl::{self, Line};
use crate::out::{self, Exit, complain};

/// Arguments of `runcommand describe`.
#[derive(Debug, Args)]
pub(crate) struct DescribeArgs {
    /// The language of the description: en or zh-CN.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Read one JSON object per line from stdin; write one result line per input line.
    #[arg(long)]
    jsonl: bool,
    /// The Frequency.
    #[arg(required_unless_present = "jsonl", allow_hyphen_values = true)]
    frequency: Option<String>,
}

/// `--lang` for clap: a usage error when it is not a language.
pub(crate) fn parse_lang(text: &str) -> Result<Lang, String> {
    text.parse()
        .map_err(|e: ecs_runcommand::schedule::UnknownLang| e.to_string())
}

/// One `--jsonl` line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    frequency: String,
    lang: Option<String>,
}

/// One output line of `--jsonl`.
#[derive(Debug, Serialize)]
enum Answer {
    #[serde(rename = "description")]
    Description(String),
    #[serde(rename = "error")]
    Error(ApiError),
}

pub(crate) fn run(args: DescribeArgs) -> Exit {
    if args.jsonl {
        return jsonl::drive(
            "describe",
            io::stdin().lock(),
            io::stdout().lock(),
            describe_line,
        );
    }
    let Some(frequency) = args.frequency else {
        complain("describe", format_args!("a FREQUENCY is required"));
        return Exit::Error;
    };
    let (text, exit) = match Frequency::parse(&frequency) {
        Ok(frequency) => (frequency.describe(args.lang), Exit::Accepted),
        Err(err) => (crate::next::to_json(&ApiError::from(err)), Exit::Rejected),
    };
    match out::print_line("describe", &mut io::stdout().lock(), &text) {
        Ok(()) => exit,
        Err(exit) => exit,
    }
}

/// Answers one `--jsonl` line.
fn describe_line(line: Line<'_>) -> (String, bool) {
    let result = line
        .map_err(|fault| fault.to_api_error())
        .and_then(|text| {
            serde_json::from_str::<Query>(text)
                .map_err(|e| ApiError::new(ErrorCode::InvalidParameter, format!("input line: {e}")))
        })
        .and_then(|q| {
            let lang = match &q.lang {
                Some(tag) => tag.parse::<Lang>()?,
                None => Lang::En,
            };
            Ok(Frequency::parse(&q.frequency)?.describe(lang))
        });
    match result {
        Ok(description) => (
            crate::next::to_json(&Answer::Description(description)),
            true,
        ),
        Err(err) => (crate::next::to_json(&Answer::Error(err)), false),
    }
}
