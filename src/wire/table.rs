//! The one table of RunCommand's request parameters.
//!
//! Every parameter of the API reference is one row: its name, how it travels on the wire, what
//! a JSON request may send for it, whether it is required, and its documented limit. Decoding
//! (which key names what), the JSON reader (which JSON types a key takes), the normalized JSON
//! output and `to_query` (names, order, list forms), the subjects of error details and the
//! parameter table of `spec/request-rules.md` all come from this table or are checked against
//! it by a test. Adding a parameter is one row here, plus its rule in `request::rules` and its
//! value in `CheckedRequest`.

/// How a parameter travels in a query string or form body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One value, `Name=value`, of the given type.
    Scalar(Kind),
    /// A numbered list of strings: `Name.1=a&Name.2=b`.
    List,
    /// A numbered list of tags: `Name.1.Key=k&Name.1.Value=v`.
    Tags,
    /// One JSON object of strings, sent as one JSON string.
    Object,
}

/// The type of a scalar: what a JSON request may send besides a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text (a JSON string).
    Text,
    /// An integer (a JSON number or a string).
    Integer,
    /// A boolean (a JSON boolean or a string, `true`/`false` in any letter case).
    Boolean,
}

/// The documented limit of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    /// None beyond the rule of the parameter (a keyword, an id, a Frequency...).
    None,
    /// At most this many characters (Unicode scalar values).
    Chars(usize),
    /// At most this many bytes.
    Bytes(usize),
    /// An integer in this range.
    Range(u32, u32),
    /// At most this many entries (a list's largest index N, or an object's keys).
    Entries(usize),
    /// At most this many bytes once Base64-encoded (with Parameters; the second figure is the
    /// limit when KeepCommand is true).
    Base64(usize, usize),
}

macro_rules! parameters {
    ($( $(#[$doc:meta])* $param:ident => ($shape:expr, $required:literal, $limit:expr); )*) => {
        /// A parameter of RunCommand, in the reference's order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Param {
            $( $(#[$doc])* $param, )*
        }

        impl Param {
            /// Every parameter, in the reference's order.
            pub(crate) const ALL: [Param; COUNT] = [ $( Param::$param, )* ];

            /// The name as the API spells it.
            pub(crate) const fn name(self) -> &'static str {
                match self { $( Param::$param => stringify!($param), )* }
            }

            /// How it travels on the wire.
            pub(crate) const fn shape(self) -> Shape {
                match self { $( Param::$param => $shape, )* }
            }

            /// Whether the API requires it.
            pub(crate) const fn required(self) -> bool {
                match self { $( Param::$param => $required, )* }
            }

            /// Its documented limit.
            pub(crate) const fn limit(self) -> Limit {
                match self { $( Param::$param => $limit, )* }
            }

            /// The parameter named exactly `name` (case-sensitive): one `match`, which the
            /// compiler turns into a jump on the length and a comparison or two.
            pub(crate) fn from_name(name: &str) -> Option<Param> {
                match name {
                    $( stringify!($param) => Some(Param::$param), )*
                    _ => None,
                }
            }
        }
    };
}

/// How many parameters the table has.
pub(crate) const COUNT: usize = 25;

use Kind::{Boolean, Integer, Text};
use Shape::{List, Object, Scalar, Tags};

parameters! {
    /// `RegionId`.
    RegionId => (Scalar(Text), true, Limit::None);
    /// `ResourceGroupId`.
    ResourceGroupId => (Scalar(Text), false, Limit::None);
    /// `Name`.
    Name => (Scalar(Text), false, Limit::Chars(128));
    /// `Description`.
    Description => (Scalar(Text), false, Limit::Chars(512));
    /// `Type`.
    Type => (Scalar(Text), true, Limit::None);
    /// `CommandContent`.
    CommandContent => (Scalar(Text), true, Limit::Base64(24 * 1024, 18 * 1024));
    /// `WorkingDir`.
    WorkingDir => (Scalar(Text), false, Limit::Chars(200));
    /// `Timeout`.
    Timeout => (Scalar(Integer), false, Limit::Range(10, 86_400));
    /// `EnableParameter`.
    EnableParameter => (Scalar(Boolean), false, Limit::None);
    /// `RepeatMode`.
    RepeatMode => (Scalar(Text), false, Limit::None);
    /// `Timed` (no longer used; ignored).
    Timed => (Scalar(Boolean), false, Limit::None);
    /// `Frequency`.
    Frequency => (Scalar(Text), false, Limit::None);
    /// `Parameters`.
    Parameters => (Object, false, Limit::Entries(10));
    /// `KeepCommand`.
    KeepCommand => (Scalar(Boolean), false, Limit::None);
    /// `ContentEncoding`.
    ContentEncoding => (Scalar(Text), false, Limit::None);
    /// `Username`.
    Username => (Scalar(Text), false, Limit::Chars(255));
    /// `WindowsPasswordName`.
    WindowsPasswordName => (Scalar(Text), false, Limit::Chars(255));
    /// `InstanceId.N`.
    InstanceId => (List, false, Limit::Entries(100));
    /// `Tag.N.Key`, `Tag.N.Value`.
    Tag => (Tags, false, Limit::Entries(20));
    /// `ContainerId`.
    ContainerId => (Scalar(Text), false, Limit::None);
    /// `ContainerName`.
    ContainerName => (Scalar(Text), false, Limit::Chars(255));
    /// `ClientToken`.
    ClientToken => (Scalar(Text), false, Limit::Chars(64));
    /// `ResourceTag.N.Key`, `ResourceTag.N.Value`.
    ResourceTag => (Tags, false, Limit::Entries(10));
    /// `TerminationMode`.
    TerminationMode => (Scalar(Text), false, Limit::None);
    /// `Launcher`.
    Launcher => (Scalar(Text), false, Limit::Bytes(1024));
}

impl Param {
    /// The slot of the parameter in per-parameter arrays.
    pub(crate) const fn slot(self) -> usize {
        self as usize
    }

    /// The largest `N` of a list (`InstanceId`, `Tag`, `ResourceTag`); 0 for other shapes.
    pub(crate) const fn max_index(self) -> usize {
        match (self.shape(), self.limit()) {
            (Shape::List | Shape::Tags, Limit::Entries(n)) => n,
            _ => 0,
        }
    }

    /// The character limit of a text parameter (`usize::MAX` when it has none).
    pub(crate) const fn max_chars(self) -> usize {
        match self.limit() {
            Limit::Chars(n) => n,
            _ => usize::MAX,
        }
    }
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_from_name_inverts_name() {
        for param in Param::ALL {
            assert_eq!(Param::from_name(param.name()), Some(param));
            assert_eq!(Param::ALL[param.slot()], param);
        }
        assert_eq!(Param::from_name("regionid"), None);
        assert_eq!(Param::from_name("InstanceId.1"), None);
        assert_eq!(Param::from_name(""), None);
    }

    /// The row of `param` in the parameter table of `spec/request-rules.md`.
    fn doc_row(param: Param) -> String {
        let (wire, json) = match param.shape() {
            Shape::Scalar(Kind::Text) => ("`Name=value`".to_owned(), "string"),
            Shape::Scalar(Kind::Integer) => ("`Name=value`".to_owned(), "integer or string"),
            Shape::Scalar(Kind::Boolean) => ("`Name=value`".to_owned(), "boolean or string"),
            Shape::List => (format!("`{param}.N=value`"), "array of strings"),
            Shape::Tags => (
                format!("`{param}.N.Key`, `{param}.N.Value`"),
                "array of `{Key, Value}`",
            ),
            Shape::Object => ("`Name=<JSON object>`".to_owned(), "object or string"),
        };
        let limit = match param.limit() {
            Limit::None => "-".to_owned(),
            Limit::Chars(n) => format!("{n} characters"),
            Limit::Bytes(n) => format!("{n} bytes"),
            Limit::Range(a, b) => format!("{a} to {b}"),
            Limit::Entries(n) if param.shape() == Shape::Object => format!("{n} keys"),
            Limit::Entries(n) => format!("N from 1 to {n}"),
            Limit::Base64(a, b) => {
                format!("{a} bytes as Base64 with Parameters ({b} with KeepCommand)")
            }
        };
        let required = if param.required() { "yes" } else { "no" };
        format!("| `{param}` | {wire} | {json} | {required} | {limit} |")
    }

    /// The parameter table of `spec/request-rules.md` is this table, row by row.
    #[test]
    fn ok_spec_table_is_the_table() {
        let spec = include_str!("../../spec/request-rules.md");
        let rows: Vec<&str> = spec.lines().filter(|l| l.starts_with("| `")).collect();
        let want: Vec<String> = Param::ALL.iter().map(|p| doc_row(*p)).collect();
        assert_eq!(rows, want);
    }

    #[test]
    fn ok_list_limits() {
        assert_eq!(Param::InstanceId.max_index(), 100);
        assert_eq!(Param::Tag.max_index(), 20);
        assert_eq!(Param::ResourceTag.max_index(), 10);
        assert_eq!(Param::Parameters.max_index(), 0);
        assert_eq!(Param::Name.max_chars(), 128);
        assert_eq!(Param::RegionId.max_chars(), usize::MAX);
    }
}
