//! Time zones of a Frequency: IANA names, `GMT+H:MM` offsets and `UTC`.

use std::fmt;
use std::str::FromStr;

use chrono::FixedOffset;
use chrono_tz::Tz;

use super::error::{ScheduleError, ScheduleErrorKind, shorten};

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
pub(crate) fn lookup_zone(s: &str) -> Option<Zone> {
    if s == "UTC" {
        return Some(Zone::Utc);
    }
    if let Some(rest) = s.strip_prefix("GMT") {
        return parse_gmt(rest);
    }
    if !s.contains('/') {
        return None;
    }
    s.parse::<Tz>().ok().map(Zone::Iana)
}

fn parse_gmt(rest: &str) -> Option<Zone> {
    let bytes = rest.as_bytes();
    let negative = match bytes.first()? {
        b'+' => false,
        b'-' => true,
        _ => return None,
    };
    let (hours, minutes) = rest.get(1..)?.split_once(':')?;
    let hours: u8 = match hours.as_bytes() {
        [d] if d.is_ascii_digit() => d - b'0',
        [b'1', d] if (b'0'..=b'4').contains(d) => 10 + (d - b'0'),
        _ => return None,
    };
    let minutes: u8 = match minutes.as_bytes() {
        [a, b] if (b'0'..=b'5').contains(a) && b.is_ascii_digit() => (a - b'0') * 10 + (b - b'0'),
        _ => return None,
    };
    Some(Zone::Gmt {
        negative,
        hours,
        minutes,
    })
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
}
