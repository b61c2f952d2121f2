//! Command content templates (`{{name}}` placeholders) and the Launcher
//! (`{{ACS::ScriptFileName}}`).
//!
//! This module knows nothing about requests: it parses text, answers questions about it and
//! renders it. [`TemplateError`] says what is wrong and where; `From<TemplateError> for
//! ApiError` is the one place that turns it into an API code.
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
//! How placeholders are found (the rule of a regular expression `\{\{[^{}]*\}\}`, leftmost
//! first):
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
//! # Rendering
//!
//! [`Template::render`] replaces each custom placeholder with its value from [`Values`]
//! (looked up ignoring case; every custom name needs a value, `""` is one), each built-in with
//! its value from [`BuiltInValues`] (a built-in without a value stays as its placeholder, for
//! the agent to fill), and leaves Parameter Store references as placeholders. Values are
//! inserted as they are: they are never scanned for placeholders.
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
//! let values: Values<'_> = [("greeting", "hello"), ("NAME", "Jack")].into_iter().collect();
//! let builtins = BuiltInValues { instance_id: Some("i-1"), ..BuiltInValues::default() };
//! assert_eq!(t.render(&values, &builtins)?, "echo hello Jack on i-1 {{oos:pw}}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod launcher;
mod name;
mod render;
mod scan;

use std::fmt;

pub use error::{MAX_SHOWN_BYTES, TemplateError, TemplateErrorKind};
pub use launcher::{Launcher, MAX_LAUNCHER_BYTES, SCRIPT_FILE_NAME};
pub use name::{BuiltIn, MAX_CUSTOM_NAMES, MAX_NAME_BYTES};
pub use render::{BuiltInValues, Values};

use error::shown;
use name::Kind;
use scan::Scanner;

/// A parsed command content: text and placeholders, borrowed from the input.
///
/// Two templates are equal when their segments are; `Template::parse(&t.to_string())` equals
/// `t` for every parsed `t`.
#[derive(Debug, Clone)]
pub struct Template<'a> {
    segments: Vec<Segment<'a>>,
    /// Distinct custom names: first spelling and the offset of its first appearance.
    names: Vec<(&'a str, usize)>,
    /// Distinct built-ins, in order of first appearance.
    builtins: Vec<BuiltIn>,
}

/// One piece of a [`Template`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Segment<'a> {
    /// Text copied as is (never empty, and never next to another text segment).
    Text(&'a str),
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

    /// The length of the placeholder in canonical form.
    const fn placeholder_len(&self) -> usize {
        4 + self.prefix().len() + self.name.len()
    }
}

/// Prints the segment in canonical form: text as is, a placeholder as `{{name}}`.
impl fmt::Display for Segment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Text(text) => f.write_str(text),
            Segment::Custom(param) => fmt::Display::fmt(param, f),
            Segment::BuiltIn(builtin) => {
                f.write_str("{{")?;
                f.write_str(builtin.name())?;
                f.write_str("}}")
            }
            Segment::ParameterStore(store) => fmt::Display::fmt(store, f),
        }
    }
}

/// Prints `{{name}}`.
impl fmt::Display for Param<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{{")?;
        f.write_str(self.name)?;
        f.write_str("}}")
    }
}

/// Prints `{{oos:name}}` or `{{oos-secret:name}}`.
impl fmt::Display for StoreRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{{")?;
        f.write_str(self.prefix())?;
        f.write_str(self.name)?;
        f.write_str("}}")
    }
}

impl<'a> Template<'a> {
    /// Parses a command content.
    ///
    /// # Errors
    ///
    /// The first fault in text order, as a [`TemplateError`] whose code is:
    ///
    /// - `CmdParam.EmptyKey`: `{{}}` or only whitespace between the braces
    ///   ([`TemplateErrorKind::EmptyName`]);
    /// - `CmdParam.InvalidParamName`: a character outside `[A-Za-z0-9_-]`, a misused `ACS::`
    ///   prefix or a malformed `oos:` reference ([`TemplateErrorKind::InvalidName`]);
    /// - `CmdParamName.ExceedLimit`: a custom name longer than [`MAX_NAME_BYTES`]
    ///   ([`TemplateErrorKind::NameTooLong`]);
    /// - `CmdParamCount.ExceedLimit`: more than [`MAX_CUSTOM_NAMES`] distinct custom names
    ///   ([`TemplateErrorKind::TooManyNames`]).
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::{Template, TemplateErrorKind};
    ///
    /// let t = Template::parse("cp {{src}} {{ Dst }} && ls {{SRC}}")?;
    /// assert_eq!(t.custom_names().collect::<Vec<_>>(), ["src", "Dst"]);
    ///
    /// let err = Template::parse("echo {{ a.b }}").unwrap_err();
    /// assert_eq!(err.kind, TemplateErrorKind::InvalidName { name: "a.b".into() });
    /// assert_eq!(err.offset, 8);
    /// assert_eq!(err.code().as_str(), "CmdParam.InvalidParamName");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<Template<'a>, TemplateError> {
        let mut template = Template {
            // Room for a few placeholders and the text around them: one allocation, not three.
            segments: Vec::with_capacity(8),
            names: Vec::new(),
            builtins: Vec::new(),
        };
        let mut last = 0;
        for found in Scanner::new(text) {
            if found.start > last {
                let before = text.get(last..found.start).unwrap_or_default();
                template.segments.push(Segment::Text(before));
            }
            last = found.end;
            let inner = text
                .get(found.inner_start()..found.inner_end())
                .unwrap_or_default();
            let (name, cut) = scan::trim(inner);
            if name.is_empty() {
                return Err(TemplateError::new(
                    TemplateErrorKind::EmptyName,
                    found.start,
                ));
            }
            let offset = found.inner_start() + cut;
            let segment = match name::classify(name, offset)? {
                Kind::Custom(name) => Segment::Custom(Param {
                    name,
                    index: template.name_index(name, offset)?,
                }),
                Kind::BuiltIn(builtin) => {
                    if !template.builtins.contains(&builtin) {
                        template.builtins.push(builtin);
                    }
                    Segment::BuiltIn(builtin)
                }
                Kind::Store { secret, name } => Segment::ParameterStore(StoreRef { secret, name }),
            };
            template.segments.push(segment);
        }
        if last < text.len() {
            template
                .segments
                .push(Segment::Text(text.get(last..).unwrap_or_default()));
        }
        Ok(template)
    }

    /// The index of custom `name` (at `offset`), adding it if it is new.
    fn name_index(&mut self, name: &'a str, offset: usize) -> Result<usize, TemplateError> {
        if let Some(index) = self.position(name) {
            return Ok(index);
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
        self.names.push((name, offset));
        Ok(self.names.len() - 1)
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|(known, _)| known.eq_ignore_ascii_case(name))
    }

    /// The pieces of the template, in order.
    pub fn segments(&self) -> &[Segment<'a>] {
        &self.segments
    }

    /// The distinct custom parameter names, each as first spelled, in order of first
    /// appearance.
    pub fn custom_names(&self) -> impl ExactSizeIterator<Item = &'a str> + '_ {
        self.names.iter().map(|&(name, _)| name)
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
}

/// Two templates are equal when their segments are (where in the text they came from is not
/// compared).
impl PartialEq for Template<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.segments == other.segments
    }
}

impl Eq for Template<'_> {}

/// Prints the canonical text: text segments as they are, placeholders as `{{name}}` without
/// whitespace.
impl fmt::Display for Template<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.segments
            .iter()
            .try_for_each(|segment| fmt::Display::fmt(segment, f))
    }
}
