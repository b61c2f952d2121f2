//! The replay memory: [`NonceStore`] and the bounded in-memory [`MemoryNonceStore`].

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Utc};

/// What a [`NonceStore`] answers for a nonce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NonceOutcome {
    /// Not seen within the window: now remembered.
    Fresh,
    /// Already used by the same AccessKeyId and not yet expired: a replay.
    Replayed,
    /// The memory is full of nonces that have not expired: the request cannot be accepted
    /// safely (answered as `Throttling`).
    Full,
}

/// The caller's memory of the nonces already used.
///
/// [`verify`](super::verify) asks it only once a signature has been checked, so a forged request
/// cannot use up somebody else's nonce. A nonce must be refused again until `expires` (the
/// request's signed time plus the allowed skew); after that the timestamp check refuses the
/// request anyway, so the entry may be forgotten.
pub trait NonceStore {
    /// Remembers `nonce` for `access_key_id` until `expires` and answers
    /// [`Fresh`](NonceOutcome::Fresh), or answers [`Replayed`](NonceOutcome::Replayed) when it
    /// was remembered before and has not expired, or [`Full`](NonceOutcome::Full). `now` is the
    /// time of the verification: entries whose `expires` is before it are gone.
    fn check_and_remember(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        expires: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> NonceOutcome;
}

/// A [`NonceStore`] in memory, holding at most `capacity` unexpired nonces.
///
/// Expired entries are dropped on each call, oldest first (a heap ordered by expiry), so a
/// call costs O(log n) plus the entries it drops. When `capacity` unexpired nonces are held, a
/// new one is refused ([`NonceOutcome::Full`]) rather than forgetting one that could still be
/// replayed.
///
/// # Example
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use ecs_runcommand::auth::{MemoryNonceStore, NonceOutcome, NonceStore};
///
/// let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
/// let until = now + TimeDelta::seconds(900);
/// let mut store = MemoryNonceStore::new(2);
/// assert_eq!(store.check_and_remember("id", "n1", until, now), NonceOutcome::Fresh);
/// assert_eq!(store.check_and_remember("id", "n1", until, now), NonceOutcome::Replayed);
/// assert_eq!(store.check_and_remember("other", "n1", until, now), NonceOutcome::Fresh);
/// assert_eq!(store.check_and_remember("id", "n2", until, now), NonceOutcome::Full);
/// let later = until + TimeDelta::seconds(1);
/// assert_eq!(store.check_and_remember("id", "n1", later, later), NonceOutcome::Fresh);
/// assert_eq!(store.len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct MemoryNonceStore {
    capacity: usize,
    /// Key (see [`key`]) to expiry (Unix seconds).
    expiry_of: HashMap<Box<str>, i64>,
    /// The same entries, earliest expiry first.
    by_expiry: BinaryHeap<Reverse<(i64, Box<str>)>>,
}

impl MemoryNonceStore {
    /// An empty store that holds at most `capacity` unexpired nonces.
    pub fn new(capacity: usize) -> MemoryNonceStore {
        MemoryNonceStore {
            capacity,
            expiry_of: HashMap::new(),
            by_expiry: BinaryHeap::new(),
        }
    }

    /// How many nonces are held (expired ones may still be counted until the next call).
    pub fn len(&self) -> usize {
        self.expiry_of.len()
    }

    /// Whether no nonce is held.
    pub fn is_empty(&self) -> bool {
        self.expiry_of.is_empty()
    }

    /// Drops every entry that expired before `now`.
    fn forget_expired(&mut self, now: i64) {
        while let Some(Reverse((expires, _))) = self.by_expiry.peek() {
            if *expires >= now {
                break;
            }
            if let Some(Reverse((_, key))) = self.by_expiry.pop() {
                self.expiry_of.remove(&key);
            }
        }
        debug_assert_eq!(self.expiry_of.len(), self.by_expiry.len());
    }
}

/// One key per (AccessKeyId, nonce): the id's length first, so that no two pairs share a key.
fn key(access_key_id: &str, nonce: &str) -> Box<str> {
    format!("{}:{access_key_id}{nonce}", access_key_id.len()).into_boxed_str()
}

impl NonceStore for MemoryNonceStore {
    fn check_and_remember(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        expires: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> NonceOutcome {
        self.forget_expired(now.timestamp());
        let key = key(access_key_id, nonce);
        // Every entry left expires at or after `now`: one that is present is a replay.
        if self.expiry_of.contains_key(&key) {
            return NonceOutcome::Replayed;
        }
        if self.expiry_of.len() >= self.capacity {
            return NonceOutcome::Full;
        }
        let expires = expires.timestamp();
        self.by_expiry.push(Reverse((expires, key.clone())));
        self.expiry_of.insert(key, expires);
        NonceOutcome::Fresh
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_900_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn ok_keys_do_not_collide() {
        assert_ne!(key("ab", "c"), key("a", "bc"));
        assert_eq!(&*key("ab", "c"), "2:abc");
    }

    #[test]
    fn ok_entry_lives_until_its_expiry_inclusive() {
        let mut store = MemoryNonceStore::new(10);
        assert_eq!(
            store.check_and_remember("id", "n", at(900), at(0)),
            NonceOutcome::Fresh
        );
        assert_eq!(
            store.check_and_remember("id", "n", at(1800), at(900)),
            NonceOutcome::Replayed
        );
        assert_eq!(
            store.check_and_remember("id", "n", at(1801), at(901)),
            NonceOutcome::Fresh
        );
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn ok_full_refuses_until_something_expires() {
        let mut store = MemoryNonceStore::new(3);
        for (i, expiry) in [30, 10, 20].into_iter().enumerate() {
            assert_eq!(
                store.check_and_remember("id", &i.to_string(), at(expiry), at(0)),
                NonceOutcome::Fresh
            );
        }
        assert_eq!(
            store.check_and_remember("id", "x", at(40), at(10)),
            NonceOutcome::Full
        );
        // At 11 the entry expiring at 10 is gone: one place is free.
        assert_eq!(
            store.check_and_remember("id", "x", at(40), at(11)),
            NonceOutcome::Fresh
        );
        assert_eq!(
            store.check_and_remember("id", "y", at(40), at(11)),
            NonceOutcome::Full
        );
        assert_eq!(store.len(), 3);
        assert!(!store.is_empty());
    }

    #[test]
    fn ok_zero_capacity_refuses_everything() {
        let mut store = MemoryNonceStore::new(0);
        let now = at(0);
        assert_eq!(
            store.check_and_remember("id", "n", now + TimeDelta::seconds(1), now),
            NonceOutcome::Full
        );
        assert!(store.is_empty());
    }
}
