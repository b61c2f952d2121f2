//! Cloud Assistant Agent versions: dotted numbers, compared number by number.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// A Cloud Assistant Agent version such as `2.2.3.309`: one to four decimal numbers separated
/// by dots, compared number by number (`2.2.3.309 < 2.2.3.1000`), a missing number counting
/// as 0 (`2.2.3` equals `2.2.3.0`). Held inline: a comparison allocates nothing.
///
/// # Example
/// ```
/// use ecs_runcommand::context::AgentVersion;
///
/// let old: AgentVersion = "2.2.3.309".parse()?;
/// let new: AgentVersion = "2.2.3.1000".parse()?;
/// assert!(old < new);
/// assert_eq!(AgentVersion::new(2, 2, 3, 309), old);
/// assert_eq!(new.to_string(), "2.2.3.1000");
/// assert!("2.2.x".parse::<AgentVersion>().is_err());
/// # Ok::<(), ecs_runcommand::context::AgentVersionError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AgentVersion {
    parts: [u32; AgentVersion::MAX_PARTS],
    /// How many numbers were written (1..=4), for `Display`.
    written: u8,
}

impl AgentVersion {
    /// The most numbers a version has.
    pub const MAX_PARTS: usize = 4;

    /// The version `major.minor.patch.build`.
    pub const fn new(major: u32, minor: u32, patch: u32, build: u32) -> AgentVersion {
        AgentVersion {
            parts: [major, minor, patch, build],
            written: 4,
        }
    }

    /// The numbers, missing ones as 0.
    pub const fn parts(&self) -> [u32; AgentVersion::MAX_PARTS] {
        self.parts
    }
}

impl PartialEq for AgentVersion {
    fn eq(&self, other: &AgentVersion) -> bool {
        self.parts == other.parts
    }
}

impl Eq for AgentVersion {}

impl Hash for AgentVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.parts.hash(state);
    }
}

impl PartialOrd for AgentVersion {
    fn partial_cmp(&self, other: &AgentVersion) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for AgentVersion {
    fn cmp(&self, other: &AgentVersion) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

/// Why a text is not an agent version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not an agent version (one to four dot-separated decimal numbers): {why} at byte {offset}"
)]
pub struct AgentVersionError {
    text: String,
    why: &'static str,
    offset: usize,
}

impl AgentVersionError {
    /// The byte offset of the fault in the text.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl FromStr for AgentVersion {
    type Err = AgentVersionError;

    fn from_str(text: &str) -> Result<AgentVersion, AgentVersionError> {
        let err = |why, offset| AgentVersionError {
            text: crate::error::shorten(text),
            why,
            offset,
        };
        let mut parts = [0u32; AgentVersion::MAX_PARTS];
        let mut written = 0usize;
        let mut start = 0usize;
        for piece in text.split('.') {
            if written == AgentVersion::MAX_PARTS {
                return Err(err("more than four numbers", start.saturating_sub(1)));
            }
            if piece.is_empty() {
                return Err(err("an empty number", start));
            }
            if let Some(at) = piece.bytes().position(|b| !b.is_ascii_digit()) {
                return Err(err("not a decimal digit", start + at));
            }
            parts[written] = piece
                .parse()
                .map_err(|_| err("a number larger than 4294967295", start))?;
            written += 1;
            start += piece.len() + 1;
        }
        Ok(AgentVersion {
            parts,
            written: u8::try_from(written).unwrap_or(4),
        })
    }
}

/// Prints the numbers as written (leading zeros dropped).
impl fmt::Display for AgentVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = usize::from(self.written).clamp(1, AgentVersion::MAX_PARTS);
        for (i, part) in self.parts[..shown].iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

impl<'de> serde::Deserialize<'de> for AgentVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AgentVersion, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for AgentVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn v(text: &str) -> AgentVersion {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn ok_numbers_compare_as_numbers() {
        assert!(v("2.2.3.309") < v("2.2.3.1000"));
        assert!(v("2.1.3.999") < v("2.2.3.282"));
        assert!(v("10.0") > v("9.99.99.99"));
        assert_eq!(v("2.2.3"), v("2.2.3.0"));
        assert_eq!(v("2.2.03.0309"), AgentVersion::new(2, 2, 3, 309));
    }

    #[test]
    fn ok_display_round_trips() {
        for text in ["2", "2.2", "2.2.3", "2.2.3.1000", "0.0.0.0"] {
            assert_eq!(v(text).to_string(), text);
            assert_eq!(v(&v(text).to_string()), v(text));
        }
        assert_eq!(v("02.2").to_string(), "2.2");
    }

    #[test]
    fn err_not_a_version() {
        let offset = |t: &str| t.parse::<AgentVersion>().map_err(|e| e.offset()).err();
        assert_eq!(offset(""), Some(0));
        assert_eq!(offset("2..3"), Some(2));
        assert_eq!(offset("2.2.x"), Some(4));
        assert_eq!(offset("1.2.3.4.5"), Some(7));
        assert_eq!(offset("2.4294967296"), Some(2));
        assert_eq!(offset("-1"), Some(0));
        assert_eq!(offset("2.2.3."), Some(6));
        assert_eq!(
            "2.x".parse::<AgentVersion>().unwrap_err().to_string(),
            "`2.x` is not an agent version (one to four dot-separated decimal numbers): not a decimal digit at byte 2"
        );
        assert!(v("4294967295").parts()[0] == u32::MAX);
    }
}
