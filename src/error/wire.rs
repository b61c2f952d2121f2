//! Decoding faults: `InvalidParameter` (400).

use super::{ApiError, ErrorCode};
use crate::wire::WireError;

impl From<WireError> for ApiError {
    #[cold]
    fn from(err: WireError) -> ApiError {
        let error = ApiError::new(ErrorCode::InvalidParameter, err.to_string());
        let error = match err {
            WireError::BadPercentEncoding { offset } | WireError::InvalidUtf8 { offset, .. } => {
                error.with_offset(offset)
            }
            _ => error,
        };
        error.with_cause(err)
    }
}
