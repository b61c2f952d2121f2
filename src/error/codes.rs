//! The one table of API error codes.
//!
//! Every row is `Variant => (http_status, "Code", "Message")`. The message is the text of the
//! reference's "Error message" column, verbatim. `tests/error_codes.rs` checks this table
//! against `spec/error-codes.json` row by row.

macro_rules! api_error_codes {
    ($( $(#[$doc:meta])* $variant:ident => ($status:literal, $code:literal, $message:literal); )*) => {
        /// An API error code of RunCommand, with its HTTP status and documented message.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code of the table, in table order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The HTTP status the API answers with this code.
            pub const fn http_status(self) -> u16 {
                match self { $( ErrorCode::$variant => $status, )* }
            }

            /// The code as the API spells it (`InvalidParam.Frequency`).
            pub const fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            /// The documented message, verbatim.
            pub const fn message(self) -> &'static str {
                match self { $( ErrorCode::$variant => $message, )* }
            }

            /// Looks a code up by its spelling.
            pub fn from_code(code: &str) -> Option<ErrorCode> {
                match code { $( $code => Some(ErrorCode::$variant), )* _ => None }
            }
        }
    };
}

api_error_codes! {
    /// `InvalidParam.Frequency`: the Frequency is not a valid rate, at or cron schedule.
    InvalidParamFrequency => (400, "InvalidParam.Frequency", "The specified frequency is invalid.");
    /// `MissingParam.Frequency`: RepeatMode Period without a Frequency.
    MissingParamFrequency => (400, "MissingParam.Frequency", "The frequency must be specified when you create a timed task.");
    /// `InvalidParameter` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameter => (400, "InvalidParameter", "The specified parameter is not valid.");
    /// `MissingParameter.RegionId` (placeholder row; the complete table comes from branch `errors`).
    MissingParameterRegionId => (400, "MissingParameter.RegionId", "The input parameter \"RegionId\" that is mandatory for processing this request is not supplied.");
    /// `MissingParameter.Type` (placeholder row; the complete table comes from branch `errors`).
    MissingParameterType => (400, "MissingParameter.Type", "The input parameter \"Type\" that is mandatory for processing this request is not supplied.");
    /// `MissingParameter.CommandContent` (placeholder row; the complete table comes from branch `errors`).
    MissingParameterCommandContent => (400, "MissingParameter.CommandContent", "The input parameter \"CommandContent\" that is mandatory for processing this request is not supplied.");
    /// `MissingParam.InstanceId` (placeholder row; the complete table comes from branch `errors`).
    MissingParamInstanceId => (400, "MissingParam.InstanceId", "The parameter instanceId is missing or empty.");
    /// `NumberExceed.Tags` (placeholder row; the complete table comes from branch `errors`).
    NumberExceedTags => (400, "NumberExceed.Tags", "Ensure the number of tag parameters is not greater than 20.");
    /// `InvalidTagValue.Malformed` (placeholder row; the complete table comes from branch `errors`).
    InvalidTagValueMalformed => (400, "InvalidTagValue.Malformed", "The specified Tag.n.Value is not valid.");
    /// `Duplicate.TagKey` (placeholder row; the complete table comes from branch `errors`).
    DuplicateTagKey => (400, "Duplicate.TagKey", "The Tag.N.Key contain duplicate key.");
    /// `InvalidTagKey.Malformed` (placeholder row; the complete table comes from branch `errors`).
    InvalidTagKeyMalformed => (400, "InvalidTagKey.Malformed", "The specified Tag.n.Key is not valid.");
    /// `MissingParameter.TagKey` (placeholder row; the complete table comes from branch `errors`).
    MissingParameterTagKey => (400, "MissingParameter.TagKey", "You must specify Tag.N.Key.");
    /// `InvalidContainerId.Malformed` (placeholder row; the complete table comes from branch `errors`).
    InvalidContainerIdMalformed => (400, "InvalidContainerId.Malformed", "The specified parameter ContainerId is not valid.");
    /// `InvalidContainerName.Malformed` (placeholder row; the complete table comes from branch `errors`).
    InvalidContainerNameMalformed => (400, "InvalidContainerName.Malformed", "The specified parameter ContainerName is not valid.");
    /// `InvalidClientToken.Malformed` (placeholder row; the complete table comes from branch `errors`).
    InvalidClientTokenMalformed => (400, "InvalidClientToken.Malformed", "The specified parameter clientToken is not valid.");
    /// `CmdParam.EmptyKey` (placeholder row; the complete table comes from branch `errors`).
    CmdParamEmptyKey => (400, "CmdParam.EmptyKey", "Command parameters can not be empty.");
    /// `CmdParam.InvalidParamName` (placeholder row; the complete table comes from branch `errors`).
    CmdParamInvalidParamName => (400, "CmdParam.InvalidParamName", "A command parameter name is invalid.");
    /// `CmdContent.DecodeError` (placeholder row; the complete table comes from branch `errors`).
    CmdContentDecodeError => (400, "CmdContent.DecodeError", "The CommandContent can not be base64 decoded.");
    /// `ParameterKey.Duplicate` (placeholder row; the complete table comes from branch `errors`).
    ParameterKeyDuplicate => (400, "ParameterKey.Duplicate", "The parameter may not contain duplicate keys.");
    /// `Parameter.NotMatched` (placeholder row; the complete table comes from branch `errors`).
    ParameterNotMatched => (400, "Parameter.NotMatched", "The parameters of creation do not match those of invocation.");
    /// `WindowsPasswordName.Missed` (placeholder row; the complete table comes from branch `errors`).
    WindowsPasswordNameMissed => (400, "WindowsPasswordName.Missed", "WindowsPasswordName must be specified when you create a Windows task.");
    /// `Parameter.Disabled` (placeholder row; the complete table comes from branch `errors`).
    ParameterDisabled => (400, "Parameter.Disabled", "Parameters should not be passed when CreateCommand.EnableParameter is false.");
    /// `InvalidParameter.WorkingDir` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterWorkingDir => (400, "InvalidParameter.WorkingDir", "The specified parameter WorkingDir is not valid.");
    /// `NumberExceed.ResourceTags` (placeholder row; the complete table comes from branch `errors`).
    NumberExceedResourceTags => (400, "NumberExceed.ResourceTags", "The maximum number of ResourceTags is exceeded.");
    /// `MissingParameter.ResourceTagKey` (placeholder row; the complete table comes from branch `errors`).
    MissingParameterResourceTagKey => (400, "MissingParameter.ResourceTagKey", "You must specify ResourceTag.N.Key.");
    /// `InvalidResourceTagKey.Malformed` (placeholder row; the complete table comes from branch `errors`).
    InvalidResourceTagKeyMalformed => (400, "InvalidResourceTagKey.Malformed", "The specified ResourceTag key is not valid.");
    /// `InvalidResourceTagValue.Malformed` (placeholder row; the complete table comes from branch `errors`).
    InvalidResourceTagValueMalformed => (400, "InvalidResourceTagValue.Malformed", "The specified ResourceTag value is not valid.");
    /// `Duplicate.ResourceTagKey` (placeholder row; the complete table comes from branch `errors`).
    DuplicateResourceTagKey => (400, "Duplicate.ResourceTagKey", "The ResourceTag contains duplicate keys.");
    /// `InvalidResourceTag.ConflictWithInstanceIds` (placeholder row; the complete table comes from branch `errors`).
    InvalidResourceTagConflictWithInstanceIds => (400, "InvalidResourceTag.ConflictWithInstanceIds", "The specified param ResourceTag conflicts with InstanceId.");
    /// `CmdContent.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    CmdContentExceedLimit => (403, "CmdContent.ExceedLimit", "The length of the command content exceeds the upper limit.");
    /// `CmdName.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    CmdNameExceedLimit => (403, "CmdName.ExceedLimit", "The length of the command name exceeds the upper limit.");
    /// `CmdDesc.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    CmdDescExceedLimit => (403, "CmdDesc.ExceedLimit", "The length of the command description exceeds the upper limit.");
    /// `CmdParamCount.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    CmdParamCountExceedLimit => (403, "CmdParamCount.ExceedLimit", "You've reached the limit on the count of command parameters.");
    /// `CmdParamName.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    CmdParamNameExceedLimit => (403, "CmdParamName.ExceedLimit", "The length of the command parameter name exceeds the limit.");
    /// `InstanceIds.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    InstanceIdsExceedLimit => (403, "InstanceIds.ExceedLimit", "The number of instance IDs exceeds the upper limit.");
    /// `ParameterCount.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    ParameterCountExceedLimit => (403, "ParameterCount.ExceedLimit", "The number of command parameters exceeds the maximum number that can be set.");
    /// `ParameterKey.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    ParameterKeyExceedLimit => (403, "ParameterKey.ExceedLimit", "The length of the specified parameter key exceeds the maximum length that can be set.");
    /// `ParameterType.NotSupported` (placeholder row; the complete table comes from branch `errors`).
    ParameterTypeNotSupported => (403, "ParameterType.NotSupported", "The type of parameter value is not supported.");
    /// `Username.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    UsernameExceedLimit => (403, "Username.ExceedLimit", "The length of the username exceeds the upper limit.");
    /// `WindowsPasswordName.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    WindowsPasswordNameExceedLimit => (403, "WindowsPasswordName.ExceedLimit", "The length of the WindowsPasswordName exceeds the upper limit.");
    /// `InvalidParameterCharacter.CommandName` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterCharacterCommandName => (403, "InvalidParameterCharacter.CommandName", "The command Name contains illegal characters.");
    /// `InvalidParameterCharacter.CommandDescription` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterCharacterCommandDescription => (403, "InvalidParameterCharacter.CommandDescription", "The command Description contains illegal characters.");
    /// `InvalidParameterCharacter.CommandWorkingDir` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterCharacterCommandWorkingDir => (403, "InvalidParameterCharacter.CommandWorkingDir", "The command WorkingDir contains illegal characters.");
    /// `InvalidLauncher.LengthLimitExceeded` (placeholder row; the complete table comes from branch `errors`).
    InvalidLauncherLengthLimitExceeded => (403, "InvalidLauncher.LengthLimitExceeded", "The length of the parameter Launcher exceeds the limit of 1 KB characters.");
    /// `InvalidParameterCharset.Parameters` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterCharsetParameters => (403, "InvalidParameterCharset.Parameters", "The parameter Parameters contains illegal charset.");
    /// `InvalidCmdType.NotFound` (placeholder row; the complete table comes from branch `errors`).
    InvalidCmdTypeNotFound => (404, "InvalidCmdType.NotFound", "The specified command type does not exist.");
    /// `InvalidRepeatMode.NotFound` (placeholder row; the complete table comes from branch `errors`).
    InvalidRepeatModeNotFound => (404, "InvalidRepeatMode.NotFound", "The specified repeat mode does not exist.");
    /// `InvalidTerminationMode.NotFound` (placeholder row; the complete table comes from branch `errors`).
    InvalidTerminationModeNotFound => (404, "InvalidTerminationMode.NotFound", "The specified parameter TerminationMode does not exist.");
    /// `InternalError.Dispatch` (placeholder row; the complete table comes from branch `errors`).
    InternalErrorDispatch => (500, "InternalError.Dispatch", "An error occurred when you dispatched the request.");
    /// `InvalidTimeout.ExceedLimit` (placeholder row; the complete table comes from branch `errors`).
    InvalidTimeoutExceedLimit => (403, "InvalidTimeout.ExceedLimit", "The specified timeout exceeds the limit.");
    /// `InvalidParameter.Parameters` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterParameters => (400, "InvalidParameter.Parameters", "The specified parameter Parameters is not valid.");
    /// `Parameter.MissingValue` (placeholder row; the complete table comes from branch `errors`).
    ParameterMissingValue => (400, "Parameter.MissingValue", "The parameter value is missing.");
    /// `InvalidParameter.Launcher` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterLauncher => (400, "InvalidParameter.Launcher", "The specified parameter Launcher is not valid.");
    /// `InvalidParameter.Type` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterType => (400, "InvalidParameter.Type", "The specified parameter Type is not valid.");
    /// `InvalidParameter.KeepCommand` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterKeepCommand => (400, "InvalidParameter.KeepCommand", "The specified parameter KeepCommand is not valid.");
    /// `InvalidParameter.EnableParameter` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterEnableParameter => (400, "InvalidParameter.EnableParameter", "The specified parameter EnableParameter is not valid.");
    /// `InvalidParameter.InstanceId` (placeholder row; the complete table comes from branch `errors`).
    InvalidParameterInstanceId => (400, "InvalidParameter.InstanceId", "The specified parameter InstanceId is not valid.");
}
