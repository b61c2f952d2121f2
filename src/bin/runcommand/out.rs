//! The exit status of every command, and every write to stdout and stderr.
//!
//! Nothing in the command line uses `print!`, `println!` or `eprintln!`: they panic when the
//! write fails. A write to stdout goes through [`written`], which turns a reader that has gone
//! (`EPIPE`) into [`Exit::ReaderGone`] without a word and any other failure into
//! [`Exit::Error`] with a message on stderr. A message on stderr goes through [`complain`],
//! which has nowhere left to report its own failure and drops it.

use std::fmt;
use std::io::{self, Write};

/// How a run ends: the one exit-status contract of every command (README, "Command line").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 0: every request, line or Frequency was accepted (or there was nothing to check).
    Accepted,
    /// 1: something was rejected; the answer says what.
    Rejected,
    /// 2: a usage error (bad arguments), or an input that cannot be read or an output that cannot
    /// be written (other than a closed pipe); a message on stderr says which.
    Error,
    /// 141: the reader of stdout has gone (`EPIPE`); the run ends at once and says nothing. 141 is
    /// what a shell reports for a writer killed by SIGPIPE (128 + 13).
    ReaderGone,
}

impl Exit {
    /// The process exit status.
    pub(crate) const fn code(self) -> u8 {
        match self {
            Exit::Accepted => 0,
            Exit::Rejected => 1,
            Exit::Error => 2,
            Exit::ReaderGone => 141,
        }
    }

    /// `Accepted` or `Rejected`.
    pub(crate) const fn from_accepted(accepted: bool) -> Exit {
        if accepted {
            Exit::Accepted
        } else {
            Exit::Rejected
        }
    }
}

/// Writes `args` and a newline to stderr, as `runcommand COMMAND: ...`.
pub(crate) fn complain(command: &str, args: fmt::Arguments<'_>) {
    // A failed write to stderr has nowhere to be reported; the exit status still tells.
    let _ = writeln!(io::stderr().lock(), "runcommand {command}: {args}");
}

/// Maps the result of a write (or flush) to stdout: `Ok`, or how the run must end.
///
/// # Errors
/// [`Exit::ReaderGone`] for a broken pipe, silently; else [`Exit::Error`], with a message on
/// stderr naming `command`.
pub(crate) fn written<T>(command: &str, result: io::Result<T>) -> Result<T, Exit> {
    result.map_err(|e| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Exit::ReaderGone
        } else {
            complain(command, format_args!("cannot write the output: {e}"));
            Exit::Error
        }
    })
}

/// Writes `text` and a newline to `out` and flushes it.
///
/// # Errors
/// As [`written`].
pub(crate) fn print_line(command: &str, out: &mut impl Write, text: &str) -> Result<(), Exit> {
    written(command, writeln!(out, "{text}").and_then(|()| out.flush()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_ones() {
        let all = [
            Exit::Accepted,
            Exit::Rejected,
            Exit::Error,
            Exit::ReaderGone,
        ];
        assert_eq!(all.map(Exit::code), [0, 1, 2, 141]);
    }

    #[test]
    fn a_broken_pipe_is_quiet_and_141() {
        let gone = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(written::<()>("test", Err(gone)), Err(Exit::ReaderGone));
        let full = io::Error::from(io::ErrorKind::StorageFull);
        assert_eq!(written::<()>("test", Err(full)), Err(Exit::Error));
        assert_eq!(written("test", Ok(7)), Ok(7));
    }
}
