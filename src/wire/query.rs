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
        // A short input is checked for UTF-8 once, and every key and value without escapes
        // is then a slice of it: one pass instead of a call per key and value. A long input
        // is mostly its escaped content, checked once decoded, so a whole pass would be paid
        // twice. Input that fails is checked piece by piece, to say where.
        let whole = if input.len() <= WHOLE_CHECK_MAX {
            std::str::from_utf8(input).ok()
        } else {
            None
        };
        let text = |from: usize, to: usize| whole.and_then(|w| w.get(from..to));
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
                let key = decode(key, text(start, start + key.len()), start, "key")?;
                let value = decode(
                    value,
                    text(value_at, value_at + value.len()),
                    value_at,
                    "value",
                )?;
                raw.put(key, value)?;
            }
            start = end + 1;
        }
        Ok(raw)
    }
}

/// Inputs up to this size are checked for UTF-8 in one pass (see `from_query`).
const WHOLE_CHECK_MAX: usize = 8 * 1024;

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

/// Bytes looked at per step of the fast path.
const BLOCK: usize = 64;
/// Bytes a step may read or write: the block, the two hex digits of an escape at its end,
/// and the last 16-byte run copy.
const SPAN: usize = BLOCK + 16;

/// One in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The low seven bits of every byte of a word.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
/// The high bit of every byte of a word.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `word` that is `c`, and no other bit.
const fn high_bits_of(word: u64, c: u8) -> u64 {
    let t = word ^ (ONES * c as u64);
    // A byte of `t` is zero exactly when adding 0x7F to its low bits sets no high bit and
    // its own high bit is clear (no carry crosses bytes: 0x7F + 0x7F < 0x100).
    !(((t & LOW7).wrapping_add(LOW7)) | t) & HIGHS
}

/// Multiplying a word whose bytes are each 0 or 1 by this moves byte `i`'s bit to bit
/// `56 + i`: the top byte then holds all eight.
const GATHER: u64 = 0x0102_0408_1020_4080;

/// Copies 16 bytes from `src[from..]` to `dst[to..]` (both within a [`SPAN`]).
fn copy16(dst: &mut [u8; SPAN], to: usize, src: &[u8; SPAN], from: usize) {
    if let (Some(d), Some(s)) = (dst.get_mut(to..to + 16), src.get(from..from + 16)) {
        d.copy_from_slice(s);
    }
}

/// Decodes the escapes of one block that has `%` at the bits of `escapes` and no `+`.
///
/// Each run before an escape is copied 16 bytes at a time (the excess is overwritten next),
/// then the escape's byte is written. Returns the bytes read (64 to 66) and written, or `None`
/// when an escape is malformed (the slow path then reports it).
///
/// Within a block `to <= from <= at < 64` (the output never outgrows the input), so the
/// `& 63` masks below change nothing; they let the compiler see every access is in bounds.
fn decode_block(window: &[u8; SPAN], dst: &mut [u8; SPAN], escapes: u64) -> Option<(usize, usize)> {
    let mut bits = escapes;
    let (mut from, mut to, mut bad) = (0_usize, 0_usize, 0_u8);
    while bits != 0 {
        let at = (bits.trailing_zeros() & 63) as usize;
        bits &= bits - 1;
        // `at < from` only when a `%` is one of the digits of the escape before: malformed.
        let run = at.checked_sub(from)?;
        copy16(dst, to & 63, window, from & 63);
        if run > 16 {
            copy_run(dst, to + 16, window, from + 16, run - 16);
        }
        to += run;
        let hi = hex_or_ff(window.get(at + 1).copied().unwrap_or(0));
        let lo = hex_or_ff(window.get(at + 2).copied().unwrap_or(0));
        bad |= hi | lo;
        if let Some(slot) = dst.get_mut(to & 63) {
            *slot = hi << 4 | lo;
        }
        to += 1;
        from = at + 3;
    }
    if bad & 0x80 != 0 {
        return None;
    }
    if from < BLOCK {
        let run = BLOCK - from;
        copy_run(dst, to, window, from, run);
        to += run;
        from = BLOCK;
    }
    Some((from, to))
}

/// Copies `len` bytes from `src[from..]` to `dst[to..]` (all within a [`SPAN`]).
fn copy_run(dst: &mut [u8; SPAN], to: usize, src: &[u8; SPAN], from: usize, len: usize) {
    if let (Some(d), Some(s)) = (dst.get_mut(to..to + len), src.get(from..from + len)) {
        d.copy_from_slice(s);
    }
}

/// The value of a hex digit, or 0xFF.
fn hex_or_ff(b: u8) -> u8 {
    HEX_VALUE.get(usize::from(b)).copied().unwrap_or(0xFF)
}

/// Decodes byte by byte from `bytes[read..]` into `out[written..]` until at least `until` bytes
/// are read. Returns the new `(read, written)`, or the offset (in `bytes`) of a bad `%`.
fn decode_slow(
    bytes: &[u8],
    out: &mut [u8],
    (mut read, mut written): (usize, usize),
    until: usize,
) -> Result<(usize, usize), usize> {
    while read < until {
        let (byte, used) = match bytes.get(read..).unwrap_or_default() {
            [b'+', ..] => (b' ', 1),
            [b'%', h, l, ..] => match (hex(*h), hex(*l)) {
                (Some(hi), Some(lo)) => (hi << 4 | lo, 3),
                _ => return Err(read),
            },
            [b'%', ..] => return Err(read),
            [b, ..] => (*b, 1),
            [] => break,
        };
        if let Some(slot) = out.get_mut(written) {
            *slot = byte;
        }
        read += used;
        written += 1;
    }
    Ok((read, written))
}

/// Percent-decodes one key or value that starts at byte `offset` of the input.
///
/// Borrows when there is nothing to decode (`checked` is these bytes when already known to be
/// UTF-8). Otherwise the output (never longer than the input)
/// is written into a buffer of the input's size: 64 bytes at a time, the escapes found with
/// vector compares and the runs between them copied 16 bytes at a time; blocks with a `+`
/// or a malformed escape, and the last bytes, go byte by byte. UTF-8 is checked once, at the
/// end.
fn decode<'a>(
    bytes: &'a [u8],
    checked: Option<&'a str>,
    offset: usize,
    what: &'static str,
) -> Result<Cow<'a, str>, WireError> {
    let bad_utf8 = || WireError::InvalidUtf8 { what, offset };
    let bad_percent = |at: usize| WireError::BadPercentEncoding {
        offset: offset + at,
    };
    // Most keys and values are short: a plain scan beats memchr's set-up there.
    let first = if bytes.len() < 32 {
        bytes.iter().position(|&b| b == b'%' || b == b'+')
    } else {
        memchr::memchr2(b'%', b'+', bytes)
    };
    let Some(first) = first else {
        if let Some(text) = checked {
            return Ok(Cow::Borrowed(text));
        }
        return std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| bad_utf8());
    };
    let mut out = vec![0_u8; bytes.len()];
    if let (Some(dst), Some(src)) = (out.get_mut(..first), bytes.get(..first)) {
        dst.copy_from_slice(src);
    }
    let (mut read, mut written) = (first, first);
    // The SDKs write a space as `%20`: most values have no `+`, and one search of the whole
    // value (vectorised by memchr) spares looking for it in every block.
    let has_plus = bytes.len() >= SPAN
        && memchr::memchr(b'+', bytes.get(first..).unwrap_or_default()).is_some();
    while let (Some(window), Some(dst)) = (
        bytes.get(read..).and_then(<[u8]>::first_chunk::<SPAN>),
        out.get_mut(written..)
            .and_then(<[u8]>::first_chunk_mut::<SPAN>),
    ) {
        let (mut escapes, mut plus) = (0_u64, 0_u64);
        // A flag byte per input byte (a loop the compiler turns into vector compares), then
        // eight flags at a time gathered into bits: half the work of finding `%` word by word.
        let mut flags = [0_u8; BLOCK];
        for (flag, &b) in flags.iter_mut().zip(window.iter()) {
            *flag = u8::from(b == b'%');
        }
        for (i, word) in flags.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            escapes |= (word.wrapping_mul(GATHER) >> 56) << (8 * i);
        }
        if has_plus {
            for word in window.chunks_exact(8).take(BLOCK / 8) {
                let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
                plus |= high_bits_of(word, b'+');
            }
        }
        let step = if plus != 0 {
            None
        } else {
            decode_block(window, dst, escapes)
        };
        (read, written) = match step {
            Some((r, w)) => (read + r, written + w),
            None => {
                decode_slow(bytes, &mut out, (read, written), read + BLOCK).map_err(bad_percent)?
            }
        };
    }
    (_, written) =
        decode_slow(bytes, &mut out, (read, written), bytes.len()).map_err(bad_percent)?;
    out.truncate(written);
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| bad_utf8())
}

/// Percent-decodes one key or value of a query string or form body that starts at byte `offset`
/// of its input (`+` is a space), borrowing when nothing needs decoding: the one decoder,
/// for callers outside this module (the signature verifier).
pub(crate) fn decode_component(bytes: &[u8], offset: usize) -> Result<Cow<'_, str>, WireError> {
    decode(bytes, None, offset, "key or value")
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

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// The plain byte-by-byte reading the fast path must agree with.
    fn reference(bytes: &[u8], offset: usize) -> Result<String, WireError> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let digit = |j: usize| bytes.get(j).and_then(|b| hex(*b));
                    match (digit(i + 1), digit(i + 2)) {
                        (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                        _ => return Err(WireError::BadPercentEncoding { offset: offset + i }),
                    }
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).map_err(|_| WireError::InvalidUtf8 {
            what: "value",
            offset,
        })
    }

    fn check(bytes: &[u8]) {
        let got = decode(bytes, None, 7, "value").map(Cow::into_owned);
        if let Ok(text) = std::str::from_utf8(bytes) {
            assert_eq!(
                decode(bytes, Some(text), 7, "value").map(Cow::into_owned),
                got
            );
        }
        assert_eq!(
            got,
            reference(bytes, 7),
            "input {:?}",
            String::from_utf8_lossy(bytes)
        );
    }

    #[test]
    fn ok_fast_path_agrees_with_the_reference() {
        let pieces: [&[u8]; 12] = [
            b"a",
            b"tail",
            b"%20",
            b"%2F",
            b"%7c",
            b"%0A",
            b"+",
            b"%C3%BC",
            b"%E4%BD%A0",
            b"0123456789abcdefghijklmnopqrstuvwxyz",
            b"%25",
            b"%2B",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let mut input = Vec::new();
            let target = rng.below(400);
            while input.len() < target {
                input.extend_from_slice(pieces[rng.below(pieces.len())]);
            }
            check(&input);
            // One fault somewhere: a bad escape, a cut escape, a stray byte.
            if !input.is_empty() {
                let at = rng.below(input.len());
                let mut bad = input.clone();
                match rng.below(4) {
                    0 => bad[at] = b'%',
                    1 => bad.insert(at, b'%'),
                    2 => bad[at] = 0xC3,
                    _ => bad.truncate(at),
                }
                check(&bad);
            }
        }
    }

    #[test]
    fn ok_fast_path_edges() {
        // Escapes at every position around the 64-byte blocks, `%` at the very end.
        for len in 60..200 {
            for at in 0..len {
                let mut input = vec![b'x'; len];
                input[at] = b'%';
                if at + 2 < len {
                    input[at + 1] = b'4';
                    input[at + 2] = b'1';
                }
                check(&input);
                input[at] = b'+';
                check(&input);
            }
        }
        check(&[b'%'; 300]);
        check("%41".repeat(100).as_bytes());
        check("%4".repeat(100).as_bytes());
    }
}
