//! The signed time of a request (`Timestamp` / `x-acs-date`) and the allowed window around `now`.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::error::{AuthError, AuthErrorKind, shown};

/// Reads `yyyy-MM-ddTHH:mm:ssZ` (UTC, exactly as the SDKs write it: 20 bytes, no fraction, no
/// offset other than `Z`).
///
/// # Errors
/// `TimestampFormat` for anything else, including dates and times that do not exist.
pub(crate) fn parse(field: &'static str, text: &str) -> Result<DateTime<Utc>, AuthError> {
    let bad = || {
        AuthError::new(AuthErrorKind::TimestampFormat {
            field,
            value: shown(text),
        })
    };
    let b = text.as_bytes();
    let [
        y0,
        y1,
        y2,
        y3,
        b'-',
        m0,
        m1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
        b'Z',
    ] = *b
    else {
        return Err(bad());
    };
    let digits = |ds: &[u8]| -> Option<u32> {
        ds.iter().try_fold(0_u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let value = |ds: &[u8]| digits(ds).ok_or_else(bad);
    let year = i32::try_from(value(&[y0, y1, y2, y3])?).map_err(|_| bad())?;
    let date =
        NaiveDate::from_ymd_opt(year, value(&[m0, m1])?, value(&[d0, d1])?).ok_or_else(bad)?;
    let time = date
        .and_hms_opt(value(&[h0, h1])?, value(&[i0, i1])?, value(&[s0, s1])?)
        .ok_or_else(bad)?;
    Ok(time.and_utc())
}

/// Checks that `timestamp` is at most `max_skew_secs` from `now`, either side (the bound itself
/// is allowed).
///
/// # Errors
/// `TimestampExpired`.
pub(crate) fn check_window(
    field: &'static str,
    timestamp: DateTime<Utc>,
    now: DateTime<Utc>,
    max_skew_secs: u32,
) -> Result<(), AuthError> {
    if (now - timestamp).abs() > TimeDelta::seconds(i64::from(max_skew_secs)) {
        return Err(AuthError::new(AuthErrorKind::TimestampExpired {
            field,
            timestamp,
            now,
            max_skew_secs,
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ok_parse() {
        assert_eq!(
            parse("Timestamp", "2024-02-29T23:59:59Z").unwrap(),
            Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 59).unwrap()
        );
        assert_eq!(
            parse("Timestamp", "0000-01-01T00:00:00Z").unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn err_parse() {
        for bad in [
            "",
            "2024-02-29T23:59:59",
            "2024-02-29T23:59:59.000Z",
            "2024-02-29 23:59:59Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T23:60:00Z",
            "2024-01-01T23:59:60Z",
            "2024-01-01T23:59:59+00:00",
            "+024-01-01T00:00:00Z",
            "2024-01-01t00:00:00Z",
            "２０２４-01-01T00:00:00Z",
        ] {
            let err = parse("x-acs-date", bad).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("x-acs-date `{bad}` is not a UTC time of the form yyyy-MM-ddTHH:mm:ssZ"),
                "{bad}"
            );
        }
    }

    #[test]
    fn ok_window_is_inclusive_both_sides() {
        let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
        for secs in [-900, -1, 0, 1, 900] {
            check_window("Timestamp", now + TimeDelta::seconds(secs), now, 900).unwrap();
        }
        for secs in [-901, 901] {
            let err =
                check_window("Timestamp", now + TimeDelta::seconds(secs), now, 900).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "Timestamp {} is 901 s from now (2030-01-01T00:00:00Z); at most 900 s is allowed",
                    (now + TimeDelta::seconds(secs)).format("%Y-%m-%dT%H:%M:%SZ")
                )
            );
        }
    }
}
