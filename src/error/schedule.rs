//! Frequency faults: `InvalidParam.Frequency` (400); a description language that is not one:
//! `InvalidParameter` (400).

use super::{ApiError, ErrorCode};
use crate::schedule::{ScheduleError, UnknownLang};

/// An invalid Frequency as the API answers it: `InvalidParam.Frequency`, about the parameter
/// `Frequency`, at the byte offset of the fault.
impl From<ScheduleError> for ApiError {
    #[cold]
    fn from(err: ScheduleError) -> ApiError {
        ApiError::new(
            ErrorCode::InvalidParamFrequency,
            format!("Frequency: {err}"),
        )
        .with_field("Frequency")
        .with_offset(err.offset())
        .with_cause(err)
    }
}

/// A description language that is not `en` or `zh-CN`: `InvalidParameter` (400), about `lang`.
impl From<UnknownLang> for ApiError {
    #[cold]
    fn from(err: UnknownLang) -> ApiError {
        ApiError::new(ErrorCode::InvalidParameter, err.to_string())
            .with_field("lang")
            .with_cause(err)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn err_an_unknown_lang_is_invalid_parameter() {
        let err = ApiError::from("fr".parse::<crate::schedule::Lang>().unwrap_err());
        assert_eq!(
            (
                err.http_status(),
                err.code().as_str(),
                err.field(),
                err.detail()
            ),
            (
                400,
                "InvalidParameter",
                Some("lang"),
                "lang: `fr` is not en or zh-CN"
            )
        );
    }
}
