//! The agent's own patterns: what Cloud Assistant Agent expands in a command's text once it
//! arrives (with EnableParameter true), whatever the service checked before.
//!
//! ```text
//! built-in   {{\s*ACS\s*::\s*([\w.-]+)\s*}}               ACS in upper case
//! store      {{\s*(oos-secret|oos)\s*:\s*[\w.-]+\s*}}     the prefix in lower case
//! ```
//!
//! `\s` is space, tab, LF, FF or CR; `\w` is `[A-Za-z0-9_]`. Matches are found leftmost first,
//! as a regular expression engine finds them: at each `{{`, in order, the pattern is tried,
//! and the search goes on one byte further when it fails. A failed attempt reads no further
//! than the next byte that is neither a blank nor a name byte, so a whole search looks at each
//! byte a bounded number of times.

use std::ops::Range;

use super::scan::{find_open, is_space};

/// A byte of a name in the agent's patterns: `[\w.-]`.
const fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// A byte that can stand between the braces of a match of the built-in pattern: a blank, a
/// name byte or `:` (`A`, `C`, `S` are name bytes).
pub(crate) const fn in_builtin_match(b: u8) -> bool {
    is_space(b) || is_name_byte(b) || b == b':'
}

/// What is left of the text as an attempt reads it.
struct Cursor<'a> {
    text: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn blanks(&mut self) {
        while self.text.get(self.at).is_some_and(|&b| is_space(b)) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.text.get(self.at..end)? == word).then(|| self.at = end)
    }

    /// One or more name bytes; their range.
    fn name(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(|&b| is_name_byte(b)) {
            self.at += 1;
        }
        (self.at > start).then_some(start..self.at)
    }
}

/// Tries the built-in pattern at `start` (where `{{` stands): the match's end and the name's
/// range.
fn builtin_at(text: &[u8], start: usize) -> Option<(usize, Range<usize>)> {
    let mut c = Cursor {
        text,
        at: start + 2,
    };
    c.blanks();
    c.eat(b"ACS")?;
    c.blanks();
    c.eat(b"::")?;
    c.blanks();
    let name = c.name()?;
    c.blanks();
    c.eat(b"}}")?;
    Some((c.at, name))
}

/// Tries the store pattern at `start` (where `{{` stands): the match's end.
fn store_at(text: &[u8], start: usize) -> Option<usize> {
    let mut c = Cursor {
        text,
        at: start + 2,
    };
    c.blanks();
    let prefix = c.at;
    if c.eat(b"oos-secret").is_none() {
        c.at = prefix;
        c.eat(b"oos")?;
    }
    c.blanks();
    c.eat(b":")?;
    c.blanks();
    c.name()?;
    c.blanks();
    c.eat(b"}}")?;
    Some(c.at)
}

/// The first match of `attempt` in `text` at or after `from`, trying each `{{` in order.
fn first<T>(
    text: &[u8],
    from: usize,
    attempt: impl Fn(&[u8], usize) -> Option<T>,
) -> Option<(usize, T)> {
    let mut at = from;
    while let Some(start) = find_open(text, at) {
        if let Some(found) = attempt(text, start) {
            return Some((start, found));
        }
        at = start + 1;
    }
    None
}

/// The first match of the agent's built-in pattern in `text` at or after `from`: the range
/// of the whole match and of the name after `ACS::`.
pub(crate) fn find_builtin(text: &[u8], from: usize) -> Option<(Range<usize>, Range<usize>)> {
    first(text, from, builtin_at).map(|(start, (end, name))| (start..end, name))
}

/// The first match of the agent's Parameter Store pattern in `text` at or after `from`.
pub(crate) fn find_store(text: &[u8], from: usize) -> Option<Range<usize>> {
    first(text, from, store_at).map(|(start, end)| start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtins(text: &str) -> Vec<(&str, &str)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut from = 0;
        while let Some((at, name)) = find_builtin(bytes, from) {
            out.push((&text[at.clone()], &text[name]));
            from = at.end;
        }
        out
    }

    #[test]
    fn ok_builtin_pattern() {
        assert_eq!(
            builtins("{{ACS::InstanceId}}"),
            [("{{ACS::InstanceId}}", "InstanceId")]
        );
        assert_eq!(
            builtins("a{{ ACS :: Foo.x-1 }}b{{\nACS::a\r\n}}"),
            [
                ("{{ ACS :: Foo.x-1 }}", "Foo.x-1"),
                ("{{\nACS::a\r\n}}", "a")
            ]
        );
        // A run of braces: the match starts at the last two.
        assert_eq!(builtins("{{{ACS::X}}}"), [("{{ACS::X}}", "X")]);
        assert_eq!(builtins("{{ {{ACS::X}}"), [("{{ACS::X}}", "X")]);
    }

    #[test]
    fn ok_builtin_pattern_rejects() {
        for text in [
            "{{acs::X}}",
            "{{ACS:X}}",
            "{{ACS::}}",
            "{{ACS::X Y}}",
            "{{ACS::X}",
            "{{ACS::X/}}",
            "{{\x0bACS::X}}",
            "{ACS::X}}",
            "{{ACS::X",
        ] {
            assert_eq!(builtins(text), [], "{text:?}");
        }
    }

    #[test]
    fn ok_store_pattern() {
        let find = |text: &str| find_store(text.as_bytes(), 0).map(|r| text[r].to_owned());
        assert_eq!(find("x {{oos:a}} y").as_deref(), Some("{{oos:a}}"));
        assert_eq!(
            find("{{ oos-secret : db.pw }}").as_deref(),
            Some("{{ oos-secret : db.pw }}")
        );
        assert_eq!(find("{{oos-x:a}}"), None);
        assert_eq!(find("{{OOS:a}}"), None);
        assert_eq!(find("{{oos:}}"), None);
    }

    #[test]
    fn ok_match_bytes() {
        for b in [b' ', b'\t', b'A', b'z', b'9', b'_', b'-', b'.', b':'] {
            assert!(in_builtin_match(b), "{b}");
        }
        for b in [b'{', b'}', b'/', b'\x0b', b'$', 0xC3] {
            assert!(!in_builtin_match(b), "{b}");
        }
    }
}
