//! Reference implementation of the request rules of Alibaba Cloud ECS `RunCommand`.

pub mod error;
pub mod request;
pub mod schedule;
pub mod template;
pub mod wire;

pub use error::{ApiError, ErrorCode};
