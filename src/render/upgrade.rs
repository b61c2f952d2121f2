//! Which Cloud Assistant Agent a request needs on an instance: an older agent answers
//! `ClientNeedUpgrade` for that instance (a per-instance outcome, not a rejection of the
//! request).
//!
//! The versions, Linux / Windows, from the reference and the documentation around it
//! (`spec/context.md`):
//!
//! ```text
//! a schedule with rate, at, or a cron year or zone   2.2.3.282 / 2.1.3.282   (usage notes)
//! a custom parameter, a built-in                     2.2.3.309 / 2.1.3.309   (CommandContent)
//! {{ACS::InstanceName}}                              2.2.3.344 / 2.1.3.344   (CommandContent)
//! a container (ContainerId, ContainerName)           2.2.3.344 / -           (ContainerId)
//! ```

use crate::context::{AgentVersion, OsType};
use crate::request::{CheckedRequest, Content};
use crate::schedule::Frequency;
use crate::template::{BuiltIn, find_builtin};

/// The oldest agent a request's features run on, and the feature that sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AgentNeed {
    pub(crate) version: AgentVersion,
    pub(crate) feature: &'static str,
}

/// One feature and the oldest agents that have it, (Linux, Windows).
struct Feature {
    name: &'static str,
    linux: AgentVersion,
    windows: AgentVersion,
}

const SCHEDULE: Feature = Feature {
    name: "a schedule with rate, at, or a cron year or zone",
    linux: AgentVersion::new(2, 2, 3, 282),
    windows: AgentVersion::new(2, 1, 3, 282),
};
const CUSTOM_PARAMETERS: Feature = Feature {
    name: "a custom parameter",
    linux: AgentVersion::new(2, 2, 3, 309),
    windows: AgentVersion::new(2, 1, 3, 309),
};
const BUILT_INS: Feature = Feature {
    name: "a built-in parameter",
    linux: AgentVersion::new(2, 2, 3, 309),
    windows: AgentVersion::new(2, 1, 3, 309),
};
const INSTANCE_NAME: Feature = Feature {
    name: "{{ACS::InstanceName}}",
    linux: AgentVersion::new(2, 2, 3, 344),
    windows: AgentVersion::new(2, 1, 3, 344),
};
/// Containers run on Linux only (a Windows instance is `InvalidInstance.NotMatch`).
const CONTAINER: Feature = Feature {
    name: "a container",
    linux: AgentVersion::new(2, 2, 3, 344),
    windows: AgentVersion::new(2, 2, 3, 344),
};

/// The oldest agent on `os` that runs every feature `request` uses, and the feature that
/// needs it (the first, in the order of the table, among those that need the most); `None`
/// when the request needs no particular agent.
pub(crate) fn agent_need(request: &CheckedRequest, os: OsType) -> Option<AgentNeed> {
    let mut need: Option<AgentNeed> = None;
    let mut needs = |feature: &Feature| {
        let version = match os {
            OsType::Linux => feature.linux,
            OsType::Windows => feature.windows,
        };
        if need.is_none_or(|n| version > n.version) {
            need = Some(AgentNeed {
                version,
                feature: feature.name,
            });
        }
    };
    let scheduled = match request.frequency() {
        Some(Frequency::Rate(_) | Frequency::At(_)) => true,
        Some(Frequency::Cron(cron)) => cron.year().is_some() || cron.zone().is_some(),
        None => false,
    };
    if scheduled {
        needs(&SCHEDULE);
    }
    if let Content::Template { template, .. } = &request.content {
        if template.custom_name_count() > 0 {
            needs(&CUSTOM_PARAMETERS);
        }
        if !template.builtins().is_empty() {
            needs(&BUILT_INS);
        }
        let by_value = || {
            request
                .parameters()
                .into_iter()
                .flat_map(|p| p.entries())
                .any(|(_, value)| {
                    let bytes = value.as_bytes();
                    let mut from = 0;
                    while let Some((at, name)) = find_builtin(bytes, from) {
                        if BuiltIn::from_agent_name(&bytes[name]) == Some(BuiltIn::InstanceName) {
                            return true;
                        }
                        from = at.end;
                    }
                    false
                })
        };
        if template.builtins().contains(&BuiltIn::InstanceName) || by_value() {
            needs(&INSTANCE_NAME);
        }
    }
    if request.in_container() {
        needs(&CONTAINER);
    }
    need
}
