//! Faults of a fire-times question: `InvalidParameter` (400), and `InvalidTimeout.ExceedLimit`
//! (403) for the Timeout, as a request's Timeout answers.

use super::{ApiError, ErrorCode};
use crate::next::NextError;

impl From<NextError> for ApiError {
    #[cold]
    fn from(err: NextError) -> ApiError {
        let code = match err {
            NextError::Timeout { .. } => ErrorCode::InvalidTimeoutExceedLimit,
            NextError::Count { .. } | NextError::Zone(_) | NextError::Dst { .. } => {
                ErrorCode::InvalidParameter
            }
        };
        ApiError::new(code, err.to_string()).with_cause(err)
    }
}
