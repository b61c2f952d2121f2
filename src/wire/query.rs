//! RPC query strings and `application/x-www-form-urlencoded` bodies, and the crate's one
//! percent-decoder.

use super::{RawRequest, WireError};
use crate::ApiError;
use std::borrow::Cow;
use std::num::NonZeroU64;

impl<'a> RawRequest<'a> {
    /// Decodes a query string (without the leading `?`), as the official SDKs send it.
    ///
    /// `+` and `%20` both mean a space; percent-encoding is UTF-8 (hex digits in either case);
    /// an empty segment (`&&`) is skipped; a segment without `=` is a key with an empty value.
    /// Keys and values are borrowed from `input` when they need no unescaping.
    ///
    /// # Errors
    /// `InvalidParameter`: bad percent-encoding (with its byte offset), a key or value that is
    /// not UTF-8, the same key twice, a malformed list key, more than 64 parameters that
    /// RunCommand ignores.
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::{check, DateTime, RawRequest};
    ///
    /// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
    /// let raw = RawRequest::from_query(
    ///     b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+a%20b&InstanceId.1=i-a",
    /// )?;
    /// assert_eq!(check(raw, now)?.content(), b"echo a b");
    ///
    /// let err = RawRequest::from_query(b"RegionId=cn-hangzhou&Name=%E4%BD").unwrap_err();
    /// assert_eq!(err.code().as_str(), "InvalidParameter");
    /// assert_eq!(err.detail(), "value starting at byte 26 is not UTF-8 once percent-decoded");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_query(input: &'a [u8]) -> Result<RawRequest<'a>, ApiError> {
        let mut raw = RawRequest::default();
        raw.put_encoded(input)?;
        Ok(raw)
    }

    /// Decodes an `application/x-www-form-urlencoded` body: the same encoding as a query
    /// string (see [`from_query`](RawRequest::from_query)).
    ///
    /// # Errors
    /// As [`from_query`](RawRequest::from_query).
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::RawRequest;
    ///
    /// let raw = RawRequest::from_form(b"RegionId=cn-hangzhou&RegionId=cn-beijing");
    /// assert_eq!(raw.unwrap_err().detail(), "parameter `RegionId` is given twice");
    /// ```
    pub fn from_form(body: &'a [u8]) -> Result<RawRequest<'a>, ApiError> {
        Self::from_query(body)
    }

    /// Adds the pairs of a query string or form body.
    pub(crate) fn put_encoded(&mut self, input: &'a [u8]) -> Result<(), WireError> {
        // A short input is checked for UTF-8 once, and every key and value without escapes
        // is then a slice of it: one pass instead of a call per key and value. A long input
        // is mostly its escaped content, checked once decoded, so a whole pass would be paid
        // twice. Input that fails is checked piece by piece, to say where.
        let whole = if input.len() <= WHOLE_CHECK_MAX {
            std::str::from_utf8(input).ok()
        } else {
            None
        };
        let text = |from: usize, to: usize| whole.map(|w| &w[from..to]);
        let mut start = 0;
        while start <= input.len() {
            let end = memchr::memchr(b'&', &input[start..]).map_or(input.len(), |i| start + i);
            let segment = &input[start..end];
            if !segment.is_empty() {
                // Keys and most values are short: they are searched eight bytes at a time
                // (reading on into the next segment), and only the ones with a `%` or `+`
                // go through the decoder; a long value is searched by the decoder itself.
                let key_end = scan_key(input, start, end);
                let (key, value, value_at) = match key_end.eq {
                    Some(eq) => (&input[start..eq], &input[eq + 1..end], eq + 1),
                    None => (segment, &b""[..], end),
                };
                let key_text = text(start, start + key.len());
                let key = if key_end.escaped {
                    decode(key, key_text, start, "key")?
                } else {
                    unescaped(key, key_text, start, "key")?
                };
                let value_text = text(value_at, end);
                let value = if value.len() >= 32 {
                    decode(value, value_text, value_at, "value")?
                } else if let Some(first) = first_special(input, value_at, end) {
                    decode_from(value, Some(first - value_at), value_text, value_at, "value")?
                } else {
                    unescaped(value, value_text, value_at, "value")?
                };
                self.put(key, value)?;
            }
            start = end + 1;
        }
        Ok(())
    }
}

/// Inputs up to this size are checked for UTF-8 in one pass (see `put_encoded`).
const WHOLE_CHECK_MAX: usize = 8 * 1024;

/// One in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The low seven bits of every byte of a word.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
/// The high bit of every byte of a word.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `word` that is `c`, and no other bit.
const fn high_bits_of(word: u64, c: u8) -> u64 {
    let t = word ^ (ONES * c as u64);
    // A byte of `t` is zero exactly when adding 0x7F to its low seven bits sets no high bit
    // and its own high bit is clear (no carry crosses bytes: 0x7F + 0x7F < 0x100).
    !(((t & LOW7).wrapping_add(LOW7)) | t) & HIGHS
}

/// The eight bytes of `input` from `at` (at most its length) as a little-endian word, zeros
/// past its end.
fn word_at(input: &[u8], at: usize) -> u64 {
    let rest = &input[at..];
    if let Some(word) = rest.first_chunk::<8>() {
        return u64::from_le_bytes(*word);
    }
    let mut word = [0_u8; 8];
    word[..rest.len()].copy_from_slice(rest);
    u64::from_le_bytes(word)
}

/// The high bits of the first `n` bytes of a word (all eight from 8 on).
const fn first_bytes(n: usize) -> u64 {
    if n >= 8 {
        HIGHS
    } else {
        HIGHS & ((1 << (8 * n)) - 1)
    }
}

/// Where a key ends, as [`scan_key`] finds it.
struct KeyEnd {
    /// The position of the `=` that ends the key, if the segment has one.
    eq: Option<usize>,
    /// Whether the key has a `%` or `+` to decode.
    escaped: bool,
}

/// Finds the `=` that ends the key of the segment `input[start..end]`, and whether the key
/// has anything to decode: eight bytes at a time (keys are short).
fn scan_key(input: &[u8], start: usize, end: usize) -> KeyEnd {
    let mut escaped = 0_u64;
    let mut at = start;
    while at < end {
        let word = word_at(input, at);
        let valid = first_bytes(end - at);
        let eq = high_bits_of(word, b'=') & valid;
        let special = (high_bits_of(word, b'%') | high_bits_of(word, b'+')) & valid;
        if eq != 0 {
            // The bits of the bytes before the first `=`.
            escaped |= special & (eq - 1);
            return KeyEnd {
                eq: Some(at + eq.trailing_zeros() as usize / 8),
                escaped: escaped != 0,
            };
        }
        escaped |= special;
        at += 8;
    }
    KeyEnd {
        eq: None,
        escaped: escaped != 0,
    }
}

/// The position of the first `%` or `+` of `input[start..end]`: eight bytes at a time (for
/// short values; a long one is searched by memchr).
fn first_special(input: &[u8], start: usize, end: usize) -> Option<usize> {
    let mut at = start;
    while at < end {
        let word = word_at(input, at);
        let special = (high_bits_of(word, b'%') | high_bits_of(word, b'+')) & first_bytes(end - at);
        if special != 0 {
            return Some(at + special.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    None
}

/// The value of each byte as a hexadecimal digit, or 0xFF.
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

/// Bytes looked at per step.
const BLOCK: usize = 64;
/// Bytes a step may read or write: the block, the two hex digits of an escape at its end, and
/// the 16-byte overshoot of a run copy.
const SPAN: usize = BLOCK + 16;

/// Multiplying a word whose bytes are each 0 or 1 by this moves byte `i`'s bit to bit
/// `56 + i`: the top byte then holds all eight.
const GATHER: u64 = 0x0102_0408_1020_4080;

/// Percent-decodes one key or value (`+` is a space) that starts at byte `offset` of the input;
/// `what` names it in errors.
///
/// Borrows when there is nothing to decode (`checked` is these bytes when already known to be
/// UTF-8). Otherwise the output is built a block of 64 input bytes at a time: the `%` and `+`
/// of a block are found with vector compares gathered into a bit mask, the runs between them
/// are copied 16 bytes at a time into the output (zeroed once, with room for the copies'
/// overshoot), and each escape is decoded where it stands. The last bytes go through the same
/// step from a zero-padded copy. UTF-8 is checked once, at the end.
fn decode<'a>(
    bytes: &'a [u8],
    checked: Option<&'a str>,
    offset: usize,
    what: &'static str,
) -> Result<Cow<'a, str>, WireError> {
    // Most keys and values are short: a plain scan beats memchr's set-up there.
    let first = if bytes.len() < 32 {
        bytes.iter().position(|&b| is_special(b))
    } else {
        memchr::memchr2(b'%', b'+', bytes)
    };
    decode_from(bytes, first, checked, offset, what)
}

/// A key or value with nothing to decode, borrowed (see [`decode`]).
#[inline]
fn unescaped<'a>(
    bytes: &'a [u8],
    checked: Option<&'a str>,
    offset: usize,
    what: &'static str,
) -> Result<Cow<'a, str>, WireError> {
    if let Some(text) = checked {
        return Ok(Cow::Borrowed(text));
    }
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|_| WireError::InvalidUtf8 { what, offset })
}

/// Whether `b` is decoded (`%` starts an escape, `+` is a space).
const fn is_special(b: u8) -> bool {
    b == b'%' || b == b'+'
}

/// [`decode`], once the first `%` or `+` of `bytes` is known (`None`: there is none).
fn decode_from<'a>(
    bytes: &'a [u8],
    first: Option<usize>,
    checked: Option<&'a str>,
    offset: usize,
    what: &'static str,
) -> Result<Cow<'a, str>, WireError> {
    debug_assert_eq!(first, bytes.iter().position(|&b| is_special(b)));
    let bad_utf8 = || WireError::InvalidUtf8 { what, offset };
    let Some(first) = first else {
        return unescaped(bytes, checked, offset, what);
    };
    // The output is never longer than the input: it is zeroed once, with room past the end
    // for a block's overshoot, and each block is decoded in place (a block decoded elsewhere
    // and copied in costs more: the wide copy stalls on the narrow stores it reads back).
    let mut out = vec![0_u8; bytes.len() + OUT];
    out[..first].copy_from_slice(&bytes[..first]);
    let (mut read, mut written) = (first, first);
    let mut padded: [u8; SPAN];
    // The SDKs write a space as `%20` or as `+`, rarely both: one search of the whole value
    // (vectorised by memchr) spares looking for `+` in every block when there is none.
    let plus = memchr::memchr(b'+', &bytes[first..]).is_some();
    while read < bytes.len() {
        let rest = &bytes[read..];
        let window: &[u8; SPAN] = match rest.first_chunk::<SPAN>() {
            Some(window) => window,
            None => {
                padded = [0; SPAN];
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        let valid = rest.len().min(BLOCK);
        // `written <= read < bytes.len()`, so the block's room is within `out`.
        let dst = &mut out[written..written + OUT];
        let step = if plus {
            decode_block::<true>(window, dst, valid)
        } else {
            decode_block::<false>(window, dst, valid)
        };
        let Some((r, w)) = step else {
            return Err(WireError::BadPercentEncoding {
                offset: offset + read + first_bad_escape(&window[..valid + 2]),
            });
        };
        read += r;
        written += w;
    }
    out.truncate(written);
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| bad_utf8())
}

/// The position of the first `%` of `window` that is not followed by two hex digits: where a
/// block that [`decode_block`] refused goes wrong (only called then, so it is always found;
/// the window's last two bytes are only ever read as digits).
fn first_bad_escape(window: &[u8]) -> usize {
    let hex = |i: usize| {
        window
            .get(i)
            .is_some_and(|&b| HEX_VALUE[usize::from(b)] != 0xFF)
    };
    let mut i = 0;
    while i + 2 < window.len() {
        if window[i] == b'%' {
            if !(hex(i + 1) && hex(i + 2)) {
                return i;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    debug_assert!(false, "a refused block has a bad escape");
    i
}

/// The room a block is decoded into, in place in the output: what a step writes (`SPAN`) lies
/// at its start, and it is long enough that an index of type `u8`, plus a 16-byte copy, is
/// always within it.
const OUT: usize = 256 + 16;

/// Decodes the first `valid` bytes of `window` (1 to 64; an escape may read two bytes past
/// them) into the first `OUT` bytes of `dst`. Returns the bytes read and written, or `None`
/// when an escape is malformed (a `%` not followed by two hex digits; [`first_bad_escape`]
/// then says where).
///
/// The digits of every escape are checked together, once for the block: a bad digit has the
/// high bit of its value set. Invariants: `to <= from <= at < 64` when a run is copied (the
/// output never outgrows the input), so the copies stay within `SPAN`; `at < from` only when
/// a `%` was taken as the digit of a bad escape before it. The positions are `u8`, which
/// `dst` is long enough for, and `at` is below 64 (the compiler knows it too): the accesses
/// need no bounds checks. `PLUS` says whether the value has a `+` at all: without one, only
/// `%` is looked for.
fn decode_block<const PLUS: bool>(
    window: &[u8; SPAN],
    dst: &mut [u8],
    valid: usize,
) -> Option<(usize, usize)> {
    debug_assert!((1..=BLOCK).contains(&valid));
    // Its length, known from here on: the accesses below need no bounds checks.
    let dst = &mut dst[..OUT];
    // A flag byte per input byte (a loop the compiler turns into vector compares), then eight
    // flags at a time gathered into bits.
    let mut flags = [0_u8; BLOCK];
    for (flag, &b) in flags.iter_mut().zip(window.iter()) {
        *flag = u8::from(b == b'%') | (u8::from(PLUS) & u8::from(b == b'+'));
    }
    let mut specials = 0_u64;
    for (i, word) in flags.as_chunks::<8>().0.iter().enumerate() {
        specials |= (u64::from_le_bytes(*word).wrapping_mul(GATHER) >> 56) << (8 * i);
    }
    // Padding past `valid` is zeros, never special.
    let (mut from, mut to, mut bad) = (0_usize, 0_u8, 0_u8);
    while let Some(bits) = NonZeroU64::new(specials) {
        let at = bits.trailing_zeros() as usize;
        specials &= specials - 1;
        debug_assert!(at < valid);
        let run = at.checked_sub(from)?;
        copy_run(dst, usize::from(to), window, from, run);
        // `run <= at < 64`: no bits are lost.
        to += run as u8;
        if PLUS && window[at] == b'+' {
            dst[usize::from(to)] = b' ';
            from = at + 1;
        } else {
            let hi = HEX_VALUE[usize::from(window[at + 1])];
            let lo = HEX_VALUE[usize::from(window[at + 2])];
            bad |= hi | lo;
            dst[usize::from(to)] = hi << 4 | lo;
            from = at + 3;
        }
        to += 1;
    }
    if bad & 0x80 != 0 {
        return None;
    }
    let mut to = usize::from(to);
    if from < valid {
        let run = valid - from;
        copy_run(dst, to, window, from, run);
        to += run;
        from = valid;
    }
    Some((from, to))
}

/// Copies the `run` bytes at `window[from..]` to `dst[to..]`, 16 at a time: copies of a
/// fixed size are a load and a store each, where a copy of a variable size is a call. The
/// last copy may overshoot the run by up to 15 bytes, which `SPAN` and `OUT` leave room for
/// (`from + run <= 64` and `to <= from`).
#[inline(always)]
fn copy_run(dst: &mut [u8], to: usize, window: &[u8; SPAN], from: usize, run: usize) {
    debug_assert!(from + run <= BLOCK && to <= from);
    let mut done = 0;
    loop {
        dst[to + done..to + done + 16].copy_from_slice(&window[from + done..from + done + 16]);
        done += 16;
        if done >= run {
            break;
        }
    }
}

/// Percent-decodes one name or value of a query string or form body (`+` is a space) that
/// starts at byte `offset` of its input: the crate's one percent-decoder, for callers outside
/// this module.
pub(crate) fn decode_component(bytes: &[u8], offset: usize) -> Result<Cow<'_, str>, WireError> {
    decode(bytes, None, offset, "key or value")
}

/// How many times [`encode_into`] percent-encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Times {
    /// `a b` is `a%20b`.
    Once,
    /// The encoding of the encoding: `a b` is `a%2520b` (the V1 string to sign).
    Twice,
}

/// What each byte becomes when encoded: up to 8 bytes written (only `len` of them kept).
struct Escapes {
    bytes: [[u8; 8]; 256],
    len: [u8; 256],
}

/// Builds the table of [`Escapes`]: `A-Z a-z 0-9 - _ . ~` as they are, every other byte as
/// `%XX` (upper-case hex), or `%25XX` when encoding twice (the hex digits need no escape).
const fn escapes(twice: bool) -> Escapes {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut table = Escapes {
        bytes: [[0; 8]; 256],
        len: [0; 256],
    };
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            table.bytes[b][0] = byte;
            table.len[b] = 1;
        } else {
            let digits = [HEX[b >> 4], HEX[b & 15]];
            let (entry, len) = if twice {
                ([b'%', b'2', b'5', digits[0], digits[1], 0, 0, 0], 5)
            } else {
                ([b'%', digits[0], digits[1], 0, 0, 0, 0, 0], 3)
            };
            table.bytes[b] = entry;
            table.len[b] = len;
        }
        b += 1;
    }
    table
}

static ONCE: Escapes = escapes(false);
static TWICE: Escapes = escapes(true);

/// Text written by [`encode_into`] (and other ASCII): as a `String`, without copying.
pub(crate) fn ascii_text(bytes: Vec<u8>) -> String {
    debug_assert!(bytes.is_ascii());
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Input bytes encoded per step of [`encode_into`].
const ENCODE_BLOCK: usize = 64;

/// Appends `text` percent-encoded as the official SDKs do: UTF-8, upper-case hex, only
/// `A-Z a-z 0-9 - _ . ~` left as they are (a space is `%20`). The crate's one encoder; its
/// output is ASCII.
///
/// Each byte's encoding is looked up and written whole (8 bytes, the longest escape and
/// padding) into a buffer on the stack, of which its length is kept: no branch per byte. A
/// block of input is written at a time, then appended.
pub(crate) fn encode_into(text: &str, times: Times, out: &mut Vec<u8>) {
    let table = match times {
        Times::Once => &ONCE,
        Times::Twice => &TWICE,
    };
    // At most 5 bytes kept per input byte, and the last write's 8.
    let mut block = [0_u8; ENCODE_BLOCK * 5 + 8];
    for chunk in text.as_bytes().chunks(ENCODE_BLOCK) {
        let mut written = 0;
        for &b in chunk {
            let b = usize::from(b);
            debug_assert!(written + 8 <= block.len());
            block[written..written + 8].copy_from_slice(&table.bytes[b]);
            written += usize::from(table.len[b]);
        }
        out.extend_from_slice(&block[..written]);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// The plain byte-by-byte reading the decoder must agree with.
    fn reference(bytes: &[u8], offset: usize) -> Result<String, WireError> {
        let hex = |b: u8| (HEX_VALUE[usize::from(b)] != 0xFF).then(|| HEX_VALUE[usize::from(b)]);
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
    fn ok_decoder_agrees_with_the_reference() {
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
    fn ok_split_scans_agree_with_plain_scans() {
        // Every segment of short inputs of `=`, `%`, `+`, `&`, letters and those bytes with the
        // high bit set, at every position, up to the input's end (where words are padded).
        let alphabet = b"=%+&ab\xBD\xA5\xAB\x3C";
        let mut rng = Rng(0x5851_F42D_4C95_7F2D);
        for _ in 0..3000 {
            let input: Vec<u8> = (0..rng.below(40))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            for start in 0..=input.len() {
                for end in start..=input.len() {
                    let segment = &input[start..end];
                    let eq = segment.iter().position(|&b| b == b'=');
                    let key = &segment[..eq.unwrap_or(segment.len())];
                    let found = scan_key(&input, start, end);
                    assert_eq!(found.eq, eq.map(|eq| start + eq));
                    assert_eq!(found.escaped, key.iter().any(|&b| is_special(b)));
                    assert_eq!(
                        first_special(&input, start, end),
                        segment
                            .iter()
                            .position(|&b| is_special(b))
                            .map(|i| start + i)
                    );
                }
            }
        }
    }

    #[test]
    fn ok_decoder_edges() {
        // Escapes and `+` at every position around the 64-byte blocks, `%` at the very end.
        for len in 1..200 {
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
        check(&[b'+'; 300]);
        check("%41".repeat(100).as_bytes());
        check("%4".repeat(100).as_bytes());
        check("+%41".repeat(100).as_bytes());
    }

    #[test]
    fn ok_encode_into() {
        let encode = |text: &str, times: Times| {
            let mut out = b">".to_vec();
            encode_into(text, times, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(encode("a b*{ü}~", Times::Once), ">a%20b%2A%7B%C3%BC%7D~");
        assert_eq!(
            encode("a b*{ü}~", Times::Twice),
            ">a%2520b%252A%257B%25C3%25BC%257D~"
        );
        assert_eq!(encode("", Times::Twice), ">");
        assert_eq!(encode("%", Times::Once), ">%25");
        assert_eq!(encode("%", Times::Twice), ">%2525");
        // Twice is the encoding of the encoding; decoding undoes once.
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..500 {
            let text: String = (0..rng.below(40))
                .map(|_| char::from_u32(rng.below(0x3000) as u32).unwrap_or('x'))
                .collect();
            let once = encode(&text, Times::Once);
            assert_eq!(encode(&once[1..], Times::Once), encode(&text, Times::Twice));
            assert_eq!(decode_component(&once.as_bytes()[1..], 0).unwrap(), text);
        }
    }
}
