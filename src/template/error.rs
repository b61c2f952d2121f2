//! [`TemplateError`]: what went wrong, and where.

/// A command content or Launcher that breaks a rule, or a render that cannot complete.
///
/// The offset is a byte offset into the parsed text: where the placeholder starts (`{{`) for an
/// empty name or a Launcher placeholder, where the name starts for the other name errors, the
/// first byte past the limit for an over-long Launcher, where the parameter first appears for
/// a missing value, and where the match starts in the text the agent expands for an unknown
/// built-in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("byte {}: {}", .inner.1, .inner.0)]
pub struct TemplateError {
    // One pointer: the parser's results stay small on the path without faults.
    inner: Box<(TemplateErrorKind, usize)>,
}

impl TemplateError {
    pub(crate) fn new(kind: TemplateErrorKind, offset: usize) -> TemplateError {
        TemplateError {
            inner: Box::new((kind, offset)),
        }
    }

    /// A text of `len` bytes that is over `limit`.
    pub(crate) fn too_large(len: usize, limit: usize) -> TemplateError {
        TemplateError::new(TemplateErrorKind::OutputTooLarge { len, limit }, 0)
    }

    /// What went wrong.
    pub fn kind(&self) -> &TemplateErrorKind {
        &self.inner.0
    }

    /// Where, in bytes from the start of the text.
    pub fn offset(&self) -> usize {
        self.inner.1
    }
}

/// The kinds of [`TemplateError`]. Pieces of input they carry are shortened (at most 64
/// characters, then `...`).
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
    /// The rendered text would be longer than the caller's limit (or than can be allocated).
    #[error("the rendered text would be {len} bytes long, more than the limit of {limit}")]
    OutputTooLarge {
        /// Its length in bytes (`usize::MAX` when that overflows).
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// A `{{ACS::name}}` in the text the agent expands (a custom parameter's value brought it
    /// in) whose name is not a built-in: the agent fails the task
    /// (`InvalidEnvironmentParameter`).
    #[error("`{{{{ACS::{name}}}}}` is not a built-in parameter: the agent fails the task")]
    UnknownBuiltIn {
        /// The name after `ACS::`, shortened.
        name: String,
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

/// `bytes` as text for an error (invalid UTF-8 shown as U+FFFD), shortened.
pub(crate) fn shown(bytes: &[u8]) -> String {
    crate::error::shorten(&String::from_utf8_lossy(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_shown_shortens() {
        assert_eq!(shown(b"abc"), "abc");
        assert_eq!(shown(&[b'a'; 70]), format!("{}...", "a".repeat(64)));
        assert_eq!(shown(b"a\xffb"), "a\u{fffd}b");
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
        assert_eq!(
            TemplateErrorKind::UnknownBuiltIn { name: "Foo".into() }.to_string(),
            "`{{ACS::Foo}}` is not a built-in parameter: the agent fails the task"
        );
    }
}
