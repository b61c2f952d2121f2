//! Warnings: what a request carries that the API ignores, reads leniently, or that will behave
//! in a way worth knowing on the instance.

use super::RepeatMode;
use crate::context::{AgentVersion, OsType};
use crate::wire::Param;
use std::fmt;

/// Something worth knowing about an accepted request. Its text (`Display`) names the
/// parameter; [`param`](Warning::param) gives the name alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Warning(pub(crate) Kind);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// A common or signature parameter (`Action`, `Signature`, ...): ignored.
    CommonParameter { name: &'static str },
    /// A parameter the RunCommand reference does not list (`OwnerId`, ...): ignored.
    UnknownParameter { name: String },
    /// `Timed` is no longer used.
    TimedIgnored,
    /// A Frequency makes the effective RepeatMode `Period`.
    RepeatModeOverridden { given: RepeatMode },
    /// An unknown ContentEncoding is read as PlainText.
    ContentEncodingAsPlainText { given: String },
    /// With a container, Username, WorkingDir and Launcher do not take effect.
    IgnoredInContainer { param: Param },
    /// With a container a `#!` line does not choose the interpreter: the script runs in `sh`.
    ShebangInContainer,
    /// The same instance id listed twice.
    DuplicateInstanceId { id: String },
    /// A Parameters value holds what the agent expands on the instance: a built-in or a
    /// Parameter Store reference.
    ExpandedByAgent { key: String, what: &'static str },
    /// The script would be larger than the warning threshold once custom parameters are in.
    LargeScript { len: usize, threshold: usize },
    /// The Name puts a blank or a path separator into the script's file name.
    ScriptPath { name: String },
    /// The ClientToken names an earlier request with the same Fingerprint, done: this is a
    /// repeat of it (context rule C1).
    IdempotentRepeat { token: String },
    /// A target instance's agent is older than the request needs: it answers
    /// ClientNeedUpgrade (context rule C5).
    AgentTooOld {
        id: String,
        have: AgentVersion,
        need: AgentVersion,
        os: OsType,
        feature: &'static str,
    },
}

impl Warning {
    /// The parameter the warning is about, as the API names it.
    pub fn param(&self) -> &str {
        match &self.0 {
            Kind::CommonParameter { name } => name,
            Kind::UnknownParameter { name } => name,
            Kind::TimedIgnored => Param::Timed.name(),
            Kind::RepeatModeOverridden { .. } => Param::RepeatMode.name(),
            Kind::ContentEncodingAsPlainText { .. } => Param::ContentEncoding.name(),
            Kind::IgnoredInContainer { param } => param.name(),
            Kind::ShebangInContainer | Kind::LargeScript { .. } => Param::CommandContent.name(),
            Kind::DuplicateInstanceId { .. } => Param::InstanceId.name(),
            Kind::ExpandedByAgent { .. } => Param::Parameters.name(),
            Kind::ScriptPath { .. } => Param::Name.name(),
            Kind::IdempotentRepeat { .. } => Param::ClientToken.name(),
            Kind::AgentTooOld { .. } => Param::InstanceId.name(),
        }
    }
}

impl From<Kind> for Warning {
    fn from(kind: Kind) -> Warning {
        Warning(kind)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::CommonParameter { name } => write!(f, "{name}: common parameter, ignored"),
            Kind::UnknownParameter { name } => {
                write!(f, "{name}: not a RunCommand parameter, ignored")
            }
            Kind::TimedIgnored => f.write_str("Timed: no longer used, ignored"),
            Kind::RepeatModeOverridden { given } => write!(
                f,
                "RepeatMode: `{given}` replaced by Period because Frequency is set"
            ),
            Kind::ContentEncodingAsPlainText { given } => write!(
                f,
                "ContentEncoding: `{given}` is not PlainText or Base64, read as PlainText"
            ),
            Kind::IgnoredInContainer { param } => {
                write!(f, "{param}: does not take effect in a container")
            }
            Kind::ShebangInContainer => f.write_str(
                "CommandContent: a #! line does not choose the interpreter in a container",
            ),
            Kind::DuplicateInstanceId { id } => write!(f, "InstanceId: {id} is listed twice"),
            Kind::ExpandedByAgent { key, what } => write!(
                f,
                "Parameters: the value of `{key}` holds {what}, which the agent expands on the instance"
            ),
            Kind::LargeScript { len, threshold } => write!(
                f,
                "CommandContent: the script is {len} bytes once Parameters are in, more than {threshold}"
            ),
            Kind::ScriptPath { name } => write!(
                f,
                "Name: `{name}` puts a blank or a path separator into the script's file name, \
                 which the agent splits or treats as a directory"
            ),
            Kind::IdempotentRepeat { token } => write!(
                f,
                "ClientToken: `{token}` names an earlier request with the same Fingerprint: \
                 this is a repeat of it, accepted again"
            ),
            Kind::AgentTooOld {
                id,
                have,
                need,
                os,
                feature,
            } => write!(
                f,
                "InstanceId: {id} runs Cloud Assistant Agent {have}; {feature} needs {need} on {}: \
                 that instance answers ClientNeedUpgrade",
                os.as_str()
            ),
        }
    }
}
