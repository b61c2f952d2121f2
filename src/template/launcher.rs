//! The Launcher: a command line that runs the script, with at most one
//! `{{ACS::ScriptFileName}}` placeholder.

use std::fmt;

use super::error::{TemplateError, TemplateErrorKind, shown};
use super::scan::{self, Scanner};

/// The longest Launcher, in bytes (the reference's "1 KB").
pub const MAX_LAUNCHER_BYTES: usize = 1024;

/// The name of the Launcher's one placeholder, in canonical spelling.
pub const SCRIPT_FILE_NAME: &str = "ACS::ScriptFileName";

/// A parsed Launcher, borrowed from the input.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Launcher<'a> {
    /// The text before the placeholder (all of it when there is none).
    head: &'a str,
    slot: Option<Slot<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Slot<'a> {
    extension: Option<&'a str>,
    /// The text after the placeholder.
    tail: &'a str,
}

impl<'a> Launcher<'a> {
    /// Parses a Launcher.
    ///
    /// # Errors
    ///
    /// - `InvalidLauncher.LengthLimitExceeded` ([`TemplateErrorKind::LauncherTooLong`]): more
    ///   than [`MAX_LAUNCHER_BYTES`] bytes; checked first, at offset 1024.
    /// - `InvalidParameter.Launcher`: a placeholder other than `{{ACS::ScriptFileName}}`
    ///   ([`TemplateErrorKind::LauncherPlaceholder`]), or a second one
    ///   ([`TemplateErrorKind::DuplicateScriptFileName`]), at its `{{`.
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
    /// assert_eq!(err.kind, TemplateErrorKind::LauncherPlaceholder { placeholder: "{{name}}".into() });
    /// assert_eq!(err.offset, 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<Launcher<'a>, TemplateError> {
        if text.len() > MAX_LAUNCHER_BYTES {
            return Err(TemplateError::new(
                TemplateErrorKind::LauncherTooLong {
                    len: text.len(),
                    limit: MAX_LAUNCHER_BYTES,
                },
                MAX_LAUNCHER_BYTES,
            ));
        }
        let mut launcher = Launcher {
            head: text,
            slot: None,
        };
        for found in Scanner::new(text) {
            let inner = text
                .get(found.inner_start()..found.inner_end())
                .unwrap_or_default();
            let Some(extension) = script_file_name(inner) else {
                let placeholder = text.get(found.start..found.end).unwrap_or_default();
                return Err(TemplateError::new(
                    TemplateErrorKind::LauncherPlaceholder {
                        placeholder: shown(placeholder),
                    },
                    found.start,
                ));
            };
            if launcher.slot.is_some() {
                return Err(TemplateError::new(
                    TemplateErrorKind::DuplicateScriptFileName,
                    found.start,
                ));
            }
            launcher = Launcher {
                head: text.get(..found.start).unwrap_or_default(),
                slot: Some(Slot {
                    extension,
                    tail: text.get(found.end..).unwrap_or_default(),
                }),
            };
        }
        Ok(launcher)
    }

    /// Whether the Launcher has a `{{ACS::ScriptFileName}}` placeholder.
    pub const fn has_script_file_name(&self) -> bool {
        self.slot.is_some()
    }

    /// The script file extension of `|Ext(…)`, without quotes (`.py`), if given.
    pub fn extension(&self) -> Option<&'a str> {
        self.slot.and_then(|slot| slot.extension)
    }

    /// The command line that runs the script at `script_path`: the placeholder replaced by the
    /// path, or, without a placeholder, the path appended as the last argument (after the
    /// Launcher with its trailing whitespace removed and one space; just the path if nothing
    /// is left). The path is inserted as it is.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::Launcher;
    ///
    /// let with = Launcher::parse(r#"python3 -u {{ACS::ScriptFileName|Ext(".py")}} --v"#)?;
    /// assert_eq!(with.render("/tmp/t-1.py"), "python3 -u /tmp/t-1.py --v");
    ///
    /// let without = Launcher::parse("bash -x ")?;
    /// assert_eq!(without.render("/tmp/t-1.sh"), "bash -x /tmp/t-1.sh");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self, script_path: &str) -> String {
        let (head, sep, tail) = match self.slot {
            Some(slot) => (self.head, "", slot.tail),
            None => {
                let head = self
                    .head
                    .trim_end_matches(|c: char| c.is_ascii_whitespace());
                (head, if head.is_empty() { "" } else { " " }, "")
            }
        };
        let mut out =
            String::with_capacity(head.len() + sep.len() + script_path.len() + tail.len());
        out.push_str(head);
        out.push_str(sep);
        out.push_str(script_path);
        out.push_str(tail);
        out
    }
}

/// Prints the canonical form: the text as it is, the placeholder as
/// `{{ACS::ScriptFileName}}` or `{{ACS::ScriptFileName|Ext(".py")}}`.
impl fmt::Display for Launcher<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.head)?;
        if let Some(slot) = self.slot {
            f.write_str("{{")?;
            f.write_str(SCRIPT_FILE_NAME)?;
            if let Some(extension) = slot.extension {
                f.write_str("|Ext(\"")?;
                f.write_str(extension)?;
                f.write_str("\")")?;
            }
            f.write_str("}}")?;
            f.write_str(slot.tail)?;
        }
        Ok(())
    }
}

/// A byte of a script file extension.
const fn is_extension_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// What is left of a placeholder body as it is read.
struct Cursor<'a>(&'a str);

impl<'a> Cursor<'a> {
    fn space(&mut self) {
        let rest = self.0.as_bytes();
        let n = rest.iter().take_while(|&&b| scan::is_space(b)).count();
        self.0 = self.0.get(n..).unwrap_or_default();
    }

    /// Consumes `word` (ASCII), ignoring case if `any_case`.
    fn eat(&mut self, word: &str, any_case: bool) -> Option<()> {
        let head = self.0.as_bytes().get(..word.len())?;
        let same = if any_case {
            head.eq_ignore_ascii_case(word.as_bytes())
        } else {
            head == word.as_bytes()
        };
        if !same {
            return None;
        }
        self.0 = self.0.get(word.len()..)?;
        Some(())
    }

    fn extension(&mut self) -> Option<&'a str> {
        let n = self.0.bytes().take_while(|&b| is_extension_byte(b)).count();
        let (extension, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        (!extension.is_empty()).then_some(extension)
    }
}

/// Reads the body of a Launcher placeholder (between the braces): `Some(extension)` if it is
/// a `ScriptFileName`, `None` otherwise.
fn script_file_name(body: &str) -> Option<Option<&str>> {
    let mut c = Cursor(body);
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
    c.0.is_empty().then_some(extension)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_script_file_name_bodies() {
        assert_eq!(script_file_name("ACS::ScriptFileName"), Some(None));
        assert_eq!(script_file_name(" \n acs :: scriptfilename \t"), Some(None));
        assert_eq!(
            script_file_name("ACS::ScriptFileName|Ext(\".py\")"),
            Some(Some(".py"))
        );
        assert_eq!(
            script_file_name("ACS::ScriptFileName | EXT (.tar.gz) "),
            Some(Some(".tar.gz"))
        );
        assert_eq!(
            script_file_name("ACS::ScriptFileName|ext(py_3-x)"),
            Some(Some("py_3-x"))
        );
    }

    #[test]
    fn err_script_file_name_bodies() {
        for body in [
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
            assert_eq!(script_file_name(body), None, "{body:?}");
        }
    }
}
