//! Time zones of a Frequency: IANA names, `GMT+H:MM` offsets and `UTC`.
//!
//! IANA names are looked up in a hash table built at compile time from the names of
//! chrono-tz's zones (see [`names`]), and each hit is confirmed with chrono-tz's own name for
//! the zone; a name with a `/` that the table does not have is asked of chrono-tz itself, and
//! one without a `/` (`EST`, `Japan`) is not a zone here.

use std::fmt;
use std::str::FromStr;

use chrono::FixedOffset;
use chrono_tz::{TZ_VARIANTS, Tz};

use super::error::{ScheduleError, ScheduleErrorKind, shorten};

mod names;

/// A time zone as a Frequency names it.
///
/// ```text
/// zone = iana-name        ; as the tz database spells it, with a `/` (Asia/Shanghai)
///      | "GMT" sign hours ":" minutes ; hours 0-14 without a leading zero, minutes 00-59
///      | "UTC"
/// ```
///
/// ```
/// use ecs_runcommand::schedule::Zone;
/// let zone: Zone = "GMT+8:00".parse()?;
/// assert_eq!(zone.to_string(), "GMT+8:00");
/// assert!("GMT+08:00".parse::<Zone>().is_err());
/// assert_eq!("Asia/Shanghai".parse::<Zone>()?.to_string(), "Asia/Shanghai");
/// # Ok::<(), ecs_runcommand::schedule::ScheduleError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// `UTC`.
    Utc,
    /// `GMT+H:MM` or `GMT-H:MM`: a fixed offset east of UTC in minutes (negative west). The
    /// sign is kept so that `GMT-0:00` prints as written.
    Gmt {
        /// True for `GMT-...`.
        negative: bool,
        /// Hours, 0-14.
        hours: u8,
        /// Minutes, 0-59.
        minutes: u8,
    },
    /// A zone of the tz database, bundled with the crate (no system files are read).
    Iana(Tz),
}

impl Zone {
    /// The fixed offset of a `UTC` or `GMT` zone; `None` for IANA zones.
    pub fn fixed_offset(&self) -> Option<FixedOffset> {
        match *self {
            Zone::Utc => FixedOffset::east_opt(0),
            Zone::Gmt {
                negative,
                hours,
                minutes,
            } => {
                let secs = i32::from(hours) * 3600 + i32::from(minutes) * 60;
                FixedOffset::east_opt(if negative { -secs } else { secs })
            }
            Zone::Iana(_) => None,
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Utc => f.write_str("UTC"),
            Zone::Gmt {
                negative,
                hours,
                minutes,
            } => write!(
                f,
                "GMT{}{}:{:02}",
                if *negative { '-' } else { '+' },
                hours,
                minutes
            ),
            Zone::Iana(tz) => f.write_str(tz.name()),
        }
    }
}

impl FromStr for Zone {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Zone, ScheduleError> {
        parse_zone(s, 0)
    }
}

/// Parses a zone token that starts at byte `offset` of the Frequency.
pub(crate) fn parse_zone(s: &str, offset: usize) -> Result<Zone, ScheduleError> {
    if let Some(zone) = lookup_zone(s) {
        return Ok(zone);
    }
    let reason = if s.starts_with("GMT") {
        "a GMT offset is written GMT+H:MM or GMT-H:MM, hours 0-14 without a leading zero, minutes 00-59"
    } else if !s.contains('/') {
        "use an IANA name such as Asia/Shanghai, a GMT+H:MM offset, or UTC; other abbreviations are not accepted"
    } else {
        "not a zone of the tz database (names are case-sensitive)"
    };
    Err(ScheduleError::new(
        ScheduleErrorKind::Zone {
            zone: shorten(s),
            reason,
        },
        offset,
    ))
}

/// The zone `s` names, or `None` ([`parse_zone`] says why). IANA names need a `/`: the tz
/// database's other names (`EST`, `Japan`) are not accepted.
#[inline]
pub(crate) fn lookup_zone(s: &str) -> Option<Zone> {
    match s.as_bytes() {
        b"UTC" => Some(Zone::Utc),
        [b'G', b'M', b'T', rest @ ..] => parse_gmt(rest),
        _ => lookup_iana(s).map(Zone::Iana),
    }
}

/// `+H:MM` or `-H:MM` after `GMT`.
fn parse_gmt(rest: &[u8]) -> Option<Zone> {
    let (negative, rest) = match rest {
        [b'+', rest @ ..] => (false, rest),
        [b'-', rest @ ..] => (true, rest),
        _ => return None,
    };
    let (hours, rest) = match rest {
        [d @ b'0'..=b'9', b':', rest @ ..] => (d - b'0', rest),
        [b'1', d @ b'0'..=b'4', b':', rest @ ..] => (10 + (d - b'0'), rest),
        _ => return None,
    };
    let minutes = match rest {
        [a @ b'0'..=b'5', b @ b'0'..=b'9'] => (a - b'0') * 10 + (b - b'0'),
        _ => return None,
    };
    Some(Zone::Gmt {
        negative,
        hours,
        minutes,
    })
}

/// A zone of the tz database whose name has a `/`.
fn lookup_iana(s: &str) -> Option<Tz> {
    from_table(s).or_else(|| {
        // Not in the table: not a zone, or one that a later chrono-tz added.
        s.contains('/').then(|| s.parse::<Tz>().ok()).flatten()
    })
}

/// log2 of the hash table's size: 2,048 slots for the 553 names with a `/`, about one in four
/// used, so that most lookups read one slot.
const BITS: u32 = 11;
const SLOTS: usize = 1 << BITS;

/// An open-addressing hash table of the zone names with a `/`, built at compile time: each
/// slot holds 1 + the name's index in [`names::NAMES`] (and in `TZ_VARIANTS`), or 0 when
/// empty; a name sits at its hash or in the first empty slot after it.
struct Table {
    slots: [u16; SLOTS],
    /// The most slots any name's lookup reads.
    probes: usize,
}

static TABLE: Table = build_table();

/// Builds [`TABLE`]. Only ever evaluated at compile time, where an index out of bounds would
/// fail the build, not the program.
#[allow(clippy::indexing_slicing)]
const fn build_table() -> Table {
    let mut slots = [0u16; SLOTS];
    let mut probes = 0;
    let mut i = 0;
    while i < names::NAMES.len() {
        let name = names::NAMES[i].as_bytes();
        if has_slash(name) {
            let mut at = hash(name);
            let mut read = 1;
            while slots[at] != 0 {
                at = (at + 1) % SLOTS;
                read += 1;
            }
            slots[at] = (i + 1) as u16;
            if read > probes {
                probes = read;
            }
        }
        i += 1;
    }
    Table { slots, probes }
}

const fn has_slash(mut name: &[u8]) -> bool {
    while let [first, rest @ ..] = name {
        if *first == b'/' {
            return true;
        }
        name = rest;
    }
    false
}

/// The table's hash of a name: its first and last eight bytes and its length, mixed by one
/// multiplication, top bits kept. Names shorter than eight bytes are read whole.
#[inline(always)]
const fn hash(name: &[u8]) -> usize {
    let (head, tail) = match (name.first_chunk::<8>(), name.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => (short_word(name), 0),
    };
    let mixed = (head ^ tail.rotate_left(17) ^ name.len() as u64).wrapping_mul(MIX);
    (mixed >> (64 - BITS)) as usize
}

/// An odd multiplier whose bits are well mixed (2^64 divided by the golden ratio).
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// The bytes of a name shorter than eight bytes, as one little-endian word.
const fn short_word(mut name: &[u8]) -> u64 {
    let mut word = 0;
    while let [rest @ .., last] = name {
        word = word << 8 | *last as u64;
        name = rest;
    }
    word
}

/// The zone named `s` if the table has it, confirmed by chrono-tz's own name for it.
#[inline]
fn from_table(s: &str) -> Option<Tz> {
    let mut at = hash(s.as_bytes());
    for _ in 0..TABLE.probes {
        let slot = usize::from(*TABLE.slots.get(at)?);
        let tz = TZ_VARIANTS.get(slot.checked_sub(1)?)?;
        if tz.name() == s {
            return Some(*tz);
        }
        at = (at + 1) % SLOTS;
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ok_zones() {
        for z in [
            "UTC",
            "GMT+8:00",
            "GMT-7:00",
            "GMT+14:59",
            "GMT-0:00",
            "Asia/Shanghai",
            "America/Los_Angeles",
            "Etc/GMT+8",
        ] {
            assert_eq!(z.parse::<Zone>().unwrap().to_string(), z);
        }
        assert_eq!(
            "GMT+5:45".parse::<Zone>().unwrap().fixed_offset(),
            FixedOffset::east_opt(5 * 3600 + 45 * 60)
        );
        assert_eq!(
            "GMT-7:00".parse::<Zone>().unwrap().fixed_offset(),
            FixedOffset::east_opt(-7 * 3600)
        );
    }

    #[test]
    fn err_zones() {
        for z in [
            "GMT+08:00",
            "GMT-7",
            "GMT+15:00",
            "GMT+8:60",
            "GMT+8:0",
            "GMT",
            "EST",
            "utc",
            "Japan",
            "asia/shanghai",
            "Mars/Olympus",
            "GMT 8:00",
            "GMT+:00",
        ] {
            assert!(z.parse::<Zone>().is_err(), "{z}");
        }
    }

    #[test]
    fn zone_names_match_chrono_tz() {
        assert_eq!(
            names::NAMES.len(),
            TZ_VARIANTS.len(),
            "chrono-tz's zone list changed: regenerate src/schedule/zone/names.rs"
        );
        for (name, tz) in names::NAMES.iter().zip(TZ_VARIANTS.iter()) {
            assert_eq!(
                *name,
                tz.name(),
                "chrono-tz's zone list changed: regenerate src/schedule/zone/names.rs"
            );
        }
    }

    #[test]
    fn ok_the_table_finds_every_name_with_a_slash() {
        let mut found = 0;
        for tz in TZ_VARIANTS.iter() {
            let name = tz.name();
            if name.contains('/') {
                assert_eq!(from_table(name), Some(*tz), "{name}");
                assert_eq!(lookup_zone(name), Some(Zone::Iana(*tz)), "{name}");
                found += 1;
            } else {
                assert_eq!(from_table(name), None, "{name}");
                assert_eq!(lookup_iana(name), None, "{name}");
            }
        }
        assert_eq!(found, 553);
        // Most lookups read one slot; none reads many.
        assert_eq!(TABLE.probes, 4);
    }

    #[test]
    fn err_near_misses_are_not_found() {
        for s in [
            "Asia/Shanghai ",
            "Asia/Shangha",
            "asia/Shanghai",
            "Asia/ShanghaI",
            "America/New_Yorkk",
            "Etc/UC",
            "/",
            "",
            "Etc/GMT+15",
        ] {
            assert_eq!(from_table(s), None, "{s:?}");
            assert_eq!(lookup_iana(s), None, "{s:?}");
        }
    }
}
