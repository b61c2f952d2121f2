//! The request rules' faults: the one place where a rule meets its API code.

use super::{ApiError, ErrorCode};
use crate::request::{RuleError, RuleKind, Subject};
use crate::wire::{Param, ParametersFault};

/// The API code a rule fault is answered with.
fn code(err: &RuleError) -> ErrorCode {
    use ErrorCode as C;
    use Param as P;
    use RuleKind as K;
    use Subject as S;
    match (&err.subject, &err.kind) {
        (_, K::Template(e)) => super::template::code(e.kind()),
        (_, K::Schedule(_)) => C::InvalidParamFrequency,
        (_, K::NoSuchInstance { .. }) => C::InvalidInstanceNotFound,
        (S::Param(P::RegionId), K::Missing) => C::MissingParameterRegionId,
        (S::Param(P::Type), K::Missing) => C::MissingParameterType,
        (S::Param(P::CommandContent), K::Missing) => C::MissingParameterCommandContent,
        (S::Param(P::Name), K::TooLong { .. }) => C::CmdNameExceedLimit,
        (S::Param(P::Name), _) => C::InvalidParameterCharacterCommandName,
        (S::Param(P::Description), K::TooLong { .. }) => C::CmdDescExceedLimit,
        (S::Param(P::Description), _) => C::InvalidParameterCharacterCommandDescription,
        (S::Param(P::Type), K::NotShellInContainer { .. }) => C::InvalidParameterType,
        (S::Param(P::Type), _) => C::InvalidCmdTypeNotFound,
        (S::Param(P::CommandContent), K::Base64 { .. }) => C::CmdContentDecodeError,
        (S::Param(P::CommandContent), _) => C::CmdContentExceedLimit,
        (S::Param(P::WorkingDir), K::BadChar { .. }) => {
            C::InvalidParameterCharacterCommandWorkingDir
        }
        (S::Param(P::WorkingDir), _) => C::InvalidParameterWorkingDir,
        (S::Param(P::Timeout), _) => C::InvalidTimeoutExceedLimit,
        (S::Param(P::EnableParameter), _) => C::InvalidParameterEnableParameter,
        (S::Param(P::KeepCommand), _) => C::InvalidParameterKeepCommand,
        (S::Param(P::RepeatMode), _) => C::InvalidRepeatModeNotFound,
        (S::Param(P::Frequency), K::Missing) => C::MissingParamFrequency,
        (S::Param(P::Frequency), _) => C::InvalidParamFrequency,
        (S::Param(P::Username), _) => C::UsernameExceedLimit,
        (S::Param(P::WindowsPasswordName), K::NeedsPassword { .. }) => C::WindowsPasswordNameMissed,
        (S::Param(P::WindowsPasswordName), _) => C::WindowsPasswordNameExceedLimit,
        (S::Param(P::ContainerId), _) => C::InvalidContainerIdMalformed,
        (S::Param(P::ContainerName), _) => C::InvalidContainerNameMalformed,
        (S::Param(P::ClientToken), _) => C::InvalidClientTokenMalformed,
        (S::Param(P::TerminationMode), _) => C::InvalidTerminationModeNotFound,
        (S::Param(P::InstanceId), K::Missing) => C::MissingParamInstanceId,
        (S::Param(P::InstanceId), K::TooMany { .. }) => C::InstanceIdsExceedLimit,
        (S::Param(P::Tag), K::TooMany { .. }) => C::NumberExceedTags,
        (S::Param(P::ResourceTag), K::TooMany { .. }) => C::NumberExceedResourceTags,
        (S::Param(P::ResourceTag), K::Conflict) => C::InvalidResourceTagConflictWithInstanceIds,
        (S::TagKey(P::Tag, _), K::Missing) => C::MissingParameterTagKey,
        (S::TagKey(P::Tag, _), K::Duplicate { .. }) => C::DuplicateTagKey,
        (S::TagKey(P::Tag, _), _) => C::InvalidTagKeyMalformed,
        (S::TagValue(P::Tag, _), _) => C::InvalidTagValueMalformed,
        (S::TagKey(P::ResourceTag, _), K::Missing) => C::MissingParameterResourceTagKey,
        (S::TagKey(P::ResourceTag, _), K::Duplicate { .. }) => C::DuplicateResourceTagKey,
        (S::TagKey(P::ResourceTag, _), _) => C::InvalidResourceTagKeyMalformed,
        (S::TagValue(P::ResourceTag, _), _) => C::InvalidResourceTagValueMalformed,
        (S::Param(P::Parameters), K::Disabled) => C::ParameterDisabled,
        (S::Param(P::Parameters), K::Missing) => C::CmdParamEmptyKey,
        (S::Param(P::Parameters), K::TooLong { .. }) => C::ParameterKeyExceedLimit,
        (S::Param(P::Parameters), K::Duplicate { .. }) => C::ParameterKeyDuplicate,
        (S::Param(P::Parameters), K::NotDeclared { .. }) => C::ParameterNotMatched,
        (S::Param(P::Parameters), K::MissingValue { .. }) => C::ParameterMissingValue,
        (S::Param(P::Parameters), K::Parameters(fault)) => match fault {
            ParametersFault::NotAString { .. } => C::ParameterTypeNotSupported,
            ParametersFault::TooMany { .. } => C::ParameterCountExceedLimit,
            ParametersFault::IllegalCharset { .. } => C::InvalidParameterCharsetParameters,
            ParametersFault::NotAnObject | ParametersFault::Syntax { .. } => {
                C::InvalidParameterParameters
            }
        },
        // No rule reports any other pairing; one that did would have no code of its own.
        // Tests and fuzzing run with debug assertions, where it fails loudly.
        (subject, kind) => {
            debug_assert!(false, "no API code for {subject}: {kind:?}");
            C::InvalidParameter
        }
    }
}

impl From<RuleError> for ApiError {
    #[cold]
    fn from(err: RuleError) -> ApiError {
        let offset = match &err.kind {
            RuleKind::Base64 { offset } => Some(*offset),
            RuleKind::Template(e) => Some(e.offset()),
            RuleKind::Schedule(e) => Some(e.offset()),
            _ => None,
        };
        let error = ApiError::new(code(&err), err.to_string()).with_field(err.subject.to_string());
        let error = match offset {
            Some(offset) => error.with_offset(offset),
            None => error,
        };
        error.with_cause(err)
    }
}
