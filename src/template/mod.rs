//! Custom parameters in command content (`{{name}}`) and the Launcher.
//!
//! Placeholder on branch `request` with the agreed signatures; the real module comes from
//! branch `template` and replaces this file on merge.

#![allow(clippy::indexing_slicing)] // placeholder only

use crate::{ApiError, ErrorCode};

/// The six built-in environment parameters.
pub const BUILT_INS: [&str; 6] = [
    "ACS::RegionId",
    "ACS::AccountId",
    "ACS::InstanceId",
    "ACS::InstanceName",
    "ACS::InvokeId",
    "ACS::CommandId",
];

/// Maximum number of distinct custom names.
pub const MAX_CUSTOM_NAMES: usize = 20;
/// Maximum length of a custom name in bytes.
pub const MAX_NAME_BYTES: usize = 64;
/// Maximum length of a Launcher in bytes.
pub const MAX_LAUNCHER_BYTES: usize = 1024;

/// What went wrong in a template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// `{{}}`.
    #[error("empty parameter name at byte {offset}")]
    EmptyName {
        /// Byte offset of `{{`.
        offset: usize,
    },
    /// A bad name.
    #[error("invalid parameter name at byte {offset}")]
    InvalidName {
        /// Byte offset of the name.
        offset: usize,
    },
    /// A name over 64 bytes.
    #[error("parameter name at byte {offset} is {len} bytes, over {MAX_NAME_BYTES}")]
    NameTooLong {
        /// Byte offset of the name.
        offset: usize,
        /// Its length.
        len: usize,
    },
    /// More than 20 names.
    #[error("more than {MAX_CUSTOM_NAMES} custom parameter names")]
    TooManyNames,
    /// Launcher over 1 KiB.
    #[error("Launcher is {len} bytes, over {MAX_LAUNCHER_BYTES}")]
    LauncherTooLong {
        /// Its length.
        len: usize,
    },
    /// Launcher with a bad placeholder.
    #[error("Launcher has an invalid placeholder at byte {offset}")]
    LauncherPlaceholder {
        /// Byte offset.
        offset: usize,
    },
}

impl From<TemplateError> for ApiError {
    fn from(err: TemplateError) -> ApiError {
        let code = match err {
            TemplateError::EmptyName { .. } => ErrorCode::CmdParamEmptyKey,
            TemplateError::InvalidName { .. } => ErrorCode::CmdParamInvalidParamName,
            TemplateError::NameTooLong { .. } => ErrorCode::CmdParamNameExceedLimit,
            TemplateError::TooManyNames => ErrorCode::CmdParamCountExceedLimit,
            TemplateError::LauncherTooLong { .. } => ErrorCode::InvalidLauncherLengthLimitExceeded,
            TemplateError::LauncherPlaceholder { .. } => ErrorCode::InvalidParameterLauncher,
        };
        ApiError::new(code, err.to_string()).with_cause(err)
    }
}

/// A parsed command content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template<'a> {
    names: Vec<&'a str>,
}

impl<'a> Template<'a> {
    /// Parses `text`.
    ///
    /// # Errors
    /// `CmdParam.EmptyKey`, `CmdParam.InvalidParamName`, `CmdParamName.ExceedLimit`,
    /// `CmdParamCount.ExceedLimit` (through `From<TemplateError> for ApiError`).
    pub fn parse(text: &'a str) -> Result<Template<'a>, TemplateError> {
        let mut names: Vec<&'a str> = Vec::new();
        let mut rest = text;
        let mut base = 0;
        while let Some(open) = rest.find("{{") {
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else { break };
            let raw = &after[..close];
            let name = raw.trim_matches(|c| c == ' ' || c == '\n' || c == '\r' || c == '\t');
            let offset = base + open;
            if name.is_empty() {
                return Err(TemplateError::EmptyName { offset });
            }
            let lower = name.to_ascii_lowercase();
            let is_ref = lower.starts_with("oos:") || lower.starts_with("oos-secret:");
            if !is_ref && !BUILT_INS.contains(&name) {
                if lower.starts_with("acs::")
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    return Err(TemplateError::InvalidName { offset });
                }
                if name.len() > MAX_NAME_BYTES {
                    return Err(TemplateError::NameTooLong {
                        offset,
                        len: name.len(),
                    });
                }
                if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                    if names.len() == MAX_CUSTOM_NAMES {
                        return Err(TemplateError::TooManyNames);
                    }
                    names.push(name);
                }
            }
            let consumed = open + 2 + close + 2;
            base += consumed;
            rest = &rest[consumed..];
        }
        Ok(Template { names })
    }

    /// The distinct custom names, first spelling, in order of appearance.
    pub fn custom_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().copied()
    }

    /// How many distinct custom names.
    pub fn custom_name_count(&self) -> usize {
        self.names.len()
    }

    /// Whether `name` is declared (case-insensitive).
    pub fn declares(&self, name: &str) -> bool {
        self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }
}

/// A parsed Launcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launcher {
    text: String,
}

impl Launcher {
    /// Parses a Launcher.
    ///
    /// # Errors
    /// `InvalidLauncher.LengthLimitExceeded`, `InvalidParameter.Launcher`.
    pub fn parse(text: &str) -> Result<Launcher, TemplateError> {
        if text.len() > MAX_LAUNCHER_BYTES {
            return Err(TemplateError::LauncherTooLong { len: text.len() });
        }
        let mut count = 0;
        let mut rest = text;
        let mut base = 0;
        while let Some(open) = rest.find("{{") {
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else { break };
            let inner = after[..close].trim();
            let name = inner.split('|').next().unwrap_or("");
            count += 1;
            if !name.eq_ignore_ascii_case("ACS::ScriptFileName") || count > 1 {
                return Err(TemplateError::LauncherPlaceholder {
                    offset: base + open,
                });
            }
            let consumed = open + 2 + close + 2;
            base += consumed;
            rest = &rest[consumed..];
        }
        Ok(Launcher {
            text: text.to_owned(),
        })
    }
}

impl std::fmt::Display for Launcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}
