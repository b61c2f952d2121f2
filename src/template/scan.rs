//! Finding `{{ … }}` placeholders: the one scanner both the content and the Launcher use.
//!
//! A placeholder is `{{`, then any text without `{` or `}`, then `}}`; the leftmost one wins.
//! This is what a regular expression such as `\{\{[^{}]*\}\}` finds, so:
//!
//! - in a run of several `{`, the placeholder opens at the last two (`{{{a}}}` is the text `{`,
//!   the placeholder `{{a}}`, the text `}`);
//! - an unclosed `{{`, a lone `}` and a stray `}}` are plain text;
//! - braces never nest: `{{a{{b}}}}` is the text `{{a`, the placeholder `{{b}}`, the text `}}`.
//!
//! Every byte is looked at a bounded number of times: the scan only moves forward.

/// One `{{ … }}` found by [`Scanner`], as byte offsets into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// Offset of the opening `{{`.
    pub(crate) start: usize,
    /// Offset just past the closing `}}`.
    pub(crate) end: usize,
}

impl Found {
    /// Offset of the first byte between the braces.
    pub(crate) const fn inner_start(self) -> usize {
        self.start + 2
    }

    /// Offset of the closing `}}`.
    pub(crate) const fn inner_end(self) -> usize {
        self.end - 2
    }
}

/// An iterator over the placeholders of a text, left to right.
#[derive(Debug)]
pub(crate) struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// A searcher for `{{`: built once per scan, it skips lone `{` (shell's `${x}`, awk's
    /// `{print}`) in vector steps.
    opener: memchr::memmem::Finder<'static>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Scanner<'a> {
        Scanner {
            bytes,
            pos: 0,
            opener: memchr::memmem::Finder::new(b"{{"),
        }
    }

    /// The bytes from `from` on; `from` never passes the end (every position the scanner
    /// keeps is at most the length).
    fn rest(&self, from: usize) -> &'a [u8] {
        &self.bytes[from..]
    }
}

impl Iterator for Scanner<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            let open = self.pos + self.opener.find(self.rest(self.pos))?;
            // Skip to the end of the run of `{`: the placeholder opens at its last two.
            let run = self.rest(open).iter().take_while(|&&b| b == b'{').count();
            let inner = open + run;
            let Some(brace) = memchr::memchr2(b'{', b'}', self.rest(inner)) else {
                // No brace after this opener: nothing further can close.
                self.pos = self.bytes.len();
                return None;
            };
            let brace = inner + brace;
            if self.bytes[brace] == b'}' && self.bytes.get(brace + 1) == Some(&b'}') {
                self.pos = brace + 2;
                return Some(Found {
                    start: inner - 2,
                    end: brace + 2,
                });
            }
            // A `{` (perhaps a new opener) or a lone `}`: resume there.
            self.pos = brace;
        }
    }
}

/// The position of the first `{{` in `bytes` at or after `from`: each `{` found by `memchr`,
/// then the next byte looked at. For short texts (a Parameters value) this beats building a
/// searcher, and for the shortest a plain scan beats memchr's set-up.
pub(crate) fn find_open(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    if rest.len() < 32 {
        return rest.windows(2).position(|w| w == b"{{").map(|i| from + i);
    }
    let mut at = from;
    loop {
        let brace = at + memchr::memchr(b'{', bytes.get(at..)?)?;
        if bytes.get(brace + 1) == Some(&b'{') {
            return Some(brace);
        }
        at = brace + 2;
    }
}

/// The ASCII whitespace the placeholder syntax ignores around a name: space, tab, line feed,
/// form feed and carriage return (the `\s` of the agent's regular expressions).
pub(crate) const fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace()
}

/// `bytes` without the whitespace at both ends, and the number of bytes cut from the front.
pub(crate) fn trim(bytes: &[u8]) -> (&[u8], usize) {
    let start = bytes.iter().take_while(|&&b| is_space(b)).count();
    let end = bytes.len()
        - bytes[start..]
            .iter()
            .rev()
            .take_while(|&&b| is_space(b))
            .count();
    (&bytes[start..end], start)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]

    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        Scanner::new(text.as_bytes())
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn ok_find_open_is_the_first_double_brace() {
        // Texts of `{`, `}` and `a` around the 32 bytes where the plain scan ends, from every
        // position (and one past the end).
        let mut rng = crate::test_rng::Rng(0x1405_7B7E_F767_814F);
        for _ in 0..2000 {
            let text: Vec<u8> = (0..rng.below(80)).map(|_| b"{}a"[rng.below(3)]).collect();
            for from in 0..=text.len() + 1 {
                let expected = text.get(from..).and_then(|rest| {
                    rest.windows(2)
                        .position(|w| w[0] == b'{' && w[1] == b'{')
                        .map(|i| from + i)
                });
                assert_eq!(find_open(&text, from), expected);
            }
        }
    }

    #[test]
    fn ok_plain() {
        assert_eq!(spans("echo {{a}} {{ b }}"), ["{{a}}", "{{ b }}"]);
    }

    #[test]
    fn ok_brace_runs_open_at_the_last_two() {
        let text = "{{{a}}}";
        let found: Vec<Found> = Scanner::new(text.as_bytes()).collect();
        assert_eq!(found, [Found { start: 1, end: 6 }]);
        assert_eq!(spans("{{{{a}}}}"), ["{{a}}"]);
    }

    #[test]
    fn ok_no_nesting() {
        assert_eq!(spans("{{a{{b}}}}"), ["{{b}}"]);
        assert_eq!(spans("{{a}b}}"), Vec::<&str>::new());
        assert_eq!(spans("{{a} }} {{c}}"), ["{{c}}"]);
    }

    #[test]
    fn ok_unclosed_and_stray() {
        assert_eq!(spans("{{a"), Vec::<&str>::new());
        assert_eq!(spans("a}}b"), Vec::<&str>::new());
        assert_eq!(spans("}}{{"), Vec::<&str>::new());
        assert_eq!(spans("{{}}"), ["{{}}"]);
    }

    #[test]
    fn ok_inner_offsets() {
        let found = Found { start: 3, end: 10 };
        assert_eq!((found.inner_start(), found.inner_end()), (5, 8));
    }

    #[test]
    fn ok_trim() {
        assert_eq!(trim(b" \n\t a b \r\x0c"), (&b"a b"[..], 4));
        assert_eq!(trim(b"   "), (&b""[..], 3));
        assert!(is_space(b'\x0c'));
        assert!(!is_space(b'\x0b'));
    }
}
