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

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes one key or value that starts at byte `offset` of the input.
fn decode<'a>(
    bytes: &'a [u8],
    offset: usize,
    what: &'static str,
) -> Result<Cow<'a, str>, WireError> {
    let bad_utf8 = || WireError::InvalidUtf8 { what, offset };
    if !bytes.iter().any(|&b| b == b'%' || b == b'+') {
        return std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| bad_utf8());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex);
                let lo = bytes.get(i + 2).copied().and_then(hex);
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => return Err(WireError::BadPercentEncoding { offset: offset + i }),
                }
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
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
