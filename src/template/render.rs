//! Rendering a [`Template`]: [`Values`] for the custom parameters, [`BuiltInValues`] for the
//! built-ins.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::error::{TemplateError, TemplateErrorKind, shown};
use super::{BuiltIn, MAX_NAME_BYTES, Segment, Template};

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
    /// Lower-cased name -> (name as given, value).
    map: BTreeMap<Box<str>, (&'v str, &'v str)>,
}

impl<'v> Values<'v> {
    /// No values.
    pub fn new() -> Values<'v> {
        Values::default()
    }

    /// Sets the value of `name`, returning the value it replaces: one of a name that differs
    /// from `name` only in letter case counts too.
    pub fn insert(&mut self, name: &'v str, value: &'v str) -> Option<&'v str> {
        self.map
            .insert(name.to_ascii_lowercase().into_boxed_str(), (name, value))
            .map(|(_, old)| old)
    }

    /// The value of `name`, ignoring case.
    pub fn get(&self, name: &str) -> Option<&'v str> {
        // Names of templates are at most MAX_NAME_BYTES: lower-case those on the stack.
        let mut buf = [0u8; MAX_NAME_BYTES];
        let lower = match buf.get_mut(..name.len()) {
            Some(short) => {
                short.copy_from_slice(name.as_bytes());
                short.make_ascii_lowercase();
                // Only ASCII bytes changed, so this is still UTF-8.
                std::str::from_utf8(short).ok().map(Cow::Borrowed)
            }
            None => None,
        };
        let lower = lower.unwrap_or_else(|| Cow::Owned(name.to_ascii_lowercase()));
        self.map.get(lower.as_ref()).map(|&(_, value)| value)
    }

    /// The names, as last given, in order of their lower-case form.
    pub fn names(&self) -> impl ExactSizeIterator<Item = &'v str> + '_ {
        self.map.values().map(|&(name, _)| name)
    }

    /// How many distinct names have a value.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no name has a value.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Collects `(name, value)` pairs; a later pair replaces an earlier one with the same name
/// ignoring case.
impl<'v> FromIterator<(&'v str, &'v str)> for Values<'v> {
    fn from_iter<I: IntoIterator<Item = (&'v str, &'v str)>>(pairs: I) -> Values<'v> {
        let mut values = Values::new();
        for (name, value) in pairs {
            values.insert(name, value);
        }
        values
    }
}

/// Values of the built-in environment parameters for one instance and task.
///
/// A built-in without a value is rendered as its placeholder (`{{ACS::InstanceId}}`), which is
/// how the server hands it to the agent; `BuiltInValues::default()` leaves every built-in for
/// the agent.
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

/// What one segment renders as: up to three pieces, pushed in order.
fn pieces<'s>(
    segment: &Segment<'s>,
    resolved: &[&'s str],
    builtins: &BuiltInValues<'s>,
) -> [&'s str; 3] {
    match *segment {
        Segment::Text(text) => [text, "", ""],
        Segment::Custom(param) => [
            resolved.get(param.index).copied().unwrap_or_default(),
            "",
            "",
        ],
        Segment::BuiltIn(builtin) => match builtins.get(builtin) {
            Some(value) => [value, "", ""],
            None => ["{{", builtin.name(), "}}"],
        },
        Segment::ParameterStore(store) => {
            if store.is_secret() {
                ["{{oos-secret:", store.name(), "}}"]
            } else {
                ["{{oos:", store.name(), "}}"]
            }
        }
    }
}

impl Template<'_> {
    /// The value of each distinct custom name, by index.
    fn resolve<'v>(&self, values: &Values<'v>) -> Result<Vec<&'v str>, TemplateError> {
        self.names
            .iter()
            .map(|&(name, offset)| {
                values.get(name).ok_or_else(|| {
                    TemplateError::new(
                        TemplateErrorKind::MissingValue { name: shown(name) },
                        offset,
                    )
                })
            })
            .collect()
    }

    fn len_with(&self, resolved: &[&str], builtins: &BuiltInValues<'_>) -> Option<usize> {
        self.segments.iter().try_fold(0usize, |len, segment| {
            let piece_len = match *segment {
                Segment::Text(text) => text.len(),
                Segment::Custom(param) => resolved.get(param.index).map_or(0, |v| v.len()),
                Segment::BuiltIn(builtin) => builtins
                    .get(builtin)
                    .map_or(4 + builtin.name().len(), str::len),
                Segment::ParameterStore(store) => store.placeholder_len(),
            };
            len.checked_add(piece_len)
        })
    }

    /// The length in bytes of what [`render`](Template::render) would return, computed without
    /// rendering; `usize::MAX` if it overflows. Lets a caller bound the output before
    /// allocating it.
    ///
    /// # Errors
    ///
    /// `Parameter.MissingValue` ([`TemplateErrorKind::MissingValue`]), as for `render`.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::{BuiltInValues, Template, Values};
    ///
    /// let t = Template::parse("{{a}}{{a}}{{A}}")?;
    /// let values: Values<'_> = [("a", "xyz")].into_iter().collect();
    /// assert_eq!(t.rendered_len(&values, &BuiltInValues::default())?, 9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rendered_len(
        &self,
        values: &Values<'_>,
        builtins: &BuiltInValues<'_>,
    ) -> Result<usize, TemplateError> {
        let resolved = self.resolve(values)?;
        Ok(self.len_with(&resolved, builtins).unwrap_or(usize::MAX))
    }

    /// Renders the template: custom placeholders replaced by their values (names ignoring
    /// case), built-ins by their values where given (else kept as `{{ACS::…}}`), Parameter
    /// Store references kept as `{{oos:…}}`. Values are inserted as they are, not scanned
    /// again. The output is allocated once, at its exact size.
    ///
    /// # Errors
    ///
    /// - `Parameter.MissingValue` ([`TemplateErrorKind::MissingValue`]): a custom name of the
    ///   template has no value; the first such name in order of first appearance, at that
    ///   offset.
    /// - `CmdContent.ExceedLimit` ([`TemplateErrorKind::OutputTooLarge`]): the output cannot be
    ///   allocated (its length overflows, or the allocator refuses). Use
    ///   [`rendered_len`](Template::rendered_len) to set a tighter bound.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::{BuiltInValues, Template, TemplateErrorKind, Values};
    ///
    /// let t = Template::parse("echo {{name}} in {{ACS::RegionId}}")?;
    /// let builtins = BuiltInValues { region_id: Some("cn-hangzhou"), ..Default::default() };
    ///
    /// let values: Values<'_> = [("Name", "Jack")].into_iter().collect();
    /// assert_eq!(t.render(&values, &builtins)?, "echo Jack in cn-hangzhou");
    ///
    /// let err = t.render(&Values::new(), &builtins).unwrap_err();
    /// assert_eq!(err.kind, TemplateErrorKind::MissingValue { name: "name".into() });
    /// assert_eq!(err.offset, 7);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(
        &self,
        values: &Values<'_>,
        builtins: &BuiltInValues<'_>,
    ) -> Result<String, TemplateError> {
        let resolved = self.resolve(values)?;
        let len = self.len_with(&resolved, builtins).unwrap_or(usize::MAX);
        let mut out = String::new();
        out.try_reserve_exact(len)
            .map_err(|_| TemplateError::new(TemplateErrorKind::OutputTooLarge { len }, 0))?;
        for segment in &self.segments {
            for piece in pieces(segment, &resolved, builtins) {
                out.push_str(piece);
            }
        }
        Ok(out)
    }
}
