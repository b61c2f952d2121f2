//! The internal, typed faults of the request rules, and their one mapping to API codes.

use crate::wire::{Field, ListName, ParametersFault};
use crate::{ApiError, ErrorCode};
use std::fmt;

/// What a fault is about: a scalar field, an entry of a list, or `Parameters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Subject {
    /// A scalar parameter.
    Field(Field),
    /// `InstanceId.N` (`index` 0 for the list as a whole).
    InstanceId {
        /// N.
        index: usize,
    },
    /// `Tag` or `ResourceTag` as a whole.
    List(ListName),
    /// `Tag.N.Key` / `ResourceTag.N.Key`.
    TagKey(ListName, usize),
    /// `Tag.N.Value` / `ResourceTag.N.Value`.
    TagValue(ListName, usize),
    /// `Parameters`.
    Parameters,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Field(field) => write!(f, "{field}"),
            Subject::InstanceId { index: 0 } => f.write_str("InstanceId"),
            Subject::InstanceId { index } => write!(f, "InstanceId.{index}"),
            Subject::List(list) => write!(f, "{list}"),
            Subject::TagKey(list, n) => write!(f, "{list}.{n}.Key"),
            Subject::TagValue(list, n) => write!(f, "{list}.{n}.Value"),
            Subject::Parameters => f.write_str("Parameters"),
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleKind {
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
        }
    }
}

/// A violated static rule: the subject and what is wrong. Mapped to an [`ApiError`] by
/// [`RuleError::code`], the one place where rules meet API codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{subject}: {kind}")]
pub struct RuleError {
    /// What the fault is about.
    pub subject: Subject,
    /// What is wrong.
    pub kind: RuleKind,
}

impl RuleError {
    /// A fault of `subject`.
    pub const fn new(subject: Subject, kind: RuleKind) -> RuleError {
        RuleError { subject, kind }
    }

    /// The API code this fault is answered with.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        use ListName::{ResourceTag, Tag};
        use RuleKind as K;
        use Subject as S;
        match (&self.subject, &self.kind) {
            (S::Field(Field::RegionId), K::Missing) => C::MissingParameterRegionId,
            (S::Field(Field::Type), K::Missing) => C::MissingParameterType,
            (S::Field(Field::CommandContent), K::Missing) => C::MissingParameterCommandContent,
            (S::Field(Field::Name), K::TooLong { .. }) => C::CmdNameExceedLimit,
            (S::Field(Field::Name), _) => C::InvalidParameterCharacterCommandName,
            (S::Field(Field::Description), K::TooLong { .. }) => C::CmdDescExceedLimit,
            (S::Field(Field::Description), _) => C::InvalidParameterCharacterCommandDescription,
            (S::Field(Field::Type), K::NotShellInContainer { .. }) => C::InvalidParameterType,
            (S::Field(Field::Type), _) => C::InvalidCmdTypeNotFound,
            (S::Field(Field::CommandContent), K::Base64 { .. }) => C::CmdContentDecodeError,
            (S::Field(Field::CommandContent), _) => C::CmdContentExceedLimit,
            (S::Field(Field::WorkingDir), K::BadChar { .. }) => {
                C::InvalidParameterCharacterCommandWorkingDir
            }
            (S::Field(Field::WorkingDir), _) => C::InvalidParameterWorkingDir,
            (S::Field(Field::Timeout), _) => C::InvalidTimeoutExceedLimit,
            (S::Field(Field::EnableParameter), _) => C::InvalidParameterEnableParameter,
            (S::Field(Field::KeepCommand), _) => C::InvalidParameterKeepCommand,
            (S::Field(Field::RepeatMode), _) => C::InvalidRepeatModeNotFound,
            (S::Field(Field::Frequency), K::Missing) => C::MissingParamFrequency,
            (S::Field(Field::Frequency), _) => C::InvalidParamFrequency,
            (S::Field(Field::Username), _) => C::UsernameExceedLimit,
            (S::Field(Field::WindowsPasswordName), K::NeedsPassword { .. }) => {
                C::WindowsPasswordNameMissed
            }
            (S::Field(Field::WindowsPasswordName), _) => C::WindowsPasswordNameExceedLimit,
            (S::Field(Field::ContainerId), _) => C::InvalidContainerIdMalformed,
            (S::Field(Field::ContainerName), _) => C::InvalidContainerNameMalformed,
            (S::Field(Field::ClientToken), _) => C::InvalidClientTokenMalformed,
            (S::Field(Field::TerminationMode), _) => C::InvalidTerminationModeNotFound,
            (S::Field(Field::Launcher), K::TooLong { .. }) => C::InvalidLauncherLengthLimitExceeded,
            (S::Field(Field::Launcher), _) => C::InvalidParameterLauncher,
            (S::InstanceId { .. }, K::Missing) => C::MissingParamInstanceId,
            (S::InstanceId { .. }, K::TooMany { .. }) => C::InstanceIdsExceedLimit,
            (S::InstanceId { .. }, _) => C::InvalidParameterInstanceId,
            (S::List(Tag), K::TooMany { .. }) => C::NumberExceedTags,
            (S::List(ResourceTag), K::TooMany { .. }) => C::NumberExceedResourceTags,
            (S::List(ResourceTag), K::Conflict) => C::InvalidResourceTagConflictWithInstanceIds,
            (S::TagKey(Tag, _), K::Missing) => C::MissingParameterTagKey,
            (S::TagKey(Tag, _), K::Duplicate { .. }) => C::DuplicateTagKey,
            (S::TagKey(Tag, _), _) => C::InvalidTagKeyMalformed,
            (S::TagValue(Tag, _), _) => C::InvalidTagValueMalformed,
            (S::TagKey(ResourceTag, _), K::Missing) => C::MissingParameterResourceTagKey,
            (S::TagKey(ResourceTag, _), K::Duplicate { .. }) => C::DuplicateResourceTagKey,
            (S::TagKey(ResourceTag, _), _) => C::InvalidResourceTagKeyMalformed,
            (S::TagValue(ResourceTag, _), _) => C::InvalidResourceTagValueMalformed,
            (S::Parameters, K::Disabled) => C::ParameterDisabled,
            (S::Parameters, K::Missing) => C::CmdParamEmptyKey,
            (S::Parameters, K::TooLong { .. }) => C::ParameterKeyExceedLimit,
            (S::Parameters, K::Duplicate { .. }) => C::ParameterKeyDuplicate,
            (S::Parameters, K::NotDeclared { .. }) => C::ParameterNotMatched,
            (S::Parameters, K::MissingValue { .. }) => C::ParameterMissingValue,
            (S::Parameters, K::Parameters(fault)) => match fault {
                ParametersFault::NotAString { .. } => C::ParameterTypeNotSupported,
                ParametersFault::TooMany { .. } => C::ParameterCountExceedLimit,
                ParametersFault::IllegalCharset { .. } => C::InvalidParameterCharsetParameters,
                _ => C::InvalidParameterParameters,
            },
            _ => C::InvalidParameter,
        }
    }
}

impl From<RuleError> for ApiError {
    #[cold]
    fn from(err: RuleError) -> ApiError {
        ApiError::new(err.code(), err.to_string()).with_cause(err)
    }
}

/// `text` cut to at most 64 characters (with `...` when cut), for details.
pub(crate) fn shorten(text: &str) -> String {
    crate::error::shorten(text, 64)
}
