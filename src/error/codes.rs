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
}
