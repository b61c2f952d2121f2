//! The rules that need the service's state, through a read-only view the service implements.
//!
//! About twenty codes of the reference depend on facts only the embedding service knows: which
//! regions and instances exist, their state, quotas, Parameter Store, earlier requests by
//! ClientToken. The library stays pure: the service hands [`check_with`] a [`View`] of those
//! facts and the library decides. [`Snapshot`] is a view held in memory and read from JSON
//! (for tests, the command line and users' own tests).
//!
//! ```text
//! RawRequest --check_with(raw, now, &view)-----> CheckedRequest   static rules, then context
//!            --check_all_with(raw, now, &view)-> CheckedRequest   rules, first fault or all
//! CheckedRequest::render_with(&Instance, &view, max)   per instance: InstanceName and OS from
//!                                                      the view, ClientNeedUpgrade
//! ```
//!
//! Every fact is optional: a [`View`] method answers [`Lookup::NotChecked`] (a [`Snapshot`]
//! without that section, or an instance without that fact) and the rule that needs it is not
//! checked. The context rules run on a request that passed every static rule, in this order
//! (`spec/context.md`):
//!
//! ```text
//! C1 ClientToken: a known token with another Fingerprint, or still processing; the same
//!    Fingerprint, done: accepted again (a warning), and no other context rule applies
//! C2 RegionId: exists, offers the API
//! C3 ResourceGroupId: exists, not being created or deleted
//! C4 WindowsPasswordName: in Parameter Store, readable
//! C5 the instances: InstanceId.N (at most InstancesPerCall), or those ResourceTag.N select
//!    (at least one, at most InstancesPerCall); each: exists in the region, in the resource
//!    group, Running, its OS fits Type (and a container)
//! C6 quotas: commands kept (KeepCommand true), invocations today
//! ```

mod error;
mod fingerprint;
mod rules;
mod snapshot;
mod version;

pub(crate) use error::{ContextError, ContextKind};
pub use fingerprint::{Fingerprint, FingerprintError};
pub(crate) use rules::instance_rules;
pub use snapshot::{Snapshot, SnapshotError};
pub use version::{AgentVersion, AgentVersionError};

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::request::{AllFaults, CheckedRequest, FirstFault, InstanceId, Tag};
use crate::{ApiError, RawRequest};

/// The answer of a [`View`] about one thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    /// The view does not know (a [`Snapshot`] without that section): the rule is not checked.
    NotChecked,
    /// The view knows there is no such thing.
    NotFound,
    /// The thing, with what the view knows of it.
    Found(T),
}

/// The service's state as the context rules need it: read-only, no I/O in the library. Every
/// method has a default that answers "not known", so a service implements what it knows.
///
/// # Example
/// A view that knows one region and nothing else:
/// ```
/// use ecs_runcommand::context::{Lookup, RegionFacts, View};
/// use ecs_runcommand::{check_with, DateTime, RawRequest};
///
/// struct OneRegion;
/// impl View for OneRegion {
///     fn region(&self, region_id: &str) -> Lookup<RegionFacts> {
///         if region_id == "cn-hangzhou" { Lookup::Found(RegionFacts::default()) } else { Lookup::NotFound }
///     }
/// }
///
/// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
/// let raw = RawRequest::from_query(b"RegionId=cn-mars&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-abc")?;
/// let err = check_with(raw, now, &OneRegion).unwrap_err();
/// assert_eq!((err.http_status(), err.code().as_str()), (404, "InvalidRegionId.NotFound"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait View {
    /// The region `region_id`.
    fn region(&self, region_id: &str) -> Lookup<RegionFacts> {
        let _ = region_id;
        Lookup::NotChecked
    }

    /// The instance `instance_id`, with the facts the view has of it.
    fn instance(&self, instance_id: &str) -> Lookup<InstanceFacts<'_>> {
        let _ = instance_id;
        Lookup::NotChecked
    }

    /// Visits the instances in `region_id` (or whose region is not known) that have every tag
    /// of `tags` (a tag without a value: the key with any value), each with what the view knows
    /// of it (as [`instance`](View::instance) answers), in a stable order, at most `max` of
    /// them. Answers whether the view knows the instances' tags (`false`: not checked).
    ///
    /// An [`InstanceId`] is read with `str::parse`.
    fn tagged_instances(
        &self,
        region_id: &str,
        tags: &[Tag],
        max: usize,
        visit: &mut dyn FnMut(&InstanceId, &InstanceFacts<'_>),
    ) -> bool {
        let _ = (region_id, tags, max, visit);
        false
    }

    /// The resource group `resource_group_id`.
    fn resource_group(&self, resource_group_id: &str) -> Lookup<GroupFacts> {
        let _ = resource_group_id;
        Lookup::NotChecked
    }

    /// The quotas of the account in the region of the request.
    fn quotas(&self) -> Quotas {
        Quotas::default()
    }

    /// The Parameter Store parameter `name`.
    fn parameter(&self, name: &str) -> Lookup<ParameterFacts> {
        let _ = name;
        Lookup::NotChecked
    }

    /// The earlier request sent with the ClientToken `token`.
    fn client_token(&self, token: &str) -> Lookup<TokenFacts> {
        let _ = token;
        Lookup::NotChecked
    }
}

impl<V: View + ?Sized> View for &V {
    fn region(&self, region_id: &str) -> Lookup<RegionFacts> {
        (**self).region(region_id)
    }
    fn instance(&self, instance_id: &str) -> Lookup<InstanceFacts<'_>> {
        (**self).instance(instance_id)
    }
    fn tagged_instances(
        &self,
        region_id: &str,
        tags: &[Tag],
        max: usize,
        visit: &mut dyn FnMut(&InstanceId, &InstanceFacts<'_>),
    ) -> bool {
        (**self).tagged_instances(region_id, tags, max, visit)
    }
    fn resource_group(&self, resource_group_id: &str) -> Lookup<GroupFacts> {
        (**self).resource_group(resource_group_id)
    }
    fn quotas(&self) -> Quotas {
        (**self).quotas()
    }
    fn parameter(&self, name: &str) -> Lookup<ParameterFacts> {
        (**self).parameter(name)
    }
    fn client_token(&self, token: &str) -> Lookup<TokenFacts> {
        (**self).client_token(token)
    }
}

/// What a view knows of a region.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RegionFacts {
    /// Whether RunCommand is offered there (`None`: not known, not checked).
    pub api_supported: Option<bool>,
}

/// The operating system of an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub enum OsType {
    /// Linux: shell scripts.
    Linux,
    /// Windows: batch and PowerShell scripts.
    Windows,
}

impl OsType {
    /// The name, as the snapshot writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            OsType::Linux => "Linux",
            OsType::Windows => "Windows",
        }
    }
}

/// What a view knows of an instance; `None` for a fact it does not know (that rule is not
/// checked for the instance).
///
/// # Example
/// ```
/// use ecs_runcommand::context::{InstanceFacts, OsType};
///
/// let mut facts = InstanceFacts::default();
/// facts.status = Some("Running".into());
/// facts.os_type = Some(OsType::Linux);
/// facts.agent_version = Some("2.2.3.344".parse()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct InstanceFacts<'a> {
    /// Its region.
    pub region_id: Option<Cow<'a, str>>,
    /// Its resource group.
    pub resource_group_id: Option<Cow<'a, str>>,
    /// Its status (`Running`, `Stopped`, ...); only `Running` instances run commands.
    pub status: Option<Cow<'a, str>>,
    /// Its operating system.
    pub os_type: Option<OsType>,
    /// The version of its Cloud Assistant Agent.
    pub agent_version: Option<AgentVersion>,
    /// Its name (`{{ACS::InstanceName}}`).
    pub instance_name: Option<Cow<'a, str>>,
}

/// The status of a resource group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub enum GroupStatus {
    /// Usable.
    #[serde(rename = "OK")]
    Ok,
    /// Being created.
    Creating,
    /// Being deleted.
    Deleting,
}

impl GroupStatus {
    /// The status as the API writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            GroupStatus::Ok => "OK",
            GroupStatus::Creating => "Creating",
            GroupStatus::Deleting => "Deleting",
        }
    }
}

/// What a view knows of a resource group.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct GroupFacts {
    /// Its status (`None`: not known, not checked).
    pub status: Option<GroupStatus>,
}

/// One quota: how much is used and the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Quota {
    /// Used so far.
    pub used: u64,
    /// The limit.
    pub limit: u64,
}

impl Quota {
    /// Whether one more would exceed the limit.
    pub const fn is_used_up(&self) -> bool {
        self.used >= self.limit
    }
}

/// The quotas the context rules check; `None` for one the view does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Quotas {
    /// Cloud Assistant commands kept in the region (a request with KeepCommand true keeps one
    /// more).
    pub command_count: Option<Quota>,
    /// Invocations in the region today (a request is one more).
    pub invocations: Option<Quota>,
    /// The most instances one call may target; [`Quotas::DEFAULT_INSTANCES_PER_CALL`] for
    /// ResourceTag.N when not known.
    pub instances_per_call: Option<u32>,
}

impl Quotas {
    /// The reference's limit of instances per call (it can be raised).
    pub const DEFAULT_INSTANCES_PER_CALL: u32 = 100;
}

/// What a view knows of a Parameter Store parameter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ParameterFacts {
    /// Whether the caller may read it (`None`: not known, not checked).
    pub readable: Option<bool>,
}

/// What a view knows of the earlier request sent with a ClientToken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenFacts {
    /// Its Fingerprint.
    pub fingerprint: Fingerprint,
    /// Whether it is still being processed.
    pub processing: bool,
}

impl TokenFacts {
    /// An earlier request with `fingerprint`, `processing` or done.
    pub const fn new(fingerprint: Fingerprint, processing: bool) -> TokenFacts {
        TokenFacts {
            fingerprint,
            processing,
        }
    }
}

/// Checks a decoded request with the static rules ([`check`](crate::check)), then with the
/// context rules against `view`, stopping at the first fault in the documented order.
///
/// A request whose ClientToken `view` knows with the same [`Fingerprint`], done, is accepted
/// again with a warning (idempotent); the other context rules do not apply to it. A request
/// that selects its instances by ResourceTag.N gets them in
/// [`CheckedRequest::targets`].
///
/// # Errors
/// The first fault, as [`check`](crate::check) gives it, or the first context fault:
/// `IdempotentParameterMismatch`, `IdempotentProcessing`, `InvalidRegionId.NotFound`,
/// `RegionId.ApiNotSupported`, `InvalidResourceGroup.NotFound`,
/// `InvalidStatus.ResourceGroup`, `ParameterStore.InvalidParameters`,
/// `ParameterStore.NoPermission`, `InstanceIds.ExceedLimit`,
/// `InvalidResourceTag.InstanceNotFound`, `InvalidInstance.NotFound`,
/// `InvalidParameter.ResourceGroupId`, `InvalidInstance.NotMatch`, `CmdCount.ExceedQuota`,
/// `Invocation.ExceedQuota`.
///
/// # Example
/// ```
/// use ecs_runcommand::context::Snapshot;
/// use ecs_runcommand::{check_with, DateTime, RawRequest};
///
/// let view = Snapshot::from_json(r#"{"Instances": [
///     {"InstanceId": "i-web1", "RegionId": "cn-hangzhou", "Status": "Running", "OSType": "Linux"},
///     {"InstanceId": "i-win1", "RegionId": "cn-hangzhou", "Status": "Running", "OSType": "Windows"}]}"#)?;
/// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
/// let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-win1")?;
/// let err = check_with(raw, now, &view).unwrap_err();
/// assert_eq!(err.code().as_str(), "InvalidInstance.NotMatch");
/// assert_eq!(err.detail(), "InstanceId: i-win1 runs Windows; RunShellScript runs on Linux");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_with<V: View + ?Sized>(
    raw: RawRequest<'_>,
    now: DateTime<Utc>,
    view: &V,
) -> Result<CheckedRequest, ApiError> {
    let mut request = crate::check(raw, now)?;
    let mut faults = Vec::new();
    rules::apply::<FirstFault, V>(&mut request, view, &mut faults)?;
    Ok(request)
}

/// Checks a decoded request with the static rules, then, when they all hold, with the context
/// rules against `view`, listing every fault in the documented order.
///
/// # Errors
/// Every fault found: the static ones ([`check_all`](crate::check_all)), or when there are
/// none, the context ones (as in [`check_with`]); the list is never empty.
pub fn check_all_with<V: View + ?Sized>(
    raw: RawRequest<'_>,
    now: DateTime<Utc>,
    view: &V,
) -> Result<CheckedRequest, Vec<ApiError>> {
    let mut request = crate::check_all(raw, now)?;
    let mut faults = Vec::new();
    let Ok(()) = rules::apply::<AllFaults, V>(&mut request, view, &mut faults);
    if faults.is_empty() {
        Ok(request)
    } else {
        Err(faults)
    }
}
