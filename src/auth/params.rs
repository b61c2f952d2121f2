//! The request's parameters: the query and a form body, decoded by the one percent-decoder and
//! sorted by name, and their canonical percent-encoding.

use std::borrow::Cow;

use super::MAX_PARAMS;
use super::error::{AuthError, AuthErrorKind, Part, shown};
use crate::wire::{Times, decode_component, encode_into};

/// One decoded parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Param<'a> {
    pub(crate) name: Cow<'a, str>,
    pub(crate) value: Cow<'a, str>,
    /// Whether it came from the form body (else the query).
    pub(crate) in_body: bool,
}

/// The parameters of the query and (when it is a form) the body, sorted by name (byte order,
/// which is code point order), each name once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params<'a> {
    sorted: Vec<Param<'a>>,
}

impl<'a> Params<'a> {
    /// Decodes `query` and `body` (`&`-separated `name=value` segments; an empty segment is
    /// skipped, a segment without `=` has an empty value; `+` is a space).
    ///
    /// # Errors
    /// Bad percent-encoding or UTF-8 (`Decode`), more than [`MAX_PARAMS`] parameters, the same
    /// name twice.
    pub(crate) fn collect(
        query: &'a [u8],
        body: Option<&'a [u8]>,
    ) -> Result<Params<'a>, AuthError> {
        let mut sorted = Vec::new();
        split_into(query, Part::Query, &mut sorted)?;
        if let Some(body) = body {
            split_into(body, Part::Body, &mut sorted)?;
        }
        sorted.sort_unstable_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        if let Some(pair) = sorted.windows(2).find(|pair| pair[0].name == pair[1].name) {
            return Err(AuthError::new(AuthErrorKind::DuplicateParameter {
                name: shown(&pair[0].name),
            }));
        }
        Ok(Params { sorted })
    }

    /// The value of the parameter `name`, if present.
    pub(crate) fn get(&self, name: &str) -> Option<&Param<'a>> {
        self.sorted
            .binary_search_by(|p| p.name.as_bytes().cmp(name.as_bytes()))
            .ok()
            .map(|i| &self.sorted[i])
    }

    /// Every parameter, sorted by name.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Param<'a>> {
        self.sorted.iter()
    }

    /// Whether any parameter came from the body.
    pub(crate) fn any_in_body(&self) -> bool {
        self.sorted.iter().any(|p| p.in_body)
    }

    /// The parameters, sorted by name, without `except` (if given).
    pub(crate) fn into_vec_without(self, except: Option<&str>) -> Vec<Param<'a>> {
        let mut sorted = self.sorted;
        if let Some(name) = except {
            sorted.retain(|p| p.name != name);
        }
        sorted
    }
}

/// Appends the decoded parameters of one query string or form body to `out`.
fn split_into<'a>(input: &'a [u8], part: Part, out: &mut Vec<Param<'a>>) -> Result<(), AuthError> {
    let decode = |bytes: &'a [u8], offset: usize| {
        decode_component(bytes, offset)
            .map_err(|source| AuthError::new(AuthErrorKind::Decode { part, source }))
    };
    let mut start = 0;
    for end in memchr::memchr_iter(b'&', input).chain(std::iter::once(input.len())) {
        let segment = &input[start..end];
        if !segment.is_empty() {
            if out.len() == MAX_PARAMS {
                return Err(AuthError::new(AuthErrorKind::TooMany {
                    what: "parameters",
                    limit: MAX_PARAMS,
                }));
            }
            let (name, value, value_at) = match memchr::memchr(b'=', segment) {
                Some(eq) => (&segment[..eq], &segment[eq + 1..], start + eq + 1),
                None => (segment, &b""[..], end),
            };
            out.push(Param {
                name: decode(name, start)?,
                value: decode(value, value_at)?,
                in_body: part == Part::Body,
            });
        }
        start = end + 1;
    }
    Ok(())
}

/// Appends `name=value` pairs, each percent-encoded by [`encode_into`] and joined by `&`: the
/// canonical query string of both signature schemes. Encoded `Times::Twice`, `=` and `&` are
/// encoded too (`%3D`, `%26`): the V1 string to sign's last part, written in one pass.
pub(crate) fn canonical_query<'p, 'a: 'p>(
    params: impl Iterator<Item = &'p Param<'a>>,
    times: Times,
    out: &mut Vec<u8>,
) {
    let (equals, and): (&[u8], &[u8]) = match times {
        Times::Once => (b"=", b"&"),
        Times::Twice => (b"%3D", b"%26"),
    };
    for (i, param) in params.enumerate() {
        if i > 0 {
            out.extend_from_slice(and);
        }
        encode_into(&param.name, times, out);
        out.extend_from_slice(equals);
        encode_into(&param.value, times, out);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::wire::WireError;

    fn pairs(params: &Params<'_>) -> Vec<(String, String, bool)> {
        params
            .iter()
            .map(|p| (p.name.to_string(), p.value.to_string(), p.in_body))
            .collect()
    }

    #[test]
    fn ok_decodes_and_sorts_query_and_body() {
        let params = Params::collect(b"b=%2A*&&a=x+y%20z&c", Some(b"B=~%7E")).unwrap();
        assert_eq!(
            pairs(&params),
            [
                ("B".into(), "~~".into(), true),
                ("a".into(), "x y z".into(), false),
                ("b".into(), "**".into(), false),
                ("c".into(), String::new(), false),
            ]
        );
        assert!(params.any_in_body());
        assert_eq!(params.get("a").unwrap().value, "x y z");
        assert!(params.get("A").is_none());
        let mut canonical = Vec::new();
        canonical_query(params.iter(), Times::Once, &mut canonical);
        assert_eq!(canonical, b"B=~~&a=x%20y%20z&b=%2A%2A&c=");
        canonical.clear();
        canonical_query(params.iter(), Times::Twice, &mut canonical);
        assert_eq!(
            canonical,
            b"B%3D~~%26a%3Dx%2520y%2520z%26b%3D%252A%252A%26c%3D"
        );
    }

    #[test]
    fn err_same_name_twice_even_across_query_and_body() {
        let err = Params::collect(b"a=1", Some(b"a=2")).unwrap_err();
        assert_eq!(
            err.kind,
            AuthErrorKind::DuplicateParameter { name: "a".into() }
        );
    }

    #[test]
    fn err_decode_faults_carry_part_and_offset() {
        let err = Params::collect(b"a=1", Some(b"x=%zz")).unwrap_err();
        assert_eq!(
            err.kind,
            AuthErrorKind::Decode {
                part: Part::Body,
                source: WireError::BadPercentEncoding { offset: 2 }
            }
        );
        assert_eq!(err.offset(), Some(2));
        assert_eq!(err.to_string(), "the body: bad percent-encoding at byte 2");
        let err = Params::collect(b"a=1&b=%FF", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the query: key or value starting at byte 6 is not UTF-8 once percent-decoded"
        );
    }

    #[test]
    fn err_too_many_parameters() {
        let query = "a=1&".repeat(MAX_PARAMS + 1);
        let err = Params::collect(query.as_bytes(), None).unwrap_err();
        assert_eq!(
            err.kind,
            AuthErrorKind::TooMany {
                what: "parameters",
                limit: MAX_PARAMS
            }
        );
        let exact: String = (0..MAX_PARAMS).map(|i| format!("p{i}=&")).collect();
        assert_eq!(
            Params::collect(exact.as_bytes(), None)
                .unwrap()
                .iter()
                .count(),
            MAX_PARAMS
        );
    }
}
