//! The context rules, in their documented order, each a small function over the view.
//!
//! They run on a request that passed every static rule, in either mode of the static rules
//! ([`Mode`]): the first fault ends the run, or every fault is kept.

use super::error::ContextKind as K;
use super::{ContextError, InstanceFacts, Lookup, OsType, Quotas, View};
use crate::ApiError;
use crate::error::shorten;
use crate::render::{AgentNeed, agent_need};
use crate::request::{CheckedRequest, InstanceId, Mode, Subject, Warning, WarningKind as W};
use crate::wire::Param;

/// A run of the context rules over one request.
struct Rules<'r, M: Mode, V: View + ?Sized> {
    view: &'r V,
    faults: &'r mut Vec<ApiError>,
    /// What the request's features need of an agent, per OS, once asked.
    needs: [Option<Option<AgentNeed>>; 2],
    mode: std::marker::PhantomData<M>,
}

/// Runs the context rules C1 to C6 on `request` (which passed every static rule).
pub(crate) fn apply<M: Mode, V: View + ?Sized>(
    request: &mut CheckedRequest,
    view: &V,
    faults: &mut Vec<ApiError>,
) -> Result<(), M::Stop> {
    let mut rules = Rules::<M, V> {
        view,
        faults,
        needs: [None, None],
        mode: std::marker::PhantomData,
    };
    if rules.client_token(request)? {
        return Ok(());
    }
    rules.region(request)?;
    rules.resource_group(request)?;
    rules.password_name(request)?;
    rules.instances(request)?;
    rules.quotas(request)
}

impl<M: Mode, V: View + ?Sized> Rules<'_, M, V> {
    fn fault(&mut self, param: Param, kind: K) -> Result<(), M::Stop> {
        let err = ContextError {
            subject: Subject::Param(param),
            kind,
        };
        M::fault(self.faults, ApiError::from(err)).map(|_| ())
    }

    /// C1: a ClientToken the view knows. Gives `true` for an idempotent repeat (accepted, with
    /// a warning; no other context rule applies).
    fn client_token(&mut self, request: &mut CheckedRequest) -> Result<bool, M::Stop> {
        let Some(token) = request.client_token() else {
            return Ok(false);
        };
        let Lookup::Found(earlier) = self.view.client_token(token) else {
            return Ok(false);
        };
        let token = shorten(token);
        let now = request.fingerprint();
        if earlier.fingerprint != now {
            let kind = K::TokenMismatch {
                token,
                earlier: earlier.fingerprint,
                now,
            };
            self.fault(Param::ClientToken, kind)?;
            Ok(false)
        } else if earlier.processing {
            self.fault(Param::ClientToken, K::TokenProcessing { token })?;
            Ok(false)
        } else {
            request.warnings.push(W::IdempotentRepeat { token }.into());
            Ok(true)
        }
    }

    /// C2: the region exists and offers the API.
    fn region(&mut self, request: &CheckedRequest) -> Result<(), M::Stop> {
        let region = request.region_id();
        match self.view.region(region) {
            Lookup::NotFound => self.fault(
                Param::RegionId,
                K::RegionNotFound {
                    region: shorten(region),
                },
            ),
            Lookup::Found(facts) if facts.api_supported == Some(false) => self.fault(
                Param::RegionId,
                K::ApiNotSupported {
                    region: shorten(region),
                },
            ),
            _ => Ok(()),
        }
    }

    /// C3: the resource group exists and is not being created or deleted.
    fn resource_group(&mut self, request: &CheckedRequest) -> Result<(), M::Stop> {
        let Some(group) = request.resource_group_id() else {
            return Ok(());
        };
        match self.view.resource_group(group) {
            Lookup::NotFound => self.fault(
                Param::ResourceGroupId,
                K::GroupNotFound {
                    group: shorten(group),
                },
            ),
            Lookup::Found(facts) => match facts.status {
                Some(status) if status != super::GroupStatus::Ok => self.fault(
                    Param::ResourceGroupId,
                    K::GroupBusy {
                        group: shorten(group),
                        status,
                    },
                ),
                _ => Ok(()),
            },
            Lookup::NotChecked => Ok(()),
        }
    }

    /// C4: WindowsPasswordName names a parameter of Parameter Store the caller may read.
    fn password_name(&mut self, request: &CheckedRequest) -> Result<(), M::Stop> {
        let Some(name) = request.windows_password_name() else {
            return Ok(());
        };
        let param = Param::WindowsPasswordName;
        match self.view.parameter(name) {
            Lookup::NotFound => self.fault(
                param,
                K::ParameterNotFound {
                    name: shorten(name),
                },
            ),
            Lookup::Found(facts) if facts.readable == Some(false) => self.fault(
                param,
                K::ParameterDenied {
                    name: shorten(name),
                },
            ),
            _ => Ok(()),
        }
    }

    /// C5: the instances: how many, then each one in order.
    fn instances(&mut self, request: &mut CheckedRequest) -> Result<(), M::Stop> {
        let quotas = self.view.quotas();
        if request.instance_ids().is_empty() {
            return self.tagged(request, &quotas);
        }
        let ids = request.instance_ids();
        let mut distinct: Vec<&InstanceId> = Vec::with_capacity(ids.len());
        for id in ids {
            if !distinct.contains(&id) {
                distinct.push(id);
            }
        }
        if let Some(limit) = quotas.instances_per_call {
            let count = distinct.len();
            if count > usize::try_from(limit).unwrap_or(usize::MAX) {
                self.fault(Param::InstanceId, K::TooManyInstances { count, limit })?;
            }
        }
        let mut warnings = Vec::new();
        for id in distinct {
            self.instance(request, Param::InstanceId, id.as_str(), &mut warnings)?;
        }
        request.warnings.extend(warnings);
        Ok(())
    }

    /// C5 with ResourceTag.N: the instances the tags select in the region, at least one and at
    /// most InstancesPerCall, each checked; they become the request's targets.
    fn tagged(&mut self, request: &mut CheckedRequest, quotas: &Quotas) -> Result<(), M::Stop> {
        let limit = quotas
            .instances_per_call
            .unwrap_or(Quotas::DEFAULT_INSTANCES_PER_CALL);
        let max = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .saturating_add(1);
        // Each instance is checked as it is visited; its faults are reported once the count is
        // known to be within the limit (the count comes first).
        // Room for every instance one call may target (bounded: the limit can be raised).
        let mut selected = Vec::with_capacity(max.min(256));
        let mut faults = Vec::new();
        let mut warnings = Vec::new();
        let needs = &mut self.needs;
        let checked = &*request;
        let known = self.view.tagged_instances(
            checked.region_id(),
            checked.resource_tags(),
            max,
            &mut |id, facts| {
                selected.push(id.clone());
                instance_rules(checked, id.as_str(), facts, &mut faults);
                if let Some(warning) = agent_warning(checked, id.as_str(), facts, needs) {
                    warnings.push(warning);
                }
            },
        );
        if !known {
            return Ok(());
        }
        let param = Param::ResourceTag;
        if selected.is_empty() {
            let region = shorten(request.region_id());
            return self.fault(param, K::NoTaggedInstance { region });
        }
        if selected.len() >= max {
            return self.fault(param, K::TooManyTagged { limit });
        }
        for kind in faults {
            self.fault(param, kind)?;
        }
        request.selected = selected;
        request.warnings.extend(warnings);
        Ok(())
    }

    /// C5 for one instance of InstanceId.N: it exists, then [`facts`](Self::facts).
    fn instance(
        &mut self,
        request: &CheckedRequest,
        param: Param,
        id: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), M::Stop> {
        let view = self.view;
        match view.instance(id) {
            Lookup::NotChecked => Ok(()),
            Lookup::NotFound => self.fault(param, K::NoSuchInstance { id: shorten(id) }),
            Lookup::Found(facts) => self.facts(request, param, id, &facts, warnings),
        }
    }

    /// C5 for one instance that exists: the per-instance rules; an agent too old for the
    /// request is a warning (the instance answers ClientNeedUpgrade).
    fn facts(
        &mut self,
        request: &CheckedRequest,
        param: Param,
        id: &str,
        facts: &InstanceFacts<'_>,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), M::Stop> {
        let mut faults = Vec::new();
        instance_rules(request, id, facts, &mut faults);
        for kind in faults {
            self.fault(param, kind)?;
        }
        if let Some(warning) = agent_warning(request, id, facts, &mut self.needs) {
            warnings.push(warning);
        }
        Ok(())
    }

    /// C6: one more kept command (KeepCommand true), one more invocation today.
    fn quotas(&mut self, request: &CheckedRequest) -> Result<(), M::Stop> {
        let quotas = self.view.quotas();
        if let Some(quota) = quotas.command_count.filter(|q| q.is_used_up())
            && request.keep_command()
        {
            self.fault(Param::KeepCommand, K::CommandQuota { quota })?;
        }
        if let Some(quota) = quotas.invocations.filter(|q| q.is_used_up()) {
            self.fault(Param::RegionId, K::InvocationQuota { quota })?;
        }
        Ok(())
    }
}

/// The warning for an instance whose agent is older than `request` needs on its OS; `needs`
/// keeps what the request needs per OS once it is known.
fn agent_warning(
    request: &CheckedRequest,
    id: &str,
    facts: &InstanceFacts<'_>,
    needs: &mut [Option<Option<AgentNeed>>; 2],
) -> Option<Warning> {
    let have = facts.agent_version?;
    let os = facts
        .os_type
        .unwrap_or(if request.command_type().is_windows() {
            OsType::Windows
        } else {
            OsType::Linux
        });
    let slot = &mut needs[usize::from(os == OsType::Windows)];
    let need = (*slot.get_or_insert_with(|| agent_need(request, os)))?;
    (have < need.version).then(|| {
        W::AgentTooOld {
            id: shorten(id),
            have,
            need: need.version,
            os,
            feature: need.feature,
        }
        .into()
    })
}

/// The rules of one instance that exists, in order, each fault added to `faults`: in the
/// request's region (else nothing more is checked: the instance is not found there), in its
/// resource group, Running, an OS that runs the command's Type (and a container on Linux).
pub(crate) fn instance_rules(
    request: &CheckedRequest,
    id: &str,
    facts: &InstanceFacts<'_>,
    faults: &mut Vec<K>,
) {
    if let Some(region) = facts.region_id.as_deref()
        && region != request.region_id()
    {
        faults.push(K::OtherRegion {
            id: shorten(id),
            region: shorten(region),
            expected: shorten(request.region_id()),
        });
        return;
    }
    if let (Some(expected), Some(group)) = (
        request.resource_group_id(),
        facts.resource_group_id.as_deref(),
    ) && group != expected
    {
        faults.push(K::OutsideGroup {
            id: shorten(id),
            group: shorten(group),
            expected: shorten(expected),
        });
    }
    if let Some(status) = facts.status.as_deref()
        && status != "Running"
    {
        faults.push(K::NotRunning {
            id: shorten(id),
            status: shorten(status),
        });
    }
    if let Some(os) = facts.os_type {
        let windows_type = request.command_type().is_windows();
        if (os == OsType::Windows) != windows_type
            || (os == OsType::Windows && request.in_container())
        {
            faults.push(K::WrongOs {
                id: shorten(id),
                os,
                command_type: request.command_type(),
                container: request.in_container(),
            });
        }
    }
}
