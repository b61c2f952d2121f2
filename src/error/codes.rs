//! The one table of API error codes.
//!
//! Every row is `Variant => (http_status, "Code", "Message")`. The message is the text of the
//! reference's "Error message" column, verbatim. The variant is the code with its dots removed
//! (`InvalidParam.Frequency` is `InvalidParamFrequency`). The first 63 rows are the reference's
//! Error codes table in its order; the rows after them are codes the reference does not list,
//! each with its origin in its doc line. `tests/error_codes.rs` checks this table against
//! `spec/error-codes.json` row by row.

use std::fmt;

use serde::{Serialize, Serializer};

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
    /// `RegionId.ApiNotSupported`: The operation is not offered in the region named by RegionId.
    RegionIdApiNotSupported => (400, "RegionId.ApiNotSupported", "The api is not supported in this region.");
    /// `MissingParam.InstanceId`: No target instance: InstanceId.N is absent or empty and no ResourceTag selects instances.
    MissingParamInstanceId => (400, "MissingParam.InstanceId", "The parameter instanceId is missing or empty.");
    /// `NumberExceed.Tags`: More than 20 Tag.N entries.
    NumberExceedTags => (400, "NumberExceed.Tags", "Ensure the number of tag parameters is not greater than 20.");
    /// `InvalidTagValue.Malformed`: A Tag.N.Value is not valid (too long, or contains `http://` / `https://`).
    InvalidTagValueMalformed => (400, "InvalidTagValue.Malformed", "The specified Tag.n.Value is not valid.");
    /// `Duplicate.TagKey`: Two Tag.N entries share a Key.
    DuplicateTagKey => (400, "Duplicate.TagKey", "The Tag.N.Key contain duplicate key.");
    /// `InvalidTagKey.Malformed`: A Tag.N.Key is not valid (too long, reserved prefix, or a URL scheme).
    InvalidTagKeyMalformed => (400, "InvalidTagKey.Malformed", "The specified Tag.n.Key is not valid.");
    /// `MissingParameter.TagKey`: A Tag.N entry has a Value but no Key (or an empty Key).
    MissingParameterTagKey => (400, "MissingParameter.TagKey", "You must specify Tag.N.Key.");
    /// `InvalidContainerId.Malformed`: ContainerId is not 64 hex digits with an optional runtime prefix.
    InvalidContainerIdMalformed => (400, "InvalidContainerId.Malformed", "The specified parameter ContainerId is not valid.");
    /// `InvalidContainerName.Malformed`: ContainerName is not valid.
    InvalidContainerNameMalformed => (400, "InvalidContainerName.Malformed", "The specified parameter ContainerName is not valid.");
    /// `InvalidClientToken.Malformed`: ClientToken is not ASCII or is longer than 64 characters.
    InvalidClientTokenMalformed => (400, "InvalidClientToken.Malformed", "The specified parameter clientToken is not valid.");
    /// `CmdParam.EmptyKey`: An empty custom parameter (`{{}}`) in the content, or an empty key in Parameters.
    CmdParamEmptyKey => (400, "CmdParam.EmptyKey", "Command parameters can not be empty.");
    /// `CmdParam.InvalidParamName`: A custom parameter name has a character outside `[A-Za-z0-9_-]`, or misuses the `ACS::` prefix.
    CmdParamInvalidParamName => (400, "CmdParam.InvalidParamName", "A command parameter name is invalid.");
    /// `CmdContent.DecodeError`: CommandContent is declared Base64 but does not decode.
    CmdContentDecodeError => (400, "CmdContent.DecodeError", "The CommandContent can not be base64 decoded.");
    /// `InvalidInstance.NotMatch`: The command cannot run on the instance (its type or state does not fit).
    InvalidInstanceNotMatch => (400, "InvalidInstance.NotMatch", "The specified instance type does not match the command.");
    /// `MissingParam.Frequency`: RepeatMode `Period` without a Frequency.
    MissingParamFrequency => (400, "MissingParam.Frequency", "The frequency must be specified when you create a timed task.");
    /// `InvalidParam.Frequency`: The Frequency is not a valid rate, at or cron schedule, or breaks a schedule limit.
    InvalidParamFrequency => (400, "InvalidParam.Frequency", "The specified frequency is invalid.");
    /// `ParameterKey.Duplicate`: Two keys of Parameters are equal ignoring letter case.
    ParameterKeyDuplicate => (400, "ParameterKey.Duplicate", "The parameter may not contain duplicate keys.");
    /// `Parameter.NotMatched`: A key of Parameters is not a custom parameter of the content.
    ParameterNotMatched => (400, "Parameter.NotMatched", "The parameters of creation do not match those of invocation.");
    /// `WindowsPasswordName.Missed`: A Windows task run as a non-System user lacks WindowsPasswordName.
    WindowsPasswordNameMissed => (400, "WindowsPasswordName.Missed", "WindowsPasswordName must be specified when you create a Windows task.");
    /// `Parameter.Disabled`: Parameters given while EnableParameter is false.
    ParameterDisabled => (400, "Parameter.Disabled", "Parameters should not be passed when CreateCommand.EnableParameter is false.");
    /// `InvalidParameter.WorkingDir`: WorkingDir is not valid (for example longer than 200 characters).
    InvalidParameterWorkingDir => (400, "InvalidParameter.WorkingDir", "The specified parameter WorkingDir is not valid.");
    /// `NumberExceed.ResourceTags`: Too many ResourceTag.N entries.
    NumberExceedResourceTags => (400, "NumberExceed.ResourceTags", "The maximum number of ResourceTags is exceeded.");
    /// `MissingParameter.ResourceTagKey`: A ResourceTag.N entry lacks its Key.
    MissingParameterResourceTagKey => (400, "MissingParameter.ResourceTagKey", "You must specify ResourceTag.N.Key.");
    /// `InvalidResourceTagKey.Malformed`: A ResourceTag.N.Key is not valid.
    InvalidResourceTagKeyMalformed => (400, "InvalidResourceTagKey.Malformed", "The specified ResourceTag key is not valid.");
    /// `InvalidResourceTagValue.Malformed`: A ResourceTag.N.Value is not valid.
    InvalidResourceTagValueMalformed => (400, "InvalidResourceTagValue.Malformed", "The specified ResourceTag value is not valid.");
    /// `Duplicate.ResourceTagKey`: Two ResourceTag.N entries share a Key.
    DuplicateResourceTagKey => (400, "Duplicate.ResourceTagKey", "The ResourceTag contains duplicate keys.");
    /// `InvalidResourceTag.InstanceNotFound`: The ResourceTag.N filter matches no instance.
    InvalidResourceTagInstanceNotFound => (400, "InvalidResourceTag.InstanceNotFound", "InstanceIds are not found by the specified ResourceTag.");
    /// `InvalidResourceTag.ConflictWithInstanceIds`: ResourceTag.N and InstanceId.N given together.
    InvalidResourceTagConflictWithInstanceIds => (400, "InvalidResourceTag.ConflictWithInstanceIds", "The specified param ResourceTag conflicts with InstanceId.");
    /// `CmdContent.ExceedLimit`: The Base64 size of content plus Parameters is over 18 KiB (KeepCommand) or 24 KiB.
    CmdContentExceedLimit => (403, "CmdContent.ExceedLimit", "The length of the command content exceeds the upper limit.");
    /// `CmdName.ExceedLimit`: Name is longer than 128 characters.
    CmdNameExceedLimit => (403, "CmdName.ExceedLimit", "The length of the command name exceeds the upper limit.");
    /// `CmdDesc.ExceedLimit`: Description is longer than 512 characters.
    CmdDescExceedLimit => (403, "CmdDesc.ExceedLimit", "The length of the command description exceeds the upper limit.");
    /// `CmdCount.ExceedQuota`: The region already holds the maximum number of saved commands.
    CmdCountExceedQuota => (403, "CmdCount.ExceedQuota", "The total number of commands in the current region exceeds the quota.");
    /// `CmdParamCount.ExceedLimit`: The content defines more than 20 distinct custom parameters.
    CmdParamCountExceedLimit => (403, "CmdParamCount.ExceedLimit", "You've reached the limit on the count of command parameters.");
    /// `CmdParamName.ExceedLimit`: A custom parameter name is longer than 64 bytes.
    CmdParamNameExceedLimit => (403, "CmdParamName.ExceedLimit", "The length of the command parameter name exceeds the limit.");
    /// `InstanceIds.ExceedLimit`: More than 100 InstanceId.N entries.
    InstanceIdsExceedLimit => (403, "InstanceIds.ExceedLimit", "The number of instance IDs exceeds the upper limit.");
    /// `Invocation.ExceedQuota`: The daily invocation quota of the region is used up.
    InvocationExceedQuota => (403, "Invocation.ExceedQuota", "The invocation quota in the current region has been reached for today.");
    /// `ParameterCount.ExceedLimit`: Parameters has more than 10 keys.
    ParameterCountExceedLimit => (403, "ParameterCount.ExceedLimit", "The number of command parameters exceeds the maximum number that can be set.");
    /// `ParameterKey.ExceedLimit`: A key of Parameters is longer than 64 characters.
    ParameterKeyExceedLimit => (403, "ParameterKey.ExceedLimit", "The length of the specified parameter key exceeds the maximum length that can be set.");
    /// `ParameterType.NotSupported`: A value of Parameters is not a JSON string.
    ParameterTypeNotSupported => (403, "ParameterType.NotSupported", "The type of parameter value is not supported.");
    /// `Username.ExceedLimit`: Username is longer than 255 characters.
    UsernameExceedLimit => (403, "Username.ExceedLimit", "The length of the username exceeds the upper limit.");
    /// `WindowsPasswordName.ExceedLimit`: WindowsPasswordName is longer than 255 characters.
    WindowsPasswordNameExceedLimit => (403, "WindowsPasswordName.ExceedLimit", "The length of the WindowsPasswordName exceeds the upper limit.");
    /// `ParameterStore.NotSupported`: The content refers to Parameter Store, which the region lacks.
    ParameterStoreNotSupported => (403, "ParameterStore.NotSupported", "Parameter Store is not supported in this region.");
    /// `TemporaryAccessKey.Error`: The temporary (STS) AccessKey of the request is not valid.
    TemporaryAccessKeyError => (403, "TemporaryAccessKey.Error", "The temporary accessKey is invalid.");
    /// `ParameterStore.InvalidParameters`: A Parameter Store reference (`{{oos:...}}`) is not valid.
    ParameterStoreInvalidParameters => (403, "ParameterStore.InvalidParameters", "The parameter is invalid in Parameter Store.");
    /// `ParameterStore.NoPermission`: The caller may not read the referenced Parameter Store parameters.
    ParameterStoreNoPermission => (403, "ParameterStore.NoPermission", "You have no access to Parameter Store.");
    /// `OperationDenied.BidOwnResource`: The account (a bid user) may not own the resource.
    OperationDeniedBidOwnResource => (403, "OperationDenied.BidOwnResource", "Bid user can not own resource.");
    /// `Operation.Forbidden`: The operation is not allowed.
    OperationForbidden => (403, "Operation.Forbidden", "The operation is not permitted.");
    /// `IdempotentParameterMismatch`: A used ClientToken sent again with different parameters.
    IdempotentParameterMismatch => (403, "IdempotentParameterMismatch", "The specified parameter has changed while using an already used clientToken.");
    /// `IdempotentProcessing`: An earlier request with the same ClientToken is still running.
    IdempotentProcessing => (403, "IdempotentProcessing", "The previous idempotent request(s) is still processing.");
    /// `InvalidStatus.ResourceGroup`: The resource group is being created or deleted.
    InvalidStatusResourceGroup => (403, "InvalidStatus.ResourceGroup", "You cannot perform an operation on a resource group that is being created or deleted.");
    /// `InvalidParameterCharacter.CommandName`: Name contains a control character.
    InvalidParameterCharacterCommandName => (403, "InvalidParameterCharacter.CommandName", "The command Name contains illegal characters.");
    /// `InvalidParameterCharacter.CommandDescription`: Description contains a control character other than tab, CR or LF.
    InvalidParameterCharacterCommandDescription => (403, "InvalidParameterCharacter.CommandDescription", "The command Description contains illegal characters.");
    /// `InvalidParameterCharacter.CommandWorkingDir`: WorkingDir contains a control character.
    InvalidParameterCharacterCommandWorkingDir => (403, "InvalidParameterCharacter.CommandWorkingDir", "The command WorkingDir contains illegal characters.");
    /// `InvalidLauncher.LengthLimitExceeded`: Launcher is longer than 1 KiB (bytes).
    InvalidLauncherLengthLimitExceeded => (403, "InvalidLauncher.LengthLimitExceeded", "The length of the parameter Launcher exceeds the limit of 1 KB characters.");
    /// `InvalidParameterCharset.Parameters`: Parameters contains characters outside the allowed character set.
    InvalidParameterCharsetParameters => (403, "InvalidParameterCharset.Parameters", "The parameter Parameters contains illegal charset.");
    /// `InvalidCmdType.NotFound`: Type is not a known command type.
    InvalidCmdTypeNotFound => (404, "InvalidCmdType.NotFound", "The specified command type does not exist.");
    /// `InvalidRepeatMode.NotFound`: RepeatMode is not Once, Period, NextRebootOnly or EveryReboot.
    InvalidRepeatModeNotFound => (404, "InvalidRepeatMode.NotFound", "The specified repeat mode does not exist.");
    /// `InvalidRegionId.NotFound`: RegionId names no known region.
    InvalidRegionIdNotFound => (404, "InvalidRegionId.NotFound", "The RegionId provided does not exist in our records.");
    /// `InvalidInstance.NotFound`: An instance of InstanceId.N does not exist.
    InvalidInstanceNotFound => (404, "InvalidInstance.NotFound", "The specified instance does not exist.");
    /// `InvalidCmdId.NotFound`: The command ID does not exist.
    InvalidCmdIdNotFound => (404, "InvalidCmdId.NotFound", "The specified command ID does not exist.");
    /// `InvalidResourceGroup.NotFound`: ResourceGroupId names no resource group.
    InvalidResourceGroupNotFound => (404, "InvalidResourceGroup.NotFound", "The ResourceGroup provided does not exist in our records.");
    /// `InvalidTerminationMode.NotFound`: TerminationMode is not a known mode.
    InvalidTerminationModeNotFound => (404, "InvalidTerminationMode.NotFound", "The specified parameter TerminationMode does not exist.");
    /// `InternalError.Dispatch`: The service failed to dispatch the request; retry later.
    InternalErrorDispatch => (500, "InternalError.Dispatch", "An error occurred when you dispatched the request.");
    // Codes not in the RunCommand table (see `in_reference_table` in the spec file).
    /// `MissingParameter.RegionId`: RegionId missing or empty. Not in the RunCommand table: Alibaba Cloud's common form (decisions.md).
    MissingParameterRegionId => (400, "MissingParameter.RegionId", "The input parameter \"RegionId\" that is mandatory for processing this request is not supplied.");
    /// `MissingParameter.Type`: Type missing or empty. Not in the RunCommand table: Alibaba Cloud's common form (decisions.md).
    MissingParameterType => (400, "MissingParameter.Type", "The input parameter \"Type\" that is mandatory for processing this request is not supplied.");
    /// `MissingParameter.CommandContent`: CommandContent missing or empty. Not in the RunCommand table: Alibaba Cloud's common form (decisions.md).
    MissingParameterCommandContent => (400, "MissingParameter.CommandContent", "The input parameter \"CommandContent\" that is mandatory for processing this request is not supplied.");
    /// `InvalidTimeout.ExceedLimit`: Timeout outside 10..=86400 seconds. From the CreateCommand page; the message is ours.
    InvalidTimeoutExceedLimit => (403, "InvalidTimeout.ExceedLimit", "The specified timeout exceeds the limit.");
    /// `InvalidParameter.Parameters`: Parameters is not a JSON object. From the InvokeCommand page; the message is ours.
    InvalidParameterParameters => (400, "InvalidParameter.Parameters", "The specified parameter Parameters is not valid.");
    /// `Parameter.MissingValue`: A custom parameter of the content has no key in Parameters. From the InvokeCommand page; the message is ours.
    ParameterMissingValue => (400, "Parameter.MissingValue", "A custom parameter defined in the command is not given a value.");
    /// `ClientNeedUpgrade`: Execution time, reported by the agent: it is too old for a feature of the request (a schedule, custom parameters, built-ins, a container); `render_with` answers it per instance. From the reference's usage notes; status 400 and message are ours.
    ClientNeedUpgrade => (400, "ClientNeedUpgrade", "The Cloud Assistant Agent on the instance must be upgraded to run this task.");
    /// `InvalidParameter`: Malformed wire input (percent-encoding, UTF-8, repeated key, list index, JSON type). Alibaba Cloud's common code.
    InvalidParameter => (400, "InvalidParameter", "The specified parameter is not valid.");
    /// `InvalidParameter.Launcher`: Launcher has a placeholder other than one `{{ACS::ScriptFileName}}`. Ours (decisions.md), the reference gives no code.
    InvalidParameterLauncher => (400, "InvalidParameter.Launcher", "The specified parameter Launcher is not valid.");
    /// `InvalidParameter.Type`: A Windows Type with ContainerId/ContainerName (containers run shell only). Ours (decisions.md).
    InvalidParameterType => (400, "InvalidParameter.Type", "The specified parameter Type is not valid.");
    /// `InvalidParameter.KeepCommand`: KeepCommand is not a boolean. Ours (decisions.md).
    InvalidParameterKeepCommand => (400, "InvalidParameter.KeepCommand", "The specified parameter KeepCommand is not valid.");
    /// `InvalidParameter.EnableParameter`: EnableParameter is not a boolean. Ours (decisions.md).
    InvalidParameterEnableParameter => (400, "InvalidParameter.EnableParameter", "The specified parameter EnableParameter is not valid.");
    /// `InvalidEnvironmentParameter`: Execution time, reported by the agent: the text it expands holds `{{ACS::name}}` with a name that is not a built-in. Status 400 and message are ours.
    InvalidEnvironmentParameter => (400, "InvalidEnvironmentParameter", "A built-in environment parameter of the command is invalid.");
    /// `InvalidParameter.ResourceGroupId`: An instance of the request is not in the resource group ResourceGroupId names (context rule). The reference documents the rule but no code; ours (decisions.md).
    InvalidParameterResourceGroupId => (400, "InvalidParameter.ResourceGroupId", "The specified parameter ResourceGroupId is not valid.");
    // Alibaba Cloud's common errors of the API front end (signatures, `auth`; see `common_error`
    // in the spec file, each row with its source).
    /// `IncompleteSignature`: A signature part is malformed (Authorization header, a V3 header that must be signed, the Base64 of Signature). Common error.
    IncompleteSignature => (400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
    /// `MissingAccessKeyId`: V1 request without AccessKeyId. Common error.
    MissingAccessKeyId => (400, "MissingAccessKeyId", "AccessKeyId is mandatory for this action.");
    /// `MissingSignature`: Request with neither an Authorization header nor a Signature parameter. Common error.
    MissingSignature => (400, "MissingSignature", "Signature is mandatory for this action.");
    /// `MissingSignatureNonce`: V1 request without SignatureNonce. Common error.
    MissingSignatureNonce => (400, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.");
    /// `MissingTimestamp`: V1 request without Timestamp. Common error.
    MissingTimestamp => (400, "MissingTimestamp", "Timestamp is mandatory for this action.");
    /// `InvalidSignatureMethod`: SignatureMethod other than HMAC-SHA1, or a V3 algorithm other than ACS3-HMAC-SHA256. Common error.
    InvalidSignatureMethod => (400, "InvalidSignatureMethod", "Specified signature method is not valid.");
    /// `InvalidSignatureVersion`: SignatureVersion other than 1.0. Common error (the front end's `Invalid{ParameterName}` form).
    InvalidSignatureVersion => (400, "InvalidSignatureVersion", "Specified parameter SignatureVersion is not valid.");
    /// `InvalidTimeStamp.Format`: Timestamp or x-acs-date is not yyyy-MM-ddTHH:mm:ssZ. Common error.
    InvalidTimeStampFormat => (400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
    /// `InvalidTimeStamp.Expired`: Timestamp or x-acs-date is more than the allowed skew (15 minutes) from now. Common error.
    InvalidTimeStampExpired => (400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
    /// `InvalidAccessKeyId.NotFound`: The AccessKeyId (with its security token) is not known. Common error.
    InvalidAccessKeyIdNotFound => (404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    /// `SignatureDoesNotMatch`: The signature (or the V3 body hash) is not the one computed with the secret. Common error.
    SignatureDoesNotMatch => (400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
    /// `SignatureNonceUsed`: The nonce was already used by the AccessKeyId within the time window. Common error.
    SignatureNonceUsed => (400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    /// `Throttling`: The nonce memory is full of unexpired nonces. Common error.
    Throttling => (400, "Throttling", "Request was denied due to request throttling.");
}

impl ErrorCode {
    /// How many rows of the table come from the RunCommand reference's Error codes table: the
    /// first ones, in the reference's order. The rest are codes the reference does not list.
    pub const REFERENCE_TABLE_ROWS: usize = 63;

    /// Whether the code is a row of the RunCommand reference's Error codes table.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::ErrorCode;
    ///
    /// assert!(ErrorCode::InvalidParamFrequency.in_reference_table());
    /// assert!(!ErrorCode::MissingParameterRegionId.in_reference_table());
    /// ```
    pub const fn in_reference_table(self) -> bool {
        (self as usize) < Self::REFERENCE_TABLE_ROWS
    }
}

impl fmt::Display for ErrorCode {
    /// Writes the code as the API spells it.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::InvalidParamFrequency.to_string(), "InvalidParam.Frequency");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    /// Serializes the code as its string (`"InvalidParam.Frequency"`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
