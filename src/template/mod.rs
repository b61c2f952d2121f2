//! Command content templates (`{{name}}` placeholders), what the agent expands in them, and
//! the Launcher (`{{ACS::ScriptFileName}}`).
//!
//! This module knows nothing about requests or API codes: it parses text, answers questions
//! about it and renders it. [`TemplateError`] says what is wrong and where.
//!
//! # Placeholder syntax
//!
//! ```text
//! placeholder = "{{" ws* name ws* "}}"          ws = space, tab, LF, FF, CR
//! name        = custom | built-in | store
//! custom      = [A-Za-z0-9_-]{1,64}              case-insensitive, at most 20 distinct
//! built-in    = "ACS::RegionId" | "ACS::AccountId" | "ACS::InstanceId"
//!             | "ACS::InstanceName" | "ACS::InvokeId" | "ACS::CommandId"      exact spelling
//! store       = ("oos:" | "oos-secret:") [A-Za-z0-9_.-]+                      lower-case prefix
//! ```
//!
//! The text is bytes: a content need not be UTF-8 (a GBK batch file sent as Base64 is not).
//! Placeholders are ASCII, and they are found as a regular expression `\{\{[^{}]*\}\}` finds
//! them, leftmost first:
//!
//! - Between `{{` and `}}` there is no `{` and no `}`; anything else (including line feeds) is
//!   taken as the name and then checked, so `{{ a b }}` and `{{.Values}}` are invalid names.
//! - In a run of several `{` the placeholder opens at the last two: `{{{a}}}` is the text `{`,
//!   the placeholder `{{a}}` and the text `}`.
//! - An unclosed `{{`, a lone `}` and a stray `}}` are plain text, as they are to the agent's
//!   regular expressions: `{{a}` and `a}}` render unchanged.
//! - Braces do not nest: `{{a{{b}}}}` is the text `{{a`, the placeholder `{{b}}` and the text
//!   `}}`.
//!
//! A name that starts with `ACS::` in any letter case must be one of the six built-ins spelled
//! exactly (`{{acs::regionid}}` and `{{ACS::Foo}}` are invalid). A Parameter Store reference is
//! written tight (`{{oos:db-pass}}`, not `{{oos : db-pass}}`); its name uses the characters the
//! agent resolves (`[A-Za-z0-9_.-]`). Built-ins and references are not custom names and do not
//! count against the limit of 20.
//!
//! Parsing reports the first fault in text order. The checks on one name run in the order
//! empty, characters (and the `ACS::` prefix), length, count; parsing stops at the 21st
//! distinct custom name.
//!
//! # Rendering: two phases, as Cloud Assistant does it
//!
//! 1. The service replaces each custom placeholder with its value from [`Values`] (looked up
//!    ignoring case; every custom name needs a value, `""` is one). Everything else stays
//!    byte for byte as written, placeholders included.
//! 2. The agent replaces the built-ins over the whole text, inserted values included: every
//!    match of its pattern `{{\s*ACS\s*::\s*([\w.-]+)\s*}}` (leftmost first, `\s` the five
//!    blanks above, `\w` ASCII). A built-in with a value in [`BuiltInValues`] is replaced by
//!    it; one without a value stays exactly as written, for the agent to fill. A match whose
//!    name is not a built-in fails the task on the agent
//!    ([`TemplateErrorKind::UnknownBuiltIn`]). Parameter Store references are resolved by the
//!    agent from the store and stay exactly as written here.
//!
//! [`Template::render`] gives the result of both phases. Its length is computed before
//! anything is allocated and checked against the caller's limit. When no inserted value can
//! take part in a match of the agent's pattern (no brace in it, and no `{{` and `}}` within
//! reach of it through characters the pattern admits: the usual case), the matches are exactly
//! the built-in placeholders of the content, and both phases are done in one pass over the
//! parsed segments; otherwise the text of phase 1 is built and scanned as the agent scans it.
//!
//! # Example
//!
//! ```
//! use ecs_runcommand::template::{BuiltIn, BuiltInValues, Template, Values};
//!
//! let t = Template::parse("echo {{ Greeting }} {{name}} on {{ACS::InstanceId}} {{oos:pw}}")?;
//! assert_eq!(t.custom_names().collect::<Vec<_>>(), ["Greeting", "name"]);
//! assert_eq!(t.builtins(), [BuiltIn::InstanceId]);
//! assert_eq!(t.to_string(), "echo {{Greeting}} {{name}} on {{ACS::InstanceId}} {{oos:pw}}");
//!
//! let values: Values<'_> = [("greeting", "hello"), ("NAME", "{{ACS::RegionId}}")].into_iter().collect();
//! let builtins = BuiltInValues { instance_id: Some("i-1"), ..BuiltInValues::default() };
//! assert_eq!(
//!     t.render(&values, &builtins, 1024)?,
//!     b"echo hello {{ACS::RegionId}} on i-1 {{oos:pw}}"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod agent;
mod error;
mod launcher;
mod name;
mod render;
mod scan;

use std::fmt;
use std::ops::Range;

pub use error::{TemplateError, TemplateErrorKind};
pub use launcher::{Launcher, MAX_LAUNCHER_BYTES, SCRIPT_FILE_NAME};
pub use name::{BuiltIn, MAX_CUSTOM_NAMES, MAX_NAME_BYTES};
pub use render::{BuiltInValues, Values};

pub(crate) use agent::{find_builtin, find_store};
pub(crate) use scan::find_open;

use error::shown;
use name::Kind;
use scan::Scanner;

/// A parsed command content: its bytes, and where its placeholders are.
///
/// Two templates are equal when their segments are; `Template::parse(t.to_string())` equals
/// `t` for every `t` parsed from UTF-8 text.
#[derive(Debug, Clone)]
pub struct Template {
    text: Vec<u8>,
    parts: Vec<Part>,
    /// The spelling of every custom placeholder and Parameter Store name, one after the other
    /// (all ASCII: names are checked before they are added).
    spellings: String,
    /// The distinct custom names: the range of the first spelling in `spellings`, and the
    /// offset of the first appearance in the text.
    names: Vec<(Range<usize>, usize)>,
    /// The distinct built-ins, in order of first appearance.
    builtins: Vec<BuiltIn>,
}

/// One piece of a parsed template: where it stands in the text (`at`) and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    Text {
        at: Range<usize>,
    },
    Custom {
        at: Range<usize>,
        spelling: Range<usize>,
        index: usize,
    },
    BuiltIn {
        at: Range<usize>,
        builtin: BuiltIn,
    },
    Store {
        at: Range<usize>,
        secret: bool,
        name: Range<usize>,
    },
}

impl Part {
    /// Where the piece stands in the text (a placeholder's span includes its braces).
    pub(crate) fn at(&self) -> Range<usize> {
        match self {
            Part::Text { at }
            | Part::Custom { at, .. }
            | Part::BuiltIn { at, .. }
            | Part::Store { at, .. } => at.clone(),
        }
    }
}

/// One piece of a [`Template`], as [`Template::segments`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Segment<'a> {
    /// Text copied as it is (never empty, and never next to another text segment).
    Text(&'a [u8]),
    /// A custom parameter.
    Custom(Param<'a>),
    /// A built-in environment parameter.
    BuiltIn(BuiltIn),
    /// A Parameter Store reference.
    ParameterStore(StoreRef<'a>),
}

/// A custom parameter placeholder: its name as written here and which distinct name it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Param<'a> {
    name: &'a str,
    index: usize,
}

impl<'a> Param<'a> {
    /// The name as written in this placeholder (names are case-insensitive, so other
    /// placeholders of the same parameter may spell it differently).
    pub const fn name(&self) -> &'a str {
        self.name
    }

    /// The position of the parameter in [`Template::custom_names`].
    pub const fn index(&self) -> usize {
        self.index
    }
}

/// A Parameter Store reference, `{{oos:name}}` or `{{oos-secret:name}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StoreRef<'a> {
    secret: bool,
    name: &'a str,
}

impl<'a> StoreRef<'a> {
    /// Whether it is an encrypted parameter (`oos-secret:`).
    pub const fn is_secret(&self) -> bool {
        self.secret
    }

    /// The Parameter Store name, after the prefix.
    pub const fn name(&self) -> &'a str {
        self.name
    }

    const fn prefix(&self) -> &'static str {
        if self.secret { "oos-secret:" } else { "oos:" }
    }
}

/// Prints the segment in canonical form: text as it is (invalid UTF-8 as U+FFFD), a
/// placeholder as `{{name}}`.
impl fmt::Display for Segment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Text(text) => f.write_str(&String::from_utf8_lossy(text)),
            Segment::Custom(param) => write!(f, "{{{{{}}}}}", param.name),
            Segment::BuiltIn(builtin) => write!(f, "{{{{{}}}}}", builtin.name()),
            Segment::ParameterStore(store) => {
                write!(f, "{{{{{}{}}}}}", store.prefix(), store.name)
            }
        }
    }
}

impl Template {
    /// Parses a command content (text, or bytes that need not be UTF-8).
    ///
    /// # Errors
    ///
    /// The first fault in text order, as a [`TemplateError`] whose kind is:
    ///
    /// - [`TemplateErrorKind::EmptyName`]: `{{}}` or only whitespace between the braces;
    /// - [`TemplateErrorKind::InvalidName`]: a character outside `[A-Za-z0-9_-]`, a misused
    ///   `ACS::` prefix or a malformed `oos:` reference;
    /// - [`TemplateErrorKind::NameTooLong`]: a custom name longer than [`MAX_NAME_BYTES`];
    /// - [`TemplateErrorKind::TooManyNames`]: more than [`MAX_CUSTOM_NAMES`] distinct custom
    ///   names.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::{Template, TemplateErrorKind};
    ///
    /// let t = Template::parse("cp {{src}} {{ Dst }} && ls {{SRC}}")?;
    /// assert_eq!(t.custom_names().collect::<Vec<_>>(), ["src", "Dst"]);
    ///
    /// // GBK bytes around a placeholder stay as they are.
    /// let gbk = Template::parse(b"echo \xc4\xe3\xba\xc3 {{name}}".to_vec())?;
    /// assert_eq!(gbk.custom_names().collect::<Vec<_>>(), ["name"]);
    ///
    /// let err = Template::parse("echo {{ a.b }}").unwrap_err();
    /// assert_eq!(err.kind(), &TemplateErrorKind::InvalidName { name: "a.b".into() });
    /// assert_eq!(err.offset(), 8);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: impl Into<Vec<u8>>) -> Result<Template, TemplateError> {
        let text = text.into();
        // Room for a few placeholders and the text around them: no growth for usual contents.
        let mut template = Template {
            parts: Vec::with_capacity(8),
            spellings: String::with_capacity(64),
            names: Vec::new(),
            builtins: Vec::new(),
            text: Vec::new(),
        };
        let mut last = 0;
        for found in Scanner::new(&text) {
            if found.start > last {
                template.parts.push(Part::Text {
                    at: last..found.start,
                });
            }
            last = found.end;
            let (name, cut) = scan::trim(&text[found.inner_start()..found.inner_end()]);
            if name.is_empty() {
                return Err(TemplateError::new(
                    TemplateErrorKind::EmptyName,
                    found.start,
                ));
            }
            let offset = found.inner_start() + cut;
            let at = found.start..found.end;
            let part = match name::classify(name, offset)? {
                Kind::Custom(name) => {
                    let (index, spelling) = template.name_index(name, offset)?;
                    Part::Custom {
                        at,
                        spelling,
                        index,
                    }
                }
                Kind::BuiltIn(builtin) => {
                    if !template.builtins.contains(&builtin) {
                        template.builtins.push(builtin);
                    }
                    Part::BuiltIn { at, builtin }
                }
                Kind::Store { secret, name } => Part::Store {
                    at,
                    secret,
                    name: template.spell(name),
                },
            };
            template.parts.push(part);
        }
        if last < text.len() {
            template.parts.push(Part::Text {
                at: last..text.len(),
            });
        }
        template.text = text;
        Ok(template)
    }

    /// Adds `name` to the spellings, returning where it stands there.
    fn spell(&mut self, name: &str) -> Range<usize> {
        let start = self.spellings.len();
        self.spellings.push_str(name);
        start..self.spellings.len()
    }

    /// [`spell`](Template::spell) for a custom name, whose bytes are ASCII: each byte is its
    /// own character, so no UTF-8 check is needed.
    fn spell_ascii(&mut self, name: &[u8]) -> Range<usize> {
        debug_assert!(name.is_ascii());
        let start = self.spellings.len();
        self.spellings.extend(name.iter().map(|&b| char::from(b)));
        start..self.spellings.len()
    }

    /// The index of custom `name` (at `offset`), adding it if it is new, and where this
    /// spelling of it stands in the spellings (a new name's first spelling is kept once).
    fn name_index(
        &mut self,
        name: &[u8],
        offset: usize,
    ) -> Result<(usize, Range<usize>), TemplateError> {
        let known = self
            .custom_names()
            .position(|known| known.as_bytes().eq_ignore_ascii_case(name));
        if let Some(index) = known {
            let spelling = if self.custom_names().nth(index).map(str::as_bytes) == Some(name) {
                self.names[index].0.clone()
            } else {
                self.spell_ascii(name)
            };
            return Ok((index, spelling));
        }
        if self.names.len() >= MAX_CUSTOM_NAMES {
            return Err(TemplateError::new(
                TemplateErrorKind::TooManyNames {
                    name: shown(name),
                    count: self.names.len() + 1,
                    limit: MAX_CUSTOM_NAMES,
                },
                offset,
            ));
        }
        let spelling = self.spell_ascii(name);
        // Room for a few names at the first: one allocation, without the growth path.
        if self.names.capacity() == 0 {
            self.names = Vec::with_capacity(4);
        }
        self.names.push((spelling.clone(), offset));
        Ok((self.names.len() - 1, spelling))
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.custom_names()
            .position(|known| known.eq_ignore_ascii_case(name))
    }

    /// The text as parsed, byte for byte.
    pub fn as_bytes(&self) -> &[u8] {
        &self.text
    }

    /// The pieces of the template, in order.
    pub fn segments(&self) -> impl Iterator<Item = Segment<'_>> + '_ {
        self.parts.iter().map(|part| match part {
            Part::Text { at } => Segment::Text(&self.text[at.clone()]),
            Part::Custom {
                spelling, index, ..
            } => Segment::Custom(Param {
                name: &self.spellings[spelling.clone()],
                index: *index,
            }),
            Part::BuiltIn { builtin, .. } => Segment::BuiltIn(*builtin),
            Part::Store { secret, name, .. } => Segment::ParameterStore(StoreRef {
                secret: *secret,
                name: &self.spellings[name.clone()],
            }),
        })
    }

    /// The parsed pieces, with where they stand in the text.
    pub(crate) fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The distinct custom parameter names, each as first spelled, in order of first
    /// appearance.
    pub fn custom_names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.names
            .iter()
            .map(|(spelling, _)| &self.spellings[spelling.clone()])
    }

    /// How many distinct custom parameter names the template uses (at most
    /// [`MAX_CUSTOM_NAMES`]).
    pub fn custom_name_count(&self) -> usize {
        self.names.len()
    }

    /// Whether the template uses the custom parameter `name`, ignoring case.
    pub fn declares(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// The distinct built-ins the template uses, in order of first appearance.
    pub fn builtins(&self) -> &[BuiltIn] {
        &self.builtins
    }

    /// The offset of the first appearance of each distinct custom name, by index.
    pub(crate) fn name_offset(&self, index: usize) -> usize {
        self.names[index].1
    }
}

/// Two templates are equal when their segments are (where in the text they came from is not
/// compared).
impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        self.segments().eq(other.segments())
    }
}

impl Eq for Template {}

/// Prints the canonical text: text segments as they are, placeholders as `{{name}}` without
/// whitespace.
impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.segments()
            .try_for_each(|segment| fmt::Display::fmt(&segment, f))
    }
}
