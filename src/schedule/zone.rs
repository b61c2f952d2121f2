//! Time zones of a Frequency: IANA names, `GMT+H:MM` offsets and `UTC`.
//!
//! IANA names are looked up in a hash table built at compile time over the names of
//! chrono-tz's zones, which the build script takes from chrono-tz itself (no copy of the tz
//! database's names is kept in the source). Only names with a `/` are zones here: the tz
//! database's others (`EST`, `Japan`) are not.

use std::fmt;
use std::str::FromStr;

use chrono::FixedOffset;
use chrono_tz::{TZ_VARIANTS, Tz};

use super::error::{ScheduleError, ScheduleErrorKind, shorten};

/// `NAMES` (each zone name with a `/` and its index in `TZ_VARIANTS`) and `VARIANTS` (how
/// many zones there are), written by the build script.
mod names {
    include!(concat!(env!("OUT_DIR"), "/zone_names.rs"));
}

// The build script read the same list of zones the library links: a chrono-tz with another
// number of zones fails the build here.
const _: fn() -> [Tz; names::VARIANTS] = || TZ_VARIANTS;

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
#[inline]
pub(crate) fn parse_zone(s: &str, offset: usize) -> Result<Zone, ScheduleError> {
    match lookup_zone(s.as_bytes()) {
        Some(zone) => Ok(zone),
        None => Err(zone_error(s, offset)),
    }
}

/// Why `s` (at byte `offset`) is not a zone.
#[cold]
#[inline(never)]
pub(crate) fn zone_error(s: &str, offset: usize) -> ScheduleError {
    let reason = if s.starts_with("GMT") {
        "a GMT offset is written GMT+H:MM or GMT-H:MM, hours 0-14 without a leading zero, minutes 00-59"
    } else if !s.contains('/') {
        "use an IANA name such as Asia/Shanghai, a GMT+H:MM offset, or UTC; other abbreviations are not accepted"
    } else {
        "not a zone of the tz database (names are case-sensitive)"
    };
    ScheduleError::new(
        ScheduleErrorKind::Zone {
            zone: shorten(s),
            reason,
        },
        offset,
    )
}

/// The zone `s` names, or `None` ([`parse_zone`] says why). IANA names need a `/`: the tz
/// database's other names (`EST`, `Japan`) are not accepted.
///
/// Out of line: the answer comes back as one 32-bit word. Inlined into the cron reader, the
/// zone was kept on the stack a byte at a time and read back as a word, which stalled.
#[inline(never)]
pub(crate) fn lookup_zone(s: &[u8]) -> Option<Zone> {
    match s {
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

/// log2 of the hash table's size: 2,048 slots for the 553 names with a `/`, about one in four
/// used, so that most lookups read one slot.
const BITS: u32 = 11;
const SLOTS: usize = 1 << BITS;

/// A name of the table: its first and last eight bytes (as [`words`] reads them) and the
/// name.
#[derive(Clone, Copy)]
struct Entry {
    head: u64,
    tail: u64,
    name: &'static [u8],
}

/// A slot of the table: 1 + the index of a name in `entries` (0 when empty), and that name's
/// zone. The zone is read with the index rather than from the entry, so that the answer
/// does not wait for a second load, only its check does.
#[derive(Clone, Copy)]
struct Slot {
    entry: u16,
    tz: Tz,
}

/// An open-addressing hash table of the zone names with a `/`, built at compile time: a name
/// sits at its hash or in the first empty slot after it.
struct Table {
    slots: [Slot; SLOTS],
    entries: [Entry; names::NAMES.len()],
    /// The most slots any name's lookup reads.
    probes: usize,
}

static TABLE: Table = build_table();

/// Builds [`TABLE`]. Only ever evaluated at compile time, where an index out of bounds would
/// fail the build, not the program.
const fn build_table() -> Table {
    let empty = Entry {
        head: 0,
        tail: 0,
        name: b"",
    };
    let mut entries = [empty; names::NAMES.len()];
    let mut slots = [Slot {
        entry: 0,
        tz: Tz::UTC,
    }; SLOTS];
    let mut probes = 0;
    let mut i = 0;
    while i < names::NAMES.len() {
        let (name, variant) = names::NAMES[i];
        let name = name.as_bytes();
        let (head, tail) = words(name);
        entries[i] = Entry { head, tail, name };
        let mut at = slot(head, tail, name.len());
        let mut read = 1;
        while slots[at].entry != 0 {
            at = (at + 1) % SLOTS;
            read += 1;
        }
        slots[at] = Slot {
            entry: (i + 1) as u16,
            tz: TZ_VARIANTS[variant as usize],
        };
        if read > probes {
            probes = read;
        }
        i += 1;
    }
    Table {
        slots,
        entries,
        probes,
    }
}

/// The first and last eight bytes of a name as little-endian words; a name shorter than eight
/// bytes is the first word whole, and the second is 0. A name of at most 16 bytes is all in
/// the two words (with its length).
#[inline(always)]
const fn words(name: &[u8]) -> (u64, u64) {
    match (name.first_chunk::<8>(), name.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => (short_word(name), 0),
    }
}

/// The bytes of a name shorter than eight bytes, as one little-endian word.
const fn short_word(mut name: &[u8]) -> u64 {
    let mut word = 0;
    while let [rest @ .., last] = name {
        word = word << 8 | *last as u64;
        name = rest;
    }
    word
}

/// The table's hash of a name: its two [`words`] and its length, mixed by one
/// multiplication, top bits kept.
#[inline(always)]
const fn slot(head: u64, tail: u64, len: usize) -> usize {
    let mixed = (head ^ tail.rotate_left(17) ^ len as u64).wrapping_mul(MIX);
    (mixed >> (64 - BITS)) as usize
}

/// An odd multiplier whose bits are well mixed (2^64 divided by the golden ratio).
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// The zone of the tz database named `s`, a name with a `/`.
#[inline(always)]
fn lookup_iana(s: &[u8]) -> Option<Tz> {
    let (head, tail) = words(s);
    let mut at = slot(head, tail, s.len());
    for _ in 0..TABLE.probes {
        let Slot { entry, tz } = TABLE.slots[at];
        if entry == 0 {
            return None;
        }
        // Slots hold 1 + an index of `entries`.
        let entry = &TABLE.entries[usize::from(entry) - 1];
        // Equal words and lengths are equal names up to 16 bytes; past that, the middle too.
        if entry.head == head
            && entry.tail == tail
            && entry.name.len() == s.len()
            && (s.len() <= 16 || entry.name[8..] == s[8..])
        {
            return Some(tz);
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
    fn ok_the_table_finds_every_name_with_a_slash() {
        let mut found = 0;
        for tz in TZ_VARIANTS.iter() {
            let name = tz.name();
            let zone = lookup_zone(name.as_bytes());
            if name.contains('/') {
                assert_eq!(zone, Some(Zone::Iana(*tz)), "{name}");
                found += 1;
            } else if name != "UTC" {
                assert_eq!(zone, None, "{name}");
                assert_eq!(lookup_iana(name.as_bytes()), None, "{name}");
            }
        }
        assert_eq!(found, names::NAMES.len());
        assert_eq!(found, 553);
        // No zone starts like a year field (the cron reader relies on it).
        assert!(
            TZ_VARIANTS
                .iter()
                .all(|tz| tz.name().starts_with(|c: char| c.is_ascii_alphabetic()))
        );
        // Every slot's zone is the one its entry names.
        for slot in TABLE.slots.iter().filter(|slot| slot.entry != 0) {
            let entry = TABLE.entries[usize::from(slot.entry) - 1];
            assert_eq!(slot.tz.name().as_bytes(), entry.name);
        }
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
            "America/New_Yor",
            "America/Argentina/Buenos_Aire",
            "America/Argentina/Buenos_Airez",
            "America/Argentina/Buenos-Aires",
            "America/Argentina/Bu3nos_Aires",
            "Etc/UC",
            "Etc/GMT+15",
            "/",
            "",
            "\0",
            "Asia/Shanghai\0",
            "EST",
            "Japan",
        ] {
            assert_eq!(lookup_zone(s.as_bytes()), None, "{s:?}");
            assert_eq!(lookup_iana(s.as_bytes()), None, "{s:?}");
        }
        // Each name with one byte changed, dropped or added.
        for tz in TZ_VARIANTS.iter().filter(|tz| tz.name().contains('/')) {
            let name = tz.name().as_bytes();
            for i in 0..name.len() {
                let mut changed = name.to_vec();
                changed[i] ^= 0x01;
                let mut dropped = name.to_vec();
                dropped.remove(i);
                let mut added = name.to_vec();
                added.insert(i, b'x');
                for near in [changed, dropped, added] {
                    let found = lookup_iana(&near);
                    let real = std::str::from_utf8(&near)
                        .ok()
                        .filter(|s| s.contains('/'))
                        .and_then(|s| s.parse::<Tz>().ok());
                    assert_eq!(found, real, "{:?}", String::from_utf8_lossy(&near));
                }
            }
        }
    }
}
