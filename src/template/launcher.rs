//! The Launcher: a command line that runs the script, with at most one
//! `{{ACS::ScriptFileName}}` placeholder.

use std::fmt;
use std::ops::Range;

use super::error::{TemplateError, TemplateErrorKind, shown};
use super::scan::{self, Scanner};

/// The longest Launcher, in bytes (the reference's "1 KB").
pub const MAX_LAUNCHER_BYTES: usize = 1024;

/// The name of the Launcher's one placeholder, in canonical spelling.
pub const SCRIPT_FILE_NAME: &str = "ACS::ScriptFileName";

/// A parsed Launcher.
///
/// Syntax (after the agent's pattern; `ACS`, `ScriptFileName` and `Ext` in any letter case):
///
/// ```text
/// placeholder = "{{" ws* "ACS" ws* "::" ws* "ScriptFileName" ws* [ "|" ws* "Ext" ws* "(" ext ")" ws* ] "}}"
/// ext         = '"' [A-Za-z0-9_.-]+ '"' | [A-Za-z0-9_.-]+
/// ```
///
/// Placeholders are found as in a command content (see the [module docs](super)): an unclosed
/// `{{` or a stray `}}` is plain text. Any other placeholder, or a second `ScriptFileName`, is
/// an error. [`Display`](fmt::Display) prints the canonical form
/// `{{ACS::ScriptFileName|Ext(".py")}}`, and `Launcher::parse(&l.to_string()) == l`.
#[derive(Debug, Clone)]
pub struct Launcher {
    text: String,
    slot: Option<Slot>,
}

#[derive(Debug, Clone)]
struct Slot {
    /// Where the placeholder stands, braces included.
    at: Range<usize>,
    /// The extension of `|Ext(...)`, without quotes.
    extension: Option<Range<usize>>,
}

impl Launcher {
    /// Parses a Launcher.
    ///
    /// # Errors
    ///
    /// - [`TemplateErrorKind::LauncherTooLong`]: more than [`MAX_LAUNCHER_BYTES`] bytes;
    ///   checked first, at offset 1024.
    /// - [`TemplateErrorKind::LauncherPlaceholder`]: a placeholder other than
    ///   `{{ACS::ScriptFileName}}`, at its `{{`;
    ///   [`TemplateErrorKind::DuplicateScriptFileName`]: a second one.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::{Launcher, TemplateErrorKind};
    ///
    /// let launcher = Launcher::parse("python3 -u {{ acs::scriptfilename | ext(.py) }}")?;
    /// assert_eq!(launcher.extension(), Some(".py"));
    /// assert_eq!(launcher.to_string(), r#"python3 -u {{ACS::ScriptFileName|Ext(".py")}}"#);
    ///
    /// let err = Launcher::parse("bash {{name}}").unwrap_err();
    /// assert_eq!(err.kind(), &TemplateErrorKind::LauncherPlaceholder { placeholder: "{{name}}".into() });
    /// assert_eq!(err.offset(), 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str) -> Result<Launcher, TemplateError> {
        if text.len() > MAX_LAUNCHER_BYTES {
            return Err(TemplateError::new(
                TemplateErrorKind::LauncherTooLong {
                    len: text.len(),
                    limit: MAX_LAUNCHER_BYTES,
                },
                MAX_LAUNCHER_BYTES,
            ));
        }
        let mut slot = None;
        for found in Scanner::new(text.as_bytes()) {
            let inner = found.inner_start()..found.inner_end();
            let Some(extension) = script_file_name(text, inner) else {
                return Err(TemplateError::new(
                    TemplateErrorKind::LauncherPlaceholder {
                        placeholder: shown(&text.as_bytes()[found.start..found.end]),
                    },
                    found.start,
                ));
            };
            if slot.is_some() {
                return Err(TemplateError::new(
                    TemplateErrorKind::DuplicateScriptFileName,
                    found.start,
                ));
            }
            slot = Some(Slot {
                at: found.start..found.end,
                extension,
            });
        }
        Ok(Launcher {
            text: text.to_owned(),
            slot,
        })
    }

    /// The Launcher as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the Launcher has a `{{ACS::ScriptFileName}}` placeholder.
    pub const fn has_script_file_name(&self) -> bool {
        self.slot.is_some()
    }

    /// The script file extension of `|Ext(…)`, without quotes (`.py`), if given.
    pub fn extension(&self) -> Option<&str> {
        let range = self.slot.as_ref()?.extension.clone()?;
        Some(&self.text[range])
    }

    /// The command line that runs the script at `script_path`, for people to read: the
    /// placeholder replaced by the path, or, without a placeholder, the path appended as the
    /// last argument (after the Launcher with its trailing whitespace removed and one space;
    /// just the path if nothing is left). A path with a blank is written in double quotes.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::Launcher;
    ///
    /// let with = Launcher::parse(r#"python3 -u {{ACS::ScriptFileName|Ext(".py")}} --v"#)?;
    /// assert_eq!(with.command_line("/tmp/t-1.py"), "python3 -u /tmp/t-1.py --v");
    /// assert_eq!(with.command_line("/tmp/my job-t-1.py"), r#"python3 -u "/tmp/my job-t-1.py" --v"#);
    ///
    /// let without = Launcher::parse("bash -x ")?;
    /// assert_eq!(without.command_line("/tmp/t-1.sh"), "bash -x /tmp/t-1.sh");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn command_line(&self, script_path: &str) -> String {
        let quoted;
        let path = if script_path.bytes().any(scan::is_space) {
            quoted = format!("\"{script_path}\"");
            quoted.as_str()
        } else {
            script_path
        };
        let (head, sep, tail) = match &self.slot {
            Some(slot) => (&self.text[..slot.at.start], "", &self.text[slot.at.end..]),
            None => {
                let head = self
                    .text
                    .trim_end_matches(|c: char| c.is_ascii_whitespace());
                (head, if head.is_empty() { "" } else { " " }, "")
            }
        };
        let mut out = String::with_capacity(head.len() + sep.len() + path.len() + tail.len());
        out.push_str(head);
        out.push_str(sep);
        out.push_str(path);
        out.push_str(tail);
        out
    }

    /// The arguments the agent runs for the script at `script_path`, as it splits them: the
    /// placeholder replaced by the path as it is, then the line cut into `'...'`, `"..."`,
    /// `{{...}}` (to the last `}}` of the line) and runs of non-blanks, quotes kept; without a
    /// placeholder, the path added as one more argument. A first argument `@@name` stands for
    /// the program `@name` (`@name` names a Cloud Assistant plugin and stays as it is).
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::Launcher;
    ///
    /// let launcher = Launcher::parse(r#"python3 -c 'import sys' {{ACS::ScriptFileName}}"#)?;
    /// assert_eq!(launcher.argv("/tmp/a b.py"), ["python3", "-c", "'import sys'", "/tmp/a", "b.py"]);
    /// let launcher = Launcher::parse("@@tool -x")?;
    /// assert_eq!(launcher.argv("/tmp/a b.py"), ["@tool", "-x", "/tmp/a b.py"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn argv(&self, script_path: &str) -> Vec<String> {
        let line = match &self.slot {
            Some(slot) => format!(
                "{}{script_path}{}",
                &self.text[..slot.at.start],
                &self.text[slot.at.end..]
            ),
            None => self.text.clone(),
        };
        let mut argv = split_arguments(&line);
        if self.slot.is_none() {
            argv.push(script_path.to_owned());
        }
        if let Some(first) = argv.first_mut()
            && first.starts_with("@@")
        {
            first.remove(0);
        }
        argv
    }
}

impl Launcher {
    /// The text before the placeholder, the extension, and the text after it (all of the text
    /// in the first when there is no placeholder): what two equal Launchers share.
    fn pieces(&self) -> (&str, Option<Option<&str>>, &str) {
        match &self.slot {
            Some(slot) => (
                &self.text[..slot.at.start],
                Some(self.extension()),
                &self.text[slot.at.end..],
            ),
            None => (&self.text, None, ""),
        }
    }
}

/// Two Launchers are equal when they run the same line: the same text around the placeholder
/// and the same extension, however the placeholder is spelled.
impl PartialEq for Launcher {
    fn eq(&self, other: &Launcher) -> bool {
        self.pieces() == other.pieces()
    }
}

impl Eq for Launcher {}

/// Cuts a line into arguments as the agent does (`'[^']*'|"[^"]*"|{{.*}}|\S+`, leftmost
/// first): at each byte that is not a blank, a quoted run to its closing quote, a `{{` to the
/// last `}}` before the end of the line, or else the run of non-blanks.
fn split_arguments(line: &str) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if scan::is_space(bytes[at]) {
            at += 1;
            continue;
        }
        let rest = &bytes[at..];
        let quoted = match rest[0] {
            quote @ (b'\'' | b'"') => memchr::memchr(quote, &rest[1..]).map(|end| end + 2),
            _ => None,
        };
        let braced = || {
            let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            let line = &rest[..line_end];
            line.starts_with(b"{{")
                .then(|| memchr::memmem::rfind(&line[2..], b"}}").map(|end| end + 4))
                .flatten()
        };
        let len = quoted
            .or_else(braced)
            .unwrap_or_else(|| rest.iter().take_while(|&&b| !scan::is_space(b)).count());
        out.push(line[at..at + len].to_owned());
        at += len;
    }
    out
}

/// Prints the canonical form: the text as it is, the placeholder as
/// `{{ACS::ScriptFileName}}` or `{{ACS::ScriptFileName|Ext(".py")}}`.
impl fmt::Display for Launcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(slot) = &self.slot else {
            return f.write_str(&self.text);
        };
        f.write_str(&self.text[..slot.at.start])?;
        f.write_str("{{")?;
        f.write_str(SCRIPT_FILE_NAME)?;
        if let Some(extension) = self.extension() {
            write!(f, "|Ext(\"{extension}\")")?;
        }
        f.write_str("}}")?;
        f.write_str(&self.text[slot.at.end..])
    }
}

/// A byte of a script file extension.
const fn is_extension_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// What is left of a placeholder body as it is read: `text[at..end]`.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
    end: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &[u8] {
        &self.text.as_bytes()[self.at..self.end]
    }

    fn space(&mut self) {
        self.at += self
            .rest()
            .iter()
            .take_while(|&&b| scan::is_space(b))
            .count();
    }

    /// Consumes `word` (ASCII), ignoring case if `any_case`.
    fn eat(&mut self, word: &str, any_case: bool) -> Option<()> {
        let head = self.rest().get(..word.len())?;
        let same = if any_case {
            head.eq_ignore_ascii_case(word.as_bytes())
        } else {
            head == word.as_bytes()
        };
        same.then(|| self.at += word.len())
    }

    fn extension(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        self.at += self
            .rest()
            .iter()
            .take_while(|&&b| is_extension_byte(b))
            .count();
        (self.at > start).then_some(start..self.at)
    }
}

/// Reads the body of a Launcher placeholder (`text[inner]`, between the braces):
/// `Some(extension)` if it is a `ScriptFileName`, `None` otherwise.
fn script_file_name(text: &str, inner: Range<usize>) -> Option<Option<Range<usize>>> {
    let mut c = Cursor {
        text,
        at: inner.start,
        end: inner.end,
    };
    c.space();
    c.eat("ACS", true)?;
    c.space();
    c.eat("::", false)?;
    c.space();
    c.eat("ScriptFileName", true)?;
    c.space();
    let mut extension = None;
    if c.eat("|", false).is_some() {
        c.space();
        c.eat("Ext", true)?;
        c.space();
        c.eat("(", false)?;
        let quoted = c.eat("\"", false).is_some();
        extension = Some(c.extension()?);
        if quoted {
            c.eat("\"", false)?;
        }
        c.eat(")", false)?;
        c.space();
    }
    c.rest().is_empty().then_some(extension)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Option<Option<&str>> {
        script_file_name(text, 0..text.len()).map(|e| e.map(|r| &text[r]))
    }

    #[test]
    fn ok_split_arguments() {
        assert_eq!(
            split_arguments("  a  'b c' \"d\te\"f g"),
            ["a", "'b c'", "\"d\te\"", "f", "g"]
        );
        assert_eq!(
            split_arguments("x {{a}} b}} c\nd"),
            ["x", "{{a}} b}}", "c", "d"]
        );
        assert_eq!(split_arguments("'open x"), ["'open", "x"]);
        assert_eq!(split_arguments(""), Vec::<String>::new());
    }

    #[test]
    fn ok_script_file_name_bodies() {
        assert_eq!(body("ACS::ScriptFileName"), Some(None));
        assert_eq!(body(" \n acs :: scriptfilename \t"), Some(None));
        assert_eq!(body("ACS::ScriptFileName|Ext(\".py\")"), Some(Some(".py")));
        assert_eq!(
            body("ACS::ScriptFileName | EXT (.tar.gz) "),
            Some(Some(".tar.gz"))
        );
        assert_eq!(
            body("ACS::ScriptFileName|ext(py_3-x)"),
            Some(Some("py_3-x"))
        );
    }

    #[test]
    fn err_script_file_name_bodies() {
        for text in [
            "",
            "ACS:ScriptFileName",
            "ACS::ScriptFile",
            "ACS::ScriptFileNameX",
            "ACS::ScriptFileName|",
            "ACS::ScriptFileName|Ext()",
            "ACS::ScriptFileName|Ext(\"\")",
            "ACS::ScriptFileName|Ext(\".py)",
            "ACS::ScriptFileName|Ext(.py\")",
            "ACS::ScriptFileName|Ext('.py')",
            "ACS::ScriptFileName|Ext( .py)",
            "ACS::ScriptFileName|Ext(.p y)",
            "ACS::ScriptFileName|Ext(.py",
            "ACS::ScriptFileName|Ext(.py) x",
            "ACS::ScriptFileName|Ext(.py)|Ext(.sh)",
            "ACS::ScriptFileName|Ext(.pé)",
            "ACS::InstanceId",
        ] {
            assert_eq!(body(text), None, "{text:?}");
        }
    }
}
