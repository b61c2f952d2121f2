//! What the server remembers: the invocations it accepted (bounded, oldest forgotten first),
//! each ClientToken with the Fingerprint of its request, the ids it hands out, and the view of
//! the service's state that the library's context rules read.
//!
//! The library decides every verdict; this module only keeps what the verdicts need and what
//! `DescribeInvocations` and `DescribeInvocationResults` show.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use ecs_runcommand::context::{
    Fingerprint, GroupFacts, InstanceFacts, Lookup, ParameterFacts, Quotas, RegionFacts, Snapshot,
    TokenFacts, View,
};
use ecs_runcommand::request::{InstanceId, RepeatMode, Tag};
use ecs_runcommand::{CheckedRequest, ErrorCode};

/// Most invocations remembered (Alibaba Cloud keeps up to 100,000 execution records).
pub(crate) const MAX_RECORDS: usize = 100_000;
/// Most bytes of command content remembered, all invocations together (a record also counts
/// [`RECORD_OVERHEAD`] and [`INSTANCE_OVERHEAD`] per instance).
pub(crate) const MAX_WEIGHT: usize = 256 << 20;
/// What a record counts beside its content.
const RECORD_OVERHEAD: usize = 1024;
/// What each instance of a record counts.
const INSTANCE_OVERHEAD: usize = 128;

/// What an instance answers when it runs a command: the `Outputs` section of `--context`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Output {
    /// The exit code.
    pub(crate) exit_code: i64,
    /// What it prints (shared by every invocation on the instance).
    pub(crate) text: Arc<str>,
}

/// How one instance's run of an invocation went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Run {
    /// A `Once` invocation: it ran at once and exited.
    Finished {
        /// The exit code (0 unless `Outputs` says otherwise).
        exit_code: i64,
        /// What it printed (empty unless `Outputs` says otherwise).
        output: Option<Arc<str>>,
    },
    /// Any other repeat mode: waiting for its schedule or a reboot, which never come here.
    Scheduled,
    /// The instance refused the command when it was rendered for it (`render_with`):
    /// `ClientNeedUpgrade`, `InvalidEnvironmentParameter`, ...
    Refused {
        /// The code.
        code: ErrorCode,
        /// The library's detail.
        detail: String,
    },
}

/// The execution status of one instance (`InvocationStatus` of an instance).
impl Run {
    pub(crate) fn status(&self) -> &'static str {
        match self {
            Run::Finished { exit_code: 0, .. } => "Success",
            Run::Finished { .. } | Run::Refused { .. } => "Failed",
            Run::Scheduled => "Scheduled",
        }
    }
}

/// One instance of an invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InstanceRun {
    /// The instance id.
    pub(crate) instance_id: InstanceId,
    /// How its run went.
    pub(crate) run: Run,
}

/// An invocation the server accepted.
#[derive(Debug)]
pub(crate) struct Record {
    /// `t-...`.
    pub(crate) invoke_id: String,
    /// `c-...`.
    pub(crate) command_id: String,
    /// When it was accepted.
    pub(crate) created: DateTime<Utc>,
    /// The request as the library checked it.
    pub(crate) request: CheckedRequest,
    /// Its instances, in the request's order, each once.
    pub(crate) instances: Vec<InstanceRun>,
}

impl Record {
    /// Whether it runs once (`RepeatMode` `Once`): it then finishes at once.
    pub(crate) fn once(&self) -> bool {
        self.request.repeat_mode() == RepeatMode::Once
    }

    /// The overall execution status (`InvocationStatus`): `Once`: `Success` when every
    /// instance succeeded, `Failed` when none did, else `PartialFailed`; other modes:
    /// `Scheduled` while an instance waits, else `Failed`.
    pub(crate) fn status(&self) -> &'static str {
        let succeeded = self
            .instances
            .iter()
            .filter(|i| i.run.status() == "Success")
            .count();
        let scheduled = self
            .instances
            .iter()
            .filter(|i| i.run == Run::Scheduled)
            .count();
        if scheduled > 0 {
            "Scheduled"
        } else if succeeded == self.instances.len() {
            "Success"
        } else if succeeded == 0 {
            "Failed"
        } else {
            "PartialFailed"
        }
    }

    /// The older overall status (`InvokeStatus`): `Finished` for `Once`, `Running` while an
    /// instance waits, else `Failed`.
    pub(crate) fn invoke_status(&self) -> &'static str {
        if self.once() {
            "Finished"
        } else if self.instances.iter().any(|i| i.run == Run::Scheduled) {
            "Running"
        } else {
            "Failed"
        }
    }

    /// Whether `instance_id` is one of its instances.
    pub(crate) fn has_instance(&self, instance_id: &str) -> bool {
        self.instances
            .iter()
            .any(|i| i.instance_id.as_str() == instance_id)
    }

    /// What the record counts against [`MAX_WEIGHT`].
    fn weight(&self) -> usize {
        RECORD_OVERHEAD + self.request.content().len() + INSTANCE_OVERHEAD * self.instances.len()
    }
}

/// The invocations, oldest first, by id, and by ClientToken.
#[derive(Debug, Default)]
pub(crate) struct Store {
    order: VecDeque<Arc<Record>>,
    by_id: HashMap<String, Arc<Record>>,
    /// ClientToken -> the Fingerprint of its request and the invocation it made.
    pub(crate) tokens: HashMap<String, (Fingerprint, Arc<Record>)>,
    weight: usize,
}

impl Store {
    /// Remembers `record` (with its ClientToken and Fingerprint, if any), then forgets the
    /// oldest records while more than [`MAX_RECORDS`] or [`MAX_WEIGHT`] are held (never the one
    /// just added).
    pub(crate) fn insert(&mut self, record: Arc<Record>, token: Option<(String, Fingerprint)>) {
        self.weight += record.weight();
        self.by_id
            .insert(record.invoke_id.clone(), Arc::clone(&record));
        if let Some((token, fingerprint)) = token {
            self.tokens
                .insert(token, (fingerprint, Arc::clone(&record)));
        }
        self.order.push_back(record);
        while self.order.len() > 1 && (self.order.len() > MAX_RECORDS || self.weight > MAX_WEIGHT) {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            self.weight -= old.weight();
            self.by_id.remove(&old.invoke_id);
            if let Some(token) = old.request.client_token() {
                // The token names this record only if no later request took it over.
                if self
                    .tokens
                    .get(token)
                    .is_some_and(|(_, r)| Arc::ptr_eq(r, &old))
                {
                    self.tokens.remove(token);
                }
            }
        }
        debug_assert_eq!(self.order.len(), self.by_id.len());
    }

    /// The invocation `invoke_id`.
    pub(crate) fn get(&self, invoke_id: &str) -> Option<&Arc<Record>> {
        self.by_id.get(invoke_id)
    }

    /// Every invocation, newest first.
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &Arc<Record>> {
        self.order.iter().rev()
    }

    /// How many invocations are held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }
}

/// The instances of a request, each once, in the request's order.
pub(crate) fn distinct(targets: &[InstanceId]) -> Vec<&InstanceId> {
    let mut seen = HashSet::with_capacity(targets.len());
    targets
        .iter()
        .filter(|id| seen.insert(id.as_str()))
        .collect()
}

/// The view the context rules read: the `--context` snapshot, and the server's own
/// ClientTokens.
///
/// Without a snapshot no context rule applies, and ResourceTag.N selects nothing (there are
/// no instances to select): `InvalidResourceTag.InstanceNotFound`. A snapshot without
/// `Instances` selects nothing the same way.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ServerView<'a> {
    /// The `--context` snapshot.
    pub(crate) snapshot: Option<&'a Snapshot>,
    /// The server's ClientTokens, when the request has one (looked up under the store's lock).
    pub(crate) tokens: Option<&'a HashMap<String, (Fingerprint, Arc<Record>)>>,
}

impl View for ServerView<'_> {
    fn region(&self, region_id: &str) -> Lookup<RegionFacts> {
        self.snapshot
            .map_or(Lookup::NotChecked, |s| s.region(region_id))
    }

    fn instance(&self, instance_id: &str) -> Lookup<InstanceFacts<'_>> {
        self.snapshot
            .map_or(Lookup::NotChecked, |s| s.instance(instance_id))
    }

    fn tagged_instances(
        &self,
        region_id: &str,
        tags: &[Tag],
        max: usize,
        visit: &mut dyn FnMut(&InstanceId, &InstanceFacts<'_>),
    ) -> bool {
        if let Some(snapshot) = self.snapshot {
            // A snapshot without Instances visits nothing and answers "not known"; the server
            // knows there are no such instances.
            snapshot.tagged_instances(region_id, tags, max, visit);
        }
        true
    }

    fn resource_group(&self, resource_group_id: &str) -> Lookup<GroupFacts> {
        self.snapshot
            .map_or(Lookup::NotChecked, |s| s.resource_group(resource_group_id))
    }

    fn quotas(&self) -> Quotas {
        self.snapshot.map_or_else(Quotas::default, |s| s.quotas())
    }

    fn parameter(&self, name: &str) -> Lookup<ParameterFacts> {
        self.snapshot
            .map_or(Lookup::NotChecked, |s| s.parameter(name))
    }

    fn client_token(&self, token: &str) -> Lookup<TokenFacts> {
        if let Some((fingerprint, _)) = self.tokens.and_then(|t| t.get(token)) {
            return Lookup::Found(TokenFacts::new(*fingerprint, false));
        }
        // Tokens the snapshot lists (earlier requests the server did not see) come next.
        match self.snapshot.map(|s| s.client_token(token)) {
            Some(Lookup::Found(facts)) => Lookup::Found(facts),
            _ => Lookup::NotFound,
        }
    }
}

/// The ids the server hands out: distinct within a run (a counter), and unlikely to repeat
/// across runs (a seed from the clock and the process id).
#[derive(Debug)]
pub(crate) struct Ids {
    seed: u64,
    next: AtomicU64,
}

impl Ids {
    /// Ids seeded with `seed`.
    pub(crate) fn new(seed: u64) -> Ids {
        Ids {
            seed,
            next: AtomicU64::new(1),
        }
    }

    /// A new 64-bit value: the counter times an odd constant, xor the seed (a bijection of the
    /// counter, so no two are equal within a run).
    fn value(&self) -> u64 {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.seed
    }

    /// `t-` and 32 hex digits, as the API reference's samples.
    pub(crate) fn invoke_id(&self) -> String {
        self.id("t")
    }

    /// `c-` and 32 hex digits, as the API reference's samples.
    pub(crate) fn command_id(&self) -> String {
        self.id("c")
    }

    /// `prefix-` and 32 lower-case hex digits: a new value (distinct within a run), then the
    /// value mixed with the seed again.
    fn id(&self, prefix: &str) -> String {
        let v = self.value();
        format!(
            "{prefix}-{v:016x}{:016x}",
            v.rotate_left(32) ^ self.seed.rotate_left(13)
        )
    }

    /// A request id in Alibaba Cloud's form: 32 upper-case hex digits as 8-4-4-4-12.
    pub(crate) fn request_id(&self) -> String {
        let v = self.value();
        let w = v.rotate_left(29) ^ self.seed.rotate_left(7);
        format!(
            "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
            v >> 32,
            (v >> 16) & 0xFFFF,
            v & 0xFFFF,
            w >> 48,
            w & 0xFFFF_FFFF_FFFF
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use ecs_runcommand::{RawRequest, check};

    fn request(token: Option<&str>) -> CheckedRequest {
        let now = "2030-01-01T00:00:00Z".parse().unwrap();
        let mut pairs = vec![
            ("RegionId", "cn-hangzhou"),
            ("Type", "RunShellScript"),
            ("CommandContent", "ls"),
            ("InstanceId.1", "i-a"),
        ];
        if let Some(token) = token {
            pairs.push(("ClientToken", token));
        }
        check(RawRequest::from_pairs(pairs).unwrap(), now).unwrap()
    }

    fn record(ids: &Ids, request: &CheckedRequest) -> Arc<Record> {
        Arc::new(Record {
            invoke_id: ids.invoke_id(),
            command_id: ids.command_id(),
            created: "2030-01-01T00:00:00Z".parse().unwrap(),
            request: request.clone(),
            instances: Vec::new(),
        })
    }

    #[test]
    fn ids_are_distinct_and_well_formed() {
        let ids = Ids::new(0x1234_5678_9ABC_DEF0);
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            assert!(seen.insert(ids.invoke_id()));
        }
        let invoke_id = ids.invoke_id();
        assert_eq!(invoke_id.len(), 34);
        assert!(invoke_id.starts_with("t-"));
        let id = ids.request_id();
        assert_eq!(id.len(), 36);
        assert_eq!(
            id.split('-').map(str::len).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(
            id.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert_ne!(ids.request_id(), id);
    }

    #[test]
    fn the_oldest_record_and_its_token_are_forgotten_first() {
        let ids = Ids::new(7);
        let mut store = Store::default();
        let first = record(&ids, &request(Some("tok")));
        let fingerprint = first.request.fingerprint();
        store.insert(Arc::clone(&first), Some(("tok".to_owned(), fingerprint)));
        let second = record(&ids, &request(None));
        store.insert(Arc::clone(&second), None);
        assert_eq!(store.tokens.len(), 1);
        let other = request(None);
        for _ in 1..MAX_RECORDS {
            store.insert(record(&ids, &other), None);
        }
        assert_eq!(store.len(), MAX_RECORDS);
        assert!(store.get(&second.invoke_id).is_some());
        assert_eq!(store.len(), MAX_RECORDS);
        assert!(store.get(&first.invoke_id).is_none());
        assert!(store.tokens.is_empty());
    }

    #[test]
    fn status_follows_the_instances() {
        let ids = Ids::new(7);
        let run = |exit_code| InstanceRun {
            instance_id: "i-a".parse().unwrap(),
            run: Run::Finished {
                exit_code,
                output: None,
            },
        };
        let mut rec = Record {
            invoke_id: ids.invoke_id(),
            command_id: ids.command_id(),
            created: "2030-01-01T00:00:00Z".parse().unwrap(),
            request: request(None),
            instances: vec![run(0), run(0)],
        };
        assert_eq!((rec.status(), rec.invoke_status()), ("Success", "Finished"));
        rec.instances[1] = run(3);
        assert_eq!(rec.status(), "PartialFailed");
        rec.instances[0] = run(1);
        assert_eq!(rec.status(), "Failed");
    }
}
