//! The context rules' faults: the one place where a context rule meets its API code.

use super::{ApiError, ErrorCode};
use crate::context::{ContextError, ContextKind as K};

/// The API code a context fault is answered with.
fn code(kind: &K) -> ErrorCode {
    use ErrorCode as C;
    match kind {
        K::TokenMismatch { .. } => C::IdempotentParameterMismatch,
        K::TokenProcessing { .. } => C::IdempotentProcessing,
        K::RegionNotFound { .. } => C::InvalidRegionIdNotFound,
        K::ApiNotSupported { .. } => C::RegionIdApiNotSupported,
        K::GroupNotFound { .. } => C::InvalidResourceGroupNotFound,
        K::GroupBusy { .. } => C::InvalidStatusResourceGroup,
        K::ParameterNotFound { .. } => C::ParameterStoreInvalidParameters,
        K::ParameterDenied { .. } => C::ParameterStoreNoPermission,
        K::TooManyInstances { .. } | K::TooManyTagged { .. } => C::InstanceIdsExceedLimit,
        K::NoTaggedInstance { .. } => C::InvalidResourceTagInstanceNotFound,
        K::NoSuchInstance { .. } | K::OtherRegion { .. } => C::InvalidInstanceNotFound,
        K::OutsideGroup { .. } => C::InvalidParameterResourceGroupId,
        K::NotRunning { .. } | K::WrongOs { .. } => C::InvalidInstanceNotMatch,
        K::CommandQuota { .. } => C::CmdCountExceedQuota,
        K::InvocationQuota { .. } => C::InvocationExceedQuota,
    }
}

impl From<ContextError> for ApiError {
    #[cold]
    fn from(err: ContextError) -> ApiError {
        ApiError::new(code(&err.kind), err.to_string())
            .with_field(err.subject.to_string())
            .with_cause(err)
    }
}
