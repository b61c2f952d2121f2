//! Template and Launcher faults, by kind.

use super::{ApiError, ErrorCode};
use crate::template::{TemplateError, TemplateErrorKind};

/// The code of a template fault.
pub(crate) const fn code(kind: &TemplateErrorKind) -> ErrorCode {
    match kind {
        TemplateErrorKind::EmptyName => ErrorCode::CmdParamEmptyKey,
        TemplateErrorKind::InvalidName { .. } => ErrorCode::CmdParamInvalidParamName,
        TemplateErrorKind::NameTooLong { .. } => ErrorCode::CmdParamNameExceedLimit,
        TemplateErrorKind::TooManyNames { .. } => ErrorCode::CmdParamCountExceedLimit,
        TemplateErrorKind::MissingValue { .. } => ErrorCode::ParameterMissingValue,
        TemplateErrorKind::OutputTooLarge { .. } => ErrorCode::CmdContentExceedLimit,
        TemplateErrorKind::UnknownBuiltIn { .. } => ErrorCode::InvalidEnvironmentParameter,
        TemplateErrorKind::LauncherTooLong { .. } => ErrorCode::InvalidLauncherLengthLimitExceeded,
        TemplateErrorKind::LauncherPlaceholder { .. }
        | TemplateErrorKind::DuplicateScriptFileName => ErrorCode::InvalidParameterLauncher, // `TemplateErrorKind` is the crate's own: a new kind gets its code here.
    }
}

/// The request parameter a template fault is about, when the template stands alone: the
/// content, its Parameters, or the Launcher.
const fn field(kind: &TemplateErrorKind) -> &'static str {
    match kind {
        TemplateErrorKind::MissingValue { .. } => "Parameters",
        TemplateErrorKind::LauncherTooLong { .. }
        | TemplateErrorKind::LauncherPlaceholder { .. }
        | TemplateErrorKind::DuplicateScriptFileName => "Launcher",
        _ => "CommandContent",
    }
}

/// A template fault as the API answers it, for a template used on its own (a request's
/// faults name their parameter through `RuleError`).
impl From<TemplateError> for ApiError {
    #[cold]
    fn from(err: TemplateError) -> ApiError {
        let field = field(err.kind());
        ApiError::new(code(err.kind()), format!("{field}: {err}"))
            .with_field(field)
            .with_offset(err.offset())
            .with_cause(err)
    }
}
