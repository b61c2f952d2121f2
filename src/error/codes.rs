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
    /// `CmdParam.EmptyKey`: `{{}}` in the content, or an empty Parameters key.
    CmdParamEmptyKey => (400, "CmdParam.EmptyKey", "Command parameters can not be empty.");
    /// `CmdParam.InvalidParamName`: a custom parameter name outside `[A-Za-z0-9_-]`, or a misused `ACS::` prefix.
    CmdParamInvalidParamName => (400, "CmdParam.InvalidParamName", "A command parameter name is invalid.");
    /// `CmdContent.ExceedLimit`: the command content is too long.
    CmdContentExceedLimit => (403, "CmdContent.ExceedLimit", "The length of the command content exceeds the upper limit.");
    /// `CmdParamCount.ExceedLimit`: more than 20 distinct custom parameters in the content.
    CmdParamCountExceedLimit => (403, "CmdParamCount.ExceedLimit", "You've reached the limit on the count of command parameters.");
    /// `CmdParamName.ExceedLimit`: a custom parameter name longer than 64 bytes.
    CmdParamNameExceedLimit => (403, "CmdParamName.ExceedLimit", "The length of the command parameter name exceeds the limit.");
    /// `InvalidLauncher.LengthLimitExceeded`: a Launcher longer than 1 KiB (bytes).
    InvalidLauncherLengthLimitExceeded => (403, "InvalidLauncher.LengthLimitExceeded", "The length of the parameter Launcher exceeds the limit of 1 KB characters.");
    /// `Parameter.MissingValue`: a custom parameter of the content has no value in Parameters.
    ParameterMissingValue => (400, "Parameter.MissingValue", "A custom parameter defined in the command is not given a value.");
    /// `InvalidParameter.Launcher`: a Launcher placeholder other than one `{{ACS::ScriptFileName}}`.
    InvalidParameterLauncher => (400, "InvalidParameter.Launcher", "The specified parameter Launcher is not valid.");
}
