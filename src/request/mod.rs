//! The typed RunCommand request and its static rules.
//!
//! ```text
//! RawRequest (wire) --RunCommandRequest::validate(raw, now)--> RunCommandRequest
//!                   --RunCommandRequest::validate_all(raw, now)--> every fault
//! ```
//!
//! A [`RunCommandRequest`] exists only when every static rule holds: its fields are private and
//! typed (newtypes with their limits as constants), defaults filled in (Timeout 60, PlainText,
//! RepeatMode Once or Period, KeepCommand and EnableParameter false).
//!
//! The rules run in a fixed order; the first fault is the answer ([`RunCommandRequest::validate`])
//! or all of them are listed ([`RunCommandRequest::validate_all`]). The order, as in
//! `spec/request-rules.md`:
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
mod types;
mod validate;

pub use error::{RuleError, RuleKind, Subject};
pub use types::{
    ClientToken, CommandName, CommandType, ContainerId, ContainerName, ContentEncoding,
    Description, InstanceId, Parameters, RepeatMode, Tag, TagKey, TagValue, TerminationMode,
    Timeout, Username, WindowsPasswordName, WorkingDir, base64_len,
};

use crate::ApiError;
use crate::schedule::Frequency;
use crate::wire::{Field, RawRequest, Warning, WireError};
use chrono::{DateTime, Utc};
use std::borrow::Cow;

/// The Base64 size limit of content plus Parameters when the command is not kept (24 KiB).
pub const CONTENT_LIMIT: usize = 24 * 1024;
/// The Base64 size limit of content plus Parameters when KeepCommand is true (18 KiB).
pub const CONTENT_LIMIT_KEPT: usize = 18 * 1024;

/// A RunCommand request that satisfies every static rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RunCommandRequest {
    region_id: String,
    resource_group_id: Option<String>,
    name: Option<CommandName>,
    description: Option<Description>,
    command_type: CommandType,
    command_content: String,
    working_dir: Option<WorkingDir>,
    timeout: Timeout,
    enable_parameter: bool,
    repeat_mode: RepeatMode,
    frequency_text: Option<String>,
    frequency: Option<Frequency>,
    parameters: Option<Parameters>,
    keep_command: bool,
    content_encoding: ContentEncoding,
    username: Option<Username>,
    windows_password_name: Option<WindowsPasswordName>,
    instance_ids: Vec<InstanceId>,
    tags: Vec<Tag>,
    container_id: Option<ContainerId>,
    container_name: Option<ContainerName>,
    client_token: Option<ClientToken>,
    resource_tags: Vec<Tag>,
    termination_mode: Option<TerminationMode>,
    launcher: Option<String>,
    warnings: Vec<Warning>,
}

impl RunCommandRequest {
    /// Validates a decoded request; `now` is the current time (for `at(...)` and cron years).
    ///
    /// # Errors
    /// The first fault in the documented order, as an [`ApiError`]: any static code of the
    /// RunCommand table (`MissingParameter.*`, `CmdName.ExceedLimit`, `InvalidCmdType.NotFound`,
    /// `CmdContent.ExceedLimit`, `InvalidParam.Frequency`, `Parameter.NotMatched`, ...).
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::request::RunCommandRequest;
    /// use ecs_runcommand::wire::RawRequest;
    ///
    /// let now = "2025-01-01T00:00:00Z".parse()?;
    /// let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-abc")?;
    /// let request = RunCommandRequest::validate(&raw, now)?;
    /// assert_eq!(request.timeout().get(), 60);
    /// assert_eq!(request.repeat_mode().as_str(), "Once");
    ///
    /// let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls")?;
    /// let err = RunCommandRequest::validate(&raw, now).unwrap_err();
    /// assert_eq!(err.code().as_str(), "MissingParam.InstanceId");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(
        raw: &RawRequest<'_>,
        now: DateTime<Utc>,
    ) -> Result<RunCommandRequest, ApiError> {
        let mut request = first_fault(raw, now)?;
        request.copy_texts(raw);
        Ok(request)
    }

    /// Validates a decoded request and lists every fault, in the documented order.
    ///
    /// # Errors
    /// Every fault found, each as in [`RunCommandRequest::validate`] (never an empty list).
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::request::RunCommandRequest;
    /// use ecs_runcommand::wire::RawRequest;
    ///
    /// let now = "2025-01-01T00:00:00Z".parse()?;
    /// let raw = RawRequest::from_query(b"Type=RunPerlScript&CommandContent=ls&Timeout=5")?;
    /// let codes: Vec<_> = RunCommandRequest::validate_all(&raw, now)
    ///     .unwrap_err()
    ///     .iter()
    ///     .map(|e| e.code().as_str())
    ///     .collect();
    /// assert_eq!(codes, ["MissingParameter.RegionId", "InvalidCmdType.NotFound",
    ///     "InvalidTimeout.ExceedLimit", "MissingParam.InstanceId"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_all(
        raw: &RawRequest<'_>,
        now: DateTime<Utc>,
    ) -> Result<RunCommandRequest, Vec<ApiError>> {
        let mut request = every_fault(raw, now)?;
        request.copy_texts(raw);
        Ok(request)
    }

    /// Adds the texts the request keeps, copied from `raw`.
    fn copy_texts(&mut self, raw: &RawRequest<'_>) {
        self.command_content = raw
            .get(Field::CommandContent)
            .unwrap_or_default()
            .to_owned();
        self.frequency_text = raw
            .get(Field::Frequency)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        if let (Some(kept), Some(given)) = (&mut self.parameters, raw.parameters()) {
            kept.0 = given.entries().to_vec();
        }
        let mut warnings = raw.warnings().to_vec();
        warnings.append(&mut self.warnings);
        self.warnings = warnings;
    }

    /// Adds the texts the request keeps, moved out of `raw` (no copy of what was decoded).
    fn take_texts(&mut self, mut raw: RawRequest<'_>) {
        self.command_content = raw
            .take(Field::CommandContent)
            .map(Cow::into_owned)
            .unwrap_or_default();
        self.frequency_text = raw
            .take(Field::Frequency)
            .filter(|t| !t.is_empty())
            .map(Cow::into_owned);
        if let (Some(kept), Some(given)) = (&mut self.parameters, raw.take_parameters()) {
            kept.0 = given.into_entries();
        }
        let mut warnings = raw.take_warnings();
        warnings.append(&mut self.warnings);
        self.warnings = warnings;
    }

    /// `RegionId`.
    pub fn region_id(&self) -> &str {
        &self.region_id
    }
    /// `ResourceGroupId`, if given.
    pub fn resource_group_id(&self) -> Option<&str> {
        self.resource_group_id.as_deref()
    }
    /// `Name`, if given.
    pub fn name(&self) -> Option<&CommandName> {
        self.name.as_ref()
    }
    /// `Description`, if given.
    pub fn description(&self) -> Option<&Description> {
        self.description.as_ref()
    }
    /// `Type`.
    pub fn command_type(&self) -> CommandType {
        self.command_type
    }
    /// `CommandContent`, as sent (Base64 when [`content_encoding`](Self::content_encoding) is).
    pub fn command_content(&self) -> &str {
        &self.command_content
    }
    /// `WorkingDir`, if given.
    pub fn working_dir(&self) -> Option<&WorkingDir> {
        self.working_dir.as_ref()
    }
    /// `Timeout` (60 when not given).
    pub fn timeout(&self) -> Timeout {
        self.timeout
    }
    /// `EnableParameter` (false when not given).
    pub fn enable_parameter(&self) -> bool {
        self.enable_parameter
    }
    /// The effective `RepeatMode`: Period whenever a Frequency is given, else as given or Once.
    pub fn repeat_mode(&self) -> RepeatMode {
        self.repeat_mode
    }
    /// `Frequency`, as sent.
    pub fn frequency_text(&self) -> Option<&str> {
        self.frequency_text.as_deref()
    }
    /// `Frequency`, parsed.
    pub fn frequency(&self) -> Option<&Frequency> {
        self.frequency.as_ref()
    }
    /// `Parameters`, if given.
    pub fn parameters(&self) -> Option<&Parameters> {
        self.parameters.as_ref()
    }
    /// `KeepCommand` (false when not given).
    pub fn keep_command(&self) -> bool {
        self.keep_command
    }
    /// `ContentEncoding` (PlainText when not given or not recognised).
    pub fn content_encoding(&self) -> ContentEncoding {
        self.content_encoding
    }
    /// `Username`, if given.
    pub fn username(&self) -> Option<&Username> {
        self.username.as_ref()
    }
    /// `WindowsPasswordName`, if given.
    pub fn windows_password_name(&self) -> Option<&WindowsPasswordName> {
        self.windows_password_name.as_ref()
    }
    /// `InstanceId.N`, in index order.
    pub fn instance_ids(&self) -> &[InstanceId] {
        &self.instance_ids
    }
    /// `Tag.N`, in index order.
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }
    /// `ContainerId`, if given.
    pub fn container_id(&self) -> Option<&ContainerId> {
        self.container_id.as_ref()
    }
    /// `ContainerName`, if given.
    pub fn container_name(&self) -> Option<&ContainerName> {
        self.container_name.as_ref()
    }
    /// `ClientToken`, if given.
    pub fn client_token(&self) -> Option<&ClientToken> {
        self.client_token.as_ref()
    }
    /// `ResourceTag.N`, in index order.
    pub fn resource_tags(&self) -> &[Tag] {
        &self.resource_tags
    }
    /// `TerminationMode`, if given.
    pub fn termination_mode(&self) -> Option<TerminationMode> {
        self.termination_mode
    }
    /// `Launcher`, if given.
    pub fn launcher(&self) -> Option<&str> {
        self.launcher.as_deref()
    }
    /// What was ignored or read leniently, from decoding and validation.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

#[cold]
fn internal() -> ApiError {
    ApiError::new(
        crate::ErrorCode::InternalErrorDispatch,
        "request validation ended without a result (a bug)",
    )
}

/// Runs the rules, stopping at the first fault.
fn first_fault(raw: &RawRequest<'_>, now: DateTime<Utc>) -> Result<RunCommandRequest, ApiError> {
    let mut sink = validate::Sink::new(false);
    let result = validate::run(raw, now, &mut sink);
    finish(result, sink).map_err(|mut errors| {
        if errors.is_empty() {
            internal()
        } else {
            errors.swap_remove(0)
        }
    })
}

/// Runs the rules, listing every fault.
fn every_fault(
    raw: &RawRequest<'_>,
    now: DateTime<Utc>,
) -> Result<RunCommandRequest, Vec<ApiError>> {
    let mut sink = validate::Sink::new(true);
    let result = validate::run(raw, now, &mut sink);
    finish(result, sink).map_err(|errors| {
        if errors.is_empty() {
            vec![internal()]
        } else {
            errors
        }
    })
}

fn finish(
    result: Result<Option<RunCommandRequest>, validate::Stop>,
    sink: validate::Sink,
) -> Result<RunCommandRequest, Vec<ApiError>> {
    match result {
        Ok(Some(request)) if sink.errors.is_empty() => Ok(request),
        _ => Err(sink.errors),
    }
}

/// Where a request comes from: a query string / form body, or a JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input<'a> {
    /// `RegionId=...&Type=...` (no leading `?`).
    Query(&'a [u8]),
    /// `{"RegionId": ..., ...}`.
    Json(&'a str),
}

impl<'a> Input<'a> {
    /// A JSON object when the first non-blank character is `{`, else a query string.
    pub fn detect(text: &'a str) -> Input<'a> {
        if text.trim_start().starts_with('{') {
            Input::Json(text)
        } else {
            Input::Query(text.trim().as_bytes())
        }
    }

    /// Decodes the input.
    ///
    /// # Errors
    /// A [`WireError`] (answered as `InvalidParameter`).
    pub fn decode(self) -> Result<RawRequest<'a>, WireError> {
        match self {
            Input::Query(bytes) => RawRequest::from_query(bytes),
            Input::Json(text) => RawRequest::from_json(text),
        }
    }
}

/// Decodes and validates a request in one step (first fault).
///
/// # Errors
/// `InvalidParameter` for input that cannot be decoded, else as
/// [`RunCommandRequest::validate`].
///
/// # Example
/// ```
/// use ecs_runcommand::request::{check, Input};
///
/// let now = "2025-01-01T00:00:00Z".parse()?;
/// let input = Input::detect(r#"{"RegionId": "cn-hangzhou", "Type": "RunShellScript",
///     "CommandContent": "ls", "InstanceId": ["i-abc"], "Timeout": 600}"#);
/// assert_eq!(check(input, now)?.timeout().get(), 600);
///
/// let err = check(Input::detect("RegionId=a&RegionId=b"), now).unwrap_err();
/// assert_eq!(err.code().as_str(), "InvalidParameter");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(input: Input<'_>, now: DateTime<Utc>) -> Result<RunCommandRequest, ApiError> {
    let raw = input.decode()?;
    let mut request = first_fault(&raw, now)?;
    request.take_texts(raw);
    Ok(request)
}

/// Decodes and validates a request in one step, listing every fault.
///
/// # Errors
/// A single `InvalidParameter` for input that cannot be decoded, else as
/// [`RunCommandRequest::validate_all`].
///
/// # Example
/// ```
/// use ecs_runcommand::request::{check_all, Input};
///
/// let now = "2025-01-01T00:00:00Z".parse()?;
/// let errors = check_all(Input::detect("Name=x"), now).unwrap_err();
/// assert_eq!(errors.len(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_all(input: Input<'_>, now: DateTime<Utc>) -> Result<RunCommandRequest, Vec<ApiError>> {
    let raw = input.decode().map_err(|e| vec![ApiError::from(e)])?;
    let mut request = every_fault(&raw, now)?;
    request.take_texts(raw);
    Ok(request)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// `check` moves the kept texts out of the decoded request; `validate` copies them: same
    /// request, warnings in the same order.
    #[test]
    fn ok_moved_and_copied_texts_agree() {
        let now = "2025-01-01T00:00:00Z".parse().unwrap();
        for query in [
            "RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo%20%7B%7Bname%7D%7D\
             &EnableParameter=true&Parameters=%7B%22name%22%3A%22a%20b%22%7D\
             &Frequency=0%20*%2F20%20*%20*%20*%20%3F&RepeatMode=Once&Timed=x&Action=RunCommand\
             &InstanceId.1=i-a&InstanceId.2=i-a&Tag.1.Key=k&Tag.1.Value=v",
            "RegionId=r&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-a&OwnerId=1",
            "RegionId=r&Type=RunShellScript&CommandContent=ZWNobyB7e3h9fQ%3D%3D\
             &ContentEncoding=Base64&EnableParameter=true&Parameters=%7B%22x%22%3A%221%22%7D\
             &InstanceId.1=i-a",
        ] {
            let moved = check(Input::Query(query.as_bytes()), now).unwrap();
            let raw = RawRequest::from_query(query.as_bytes()).unwrap();
            let copied = RunCommandRequest::validate(&raw, now).unwrap();
            assert_eq!(moved, copied, "{query}");
            let all = check_all(Input::Query(query.as_bytes()), now).unwrap();
            assert_eq!(all, copied, "{query}");
            assert!(!moved.command_content().is_empty());
        }
    }
}
