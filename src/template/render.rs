//! Rendering a [`Template`] in the two phases of the [module docs](super): [`Values`] for the
//! custom parameters (the service), [`BuiltInValues`] for the built-ins (the agent).

use super::agent::{find_builtin, in_builtin_match};
use super::error::{TemplateError, TemplateErrorKind, shown};
use super::{BuiltIn, MAX_CUSTOM_NAMES, Part, Template};

/// Values of custom parameters, keyed by name ignoring ASCII case.
///
/// The caller builds it (from the request's Parameters, say); [`Template::render`] then fails
/// with `MissingValue` for any custom name of the template that has no value, so a placeholder
/// can never silently render as nothing. Names that the template does not use are ignored.
///
/// # Example
///
/// ```
/// use ecs_runcommand::template::Values;
///
/// let mut values = Values::new();
/// assert_eq!(values.insert("Name", "Jack"), None);
/// assert_eq!(values.insert("NAME", "Jill"), Some("Jack"));
/// assert_eq!(values.get("name"), Some("Jill"));
/// assert_eq!(values.len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values<'v> {
    /// Name as last given -> value; names are distinct ignoring ASCII case. A template has at
    /// most 20 names, so a list looked through beats a map (and a lookup allocates nothing).
    entries: Vec<(Box<str>, &'v str)>,
}

impl<'v> Values<'v> {
    /// No values.
    pub fn new() -> Values<'v> {
        Values::default()
    }

    /// Sets the value of `name`, returning the value it replaces: one of a name that differs
    /// from `name` only in letter case counts too.
    pub fn insert(&mut self, name: &str, value: &'v str) -> Option<&'v str> {
        match self.position(name) {
            Some(at) => {
                let entry = &mut self.entries[at];
                entry.0 = name.into();
                Some(std::mem::replace(&mut entry.1, value))
            }
            None => {
                self.entries.push((name.into(), value));
                None
            }
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|(known, _)| known.eq_ignore_ascii_case(name))
    }

    /// The value of `name`, ignoring case.
    pub fn get(&self, name: &str) -> Option<&'v str> {
        self.position(name).map(|at| self.entries[at].1)
    }

    /// How many distinct names have a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no name has a value.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Collects `(name, value)` pairs; a later pair replaces an earlier one with the same name
/// ignoring case.
impl<'n, 'v> FromIterator<(&'n str, &'v str)> for Values<'v> {
    fn from_iter<I: IntoIterator<Item = (&'n str, &'v str)>>(pairs: I) -> Values<'v> {
        let mut values = Values::new();
        for (name, value) in pairs {
            values.insert(name, value);
        }
        values
    }
}

/// Values of the built-in environment parameters for one instance and task.
///
/// A built-in without a value stays exactly as written (`{{ACS::InstanceId}}`), for the agent
/// to fill; `BuiltInValues::default()` leaves every built-in as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct BuiltInValues<'a> {
    /// `ACS::RegionId`.
    pub region_id: Option<&'a str>,
    /// `ACS::AccountId`.
    pub account_id: Option<&'a str>,
    /// `ACS::InstanceId`.
    pub instance_id: Option<&'a str>,
    /// `ACS::InstanceName`.
    pub instance_name: Option<&'a str>,
    /// `ACS::InvokeId`.
    pub invoke_id: Option<&'a str>,
    /// `ACS::CommandId`.
    pub command_id: Option<&'a str>,
}

impl<'a> BuiltInValues<'a> {
    /// The value of `builtin`, if given.
    pub const fn get(&self, builtin: BuiltIn) -> Option<&'a str> {
        match builtin {
            BuiltIn::RegionId => self.region_id,
            BuiltIn::AccountId => self.account_id,
            BuiltIn::InstanceId => self.instance_id,
            BuiltIn::InstanceName => self.instance_name,
            BuiltIn::InvokeId => self.invoke_id,
            BuiltIn::CommandId => self.command_id,
        }
    }
}

fn too_large(len: usize, limit: usize) -> TemplateError {
    TemplateError::too_large(len, limit)
}

/// An empty buffer with room for exactly `len` bytes, or the error of an output that cannot
/// be allocated.
fn buffer(len: usize, limit: usize) -> Result<Vec<u8>, TemplateError> {
    let mut out = Vec::new();
    out.try_reserve_exact(len)
        .map_err(|_| too_large(len, limit))?;
    Ok(out)
}

impl Template {
    /// Renders the template in both phases: custom placeholders replaced by their values
    /// (names ignoring case), then the built-ins over the whole text as the agent finds them,
    /// replaced where [`BuiltInValues`] gives a value and else kept as written; Parameter Store
    /// references are kept as written. The length of the result is computed before it is
    /// allocated, and must not exceed `max_bytes`.
    ///
    /// # Errors
    ///
    /// - [`TemplateErrorKind::MissingValue`]: a custom name of the template has no value; the
    ///   first such name in order of first appearance, at that offset.
    /// - [`TemplateErrorKind::OutputTooLarge`]: the text after either phase would be longer
    ///   than `max_bytes` (or cannot be allocated).
    /// - [`TemplateErrorKind::UnknownBuiltIn`]: a value brought in a `{{ACS::name}}` whose name
    ///   is not a built-in, which the agent refuses; at its offset in the text of phase 1.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::{BuiltInValues, Template, TemplateErrorKind, Values};
    ///
    /// let t = Template::parse("echo {{name}} in {{ ACS::RegionId }}")?;
    /// let builtins = BuiltInValues { region_id: Some("cn-hangzhou"), ..Default::default() };
    ///
    /// let values: Values<'_> = [("Name", "Jack")].into_iter().collect();
    /// assert_eq!(t.render(&values, &builtins, 100)?, b"echo Jack in cn-hangzhou");
    /// // Without a value, a built-in stays exactly as written.
    /// assert_eq!(t.render(&values, &BuiltInValues::default(), 100)?, b"echo Jack in {{ ACS::RegionId }}");
    /// // A value is expanded by the agent too.
    /// let values: Values<'_> = [("name", "{{ACS::RegionId}}")].into_iter().collect();
    /// assert_eq!(t.render(&values, &builtins, 100)?, b"echo cn-hangzhou in cn-hangzhou");
    ///
    /// let err = t.render(&Values::new(), &builtins, 100).unwrap_err();
    /// assert_eq!(err.kind(), &TemplateErrorKind::MissingValue { name: "name".into() });
    /// assert_eq!(err.offset(), 7);
    /// let err = t.render(&values, &builtins, 10).unwrap_err();
    /// assert_eq!(err.kind(), &TemplateErrorKind::OutputTooLarge { len: 45, limit: 10 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(
        &self,
        values: &Values<'_>,
        builtins: &BuiltInValues<'_>,
        max_bytes: usize,
    ) -> Result<Vec<u8>, TemplateError> {
        // At most 20 names: their values on the stack, looked up once each.
        let mut resolved: [&[u8]; MAX_CUSTOM_NAMES] = [&[]; MAX_CUSTOM_NAMES];
        for (index, name) in self.custom_names().enumerate() {
            resolved[index] = values.get(name).map(str::as_bytes).ok_or_else(|| {
                TemplateError::new(
                    TemplateErrorKind::MissingValue {
                        name: shown(name.as_bytes()),
                    },
                    self.name_offset(index),
                )
            })?;
        }
        let resolved = &resolved[..self.custom_name_count()];
        self.render_resolved(resolved, builtins, max_bytes)
    }

    /// Renders with the value of each distinct custom name given by its index.
    pub(crate) fn render_resolved(
        &self,
        values: &[&[u8]],
        builtins: &BuiltInValues<'_>,
        max_bytes: usize,
    ) -> Result<Vec<u8>, TemplateError> {
        debug_assert_eq!(values.len(), self.custom_name_count());
        // The text the service hands over (phase 1) must be within the limit too.
        let service_len = self.service_len(values);
        if service_len > max_bytes {
            return Err(too_large(service_len, max_bytes));
        }
        if self.values_are_quiet(values) {
            // The agent's matches are the built-in placeholders: both phases in one pass.
            let len = self.parts().iter().fold(0_usize, |len, part| {
                len.saturating_add(match part {
                    Part::Custom { index, .. } => values[*index].len(),
                    Part::BuiltIn { at, builtin } => {
                        builtins.get(*builtin).map_or(at.len(), str::len)
                    }
                    Part::Text { at } | Part::Store { at, .. } => at.len(),
                })
            });
            if len > max_bytes {
                return Err(too_large(len, max_bytes));
            }
            let mut out = buffer(len, max_bytes)?;
            for part in self.parts() {
                match part {
                    Part::Custom { index, .. } => out.extend_from_slice(values[*index]),
                    Part::BuiltIn { at, builtin } => match builtins.get(*builtin) {
                        Some(value) => out.extend_from_slice(value.as_bytes()),
                        None => out.extend_from_slice(&self.as_bytes()[at.clone()]),
                    },
                    Part::Text { at } | Part::Store { at, .. } => {
                        out.extend_from_slice(&self.as_bytes()[at.clone()]);
                    }
                }
            }
            debug_assert_eq!(out.len(), len);
            return Ok(out);
        }
        let mut text = buffer(service_len, max_bytes)?;
        for part in self.parts() {
            match part {
                Part::Custom { index, .. } => text.extend_from_slice(values[*index]),
                _ => text.extend_from_slice(&self.as_bytes()[part.at()]),
            }
        }
        expand_builtins(text, builtins, max_bytes)
    }

    /// The length of the text after phase 1 (custom placeholders replaced, everything else as
    /// written), saturating; `value_len` gives the length of the value of each name index.
    pub(crate) fn service_len_with(&self, value_len: impl Fn(usize) -> usize) -> usize {
        self.parts().iter().fold(0_usize, |len, part| {
            len.saturating_add(match part {
                Part::Custom { index, .. } => value_len(*index),
                _ => part.at().len(),
            })
        })
    }

    /// [`service_len_with`](Self::service_len_with) for values given by index.
    fn service_len(&self, values: &[&[u8]]) -> usize {
        self.service_len_with(|index| values[index].len())
    }

    /// Whether no inserted value can take part in a match of the agent's built-in pattern.
    ///
    /// A match has no brace between its `{{` and `}}`, and it cannot lie wholly in the text
    /// between placeholders (parsing would have found it there) nor cross a placeholder of the
    /// content other than being one. So a match that is not a built-in placeholder overlaps an
    /// inserted value. That needs a value with a brace, or a value made only of bytes a match
    /// admits with a `{` within reach on its left and a `}` within reach on its right, through
    /// such bytes (other values of that kind included). Both reaches are found in two passes
    /// over the parts that look only at the bytes next to each value.
    fn values_are_quiet(&self, values: &[&[u8]]) -> bool {
        let text = self.as_bytes();
        // Each distinct value looked at once: a brace in it, or only bytes a match admits.
        let mut plain = [false; MAX_CUSTOM_NAMES];
        for (index, value) in values.iter().enumerate() {
            if memchr::memchr2(b'{', b'}', value).is_some() {
                return false;
            }
            plain[index] = value.iter().all(|&b| in_builtin_match(b));
        }
        // Forward: the custom parts whose value is plain and has a `{` within reach on its left.
        let mut open = false;
        let mut candidates = Vec::new();
        for (i, part) in self.parts().iter().enumerate() {
            match part {
                Part::Text { at } => {
                    let bytes = &text[at.clone()];
                    if let Some(last) = bytes.iter().rposition(|&b| !in_builtin_match(b)) {
                        open = bytes[last] == b'{';
                    }
                }
                Part::Custom { index, .. } => {
                    if !plain[*index] {
                        open = false;
                    } else if open {
                        candidates.push(i);
                    }
                }
                Part::BuiltIn { .. } | Part::Store { .. } => open = false,
            }
        }
        // Backward: is any candidate's right side within reach of a `}`?
        let mut close = false;
        for (i, part) in self.parts().iter().enumerate().rev() {
            if candidates.is_empty() {
                return true;
            }
            match part {
                Part::Text { at } => {
                    let bytes = &text[at.clone()];
                    if let Some(first) = bytes.iter().position(|&b| !in_builtin_match(b)) {
                        close = bytes[first] == b'}';
                    }
                }
                Part::Custom { index, .. } => {
                    if candidates.last() == Some(&i) {
                        if close {
                            return false;
                        }
                        candidates.pop();
                    } else if !plain[*index] {
                        close = false;
                    }
                }
                Part::BuiltIn { .. } | Part::Store { .. } => close = false,
            }
        }
        true
    }
}

/// Phase 2 over a whole text: every match of the agent's built-in pattern, replaced where
/// `builtins` gives a value. Returns the text itself when nothing is replaced.
fn expand_builtins(
    text: Vec<u8>,
    builtins: &BuiltInValues<'_>,
    max_bytes: usize,
) -> Result<Vec<u8>, TemplateError> {
    let mut replace: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
    let mut len = text.len();
    let mut from = 0;
    while let Some((at, name)) = find_builtin(&text, from) {
        let Some(builtin) = BuiltIn::from_agent_name(&text[name.clone()]) else {
            return Err(TemplateError::new(
                TemplateErrorKind::UnknownBuiltIn {
                    name: shown(&text[name]),
                },
                at.start,
            ));
        };
        if let Some(value) = builtins.get(builtin) {
            len = len - at.len() + value.len();
            replace.push((at.clone(), value));
        }
        from = at.end;
    }
    if replace.is_empty() {
        return Ok(text);
    }
    if len > max_bytes {
        return Err(too_large(len, max_bytes));
    }
    let mut out = buffer(len, max_bytes)?;
    let mut last = 0;
    for (at, value) in replace {
        out.extend_from_slice(&text[last..at.start]);
        out.extend_from_slice(value.as_bytes());
        last = at.end;
    }
    out.extend_from_slice(&text[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The two phases done plainly: custom names replaced, then every agent match over the
    /// whole text.
    fn reference(t: &Template, values: &[&[u8]], builtins: &BuiltInValues<'_>) -> Vec<u8> {
        let mut text = Vec::new();
        for part in t.parts() {
            match part {
                Part::Custom { index, .. } => text.extend_from_slice(values[*index]),
                _ => text.extend_from_slice(&t.as_bytes()[part.at()]),
            }
        }
        expand_builtins(text, builtins, usize::MAX).unwrap()
    }

    #[test]
    fn ok_quiet_and_scanned_renders_agree() {
        let builtins = BuiltInValues {
            region_id: Some("cn-hangzhou"),
            instance_id: Some("i-1"),
            ..BuiltInValues::default()
        };
        let cases: [(&str, &str, bool); 12] = [
            ("echo {{a}}", "Jack", true),
            ("/opt/{{a}}/x", "shop", true),
            ("{{ACS::{{a}}}}", "RegionId", false),
            ("{{ACS::{{a}}", "RegionId}}", false),
            ("{{{{a}}", "ACS::RegionId}}", false),
            ("{{ {{a}} }}", "ACS :: InstanceId", false),
            ("awk '{print {{a}}}'", "$1", true),
            ("awk '{print {{a}}}'", "x", false),
            ("{{a}} {{ACS::RegionId}}", "{{ACS::InstanceId}}", false),
            ("{{ {{a}}{{a}} }}", "ACS", false),
            ("{ ACS::{{a}} }", "X", false),
            ("x{{a}}y", "", true),
        ];
        for (content, value, quiet) in cases {
            let t = Template::parse(content).unwrap();
            let values = [value.as_bytes()];
            assert_eq!(
                t.values_are_quiet(&values),
                quiet,
                "{content:?} with {value:?}"
            );
            let want = reference(&t, &values, &builtins);
            assert_eq!(
                t.render_resolved(&values, &builtins, usize::MAX).unwrap(),
                want,
                "{content:?} with {value:?}"
            );
        }
    }

    #[test]
    fn err_unknown_builtin_brought_in_by_a_value() {
        let t = Template::parse("run {{a}}").unwrap();
        let err = t
            .render_resolved(&[b"{{ ACS::Nope }}"], &BuiltInValues::default(), 100)
            .unwrap_err();
        assert_eq!(
            err.kind(),
            &TemplateErrorKind::UnknownBuiltIn {
                name: "Nope".into()
            }
        );
        assert_eq!(err.offset(), 4);
    }

    #[test]
    fn err_limit_in_either_phase() {
        let t = Template::parse("{{a}}").unwrap();
        let long = BuiltInValues {
            instance_name: Some("a-very-long-instance-name"),
            ..BuiltInValues::default()
        };
        // Phase 1 fits (22 bytes), phase 2 does not (25 bytes).
        let err = t
            .render_resolved(&[b"{{ACS::InstanceName}}x"], &long, 23)
            .unwrap_err();
        assert_eq!(
            err.kind(),
            &TemplateErrorKind::OutputTooLarge { len: 26, limit: 23 }
        );
        let err = t.render_resolved(&[b"0123456789"], &long, 9).unwrap_err();
        assert_eq!(
            err.kind(),
            &TemplateErrorKind::OutputTooLarge { len: 10, limit: 9 }
        );
    }
}
