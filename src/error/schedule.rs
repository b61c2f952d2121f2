//! Frequency faults: `InvalidParam.Frequency` (400).

use super::{ApiError, ErrorCode};
use crate::schedule::ScheduleError;

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
