//! The static rules, in their fixed order.

use super::error::{RuleError, RuleKind, Subject, shorten};
use super::types::{
    ClientToken, CommandName, CommandType, ContainerId, ContainerName, ContentEncoding,
    Description, InstanceId, Parameters, RepeatMode, Tag, TagKey, TagValue, TerminationMode,
    Timeout, Username, WindowsPasswordName, WorkingDir, base64_len, compact_json_len, read_bool,
};
use super::{CONTENT_LIMIT, CONTENT_LIMIT_KEPT, RunCommandRequest};
use crate::ApiError;
use crate::template::{Launcher, Template};
use crate::wire::{Field, ListName, RawRequest, Warning};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use std::borrow::Cow;

/// Where faults go: the first stops the run, or all are kept.
pub(crate) struct Sink {
    all: bool,
    pub(crate) errors: Vec<ApiError>,
}

/// The run stops (first-fault mode).
pub(crate) struct Stop;

impl Sink {
    pub(crate) fn new(all: bool) -> Sink {
        Sink {
            all,
            errors: Vec::new(),
        }
    }

    fn fault(&mut self, err: impl Into<ApiError>) -> Result<(), Stop> {
        self.errors.push(err.into());
        if self.all { Ok(()) } else { Err(Stop) }
    }

    /// The value, or `None` after recording the fault.
    fn take<T, E: Into<ApiError>>(&mut self, result: Result<T, E>) -> Result<Option<T>, Stop> {
        match result {
            Ok(v) => Ok(Some(v)),
            Err(e) => self.fault(e).map(|()| None),
        }
    }
}

/// An optional text parameter: absent when not sent or empty.
fn opt<'r>(raw: &'r RawRequest<'_>, field: Field) -> Option<&'r str> {
    raw.get(field).filter(|v| !v.is_empty())
}

fn content_limit(keep: bool) -> usize {
    if keep {
        CONTENT_LIMIT_KEPT
    } else {
        CONTENT_LIMIT
    }
}

fn size_error(content: usize, parameters: usize, keep: bool) -> RuleError {
    RuleError::new(
        Subject::Field(Field::CommandContent),
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

/// Runs every static rule in order. Returns the request when no fault was found, without the
/// texts it keeps from `raw` (content, Frequency, Parameters entries, the decoder's warnings):
/// [`RunCommandRequest::copy_texts`] or [`RunCommandRequest::take_texts`] add them.
#[allow(clippy::too_many_lines)] // one rule after the other, in the documented order
pub(crate) fn run(
    raw: &RawRequest<'_>,
    now: DateTime<Utc>,
    sink: &mut Sink,
) -> Result<Option<RunCommandRequest>, Stop> {
    // The decoder's warnings come first; they are added with the kept texts.
    let mut warnings: Vec<Warning> = Vec::new();

    // 1. Required parameters.
    let region = opt(raw, Field::RegionId);
    let type_text = opt(raw, Field::Type);
    let content_text = opt(raw, Field::CommandContent);
    for (field, value) in [
        (Field::RegionId, region),
        (Field::Type, type_text),
        (Field::CommandContent, content_text),
    ] {
        if value.is_none() {
            sink.fault(RuleError::new(Subject::Field(field), RuleKind::Missing))?;
        }
    }

    // 2. Name, Description.
    let name = match opt(raw, Field::Name) {
        Some(text) => sink.take(CommandName::try_from(text))?,
        None => None,
    };
    let description = match opt(raw, Field::Description) {
        Some(text) => sink.take(Description::try_from(text))?,
        None => None,
    };

    // 3. Type.
    let command_type = match type_text {
        Some(text) => sink.take(text.parse::<CommandType>())?,
        None => None,
    };

    // Values needed early, read leniently here and checked at their own place below.
    let keep_early = opt(raw, Field::KeepCommand)
        .and_then(|t| read_bool(Field::KeepCommand, t).ok())
        .unwrap_or(false);
    let enable_early = opt(raw, Field::EnableParameter)
        .and_then(|t| read_bool(Field::EnableParameter, t).ok())
        .unwrap_or(false);
    let encoding = match opt(raw, Field::ContentEncoding) {
        Some(text) => {
            let (encoding, known) = ContentEncoding::read(text);
            if !known {
                warnings.push(Warning::ContentEncodingAsPlainText {
                    given: shorten(text),
                });
            }
            encoding
        }
        None => ContentEncoding::PlainText,
    };

    // 4. CommandContent: size of the content alone (before any work), Base64, custom names.
    let mut content_b64 = None;
    let mut decoded: Option<Cow<'_, str>> = None;
    if let Some(text) = content_text {
        let size = match encoding {
            ContentEncoding::PlainText => base64_len(text.len()),
            ContentEncoding::Base64 => text.len(),
        };
        if size > content_limit(keep_early) {
            sink.fault(size_error(size, 0, keep_early))?;
        } else {
            decoded = match encoding {
                ContentEncoding::PlainText => Some(Cow::Borrowed(text)),
                ContentEncoding::Base64 => {
                    match base64::engine::general_purpose::STANDARD.decode(text) {
                        Ok(bytes) => Some(match String::from_utf8(bytes) {
                            Ok(s) => Cow::Owned(s),
                            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned().into(),
                        }),
                        Err(e) => {
                            let offset = base64_offset(&e);
                            sink.fault(RuleError::new(
                                Subject::Field(Field::CommandContent),
                                RuleKind::Base64 { offset },
                            ))?;
                            None
                        }
                    }
                }
            };
            if decoded.is_some() {
                content_b64 = Some(size);
            }
        }
    }
    // The custom names, borrowed from the decoded content (scanned once).
    let mut declared: Option<Vec<&str>> = None;
    if let Some(decoded) = decoded.as_deref() {
        if command_type.is_some_and(|t| t == CommandType::RunShellScript)
            && opt(raw, Field::ContainerId)
                .or(opt(raw, Field::ContainerName))
                .is_some()
            && decoded.starts_with("#!")
        {
            warnings.push(Warning::ShebangInContainer);
        }
        if enable_early {
            match Template::parse(decoded) {
                Ok(template) => declared = Some(template.custom_names().collect()),
                Err(e) => sink.fault(e)?,
            }
        } else {
            declared = Some(Vec::new());
        }
    }

    // 5. WorkingDir.
    let working_dir = match opt(raw, Field::WorkingDir) {
        Some(text) => sink.take(WorkingDir::try_from(text))?,
        None => None,
    };

    // 6. Timeout.
    let timeout = match opt(raw, Field::Timeout) {
        Some(text) => sink.take(text.parse::<Timeout>())?,
        None => Some(Timeout::DEFAULT),
    };

    // 7. EnableParameter.
    let enable_parameter = match opt(raw, Field::EnableParameter) {
        Some(text) => sink.take(read_bool(Field::EnableParameter, text))?,
        None => Some(false),
    };

    // 8. RepeatMode, Timed, Frequency.
    let repeat_given = match opt(raw, Field::RepeatMode) {
        Some(text) => sink.take(text.parse::<RepeatMode>())?.map(Some),
        None => Some(None),
    };
    if raw.get(Field::Timed).is_some() {
        warnings.push(Warning::TimedIgnored);
    }
    let frequency = match opt(raw, Field::Frequency) {
        Some(text) => {
            let secs = timeout.unwrap_or(Timeout::DEFAULT).get();
            sink.take(crate::schedule::validate_frequency(text, now, secs))?
                .map(Some)
        }
        None => Some(None),
    };
    let repeat_mode = match (&repeat_given, opt(raw, Field::Frequency)) {
        (Some(given), Some(_)) => {
            if let Some(mode) = given.filter(|m| *m != RepeatMode::Period) {
                warnings.push(Warning::RepeatModeOverridden {
                    given: mode.as_str().to_owned(),
                });
            }
            Some(RepeatMode::Period)
        }
        (Some(Some(RepeatMode::Period)), None) => {
            sink.fault(RuleError::new(
                Subject::Field(Field::Frequency),
                RuleKind::Missing,
            ))?;
            None
        }
        (Some(given), None) => Some(given.unwrap_or(RepeatMode::Once)),
        (None, _) => None,
    };

    // 9. Parameters.
    let parameters = check_parameters(raw, enable_parameter, declared.as_deref(), sink)?;

    // 10. KeepCommand, then the size rule with Parameters.
    let keep_command = match opt(raw, Field::KeepCommand) {
        Some(text) => sink.take(read_bool(Field::KeepCommand, text))?,
        None => Some(false),
    };
    if let (Some(content), Some(Some(_)), Some(given)) =
        (content_b64, &parameters, raw.parameters())
    {
        let keep = keep_command.unwrap_or(false);
        let params = base64_len(compact_json_len(given.entries()));
        if content.saturating_add(params) > content_limit(keep) {
            sink.fault(size_error(content, params, keep))?;
        }
    }

    // 11. Username, WindowsPasswordName.
    let username = match opt(raw, Field::Username) {
        Some(text) => sink.take(Username::try_from(text))?,
        None => None,
    };
    let windows_password_name = match opt(raw, Field::WindowsPasswordName) {
        Some(text) => sink.take(WindowsPasswordName::try_from(text))?,
        None => None,
    };
    if let (Some(t), Some(user), None) = (
        command_type,
        opt(raw, Field::Username),
        opt(raw, Field::WindowsPasswordName),
    ) {
        if t.is_windows() && !user.eq_ignore_ascii_case("System") {
            sink.fault(RuleError::new(
                Subject::Field(Field::WindowsPasswordName),
                RuleKind::NeedsPassword {
                    user: shorten(user),
                },
            ))?;
        }
    }

    // 12. InstanceId.
    let mut instance_ids = Vec::with_capacity(raw.instance_ids().len());
    let mut instances_ok = true;
    if let Some(key) = raw.instance_id_overflow() {
        instances_ok = false;
        sink.fault(RuleError::new(
            Subject::InstanceId { index: 0 },
            RuleKind::TooMany {
                key: key.to_owned(),
                max: InstanceId::MAX_COUNT,
            },
        ))?;
    }
    for (i, text) in raw.instance_ids().enumerate() {
        match sink.take(InstanceId::new(text, i + 1))? {
            Some(id) => {
                if instance_ids.contains(&id) {
                    warnings.push(Warning::DuplicateInstanceId { id: shorten(text) });
                }
                instance_ids.push(id);
            }
            None => instances_ok = false,
        }
    }

    // 13. Tag.
    let tags = check_tags(raw, ListName::Tag, sink)?;

    // 14. ContainerId, ContainerName, and what a container implies.
    let container_id = match opt(raw, Field::ContainerId) {
        Some(text) => sink.take(ContainerId::try_from(text))?,
        None => None,
    };
    let container_name = match opt(raw, Field::ContainerName) {
        Some(text) => sink.take(ContainerName::try_from(text))?,
        None => None,
    };
    if opt(raw, Field::ContainerId)
        .or(opt(raw, Field::ContainerName))
        .is_some()
    {
        if let Some(t) = command_type.filter(|t| *t != CommandType::RunShellScript) {
            sink.fault(RuleError::new(
                Subject::Field(Field::Type),
                RuleKind::NotShellInContainer {
                    command_type: t.as_str(),
                },
            ))?;
        }
        for field in [Field::Username, Field::WorkingDir] {
            if opt(raw, field).is_some() {
                warnings.push(Warning::IgnoredInContainer { field });
            }
        }
    }

    // 15. ClientToken.
    let client_token = match opt(raw, Field::ClientToken) {
        Some(text) => sink.take(ClientToken::try_from(text))?,
        None => None,
    };

    // 16. ResourceTag, and the choice between InstanceId and ResourceTag.
    let resource_tags = check_tags(raw, ListName::ResourceTag, sink)?;
    let has_instances = raw.instance_ids().len() > 0 || raw.instance_id_overflow().is_some();
    let has_resource_tags = !raw.tags(ListName::ResourceTag).is_empty()
        || raw.overflow(ListName::ResourceTag).is_some();
    if has_instances && has_resource_tags {
        sink.fault(RuleError::new(
            Subject::List(ListName::ResourceTag),
            RuleKind::Conflict,
        ))?;
    } else if !has_instances && !has_resource_tags {
        sink.fault(RuleError::new(
            Subject::InstanceId { index: 0 },
            RuleKind::Missing,
        ))?;
    }

    // 17. TerminationMode.
    let termination_mode = match opt(raw, Field::TerminationMode) {
        Some(text) => sink.take(text.parse::<TerminationMode>())?,
        None => None,
    };

    // 18. Launcher.
    let launcher = match opt(raw, Field::Launcher) {
        Some(text) => sink.take(Launcher::parse(text))?.map(|_| text.to_owned()),
        None => None,
    };

    if !sink.errors.is_empty() {
        return Ok(None);
    }
    let (
        Some(region),
        Some(command_type),
        Some(_content),
        Some(timeout),
        Some(enable_parameter),
        Some(repeat_mode),
        Some(frequency),
        Some(parameters),
        Some(keep_command),
        Some(tags),
        Some(resource_tags),
        true,
    ) = (
        region,
        command_type,
        content_text,
        timeout,
        enable_parameter,
        repeat_mode,
        frequency,
        parameters,
        keep_command,
        tags,
        resource_tags,
        instances_ok,
    )
    else {
        return Ok(None);
    };
    Ok(Some(RunCommandRequest {
        region_id: region.to_owned(),
        resource_group_id: opt(raw, Field::ResourceGroupId).map(str::to_owned),
        name,
        description,
        command_type,
        command_content: String::new(),
        working_dir,
        timeout,
        enable_parameter,
        repeat_mode,
        frequency_text: None,
        frequency,
        parameters,
        keep_command,
        content_encoding: encoding,
        username,
        windows_password_name,
        instance_ids,
        tags,
        container_id,
        container_name,
        client_token,
        resource_tags,
        termination_mode,
        launcher,
        warnings,
    }))
}

/// Parameters: read faults, EnableParameter, count, keys, declared names, missing values.
fn check_parameters(
    raw: &RawRequest<'_>,
    enable: Option<bool>,
    declared: Option<&[&str]>,
    sink: &mut Sink,
) -> Result<Option<Option<Parameters>>, Stop> {
    let fault = |kind| RuleError::new(Subject::Parameters, kind);
    let Some(given) = raw.parameters() else {
        // No Parameters: every declared name lacks a value.
        if enable == Some(true) {
            if let Some(name) = declared.and_then(|d| d.first()) {
                sink.fault(fault(RuleKind::MissingValue {
                    name: shorten(name),
                }))?;
                return Ok(None);
            }
        }
        return Ok(Some(None));
    };
    if let Some(f) = given.fault() {
        sink.fault(fault(RuleKind::Parameters(f.clone())))?;
        return Ok(None);
    }
    if enable == Some(false) && !given.entries().is_empty() {
        sink.fault(fault(RuleKind::Disabled))?;
        return Ok(None);
    }
    let mut ok = true;
    for (i, (key, _)) in given.entries().iter().enumerate() {
        let kind = if key.is_empty() {
            Some(RuleKind::Missing)
        } else if key.chars().take(Parameters::MAX_KEY_CHARS + 1).count()
            > Parameters::MAX_KEY_CHARS
        {
            Some(RuleKind::TooLong {
                len: key.chars().count(),
                max: Parameters::MAX_KEY_CHARS,
            })
        } else if given
            .entries()
            .iter()
            .take(i)
            .any(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            Some(RuleKind::Duplicate { key: shorten(key) })
        } else if let Some(names) = declared.filter(|_| enable == Some(true)) {
            (!names.iter().any(|n| n.eq_ignore_ascii_case(key)))
                .then(|| RuleKind::NotDeclared { key: shorten(key) })
        } else {
            None
        };
        if let Some(kind) = kind {
            ok = false;
            sink.fault(fault(kind))?;
        }
    }
    if let (Some(true), Some(names)) = (enable, declared) {
        for name in names {
            if !given
                .entries()
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case(name))
            {
                ok = false;
                sink.fault(fault(RuleKind::MissingValue {
                    name: shorten(name),
                }))?;
            }
        }
    }
    // The entries are added with the kept texts.
    Ok(ok.then(|| Some(Parameters(Vec::new()))))
}

/// Tag or ResourceTag: count, each key and value, duplicate keys.
fn check_tags(
    raw: &RawRequest<'_>,
    list: ListName,
    sink: &mut Sink,
) -> Result<Option<Vec<Tag>>, Stop> {
    let mut ok = true;
    if let Some(key) = raw.overflow(list) {
        ok = false;
        sink.fault(RuleError::new(
            Subject::List(list),
            RuleKind::TooMany {
                key: key.to_owned(),
                max: list.max_index(),
            },
        ))?;
    }
    let mut tags: Vec<Tag> = Vec::with_capacity(raw.tags(list).len());
    for entry in raw.tags(list) {
        let index = entry.index();
        let key = match entry.key() {
            Some(text) => sink.take(TagKey::new(text, list, index))?,
            None => {
                sink.fault(RuleError::new(
                    Subject::TagKey(list, index),
                    RuleKind::Missing,
                ))?;
                None
            }
        };
        let value = match entry.value() {
            Some(text) => sink.take(TagValue::new(text, list, index))?.map(Some),
            None => Some(None),
        };
        match (key, value) {
            (Some(key), Some(value)) => {
                if tags.iter().any(|t| t.key == key) {
                    ok = false;
                    sink.fault(RuleError::new(
                        Subject::TagKey(list, index),
                        RuleKind::Duplicate {
                            key: shorten(key.as_str()),
                        },
                    ))?;
                } else {
                    tags.push(Tag { key, value });
                }
            }
            _ => ok = false,
        }
    }
    Ok(ok.then_some(tags))
}
