//! RPC query strings and `application/x-www-form-urlencoded` bodies.

use super::{RawRequest, WireError};
use std::borrow::Cow;

impl<'a> RawRequest<'a> {
    /// Decodes a query string (without the leading `?`) or a form body.
    ///
    /// `+` and `%20` both mean a space; percent-encoding is UTF-8; an empty segment (`&&`) is
    /// skipped; a segment without `=` is a key with an empty value. Keys and values are borrowed
    /// from `input` when they need no unescaping.
    ///
    /// # Errors
    /// A [`WireError`] (answered as `InvalidParameter`): bad percent-encoding, invalid UTF-8, the
    /// same key twice, a malformed list key, more than [`MAX_IGNORED`](super::MAX_IGNORED)
    /// ignored parameters.
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::wire::{Field, ListName, RawRequest};
    ///
    /// let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&InstanceId.2=i-b&InstanceId.1=i-a&Name=a+b%20c")?;
    /// assert_eq!(raw.get(Field::RegionId), Some("cn-hangzhou"));
    /// assert_eq!(raw.get(Field::Name), Some("a b c"));
    /// assert_eq!(raw.instance_ids().collect::<Vec<_>>(), ["i-a", "i-b"]);
    /// assert_eq!(raw.tags(ListName::Tag).len(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_query(input: &'a [u8]) -> Result<RawRequest<'a>, WireError> {
        let mut raw = RawRequest::default();
        let mut start = 0;
        while start <= input.len() {
            let end = memchr::memchr(b'&', input.get(start..).unwrap_or_default())
                .map_or(input.len(), |i| start + i);
            let segment = input.get(start..end).unwrap_or_default();
            if !segment.is_empty() {
                let (key, value, value_at) = match memchr::memchr(b'=', segment) {
                    Some(eq) => (
                        segment.get(..eq).unwrap_or_default(),
                        segment.get(eq + 1..).unwrap_or_default(),
                        start + eq + 1,
                    ),
                    None => (segment, &b""[..], end),
                };
                let key = decode(key, start, "key")?;
                let value = decode(value, value_at, "value")?;
                raw.put(key, value)?;
            }
            start = end + 1;
        }
        Ok(raw)
    }
}

/// The value of each byte as a hexadecimal digit, or 0xFF.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an out-of-range index fails the build
const HEX_VALUE: [u8; 256] = {
    let mut table = [0xFF_u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            c @ b'A'..=b'F' => c - b'A' + 10,
            _ => 0xFF,
        };
        b += 1;
    }
    table
};

fn hex(b: u8) -> Option<u8> {
    HEX_VALUE
        .get(usize::from(b))
        .copied()
        .filter(|v| *v != 0xFF)
}

/// Percent-decodes one key or value that starts at byte `offset` of the input.
fn decode<'a>(
    bytes: &'a [u8],
    offset: usize,
    what: &'static str,
) -> Result<Cow<'a, str>, WireError> {
    let bad_utf8 = || WireError::InvalidUtf8 { what, offset };
    if memchr::memchr2(b'%', b'+', bytes).is_none() {
        return std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| bad_utf8());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().enumerate();
    while let Some((i, &b)) = iter.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = iter.next().and_then(|(_, &h)| hex(h));
                let lo = iter.next().and_then(|(_, &l)| hex(l));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => return Err(WireError::BadPercentEncoding { offset: offset + i }),
                }
            }
            _ => out.push(b),
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| bad_utf8())
}

/// Percent-encodes `text` as the official SDKs do: UTF-8, upper-case hex, only
/// `A-Z a-z 0-9 - _ . ~` left as they are (a space is `%20`).
///
/// # Example
/// ```
/// assert_eq!(ecs_runcommand::wire::encode_component("a b*{ü}"), "a%20b%2A%7B%C3%BC%7D");
/// ```
pub fn encode_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(
                HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
            ));
            out.push(char::from(
                HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}
