//! The checked RunCommand request: every static rule, in the documented order.
//!
//! ```text
//! RawRequest --check(raw, now)-----> CheckedRequest      the first fault, or
//!            --check_all(raw, now)-> CheckedRequest      every fault, in order
//! ```
//!
//! A [`CheckedRequest`] exists only when every static rule holds, and it is complete when it
//! is built: the content decoded once (as bytes), the template parsed once (with
//! EnableParameter true), the Launcher and the Frequency parsed once, Parameters as values,
//! defaults filled in (Timeout 60, PlainText, RepeatMode Once or Period, KeepCommand and
//! EnableParameter false).
//!
//! The rules run in a fixed order, each a small function; the first fault is the answer
//! ([`check`]) or all of them are listed ([`check_all`]); both run the same code. The order,
//! as in `spec/request-rules.md`:
//!
//! ```text
//!  1 RegionId, Type, CommandContent present        10 KeepCommand; size with Parameters
//!  2 Name, Description                             11 Username, WindowsPasswordName
//!  3 Type                                          12 InstanceId (count, each id)
//!  4 CommandContent (size, Base64, {{names}})      13 Tag (count, keys, values, duplicates)
//!  5 WorkingDir                                    14 ContainerId, ContainerName, container Type
//!  6 Timeout                                       15 ClientToken
//!  7 EnableParameter                               16 ResourceTag; InstanceId xor ResourceTag
//!  8 RepeatMode, Frequency                         17 TerminationMode
//!  9 Parameters                                    18 Launcher
//! ```

mod error;
mod output;
mod rules;
mod types;
mod warning;

pub(crate) use error::{RuleError, RuleKind, Subject};
pub(crate) use output::TagObject;
pub(crate) use rules::{AllFaults, FirstFault, Mode};
pub use types::{
    CommandType, ContentEncoding, InstanceId, Parameters, RepeatMode, Tag, TerminationMode, Timeout,
};
pub(crate) use warning::Kind as WarningKind;
pub use warning::Warning;

use crate::ApiError;
use crate::schedule::Frequency;
use crate::template::{Launcher, MAX_CUSTOM_NAMES, Template};
use crate::wire::RawRequest;
use chrono::{DateTime, Utc};

/// A RunCommand request that satisfies every static rule.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedRequest {
    pub(crate) region_id: String,
    pub(crate) resource_group_id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) command_type: CommandType,
    pub(crate) content: Content,
    pub(crate) content_encoding: ContentEncoding,
    pub(crate) working_dir: Option<String>,
    pub(crate) timeout: Timeout,
    pub(crate) enable_parameter: bool,
    pub(crate) repeat_mode: RepeatMode,
    pub(crate) frequency: Option<(String, Frequency)>,
    pub(crate) parameters: Option<Parameters>,
    pub(crate) keep_command: bool,
    pub(crate) username: Option<String>,
    pub(crate) windows_password_name: Option<String>,
    pub(crate) instance_ids: Vec<InstanceId>,
    pub(crate) tags: Vec<Tag>,
    pub(crate) container_id: Option<String>,
    pub(crate) container_name: Option<String>,
    pub(crate) client_token: Option<String>,
    pub(crate) resource_tags: Vec<Tag>,
    pub(crate) termination_mode: Option<TerminationMode>,
    pub(crate) launcher: Option<Launcher>,
    pub(crate) warnings: Vec<Warning>,
    /// The instances ResourceTag.N selected, when a view answered (`check_with`).
    pub(crate) selected: Vec<InstanceId>,
}

/// The command content, decoded: a template with EnableParameter true, else bytes delivered
/// as they are.
// One per request, never in a collection: boxing the large variant would cost the
// allocation its bindings are held in place to save.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Content {
    Text(Vec<u8>),
    Template {
        template: Template,
        /// For each distinct custom name of the template, where its value stands in
        /// Parameters.
        bindings: Bindings,
    },
}

/// For each distinct custom name of a template, in order, where its value stands in
/// Parameters: at most [`MAX_CUSTOM_NAMES`], so held in place rather than allocated.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Bindings {
    at: [usize; MAX_CUSTOM_NAMES],
    len: usize,
}

impl Bindings {
    /// Adds the binding of the next name (a template has at most [`MAX_CUSTOM_NAMES`]).
    pub(crate) fn push(&mut self, at: usize) {
        debug_assert!(self.len < MAX_CUSTOM_NAMES);
        self.at[self.len] = at;
        self.len += 1;
    }
}

impl std::ops::Deref for Bindings {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        &self.at[..self.len]
    }
}

/// Checks a decoded request, stopping at the first fault in the documented order; `now` is
/// the current time (for `at(...)` and cron years).
///
/// # Errors
/// The first fault, as an [`ApiError`]: any static code of the RunCommand table
/// (`MissingParameter.*`, `CmdName.ExceedLimit`, `InvalidCmdType.NotFound`,
/// `CmdContent.ExceedLimit`, `InvalidParam.Frequency`, `Parameter.NotMatched`,
/// `InvalidInstance.NotFound`, ...).
///
/// # Example
/// ```
/// use ecs_runcommand::{check, DateTime, RawRequest};
///
/// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
/// let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-abc")?;
/// let request = check(raw, now)?;
/// assert_eq!(request.timeout().get(), 60);
/// assert_eq!(request.repeat_mode().as_str(), "Once");
///
/// let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=")?;
/// let err = check(raw, now).unwrap_err();
/// assert_eq!(err.code().as_str(), "MissingParam.InstanceId");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(raw: RawRequest<'_>, now: DateTime<Utc>) -> Result<CheckedRequest, ApiError> {
    rules::first_fault(raw, now)
}

/// Checks a decoded request and lists every fault, in the documented order. A fault that
/// makes a later check meaningless skips that check (a content over the size limit is not
/// scanned for names, so no `Parameter.NotMatched` follows from it).
///
/// # Errors
/// Every fault found, each as in [`check`]; the list is never empty.
///
/// # Example
/// ```
/// use ecs_runcommand::{check_all, DateTime, RawRequest};
///
/// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
/// let raw = RawRequest::from_query(b"Type=RunPerlScript&CommandContent=ls&Timeout=5")?;
/// let codes: Vec<_> = check_all(raw, now)
///     .unwrap_err()
///     .iter()
///     .map(|e| e.code().as_str())
///     .collect();
/// assert_eq!(codes, ["MissingParameter.RegionId", "InvalidCmdType.NotFound",
///     "InvalidTimeout.ExceedLimit", "MissingParam.InstanceId"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_all(raw: RawRequest<'_>, now: DateTime<Utc>) -> Result<CheckedRequest, Vec<ApiError>> {
    rules::all_faults(raw, now)
}

impl CheckedRequest {
    /// `RegionId`.
    pub fn region_id(&self) -> &str {
        &self.region_id
    }
    /// `ResourceGroupId`, if given.
    pub fn resource_group_id(&self) -> Option<&str> {
        self.resource_group_id.as_deref()
    }
    /// `Name`, if given.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// `Description`, if given.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// `Type`.
    pub fn command_type(&self) -> CommandType {
        self.command_type
    }
    /// `CommandContent`, decoded: the bytes of the script as sent (Base64 decoded when
    /// [`content_encoding`](Self::content_encoding) is Base64; they need not be UTF-8).
    pub fn content(&self) -> &[u8] {
        match &self.content {
            Content::Text(bytes) => bytes,
            Content::Template { template, .. } => template.as_bytes(),
        }
    }
    /// The content parsed as a template, when EnableParameter is true.
    pub fn template(&self) -> Option<&Template> {
        match &self.content {
            Content::Text(_) => None,
            Content::Template { template, .. } => Some(template),
        }
    }
    /// `ContentEncoding` (PlainText when not given or not recognised).
    pub fn content_encoding(&self) -> ContentEncoding {
        self.content_encoding
    }
    /// `WorkingDir`, if given.
    pub fn working_dir(&self) -> Option<&str> {
        self.working_dir.as_deref()
    }
    /// `Timeout` (60 when not given).
    pub fn timeout(&self) -> Timeout {
        self.timeout
    }
    /// `EnableParameter` (false when not given).
    pub fn enable_parameter(&self) -> bool {
        self.enable_parameter
    }
    /// The effective `RepeatMode`: Period whenever a Frequency is given, else as given or
    /// Once.
    pub fn repeat_mode(&self) -> RepeatMode {
        self.repeat_mode
    }
    /// `Frequency`, parsed.
    pub fn frequency(&self) -> Option<&Frequency> {
        self.frequency.as_ref().map(|(_, f)| f)
    }
    /// `Frequency`, as sent.
    pub fn frequency_text(&self) -> Option<&str> {
        self.frequency.as_ref().map(|(text, _)| text.as_str())
    }
    /// `Parameters`, if given.
    pub fn parameters(&self) -> Option<&Parameters> {
        self.parameters.as_ref()
    }
    /// `KeepCommand` (false when not given).
    pub fn keep_command(&self) -> bool {
        self.keep_command
    }
    /// `Username`, if given.
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }
    /// `WindowsPasswordName`, if given.
    pub fn windows_password_name(&self) -> Option<&str> {
        self.windows_password_name.as_deref()
    }
    /// `InstanceId.N`, in index order (empty items left out).
    pub fn instance_ids(&self) -> &[InstanceId] {
        &self.instance_ids
    }
    /// `Tag.N`, in index order.
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }
    /// `ContainerId`, if given.
    pub fn container_id(&self) -> Option<&str> {
        self.container_id.as_deref()
    }
    /// `ContainerName`, if given.
    pub fn container_name(&self) -> Option<&str> {
        self.container_name.as_deref()
    }
    /// `ClientToken`, if given.
    pub fn client_token(&self) -> Option<&str> {
        self.client_token.as_deref()
    }
    /// `ResourceTag.N`, in index order.
    pub fn resource_tags(&self) -> &[Tag] {
        &self.resource_tags
    }
    /// `TerminationMode`, if given.
    pub fn termination_mode(&self) -> Option<TerminationMode> {
        self.termination_mode
    }
    /// `Launcher`, parsed, if given.
    pub fn launcher(&self) -> Option<&Launcher> {
        self.launcher.as_ref()
    }
    /// Whether the command runs in a container (ContainerId or ContainerName given).
    pub fn in_container(&self) -> bool {
        self.container_id.is_some() || self.container_name.is_some()
    }
    /// The instances the command runs on: InstanceId.N as listed, or the instances
    /// ResourceTag.N selected when the request was checked with a view
    /// ([`check_with`](crate::check_with)); empty for ResourceTag.N checked without one.
    pub fn targets(&self) -> &[InstanceId] {
        if self.instance_ids.is_empty() {
            &self.selected
        } else {
            &self.instance_ids
        }
    }
    /// What was ignored, read leniently, or will behave in a way worth knowing on the
    /// instance.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}
