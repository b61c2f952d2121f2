//! Rendering faults: an instance the request does not target, a script too large, a built-in
//! the agent refuses.

use super::{ApiError, ErrorCode};
use crate::render::RenderError;

impl From<RenderError> for ApiError {
    #[cold]
    fn from(err: RenderError) -> ApiError {
        match err {
            RenderError::InstanceId(rule) => ApiError::from(rule),
            RenderError::NotATarget { .. } => {
                ApiError::new(ErrorCode::InvalidParameter, err.to_string())
                    .with_field("InstanceId")
                    .with_cause(err)
            }
            RenderError::Context(context) => ApiError::from(context),
            RenderError::NeedsUpgrade { .. } => {
                ApiError::new(ErrorCode::ClientNeedUpgrade, err.to_string())
                    .with_field("InstanceId")
                    .with_cause(err)
            }
            RenderError::Script(ref script) => {
                let code = super::template::code(script.kind());
                let offset = script.offset();
                ApiError::new(code, err.to_string())
                    .with_field("CommandContent")
                    .with_offset(offset)
                    .with_cause(err)
            }
        }
    }
}
