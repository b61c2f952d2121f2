//! The internal, typed faults of the request rules. `src/error/request.rs` maps them to API
//! codes.

pub(crate) use crate::error::shorten;
use crate::schedule::ScheduleError;
use crate::template::TemplateError;
use crate::wire::{Param, ParametersFault};
use std::fmt;

/// What a fault is about: a parameter, or one entry of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    /// A parameter as a whole.
    Param(Param),
    /// `InstanceId.N`.
    Item(Param, usize),
    /// `Tag.N.Key` / `ResourceTag.N.Key`.
    TagKey(Param, usize),
    /// `Tag.N.Value` / `ResourceTag.N.Value`.
    TagValue(Param, usize),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Param(param) => write!(f, "{param}"),
            Subject::Item(param, n) => write!(f, "{param}.{n}"),
            Subject::TagKey(param, n) => write!(f, "{param}.{n}.Key"),
            Subject::TagValue(param, n) => write!(f, "{param}.{n}.Value"),
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RuleKind {
    /// Required and missing or empty.
    Missing,
    /// Longer than the limit (characters, or bytes where stated).
    TooLong {
        /// The length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A character the field does not allow, at a character index.
    BadChar {
        /// Character index (0-based).
        at: usize,
        /// The character.
        ch: char,
    },
    /// Not one of the allowed values.
    NotOneOf {
        /// The value, shortened.
        value: String,
        /// The allowed values.
        expected: &'static str,
    },
    /// Not `true` or `false` (any letter case).
    NotBoolean {
        /// The value, shortened.
        value: String,
    },
    /// Not an integer within the range.
    OutOfRange {
        /// The value, shortened.
        value: String,
        /// Minimum.
        min: u32,
        /// Maximum.
        max: u32,
    },
    /// Not valid Base64.
    Base64 {
        /// Byte offset of the first bad symbol.
        offset: usize,
    },
    /// The Base64 size of the content (and Parameters) is over the limit.
    Size {
        /// The Base64 size of the content.
        content: usize,
        /// The Base64 size of Parameters as compact JSON.
        parameters: usize,
        /// The limit.
        limit: usize,
        /// KeepCommand.
        keep: bool,
    },
    /// Not of the expected form.
    Malformed {
        /// The value, shortened.
        value: String,
        /// The form.
        expected: &'static str,
    },
    /// A list with more entries than its limit.
    TooMany {
        /// The first key past the limit.
        key: String,
        /// The limit.
        max: usize,
    },
    /// A key given twice.
    Duplicate {
        /// The key, shortened.
        key: String,
    },
    /// ResourceTag together with InstanceId.
    Conflict,
    /// Parameters while EnableParameter is false.
    Disabled,
    /// A Parameters key the content does not declare.
    NotDeclared {
        /// The key, shortened.
        key: String,
    },
    /// A declared custom parameter without a value in Parameters.
    MissingValue {
        /// The name.
        name: String,
    },
    /// A Windows user other than System without WindowsPasswordName.
    NeedsPassword {
        /// The user, shortened.
        user: String,
    },
    /// A container with a command type other than RunShellScript.
    NotShellInContainer {
        /// The type.
        command_type: &'static str,
    },
    /// Parameters could not be read.
    Parameters(ParametersFault),
    /// An instance id that cannot name an instance.
    NoSuchInstance {
        /// The id, shortened.
        value: String,
    },
    /// A rule of the content or the Launcher (`{{name}}`, `{{ACS::ScriptFileName}}`).
    Template(TemplateError),
    /// A rule of the Frequency.
    Schedule(ScheduleError),
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleKind::Missing => f.write_str("missing or empty"),
            RuleKind::TooLong { len, max } => write!(f, "length {len} exceeds the limit of {max}"),
            RuleKind::BadChar { at, ch } => {
                write!(
                    f,
                    "illegal character U+{:04X} at character {at}",
                    u32::from(*ch)
                )
            }
            RuleKind::NotOneOf { value, expected } => {
                write!(f, "`{value}` is not one of {expected}")
            }
            RuleKind::NotBoolean { value } => write!(f, "`{value}` is not true or false"),
            RuleKind::OutOfRange { value, min, max } => {
                write!(f, "`{value}` is not an integer from {min} to {max}")
            }
            RuleKind::Base64 { offset } => write!(f, "not valid Base64 at byte {offset}"),
            RuleKind::Size {
                content,
                parameters,
                limit,
                keep,
            } => write!(
                f,
                "Base64 size {} (content {content} + Parameters {parameters}) exceeds the limit of {limit} bytes (KeepCommand={keep})",
                content.saturating_add(*parameters)
            ),
            RuleKind::Malformed { value, expected } => write!(f, "`{value}` is not {expected}"),
            RuleKind::TooMany { key, max } => {
                write!(f, "`{key}` is past the limit of {max} entries")
            }
            RuleKind::Duplicate { key } => write!(f, "key `{key}` is given twice"),
            RuleKind::Conflict => f.write_str("cannot be used together with InstanceId"),
            RuleKind::Disabled => f.write_str("given while EnableParameter is false"),
            RuleKind::NotDeclared { key } => {
                write!(f, "key `{key}` is not a custom parameter of CommandContent")
            }
            RuleKind::MissingValue { name } => {
                write!(
                    f,
                    "no value for the custom parameter `{name}` of CommandContent"
                )
            }
            RuleKind::NeedsPassword { user } => {
                write!(f, "Windows user `{user}` needs WindowsPasswordName")
            }
            RuleKind::NotShellInContainer { command_type } => {
                write!(
                    f,
                    "{command_type} cannot run in a container (RunShellScript only)"
                )
            }
            RuleKind::Parameters(fault) => write!(f, "{fault}"),
            RuleKind::NoSuchInstance { value } => write!(
                f,
                "`{value}` cannot be an instance id (i- or mi- and lower-case letters and digits, at most 64 characters)"
            ),
            RuleKind::Template(err) => write!(f, "{err}"),
            RuleKind::Schedule(err) => write!(f, "{err}"),
        }
    }
}

/// A violated rule: the subject and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{subject}: {kind}")]
pub(crate) struct RuleError {
    pub(crate) subject: Subject,
    pub(crate) kind: RuleKind,
}

impl RuleError {
    /// A fault of `subject`.
    pub(crate) const fn new(subject: Subject, kind: RuleKind) -> RuleError {
        RuleError { subject, kind }
    }

    /// A fault of the parameter `param` as a whole.
    pub(crate) const fn of(param: Param, kind: RuleKind) -> RuleError {
        RuleError::new(Subject::Param(param), kind)
    }
}
