//! Values that must be unique in the target (the mapping's matching attributes, the
//! target object's anchors, and names the directories keep unique: userPrincipalName,
//! mailNickname, mail, sAMAccountName), and the sample objects that would get the same
//! one: the users the real run would quarantine or merge. Memory per value seen is one
//! 64-bit hash and a row number, whatever the value's length ([`Seen`]).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use schemars::JsonSchema;
use serde::Serialize;

/// Target attributes unique in the directories synclens knows, compared ignoring case.
pub const KNOWN_UNIQUE: &[&str] = &[
    "userPrincipalName",
    "mailNickname",
    "mail",
    "sAMAccountName",
];

/// How many objects of one collision are named.
pub const MAX_NAMED: usize = 5;
/// How many collisions a summary lists (all are counted).
pub const MAX_COLLISIONS: usize = 50;

/// Sample objects that get the same value of a unique target attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Collision {
    /// The target attribute.
    pub target: String,
    /// The value they share.
    pub value: String,
    /// How many objects get it.
    pub count: usize,
    /// The first [`MAX_NAMED`] of them.
    pub objects: Vec<String>,
}

/// The values of unique targets that objects get, as they stream by: per value one
/// 64-bit hash of the target and the lower-cased value, and the row that got it
/// (16 bytes, whatever the value's length). Which values are shared is found at the
/// end by sorting; the objects and the value are then named by previewing again only
/// the rows involved ([`super::name_collisions`]).
#[derive(Debug, Default)]
pub(crate) struct Seen {
    /// (hash, row), in the order seen; sorted at the end.
    values: Vec<(u64, u32)>,
}

/// A value shared by two or more rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shared {
    /// The hash of the target and the value ([`value_hash`]).
    pub(crate) hash: u64,
    /// How many rows get it.
    pub(crate) count: usize,
    /// The first [`MAX_NAMED`] of them, in order.
    pub(crate) rows: Vec<usize>,
}

/// The hash of the value `value` of the unique target at `target` (its index in the
/// previewer's list): the same for values that differ only in case. Deterministic, so
/// a run's results never depend on a random seed.
pub(crate) fn value_hash(target: usize, value: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    target.hash(&mut hasher);
    value.to_lowercase().hash(&mut hasher);
    hasher.finish()
}

/// The hashes of the unique values an object gets: one per target of `targets` with
/// a non-empty text value.
pub(crate) fn value_hashes<'a>(
    targets: &'a [String],
    values: &'a BTreeMap<String, serde_json::Value>,
) -> impl Iterator<Item = u64> + 'a {
    targets
        .iter()
        .enumerate()
        .filter_map(|(index, name)| match values.get(name) {
            Some(serde_json::Value::String(value)) if !value.is_empty() => {
                Some(value_hash(index, value))
            }
            _ => None,
        })
}

impl Seen {
    /// Records that row `row` got the value with hash `hash`. Rows past 2^32 are
    /// counted but named by the last row number that fits.
    pub(crate) fn push(&mut self, hash: u64, row: usize) {
        self.values
            .push((hash, u32::try_from(row).unwrap_or(u32::MAX)));
    }

    /// Adds what another part of the sample saw.
    pub(crate) fn append(&mut self, other: &mut Seen) {
        self.values.append(&mut other.values);
    }

    /// The values two or more rows got, in the order of their first row; all of them
    /// (the caller names the first few).
    pub(crate) fn shared(self) -> Vec<Shared> {
        let mut pairs = self.values;
        pairs.sort_unstable();
        let mut shared: Vec<Shared> = Vec::new();
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            if let [(hash, _), _, ..] = run {
                shared.push(Shared {
                    hash: *hash,
                    count: run.len(),
                    rows: run
                        .iter()
                        .take(MAX_NAMED)
                        .map(|(_, row)| *row as usize)
                        .collect(),
                });
            }
        }
        shared.sort_by_key(|shared| shared.rows.first().copied());
        shared
    }
}

/// The hashes among `hashes` that occur more than once, sorted.
pub(crate) fn repeated(mut hashes: Vec<u64>) -> Vec<u64> {
    hashes.sort_unstable();
    let mut repeated: Vec<u64> = hashes
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() > 1)
        .filter_map(|run| run.first().copied())
        .collect();
    repeated.dedup();
    repeated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, serde_json::Value> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), serde_json::Value::from(*value)))
            .collect()
    }

    #[test]
    fn the_same_value_ignoring_case_is_shared_by_the_rows_that_got_it() {
        let targets = ["mail".to_owned(), "userPrincipalName".to_owned()];
        let mut seen = Seen::default();
        for (row, pairs) in [
            (1, vec![("userPrincipalName", "zoe@contoso.test")]),
            (2, vec![("userPrincipalName", "jane@contoso.test")]),
            (3, vec![("userPrincipalName", "Zoe@Contoso.test")]),
            (4, vec![("userPrincipalName", "zoe@contoso.test")]),
            // The same text in another target, or in one that is not unique: no match.
            (
                5,
                vec![
                    ("mail", "zoe@contoso.test"),
                    ("displayName", "jane@contoso.test"),
                ],
            ),
            (6, vec![("userPrincipalName", "")]),
        ] {
            for hash in value_hashes(&targets, &values(&pairs)) {
                seen.push(hash, row);
            }
        }
        let shared = seen.shared();
        assert_eq!(shared.len(), 1);
        assert_eq!(shared[0].count, 3);
        assert_eq!(shared[0].rows, vec![1, 3, 4]);
        assert_eq!(shared[0].hash, value_hash(1, "ZOE@contoso.test"));
    }

    #[test]
    fn repeated_hashes_are_listed_once() {
        assert_eq!(repeated(vec![5, 1, 5, 2, 5, 1]), vec![1, 5]);
        assert!(repeated(vec![1, 2, 3]).is_empty());
    }
}
