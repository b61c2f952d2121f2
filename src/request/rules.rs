//! The static rules, in their documented order, each a small function.
//!
//! Both modes run this code. A rule gives its value, or records a fault: in first-fault mode
//! the fault ends the run ([`Mode::Stop`] carries it out); in all-faults mode it is kept and
//! the rule gives a [`Recorded`] in place of its value, which only recording a fault can make.
//! The request is built from the rules' results at the end, so it exists exactly when no
//! rule recorded a fault: there is no placeholder to patch and no case left over.
//!
//! Values that an early rule needs and a later rule reports (KeepCommand and EnableParameter
//! for the content) are read once, before the rules, and reported at their own place.

use std::borrow::Cow;
use std::convert::Infallible;
use std::marker::PhantomData;

use base64::Engine as _;
use chrono::{DateTime, Utc};

use super::error::{RuleError, RuleKind, Subject, shorten};
use super::types::{self, base64_len, compact_json_len, longer_than, read_bool};
use super::warning::Kind as W;
use super::{
    Bindings, CheckedRequest, CommandType, Content, ContentEncoding, InstanceId, Parameters,
    RepeatMode, Tag, TerminationMode, Timeout, Warning,
};
use crate::ApiError;
use crate::render::Invocation;
use crate::schedule::Frequency;
use crate::template::{Launcher, MAX_CUSTOM_NAMES, Template, find_builtin, find_open, find_store};
use crate::wire::{Limit, Param, RawRequest};

/// How a run treats a fault.
pub(crate) trait Mode {
    /// What a rule gives in place of its value after recording a fault.
    type Recorded: Copy;
    /// What ends the run early.
    type Stop;
    /// Records `err`.
    fn fault(faults: &mut Vec<ApiError>, err: ApiError) -> Result<Self::Recorded, Self::Stop>;
}

/// The first fault ends the run: no rule ever gives a [`Mode::Recorded`].
pub(crate) struct FirstFault;

impl Mode for FirstFault {
    type Recorded = Infallible;
    type Stop = ApiError;

    fn fault(_: &mut Vec<ApiError>, err: ApiError) -> Result<Infallible, ApiError> {
        Err(err)
    }
}

/// Every fault is kept: the run never stops early.
pub(crate) struct AllFaults;

/// Proof that a fault was recorded; only [`AllFaults::fault`] makes one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recorded(());

impl Mode for AllFaults {
    type Recorded = Recorded;
    type Stop = Infallible;

    fn fault(faults: &mut Vec<ApiError>, err: ApiError) -> Result<Recorded, Infallible> {
        faults.push(err);
        Ok(Recorded(()))
    }
}

/// A rule's value, or the proof that it recorded a fault.
type Checked<T, M> = Result<T, <M as Mode>::Recorded>;
/// What a rule returns: its checked value, or the end of the run.
type Step<T, M> = Result<Checked<T, M>, <M as Mode>::Stop>;
pub(crate) fn first_fault(
    mut raw: RawRequest<'_>,
    now: DateTime<Utc>,
) -> Result<CheckedRequest, ApiError> {
    let Ok(request) = Checker::<FirstFault>::new(&mut raw, now).run()?;
    Ok(request)
}

pub(crate) fn all_faults(
    mut raw: RawRequest<'_>,
    now: DateTime<Utc>,
) -> Result<CheckedRequest, Vec<ApiError>> {
    let mut checker = Checker::<AllFaults>::new(&mut raw, now);
    let Ok(built) = checker.run();
    match built {
        Ok(request) if checker.faults.is_empty() => Ok(request),
        // A `Recorded` exists only once a fault is in the list: the list is not empty.
        _ => Err(checker.faults),
    }
}

/// The decoded content: its bytes (or its template) and its Base64 size.
struct Decoded {
    content: Result<Vec<u8>, Template>,
    base64_size: usize,
}

impl Decoded {
    fn template(&self) -> Option<&Template> {
        self.content.as_ref().err()
    }
}

/// One run of the rules over a request, which it takes its values from (it borrows the
/// request rather than moving a large value in).
struct Checker<'r, 'a, M: Mode> {
    raw: &'r mut RawRequest<'a>,
    now: DateTime<Utc>,
    faults: Vec<ApiError>,
    warnings: Vec<Warning>,
    mode: PhantomData<M>,
}

impl<'r, 'a, M: Mode> Checker<'r, 'a, M> {
    fn new(raw: &'r mut RawRequest<'a>, now: DateTime<Utc>) -> Self {
        Checker {
            raw,
            now,
            faults: Vec::new(),
            warnings: Vec::new(),
            mode: PhantomData,
        }
    }

    fn fault(&mut self, err: RuleError) -> Result<M::Recorded, M::Stop> {
        M::fault(&mut self.faults, ApiError::from(err))
    }

    fn check<T>(&mut self, result: Result<T, RuleError>) -> Step<T, M> {
        match result {
            Ok(value) => Ok(Ok(value)),
            Err(err) => Ok(Err(self.fault(err)?)),
        }
    }

    fn warn(&mut self, kind: W) {
        crate::wire::first_room(&mut self.warnings);
        self.warnings.push(Warning(kind));
    }

    /// An optional parameter: absent when not sent or sent empty.
    fn opt(&self, param: Param) -> Option<&str> {
        self.raw.get(param).filter(|text| !text.is_empty())
    }

    /// An optional parameter moved out (absent when not sent or sent empty).
    fn take_opt(&mut self, param: Param) -> Option<Cow<'a, str>> {
        self.raw.take(param).filter(|text| !text.is_empty())
    }

    /// A required parameter: a fault when absent, empty or only blanks.
    fn required(&mut self, param: Param) -> Step<Cow<'a, str>, M> {
        debug_assert!(param.required());
        let given = self.raw.take(param).filter(|t| !t.trim().is_empty());
        self.check(given.ok_or_else(|| RuleError::of(param, RuleKind::Missing)))
    }

    /// An optional text parameter, within its limit and without control characters but
    /// `allowed`.
    fn text(&mut self, param: Param, allowed: &[char]) -> Step<Option<String>, M> {
        let read = self
            .opt(param)
            .map(|t| types::text(param, t, allowed))
            .transpose();
        self.check(read)
    }

    /// An optional parameter read by `read`, or `default` when absent.
    fn value<T>(
        &mut self,
        param: Param,
        default: T,
        read: impl FnOnce(&str) -> Result<T, RuleError>,
    ) -> Step<T, M> {
        let read = self.opt(param).map_or(Ok(default), read);
        self.check(read)
    }

    #[allow(clippy::too_many_lines)] // the rules in their order, each a call
    fn run(&mut self) -> Step<CheckedRequest, M> {
        for ignored in std::mem::take(&mut self.raw.ignored) {
            self.warn(match ignored.common {
                Some(name) => W::CommonParameter { name },
                None => W::UnknownParameter {
                    name: shorten(&ignored.name),
                },
            });
        }
        // Read once here, reported at their own place (7 and 10); the content rule uses them
        // leniently (an invalid value counts as false).
        let keep = self
            .opt(Param::KeepCommand)
            .map_or(Ok(false), |t| read_bool(Param::KeepCommand, t));
        let enable = self
            .opt(Param::EnableParameter)
            .map_or(Ok(false), |t| read_bool(Param::EnableParameter, t));

        // 1. Required parameters.
        let region_present = self.required(Param::RegionId)?;
        let type_present = self.required(Param::Type)?;
        let content_present = self.required(Param::CommandContent)?;
        // 2. Name, Description.
        let name = self.text(Param::Name, &[])?;
        let description = self.text(Param::Description, &['\t', '\r', '\n'])?;
        // 3. Type.
        let command_type = match type_present {
            Ok(text) => self.check(CommandType::read(&text))?,
            Err(recorded) => Err(recorded),
        };
        let known_type = command_type.as_ref().ok().copied();
        // 4. CommandContent.
        let content_encoding = self.content_encoding();
        let content = match content_present {
            Ok(text) => self.content(
                text,
                content_encoding,
                *keep.as_ref().unwrap_or(&false),
                *enable.as_ref().unwrap_or(&false),
                known_type,
            )?,
            Err(recorded) => Err(recorded),
        };
        // 5. WorkingDir. 6. Timeout. 7. EnableParameter.
        let working_dir = self.text(Param::WorkingDir, &[])?;
        let timeout = self.value(Param::Timeout, Timeout::DEFAULT, Timeout::read)?;
        let enable_parameter = self.check(enable)?;
        // 8. RepeatMode, Timed, Frequency.
        let repeat_given =
            self.value(Param::RepeatMode, None, |t| RepeatMode::read(t).map(Some))?;
        let frequency_given = self.opt(Param::Frequency).is_some();
        let frequency = self.frequency(*timeout.as_ref().unwrap_or(&Timeout::DEFAULT))?;
        let repeat_mode = self.repeat_mode(repeat_given, frequency_given)?;
        // 9. Parameters.
        let enabled = enable_parameter.as_ref().ok().copied();
        let declared = content.as_ref().ok().map(Decoded::template);
        let parameters = self.parameters(enabled, declared)?;
        // 10. KeepCommand, then the size rule with Parameters.
        let keep_command = self.check(keep)?;
        let size = match (&content, &parameters) {
            (Ok(decoded), Ok((Some(given), _))) => {
                let keep = *keep_command.as_ref().unwrap_or(&false);
                self.size_with_parameters(decoded.base64_size, given, keep)
            }
            _ => Ok(()),
        };
        let size = self.check(size)?;
        // 11. Username, WindowsPasswordName, a Windows user without a password name.
        let username = self.text(Param::Username, &[])?;
        let windows_password_name = self.text(Param::WindowsPasswordName, &[])?;
        let windows_user = self.windows_user(known_type);
        let windows_user = self.check(windows_user)?;
        // 12. InstanceId. 13. Tag.
        let instance_ids = self.instance_ids()?;
        let tags = self.tags(Param::Tag)?;
        // 14. ContainerId, ContainerName, and what a container implies.
        let container_id = self.value(Param::ContainerId, None, |t| container_id(t).map(Some))?;
        let container_name =
            self.value(Param::ContainerName, None, |t| container_name(t).map(Some))?;
        let container_type = self.container(known_type);
        let container_type = self.check(container_type)?;
        self.script_path_warning();
        // 15. ClientToken.
        let client_token = self.value(Param::ClientToken, None, |t| client_token(t).map(Some))?;
        // 16. ResourceTag, and the choice between InstanceId and ResourceTag.
        let resource_tags = self.tags(Param::ResourceTag)?;
        let targets = self.targets();
        let targets = self.check(targets)?;
        // 17. TerminationMode. 18. Launcher.
        let termination_mode = self.value(Param::TerminationMode, None, |t| {
            TerminationMode::read(t).map(Some)
        })?;
        let launcher = self.value(Param::Launcher, None, |t| {
            Launcher::parse(t)
                .map(Some)
                .map_err(|e| RuleError::of(Param::Launcher, RuleKind::Template(e)))
        })?;
        // What the instance will make of an accepted request.
        if let (Ok(decoded), Ok((parameters, bindings))) = (&content, &parameters) {
            self.instance_warnings(decoded, parameters.as_ref(), bindings);
        }

        let region_id = region_present.map(String::from);
        let resource_group_id = self.opt(Param::ResourceGroupId).map(str::to_owned);
        // A rule's value, or the end of the run with the proof of its fault (built in place,
        // with no closure to move every value into first).
        macro_rules! held {
            ($checked:expr) => {
                match $checked {
                    Ok(value) => value,
                    Err(recorded) => return Ok(Err(recorded)),
                }
            };
        }
        // The rules that give no value: each a fault or not.
        held!(size);
        held!(windows_user);
        held!(container_type);
        held!(targets);
        let (parameters, bindings) = held!(parameters);
        let content = match held!(content).content {
            Ok(bytes) => Content::Text(bytes),
            Err(template) => Content::Template { template, bindings },
        };
        Ok(Ok(CheckedRequest {
            region_id: held!(region_id),
            resource_group_id,
            name: held!(name),
            description: held!(description),
            command_type: held!(command_type),
            content,
            content_encoding,
            working_dir: held!(working_dir),
            timeout: held!(timeout),
            enable_parameter: held!(enable_parameter),
            repeat_mode: held!(repeat_mode),
            frequency: held!(frequency),
            parameters,
            keep_command: held!(keep_command),
            username: held!(username),
            windows_password_name: held!(windows_password_name),
            instance_ids: held!(instance_ids),
            tags: held!(tags),
            container_id: held!(container_id),
            container_name: held!(container_name),
            client_token: held!(client_token),
            resource_tags: held!(resource_tags),
            termination_mode: held!(termination_mode),
            launcher: held!(launcher),
            warnings: std::mem::take(&mut self.warnings),
            selected: Vec::new(),
        }))
    }

    /// ContentEncoding: any letter case; anything else is PlainText, with a warning.
    fn content_encoding(&mut self) -> ContentEncoding {
        let Some(text) = self.opt(Param::ContentEncoding) else {
            return ContentEncoding::PlainText;
        };
        let (encoding, known) = ContentEncoding::read(text);
        if !known {
            let given = shorten(text);
            self.warn(W::ContentEncodingAsPlainText { given });
        }
        encoding
    }

    /// Rule 4: CommandContent: the size of the content alone (before any work), Base64, then the
    /// `{{name}}` scan with EnableParameter true.
    fn content(
        &mut self,
        text: Cow<'_, str>,
        encoding: ContentEncoding,
        keep: bool,
        enable: bool,
        command_type: Option<CommandType>,
    ) -> Step<Decoded, M> {
        let base64_size = match encoding {
            ContentEncoding::PlainText => base64_len(text.len()),
            ContentEncoding::Base64 => text.len(),
        };
        let limit = content_limit(keep);
        if base64_size > limit {
            return self.check(Err(size_error(base64_size, 0, keep)));
        }
        let bytes = match encoding {
            ContentEncoding::PlainText => text.into_owned().into_bytes(),
            ContentEncoding::Base64 => {
                match base64::engine::general_purpose::STANDARD.decode(text.as_bytes()) {
                    Ok(bytes) => bytes,
                    Err(err) => {
                        let offset = base64_offset(&err);
                        return self.check(Err(RuleError::of(
                            Param::CommandContent,
                            RuleKind::Base64 { offset },
                        )));
                    }
                }
            }
        };
        let in_container = self
            .opt(Param::ContainerId)
            .or(self.opt(Param::ContainerName))
            .is_some();
        if command_type == Some(CommandType::RunShellScript)
            && in_container
            && bytes.starts_with(b"#!")
        {
            self.warn(W::ShebangInContainer);
        }
        let content = if enable {
            match Template::parse(bytes) {
                Ok(template) => Err(template),
                Err(err) => {
                    return self.check(Err(RuleError::of(
                        Param::CommandContent,
                        RuleKind::Template(err),
                    )));
                }
            }
        } else {
            Ok(bytes)
        };
        Ok(Ok(Decoded {
            content,
            base64_size,
        }))
    }

    /// Rule 8: Frequency, validated with the Timeout (60 when the Timeout itself is invalid).
    fn frequency(&mut self, timeout: Timeout) -> Step<Option<(String, Frequency)>, M> {
        if self.raw.get(Param::Timed).is_some() {
            self.warn(W::TimedIgnored);
        }
        let now = self.now;
        // Taken, not copied: it was decoded into its own string when it had escapes.
        let read = self.take_opt(Param::Frequency).map(|text| {
            Frequency::parse(&text)
                .and_then(|f| f.validate(now, timeout.get(), None).map(|()| f))
                .map(|f| (text.into_owned(), f))
                .map_err(|e| RuleError::of(Param::Frequency, RuleKind::Schedule(e)))
        });
        self.check(read.transpose())
    }

    /// Rule 8: The effective RepeatMode: Period with a Frequency (a warning when another mode was
    /// sent); Period without a Frequency is a fault; else as given or Once.
    fn repeat_mode(
        &mut self,
        given: Checked<Option<RepeatMode>, M>,
        frequency_given: bool,
    ) -> Step<RepeatMode, M> {
        let given = match given {
            Ok(given) => given,
            Err(recorded) => return Ok(Err(recorded)),
        };
        if frequency_given {
            if let Some(mode) = given.filter(|m| *m != RepeatMode::Period) {
                self.warn(W::RepeatModeOverridden { given: mode });
            }
            return Ok(Ok(RepeatMode::Period));
        }
        self.check(match given {
            Some(RepeatMode::Period) => Err(RuleError::of(Param::Frequency, RuleKind::Missing)),
            given => Ok(given.unwrap_or(RepeatMode::Once)),
        })
    }

    /// Rule 9: Parameters: the fault met reading it, EnableParameter, then each key (empty, length,
    /// duplicate, not declared) and each declared name without a value. Gives the Parameters
    /// and, with a template, where each of its names finds its value.
    fn parameters(
        &mut self,
        enable: Option<bool>,
        declared: Option<Option<&Template>>,
    ) -> Step<(Option<Parameters>, Bindings), M> {
        let fault = |kind| RuleError::of(Param::Parameters, kind);
        // The names of the content, when they are to be matched with the keys.
        let template = match (enable, declared) {
            (Some(true), Some(Some(template))) => Some(template),
            _ => None,
        };
        let names = || template.into_iter().flat_map(Template::custom_names);
        let Some(given) = self.raw.parameters.take() else {
            // No Parameters: every declared name lacks a value (the first is reported).
            return match names().next() {
                Some(name) => {
                    let name = shorten(name);
                    self.check(Err(fault(RuleKind::MissingValue { name })))
                }
                None => Ok(Ok((None, Bindings::default()))),
            };
        };
        if let Some(read_fault) = given.fault {
            return self.check(Err(fault(RuleKind::Parameters(read_fault))));
        }
        if enable == Some(false) && !given.entries.is_empty() {
            return self.check(Err(fault(RuleKind::Disabled)));
        }
        let parameters = Parameters(given.entries);
        let mut recorded = None;
        // Where each name of the template finds its value: the first key that matches it,
        // found in the same pass that checks the keys.
        let mut found = [None; MAX_CUSTOM_NAMES];
        let match_names = enable == Some(true) && declared.is_some();
        for (i, (key, _)) in parameters.0.iter().enumerate() {
            let kind = if key.is_empty() {
                Some(RuleKind::Missing)
            } else if longer_than(key, Parameters::MAX_KEY_CHARS) {
                Some(RuleKind::TooLong {
                    len: key.chars().count(),
                    max: Parameters::MAX_KEY_CHARS,
                })
            } else if parameters.0[..i]
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case(key))
            {
                Some(RuleKind::Duplicate { key: shorten(key) })
            } else if match_names {
                match names().position(|n| n.eq_ignore_ascii_case(key)) {
                    Some(at) => {
                        // Not a duplicate, so the first key of this name.
                        found[at] = Some(i);
                        None
                    }
                    None => Some(RuleKind::NotDeclared { key: shorten(key) }),
                }
            } else {
                None
            };
            if let Some(kind) = kind {
                recorded = Some(self.fault(fault(kind))?);
            }
        }
        let mut bindings = Bindings::default();
        for (name, at) in names().zip(found) {
            match at {
                Some(at) => bindings.push(at),
                None => {
                    let name = shorten(name);
                    recorded = Some(self.fault(fault(RuleKind::MissingValue { name }))?);
                }
            }
        }
        Ok(match recorded {
            Some(recorded) => Err(recorded),
            None => Ok((Some(parameters), bindings)),
        })
    }

    /// Rule 10: The Base64 size of the content and Parameters together.
    fn size_with_parameters(
        &self,
        content: usize,
        parameters: &Parameters,
        keep: bool,
    ) -> Result<(), RuleError> {
        let given = base64_len(compact_json_len(parameters.entries()));
        if content.saturating_add(given) > content_limit(keep) {
            Err(size_error(content, given, keep))
        } else {
            Ok(())
        }
    }

    /// Rule 11: A Windows command run as a user other than System needs WindowsPasswordName.
    fn windows_user(&self, command_type: Option<CommandType>) -> Result<(), RuleError> {
        match (
            command_type,
            self.opt(Param::Username),
            self.opt(Param::WindowsPasswordName),
        ) {
            (Some(t), Some(user), None)
                if t.is_windows() && !user.eq_ignore_ascii_case("System") =>
            {
                Err(RuleError::of(
                    Param::WindowsPasswordName,
                    RuleKind::NeedsPassword {
                        user: shorten(user),
                    },
                ))
            }
            _ => Ok(()),
        }
    }

    /// Rule 12: InstanceId: an index out of range, then each id (an empty item is absent).
    fn instance_ids(&mut self) -> Step<Vec<InstanceId>, M> {
        let mut recorded = None;
        if let Some(key) = self.raw.instance_ids.overflow.clone() {
            let max = Param::InstanceId.max_index();
            let err = RuleError::of(Param::InstanceId, RuleKind::TooMany { key, max });
            recorded = Some(self.fault(err)?);
        }
        let entries = std::mem::take(&mut self.raw.instance_ids.entries);
        let mut ids: Vec<InstanceId> = Vec::with_capacity(entries.len());
        for (index, text) in &entries {
            if text.is_empty() {
                continue;
            }
            match InstanceId::read(text, Subject::Item(Param::InstanceId, *index)) {
                Ok(id) => {
                    if ids.contains(&id) {
                        self.warn(W::DuplicateInstanceId { id: shorten(text) });
                    }
                    ids.push(id);
                }
                Err(err) => recorded = Some(self.fault(err)?),
            }
        }
        // Kept for the choice between InstanceId and ResourceTag (16).
        self.raw.instance_ids.entries = entries;
        Ok(recorded.map_or(Ok(ids), Err))
    }

    /// Rule 13 and 16: Tag or ResourceTag: an index out of range, then each entry's key and value,
    /// and keys given twice.
    fn tags(&mut self, list: Param) -> Step<Vec<Tag>, M> {
        let mut recorded = None;
        if let Some(key) = self.raw.tags(list).overflow.clone() {
            let max = list.max_index();
            recorded = Some(self.fault(RuleError::of(list, RuleKind::TooMany { key, max }))?);
        }
        let mut tags: Vec<Tag> = Vec::with_capacity(self.raw.tags(list).entries.len());
        for i in 0..self.raw.tags(list).entries.len() {
            let entry = &self.raw.tags(list).entries[i];
            let index = entry.index;
            let key = match entry.key.as_deref() {
                Some(text) => Tag::read_key(text, list, index),
                None => Err(RuleError::new(
                    Subject::TagKey(list, index),
                    RuleKind::Missing,
                )),
            };
            let value = entry
                .value
                .as_deref()
                .map(|t| Tag::read_value(t, list, index))
                .transpose();
            let key = match key {
                Ok(key) => Some(key),
                Err(err) => {
                    recorded = Some(self.fault(err)?);
                    None
                }
            };
            let value = match value {
                Ok(value) => Some(value),
                Err(err) => {
                    recorded = Some(self.fault(err)?);
                    None
                }
            };
            if let (Some(key), Some(value)) = (key, value) {
                if tags.iter().any(|t| t.key() == key.as_str()) {
                    let err = RuleError::new(
                        Subject::TagKey(list, index),
                        RuleKind::Duplicate { key: shorten(&key) },
                    );
                    recorded = Some(self.fault(err)?);
                } else {
                    tags.push(Tag::new(key, value));
                }
            }
        }
        Ok(recorded.map_or(Ok(tags), Err))
    }

    /// Rule 14: A container runs shell scripts only; Username, WorkingDir and Launcher do not take
    /// effect there.
    fn container(&mut self, command_type: Option<CommandType>) -> Result<(), RuleError> {
        if self
            .opt(Param::ContainerId)
            .or(self.opt(Param::ContainerName))
            .is_none()
        {
            return Ok(());
        }
        for param in [Param::Username, Param::WorkingDir, Param::Launcher] {
            if self.opt(param).is_some() {
                self.warn(W::IgnoredInContainer { param });
            }
        }
        match command_type.filter(|t| *t != CommandType::RunShellScript) {
            Some(t) => Err(RuleError::of(
                Param::Type,
                RuleKind::NotShellInContainer {
                    command_type: t.as_str(),
                },
            )),
            None => Ok(()),
        }
    }

    /// The script file is named after Name: a blank or a path separator in it is split by the
    /// agent's command line or taken as a directory (no file is written in a container).
    fn script_path_warning(&mut self) {
        let in_container = self
            .opt(Param::ContainerId)
            .or(self.opt(Param::ContainerName))
            .is_some();
        let name = self
            .opt(Param::Name)
            .filter(|n| n.contains([' ', '\t', '/', '\\']));
        if let (Some(name), false) = (name, in_container) {
            let name = shorten(name);
            self.warn(W::ScriptPath { name });
        }
    }

    /// Rule 16: Instances come from InstanceId.N or from ResourceTag.N: one of them, not both.
    fn targets(&self) -> Result<(), RuleError> {
        let ids = &self.raw.instance_ids;
        let has_instances =
            ids.overflow.is_some() || ids.entries.iter().any(|(_, id)| !id.is_empty());
        let has_resource_tags = self.raw.tags(Param::ResourceTag).is_sent();
        match (has_instances, has_resource_tags) {
            (true, true) => Err(RuleError::of(Param::ResourceTag, RuleKind::Conflict)),
            (false, false) => Err(RuleError::of(Param::InstanceId, RuleKind::Missing)),
            _ => Ok(()),
        }
    }

    /// Warnings about what the instance will do: values the agent expands, and a script
    /// that grows large once Parameters are in.
    fn instance_warnings(
        &mut self,
        decoded: &Decoded,
        parameters: Option<&Parameters>,
        bindings: &[usize],
    ) {
        let Some(parameters) = parameters else {
            return;
        };
        if let Some(template) = decoded.template() {
            for (key, value) in parameters.entries() {
                let bytes = value.as_bytes();
                // Both of the agent's patterns start with `{{`.
                if find_open(bytes, 0).is_none() {
                    continue;
                }
                let what = if find_builtin(bytes, 0).is_some() {
                    "a built-in parameter"
                } else if find_store(bytes, 0).is_some() {
                    "a Parameter Store reference"
                } else {
                    continue;
                };
                self.warn(W::ExpandedByAgent {
                    key: shorten(key),
                    what,
                });
            }
            let entries = parameters.entries();
            let threshold = Invocation::DEFAULT_MAX_BYTES;
            // Every part replaced by the longest value bounds the length from above.
            let longest = entries.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
            let bound = template
                .as_bytes()
                .len()
                .saturating_add(template.parts().len().saturating_mul(longest));
            if bound > threshold {
                let len = template.service_len_with(|index| entries[bindings[index]].1.len());
                if len > threshold {
                    self.warn(W::LargeScript { len, threshold });
                }
            }
        }
    }
}

/// `ContainerId`: 64 lower-case hexadecimal digits, optionally after a runtime prefix.
fn container_id(text: &str) -> Result<String, RuleError> {
    let hex = ["docker://", "containerd://", "cri-o://"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    if hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(text.to_owned())
    } else {
        Err(RuleError::of(
            Param::ContainerId,
            RuleKind::Malformed {
                value: shorten(text),
                expected: "64 lower-case hex digits, optionally after docker://, containerd:// or cri-o://",
            },
        ))
    }
}

/// `ContainerName`: Docker's form, a letter or digit then letters, digits, `_`, `.`, `-`.
fn container_name(text: &str) -> Result<String, RuleError> {
    let name = types::text(Param::ContainerName, text, &[])?;
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric());
    if first_ok && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
        Ok(name)
    } else {
        Err(RuleError::of(
            Param::ContainerName,
            RuleKind::Malformed {
                value: shorten(text),
                expected: "[A-Za-z0-9][A-Za-z0-9_.-]*",
            },
        ))
    }
}

/// `ClientToken`: ASCII only, within its length.
fn client_token(text: &str) -> Result<String, RuleError> {
    let token = types::text(Param::ClientToken, text, &[]).map_err(|e| match e.kind {
        RuleKind::BadChar { .. } => RuleError::of(
            Param::ClientToken,
            RuleKind::Malformed {
                value: shorten(text),
                expected: "ASCII",
            },
        ),
        _ => e,
    })?;
    match token.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        Some((at, ch)) => Err(RuleError::of(
            Param::ClientToken,
            RuleKind::BadChar { at, ch },
        )),
        None => Ok(token),
    }
}

fn content_limit(keep: bool) -> usize {
    match Param::CommandContent.limit() {
        Limit::Base64(not_kept, kept) => {
            if keep {
                kept
            } else {
                not_kept
            }
        }
        _ => 0,
    }
}

fn size_error(content: usize, parameters: usize, keep: bool) -> RuleError {
    RuleError::of(
        Param::CommandContent,
        RuleKind::Size {
            content,
            parameters,
            limit: content_limit(keep),
            keep,
        },
    )
}

fn base64_offset(err: &base64::DecodeError) -> usize {
    match *err {
        base64::DecodeError::InvalidByte(offset, _)
        | base64::DecodeError::InvalidLength(offset)
        | base64::DecodeError::InvalidLastSymbol { offset, .. } => offset,
        base64::DecodeError::InvalidPadding => 0,
    }
}
