//! The one line-by-line driver of every `--jsonl` mode.
//!
//! [`drive`] reads its input one line at a time into one reused buffer (memory grows only to the
//! longest line), hands each line to the mode, and writes the mode's answer as exactly one
//! output line. Before every read that may wait for more input it flushes the answers written
//! so far, so a caller that writes a line and waits for its answer always gets it: the command
//! works as a co-process. A burst of lines that are already buffered is answered with one write.
//!
//! Lines end at `\n`; one `\r` before it is dropped, and a last line without `\n` still counts.
//! A line that is blank or not UTF-8 never reaches the mode's parser: the mode gets a
//! [`Fault`], which every mode answers with the same error ([`Fault::to_api_error`]) in its own
//! output shape.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

use ecs_runcommand::{ApiError, ErrorCode};

use crate::out::{self, Exit};

/// The size of the input and output buffers.
const BUFFER: usize = 64 * 1024;

/// A line that is handed to the mode as a fault instead of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Empty, or nothing but ASCII whitespace.
    Blank,
    /// Not UTF-8: the bytes before `valid_up_to` are.
    NotUtf8 {
        /// The offset of the first byte that is not UTF-8, from the start of the line.
        valid_up_to: usize,
    },
}

impl Fault {
    /// The error every mode answers the fault with (`InvalidParameter`).
    pub(crate) fn to_api_error(self) -> ApiError {
        let detail = match self {
            Fault::Blank => "the line is blank".to_owned(),
            Fault::NotUtf8 { valid_up_to } => {
                format!("the line is not UTF-8 (at byte {valid_up_to})")
            }
        };
        ApiError::new(ErrorCode::InvalidParameter, detail)
    }
}

/// One input line as a mode sees it: its text without the line end, or its fault.
pub(crate) type Line<'a> = Result<&'a str, Fault>;

/// Answers every line of `input` on `output`, one line each, with `answer`, which returns the
/// answer's text (without a newline) and whether the line was accepted.
///
/// Returns [`Exit::Accepted`] when every line was accepted (or there were none),
/// [`Exit::Rejected`] when one was not, [`Exit::ReaderGone`] as soon as `output` reports a
/// broken pipe, and [`Exit::Error`] (with a message on stderr naming `command`) when `input`
/// cannot be read or `output` cannot be written.
pub(crate) fn drive(
    command: &str,
    input: impl Read,
    output: impl Write,
    mut answer: impl FnMut(Line<'_>) -> (String, bool),
) -> Exit {
    let mut reader = BufReader::with_capacity(BUFFER, input);
    let mut out = BufWriter::with_capacity(BUFFER, output);
    let mut line = Vec::new();
    let mut all_accepted = true;
    let mut each = || -> Result<(), Exit> {
        while read_line(command, &mut reader, &mut out, &mut line)? {
            let (text, accepted) = answer(classify(&line));
            all_accepted &= accepted;
            out::written(
                command,
                out.write_all(text.as_bytes())
                    .and_then(|()| out.write_all(b"\n")),
            )?;
        }
        out::written(command, out.flush())
    };
    match each() {
        Ok(()) => Exit::from_accepted(all_accepted),
        Err(exit) => exit,
    }
}

/// The line without its `\r`, as text or as a fault.
fn classify(line: &[u8]) -> Line<'_> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match std::str::from_utf8(line) {
        Err(e) => Err(Fault::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        }),
        Ok(text) if text.trim_ascii().is_empty() => Err(Fault::Blank),
        Ok(text) => Ok(text),
    }
}

/// Reads the next line into `line` (cleared first), without its `\n`. Returns `false` at the end
/// of the input. `out` is flushed before every read that may wait.
fn read_line<R: Read>(
    command: &str,
    reader: &mut BufReader<R>,
    out: &mut impl Write,
    line: &mut Vec<u8>,
) -> Result<bool, Exit> {
    line.clear();
    loop {
        if reader.buffer().is_empty() {
            // The next read may wait for the caller, who may be waiting for these answers.
            out::written(command, out.flush())?;
        }
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                out::complain(command, format_args!("cannot read the input: {e}"));
                return Err(Exit::Error);
            }
        };
        if available.is_empty() {
            // The end of the input: a last line without `\n` still counts.
            return Ok(!line.is_empty());
        }
        if let Some(end) = memchr::memchr(b'\n', available) {
            line.extend_from_slice(&available[..end]);
            reader.consume(end + 1);
            return Ok(true);
        }
        let taken = available.len();
        line.extend_from_slice(available);
        reader.consume(taken);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Echoes each line's text, or its fault's detail; accepts lines that start with `ok`.
    fn echo(line: Line<'_>) -> (String, bool) {
        match line {
            Ok(text) => (format!("text {text:?}"), text.starts_with("ok")),
            Err(fault) => (format!("fault {}", fault.to_api_error().detail()), false),
        }
    }

    fn run(input: &[u8]) -> (Exit, String) {
        let mut output = Vec::new();
        let exit = drive("test", input, &mut output, echo);
        (exit, String::from_utf8(output).unwrap())
    }

    #[test]
    fn ok_one_answer_per_line() {
        assert_eq!(
            run(b"ok 1\nok 2\n"),
            (Exit::Accepted, "text \"ok 1\"\ntext \"ok 2\"\n".to_owned())
        );
        assert_eq!(run(b""), (Exit::Accepted, String::new()));
    }

    #[test]
    fn ok_crlf_and_a_missing_final_newline() {
        assert_eq!(
            run(b"ok 1\r\nok 2\r\r\nok 3"),
            (
                Exit::Accepted,
                "text \"ok 1\"\ntext \"ok 2\\r\"\ntext \"ok 3\"\n".to_owned()
            )
        );
    }

    #[test]
    fn err_blank_and_not_utf8_lines_are_faults() {
        assert_eq!(
            run(b"\n \t\r\nok\n\r\nab\xffc\n\xc3\n\r"),
            (
                Exit::Rejected,
                "fault the line is blank\n\
                 fault the line is blank\n\
                 text \"ok\"\n\
                 fault the line is blank\n\
                 fault the line is not UTF-8 (at byte 2)\n\
                 fault the line is not UTF-8 (at byte 0)\n\
                 fault the line is blank\n"
                    .to_owned()
            )
        );
    }

    /// An input that hands out its pieces one read at a time and records, at each read, how
    /// much output the driver has flushed by then.
    struct Pieces {
        pieces: Vec<&'static [u8]>,
        output: Rc<RefCell<Vec<u8>>>,
        seen: Rc<RefCell<Vec<String>>>,
    }

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.seen
                .borrow_mut()
                .push(String::from_utf8(self.output.borrow().clone()).unwrap());
            if self.pieces.is_empty() {
                return Ok(0);
            }
            let piece = self.pieces.remove(0);
            buf[..piece.len()].copy_from_slice(piece);
            Ok(piece.len())
        }
    }

    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Every complete line is answered on the output before the driver reads again, also when
    /// the read ends in the middle of the next line.
    #[test]
    fn ok_answers_are_flushed_before_each_read() {
        let output = Rc::new(RefCell::new(Vec::new()));
        let seen = Rc::new(RefCell::new(Vec::new()));
        let input = Pieces {
            pieces: vec![b"ok a\nok b\nok", b" c", b"\n", b"ok d"],
            output: Rc::clone(&output),
            seen: Rc::clone(&seen),
        };
        let exit = drive("test", input, Shared(Rc::clone(&output)), echo);
        assert_eq!(exit, Exit::Accepted);
        assert_eq!(
            *seen.borrow(),
            [
                "",
                "text \"ok a\"\ntext \"ok b\"\n",
                "text \"ok a\"\ntext \"ok b\"\n",
                "text \"ok a\"\ntext \"ok b\"\ntext \"ok c\"\n",
                "text \"ok a\"\ntext \"ok b\"\ntext \"ok c\"\n",
                "text \"ok a\"\ntext \"ok b\"\ntext \"ok c\"\ntext \"ok d\"\n",
            ]
        );
        assert_eq!(
            String::from_utf8(output.borrow().clone()).unwrap(),
            "text \"ok a\"\ntext \"ok b\"\ntext \"ok c\"\ntext \"ok d\"\n"
        );
    }

    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn err_a_reader_that_has_gone_ends_the_run() {
        let exit = drive(
            "test",
            &b"ok\n"[..],
            Failing(io::ErrorKind::BrokenPipe),
            echo,
        );
        assert_eq!(exit, Exit::ReaderGone);
        let exit = drive(
            "test",
            &b"ok\n"[..],
            Failing(io::ErrorKind::PermissionDenied),
            echo,
        );
        assert_eq!(exit, Exit::Error);
    }

    #[test]
    fn err_an_input_that_cannot_be_read_ends_the_run() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::ErrorKind::InvalidData.into())
            }
        }
        let mut output = Vec::new();
        assert_eq!(drive("test", Broken, &mut output, echo), Exit::Error);
        assert!(output.is_empty());
    }
}
