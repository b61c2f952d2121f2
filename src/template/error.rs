//! [`TemplateError`]: what went wrong, and where; and its one mapping to an [`ApiError`].

use crate::error::{ApiError, ErrorCode};

/// The longest piece of input an error keeps, in bytes; longer pieces are cut at a character
/// boundary and end with `…`, so an error never copies a hostile input whole.
pub const MAX_SHOWN_BYTES: usize = 100;

/// A command content or Launcher that breaks a rule, or a render that cannot complete.
///
/// `offset` is a byte offset into the parsed text: where the placeholder starts (`{{`) for an
/// empty name or a Launcher placeholder, where the name starts for the other name errors, the
/// first byte past the limit for an over-long Launcher, and where the parameter first appears
/// for a missing value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("byte {offset}: {kind}")]
pub struct TemplateError {
    /// What went wrong.
    pub kind: TemplateErrorKind,
    /// Where, in bytes from the start of the text.
    pub offset: usize,
}

impl TemplateError {
    pub(crate) const fn new(kind: TemplateErrorKind, offset: usize) -> TemplateError {
        TemplateError { kind, offset }
    }

    /// The API error code this error answers with.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::ErrorCode;
    /// use ecs_runcommand::template::Template;
    ///
    /// let err = Template::parse("echo {{ }}").unwrap_err();
    /// assert_eq!(err.code(), ErrorCode::CmdParamEmptyKey);
    /// ```
    pub const fn code(&self) -> ErrorCode {
        match self.kind {
            TemplateErrorKind::EmptyName => ErrorCode::CmdParamEmptyKey,
            TemplateErrorKind::InvalidName { .. } => ErrorCode::CmdParamInvalidParamName,
            TemplateErrorKind::NameTooLong { .. } => ErrorCode::CmdParamNameExceedLimit,
            TemplateErrorKind::TooManyNames { .. } => ErrorCode::CmdParamCountExceedLimit,
            TemplateErrorKind::MissingValue { .. } => ErrorCode::ParameterMissingValue,
            TemplateErrorKind::OutputTooLarge { .. } => ErrorCode::CmdContentExceedLimit,
            TemplateErrorKind::LauncherTooLong { .. } => {
                ErrorCode::InvalidLauncherLengthLimitExceeded
            }
            TemplateErrorKind::LauncherPlaceholder { .. }
            | TemplateErrorKind::DuplicateScriptFileName => ErrorCode::InvalidParameterLauncher,
        }
    }

    /// The request field the error is about: `CommandContent`, `Parameters` or `Launcher`.
    pub const fn field(&self) -> &'static str {
        match self.kind {
            TemplateErrorKind::EmptyName
            | TemplateErrorKind::InvalidName { .. }
            | TemplateErrorKind::NameTooLong { .. }
            | TemplateErrorKind::TooManyNames { .. }
            | TemplateErrorKind::OutputTooLarge { .. } => "CommandContent",
            TemplateErrorKind::MissingValue { .. } => "Parameters",
            TemplateErrorKind::LauncherTooLong { .. }
            | TemplateErrorKind::LauncherPlaceholder { .. }
            | TemplateErrorKind::DuplicateScriptFileName => "Launcher",
        }
    }
}

/// The kinds of [`TemplateError`]. Pieces of input they carry are shortened to
/// [`MAX_SHOWN_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateErrorKind {
    /// `{{}}`, or only whitespace between the braces.
    #[error("empty parameter name between `{{{{` and `}}}}`")]
    EmptyName,
    /// A name with a character outside `[A-Za-z0-9_-]`, an `ACS::` prefix (in any letter case)
    /// on anything but one of the six built-ins spelled exactly, or a malformed Parameter Store
    /// reference.
    #[error(
        "invalid parameter name `{name}`: a name has only letters, digits, `_` and `-`, \
         and `ACS::` is reserved for the built-in parameters"
    )]
    InvalidName {
        /// The name as written, without the whitespace around it.
        name: String,
    },
    /// A custom name longer than [`MAX_NAME_BYTES`](super::MAX_NAME_BYTES).
    #[error("parameter name `{name}` is {len} bytes long, more than the limit of {limit}")]
    NameTooLong {
        /// The name as written.
        name: String,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// More distinct custom names than [`MAX_CUSTOM_NAMES`](super::MAX_CUSTOM_NAMES); the
    /// error is at the first one past the limit.
    #[error(
        "parameter `{name}` is distinct custom parameter number {count}, \
         more than the limit of {limit}"
    )]
    TooManyNames {
        /// The first name past the limit.
        name: String,
        /// Its number among the distinct custom names (the limit plus one).
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A custom parameter of the template was given no value.
    #[error("no value for parameter `{name}`")]
    MissingValue {
        /// The name, as first written in the template.
        name: String,
    },
    /// The rendered text cannot be allocated.
    #[error("the rendered text would be {len} bytes long, more than can be allocated")]
    OutputTooLarge {
        /// Its length in bytes (`usize::MAX` when that overflows).
        len: usize,
    },
    /// A Launcher longer than [`MAX_LAUNCHER_BYTES`](super::MAX_LAUNCHER_BYTES).
    #[error("launcher is {len} bytes long, more than the limit of {limit}")]
    LauncherTooLong {
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A placeholder in a Launcher other than `{{ACS::ScriptFileName}}` (with an optional
    /// `|Ext(…)`).
    #[error(
        "unexpected placeholder `{placeholder}` in launcher: only \
         `{{{{ACS::ScriptFileName}}}}` is allowed, optionally with `|Ext(\".ext\")`"
    )]
    LauncherPlaceholder {
        /// The placeholder as written, braces included.
        placeholder: String,
    },
    /// A second `{{ACS::ScriptFileName}}` in a Launcher.
    #[error("second `{{{{ACS::ScriptFileName}}}}` placeholder in launcher")]
    DuplicateScriptFileName,
}

/// `text`, or its first [`MAX_SHOWN_BYTES`] cut at a character boundary and followed by `…`.
pub(crate) fn shown(text: &str) -> String {
    if text.len() <= MAX_SHOWN_BYTES {
        return text.to_owned();
    }
    let mut cut = MAX_SHOWN_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = String::with_capacity(cut + '…'.len_utf8());
    out.push_str(text.get(..cut).unwrap_or_default());
    out.push('…');
    out
}

/// The one mapping from template errors to API errors: the code of [`TemplateError::code`],
/// a detail naming the field, the offset and (in the message) the limit, and the
/// [`TemplateError`] kept as the cause.
impl From<TemplateError> for ApiError {
    fn from(err: TemplateError) -> ApiError {
        let detail = format!("{}, {err}", err.field());
        ApiError::new(err.code(), detail).with_cause(err)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn ok_shown_keeps_short_text() {
        assert_eq!(shown("abc"), "abc");
        let exact = "a".repeat(MAX_SHOWN_BYTES);
        assert_eq!(shown(&exact), exact);
    }

    #[test]
    fn ok_shown_cuts_at_a_char_boundary() {
        let long = format!("{}é{}", "a".repeat(MAX_SHOWN_BYTES - 1), "b".repeat(10));
        assert_eq!(
            shown(&long),
            format!("{}…", "a".repeat(MAX_SHOWN_BYTES - 1))
        );
    }

    #[test]
    fn ok_messages() {
        let err = TemplateError::new(
            TemplateErrorKind::NameTooLong {
                name: "n".into(),
                len: 65,
                limit: 64,
            },
            7,
        );
        assert_eq!(
            err.to_string(),
            "byte 7: parameter name `n` is 65 bytes long, more than the limit of 64"
        );
        assert_eq!(
            TemplateErrorKind::EmptyName.to_string(),
            "empty parameter name between `{{` and `}}`"
        );
        assert_eq!(
            TemplateErrorKind::DuplicateScriptFileName.to_string(),
            "second `{{ACS::ScriptFileName}}` placeholder in launcher"
        );
    }

    #[test]
    fn ok_into_api_error() {
        let err = TemplateError::new(
            TemplateErrorKind::LauncherTooLong {
                len: 1025,
                limit: 1024,
            },
            1024,
        );
        let api = ApiError::from(err.clone());
        assert_eq!(api.code(), ErrorCode::InvalidLauncherLengthLimitExceeded);
        assert_eq!(api.http_status(), 403);
        assert_eq!(
            api.detail(),
            "Launcher, byte 1024: launcher is 1025 bytes long, more than the limit of 1024"
        );
        let cause = api.cause().unwrap();
        assert_eq!(cause.to_string(), err.to_string());
    }
}
