//! The internal, typed faults of the context rules. `src/error/context.rs` maps them to API
//! codes.

use std::fmt;

use super::{Fingerprint, GroupStatus, OsType, Quota};
use crate::request::{CommandType, Subject};

/// What a context fault is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ContextKind {
    /// The ClientToken was used by a request with another Fingerprint.
    TokenMismatch {
        token: String,
        earlier: Fingerprint,
        now: Fingerprint,
    },
    /// The earlier request with the ClientToken is still being processed.
    TokenProcessing { token: String },
    /// No such region.
    RegionNotFound { region: String },
    /// The region does not offer the API.
    ApiNotSupported { region: String },
    /// No such resource group.
    GroupNotFound { group: String },
    /// The resource group is being created or deleted.
    GroupBusy { group: String, status: GroupStatus },
    /// No such Parameter Store parameter.
    ParameterNotFound { name: String },
    /// The caller may not read the Parameter Store parameter.
    ParameterDenied { name: String },
    /// More instance ids than one call may target.
    TooManyInstances { count: usize, limit: u32 },
    /// ResourceTag selects more instances than one call may target.
    TooManyTagged { limit: u32 },
    /// ResourceTag selects no instance.
    NoTaggedInstance { region: String },
    /// No such instance.
    NoSuchInstance { id: String },
    /// The instance is in another region.
    OtherRegion {
        id: String,
        region: String,
        expected: String,
    },
    /// The instance is not in the request's resource group.
    OutsideGroup {
        id: String,
        group: String,
        expected: String,
    },
    /// The instance is not Running.
    NotRunning { id: String, status: String },
    /// The instance's OS does not run the command's Type (or a container).
    WrongOs {
        id: String,
        os: OsType,
        command_type: CommandType,
        container: bool,
    },
    /// The region keeps as many commands as its quota allows.
    CommandQuota { quota: Quota },
    /// The region ran as many invocations today as its quota allows.
    InvocationQuota { quota: Quota },
}

impl fmt::Display for ContextKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ContextKind as K;
        match self {
            K::TokenMismatch {
                token,
                earlier,
                now,
            } => write!(
                f,
                "`{token}` was used by a request with Fingerprint {earlier}; this request's is {now}"
            ),
            K::TokenProcessing { token } => write!(
                f,
                "the earlier request with `{token}` is still being processed"
            ),
            K::RegionNotFound { region } => write!(f, "`{region}` is not a known region"),
            K::ApiNotSupported { region } => {
                write!(f, "RunCommand is not offered in `{region}`")
            }
            K::GroupNotFound { group } => write!(f, "`{group}` does not exist"),
            K::GroupBusy { group, status } => write!(
                f,
                "`{group}` is {}: it is being {}",
                status.as_str(),
                if *status == GroupStatus::Creating {
                    "created"
                } else {
                    "deleted"
                }
            ),
            K::ParameterNotFound { name } => write!(f, "`{name}` is not in Parameter Store"),
            K::ParameterDenied { name } => {
                write!(f, "the caller may not read `{name}` in Parameter Store")
            }
            K::TooManyInstances { count, limit } => write!(
                f,
                "{count} instances, more than the {limit} one call may target (InstancesPerCall)"
            ),
            K::TooManyTagged { limit } => write!(
                f,
                "selects more than the {limit} instances one call may target (InstancesPerCall)"
            ),
            K::NoTaggedInstance { region } => {
                write!(f, "no instance in `{region}` has every tag given")
            }
            K::NoSuchInstance { id } => write!(f, "{id} does not exist"),
            K::OtherRegion {
                id,
                region,
                expected,
            } => write!(f, "{id} is in {region}, not in {expected}"),
            K::OutsideGroup {
                id,
                group,
                expected,
            } => write!(f, "{id} is in resource group {group}, not in {expected}"),
            K::NotRunning { id, status } => write!(f, "{id} is {status}, not Running"),
            K::WrongOs {
                id,
                os,
                command_type,
                container,
            } => {
                if *container {
                    write!(
                        f,
                        "{id} runs {}; a container runs on Linux only",
                        os.as_str()
                    )
                } else {
                    let wanted = if command_type.is_windows() {
                        "Windows"
                    } else {
                        "Linux"
                    };
                    write!(
                        f,
                        "{id} runs {}; {} runs on {wanted}",
                        os.as_str(),
                        command_type.as_str()
                    )
                }
            }
            K::CommandQuota { quota } => write!(
                f,
                "{} of {} commands are kept in the region; keeping one more exceeds the quota",
                quota.used, quota.limit
            ),
            K::InvocationQuota { quota } => write!(
                f,
                "{} of {} invocations today in the region; one more exceeds the quota",
                quota.used, quota.limit
            ),
        }
    }
}

/// A context fault: the parameter it is about and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{subject}: {kind}")]
pub(crate) struct ContextError {
    pub(crate) subject: Subject,
    pub(crate) kind: ContextKind,
}
