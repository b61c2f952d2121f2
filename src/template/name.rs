//! What the text between `{{` and `}}` names: a custom parameter, a built-in, or a Parameter
//! Store reference.

use std::fmt;

use super::error::{TemplateError, TemplateErrorKind, shown};

/// The longest custom parameter name, in bytes.
pub const MAX_NAME_BYTES: usize = 64;

/// The most distinct custom parameter names one command content may use (built-ins and
/// Parameter Store references do not count).
pub const MAX_CUSTOM_NAMES: usize = 20;

/// A built-in environment parameter, which Cloud Assistant fills in itself.
///
/// In a command content a built-in is spelled exactly as [`BuiltIn::name`] returns, for
/// example `{{ACS::InstanceId}}`; any other spelling of the `ACS::` prefix is an invalid name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum BuiltIn {
    /// `ACS::RegionId`: the region ID.
    RegionId,
    /// `ACS::AccountId`: the UID of the Alibaba Cloud account.
    AccountId,
    /// `ACS::InstanceId`: the instance ID.
    InstanceId,
    /// `ACS::InstanceName`: the instance name.
    InstanceName,
    /// `ACS::InvokeId`: the ID of the task.
    InvokeId,
    /// `ACS::CommandId`: the ID of the command.
    CommandId,
}

impl BuiltIn {
    /// Every built-in, in the order of the reference.
    pub const ALL: [BuiltIn; 6] = [
        BuiltIn::RegionId,
        BuiltIn::AccountId,
        BuiltIn::InstanceId,
        BuiltIn::InstanceName,
        BuiltIn::InvokeId,
        BuiltIn::CommandId,
    ];

    /// The name as written in a placeholder, `ACS::` prefix included.
    pub const fn name(self) -> &'static str {
        match self {
            BuiltIn::RegionId => "ACS::RegionId",
            BuiltIn::AccountId => "ACS::AccountId",
            BuiltIn::InstanceId => "ACS::InstanceId",
            BuiltIn::InstanceName => "ACS::InstanceName",
            BuiltIn::InvokeId => "ACS::InvokeId",
            BuiltIn::CommandId => "ACS::CommandId",
        }
    }

    /// The built-in spelled exactly `name` (case-sensitive, no whitespace).
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::template::BuiltIn;
    ///
    /// assert_eq!(BuiltIn::from_name("ACS::RegionId"), Some(BuiltIn::RegionId));
    /// assert_eq!(BuiltIn::from_name("acs::regionid"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<BuiltIn> {
        BuiltIn::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The built-in whose name after `ACS::` is exactly `name`, as the agent looks it up.
    pub(crate) fn from_agent_name(name: &[u8]) -> Option<BuiltIn> {
        BuiltIn::ALL
            .into_iter()
            .find(|b| b.name().as_bytes().strip_prefix(b"ACS::") == Some(name))
    }
}

impl fmt::Display for BuiltIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a placeholder holds, once its name is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind<'a> {
    /// A custom name: only `[A-Za-z0-9_-]` bytes, so ASCII (kept as bytes: no UTF-8 check).
    Custom(&'a [u8]),
    BuiltIn(BuiltIn),
    Store {
        secret: bool,
        name: &'a str,
    },
}

/// A byte a custom parameter name may hold.
pub(crate) const fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A byte a Parameter Store reference name may hold (the agent's `[\w-.]`).
const fn is_store_byte(b: u8) -> bool {
    is_name_byte(b) || b == b'.'
}

/// Classifies the trimmed, non-empty `name` of a placeholder; `offset` is where it starts.
///
/// Checks, in order: a Parameter Store reference (`oos:` / `oos-secret:`, lower case, then
/// `[A-Za-z0-9_.-]+`); the `ACS::` prefix in any case (only the six built-ins spelled exactly);
/// the characters of a custom name; its length. Every accepted name is ASCII.
pub(crate) fn classify(name: &[u8], offset: usize) -> Result<Kind<'_>, TemplateError> {
    let invalid =
        || TemplateError::new(TemplateErrorKind::InvalidName { name: shown(name) }, offset);
    for (prefix, secret) in [(&b"oos:"[..], false), (&b"oos-secret:"[..], true)] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if rest.is_empty() || !rest.iter().all(|&b| is_store_byte(b)) {
                return Err(invalid());
            }
            let rest = std::str::from_utf8(rest).map_err(|_| invalid())?;
            return Ok(Kind::Store { secret, name: rest });
        }
    }
    let acs = name
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"acs::"));
    if acs {
        return std::str::from_utf8(name)
            .ok()
            .and_then(BuiltIn::from_name)
            .map(Kind::BuiltIn)
            .ok_or_else(invalid);
    }
    if !name.iter().all(|&b| is_name_byte(b)) {
        return Err(invalid());
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(TemplateError::new(
            TemplateErrorKind::NameTooLong {
                name: shown(name),
                len: name.len(),
                limit: MAX_NAME_BYTES,
            },
            offset,
        ));
    }
    Ok(Kind::Custom(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(name: &str, offset: usize) -> Result<Kind<'static>, TemplateError> {
        Err(TemplateError::new(
            TemplateErrorKind::InvalidName { name: name.into() },
            offset,
        ))
    }

    #[test]
    fn ok_custom() {
        assert_eq!(classify(b"a-B_9", 0), Ok(Kind::Custom(b"a-B_9")));
        assert_eq!(classify(b"oos", 0), Ok(Kind::Custom(b"oos")));
        assert_eq!(classify(b"oos-secret", 0), Ok(Kind::Custom(b"oos-secret")));
        assert_eq!(classify(b"ACS", 0), Ok(Kind::Custom(b"ACS")));
        assert_eq!(classify(b"ACS-x", 0), Ok(Kind::Custom(b"ACS-x")));
    }

    #[test]
    fn ok_builtins() {
        for b in BuiltIn::ALL {
            assert_eq!(classify(b.name().as_bytes(), 0), Ok(Kind::BuiltIn(b)));
            assert_eq!(b.to_string(), b.name());
        }
    }

    #[test]
    fn ok_store() {
        assert_eq!(
            classify(b"oos:db.pass-1_x", 0),
            Ok(Kind::Store {
                secret: false,
                name: "db.pass-1_x"
            })
        );
        assert_eq!(
            classify(b"oos-secret:pw", 0),
            Ok(Kind::Store {
                secret: true,
                name: "pw"
            })
        );
    }

    #[test]
    fn err_acs_prefix() {
        assert_eq!(classify(b"ACS::regionid", 4), invalid("ACS::regionid", 4));
        assert_eq!(classify(b"acs::RegionId", 4), invalid("acs::RegionId", 4));
        assert_eq!(classify(b"ACS::Foo", 4), invalid("ACS::Foo", 4));
        assert_eq!(classify(b"Acs::", 4), invalid("Acs::", 4));
        assert_eq!(
            classify(b"ACS::ScriptFileName", 4),
            invalid("ACS::ScriptFileName", 4)
        );
    }

    #[test]
    fn err_store() {
        assert_eq!(classify(b"oos:", 1), invalid("oos:", 1));
        assert_eq!(classify(b"oos:a/b", 1), invalid("oos:a/b", 1));
        assert_eq!(classify(b"OOS:a", 1), invalid("OOS:a", 1));
        assert_eq!(classify(b"oos :a", 1), invalid("oos :a", 1));
    }

    #[test]
    fn err_characters_before_length() {
        assert_eq!(classify(b"a b", 2), invalid("a b", 2));
        assert_eq!(classify("naïve".as_bytes(), 2), invalid("naïve", 2));
        let long_bad = format!("{}.", "a".repeat(70));
        assert_eq!(
            classify(long_bad.as_bytes(), 2),
            invalid(&format!("{}...", "a".repeat(64)), 2)
        );
    }

    #[test]
    fn ok_err_length_limit() {
        let at = "a".repeat(MAX_NAME_BYTES);
        assert_eq!(classify(at.as_bytes(), 0), Ok(Kind::Custom(at.as_bytes())));
        let past = "a".repeat(MAX_NAME_BYTES + 1);
        assert_eq!(
            classify(past.as_bytes(), 3),
            Err(TemplateError::new(
                TemplateErrorKind::NameTooLong {
                    name: format!("{}...", "a".repeat(64)),
                    len: 65,
                    limit: 64
                },
                3
            ))
        );
    }
}
