//! Values that must be unique in the target (the mapping's matching attributes, the
//! target object's anchors, and names the directories keep unique: userPrincipalName,
//! mailNickname, mail, sAMAccountName), and the sample objects that would get the same
//! one: the users the real run would quarantine or merge. Memory per value seen is one
//! 64-bit hash and a row number, whatever the value's length.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

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

/// Finds collisions as objects stream by.
#[derive(Debug, Default)]
pub(crate) struct CollisionFinder {
    /// Unique target (as the mapping names it) → hash of the lower-cased value → the
    /// index of its collision, or `None` while one object has it.
    seen: BTreeMap<String, HashMap<u64, Seen>>,
    state: std::collections::hash_map::RandomState,
    /// The collisions found, in the order found.
    pub(crate) found: Vec<Collision>,
    /// How many there are (all of them; `found` keeps the first [`MAX_COLLISIONS`]).
    pub(crate) count: usize,
}

#[derive(Debug)]
enum Seen {
    /// One object has it.
    Once(String),
    /// Several: the index in `found` (when listed).
    Collides(Option<usize>),
}

impl CollisionFinder {
    /// A finder for these unique targets.
    pub(crate) fn new(targets: impl IntoIterator<Item = String>) -> Self {
        CollisionFinder {
            seen: targets
                .into_iter()
                .map(|target| (target, HashMap::new()))
                .collect(),
            ..CollisionFinder::default()
        }
    }

    /// Records the values `object` gets.
    pub(crate) fn record(&mut self, object: &str, target: &BTreeMap<String, serde_json::Value>) {
        for (name, seen) in &mut self.seen {
            let Some(serde_json::Value::String(value)) = target.get(name) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            match seen.entry(self.state.hash_one(value.to_lowercase())) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(Seen::Once(object.to_owned()));
                }
                std::collections::hash_map::Entry::Occupied(mut slot) => match slot.get_mut() {
                    Seen::Once(first) => {
                        self.count += 1;
                        let index = (self.found.len() < MAX_COLLISIONS).then(|| {
                            self.found.push(Collision {
                                target: name.clone(),
                                value: value.clone(),
                                count: 2,
                                objects: vec![first.clone(), object.to_owned()],
                            });
                            self.found.len() - 1
                        });
                        slot.insert(Seen::Collides(index));
                    }
                    Seen::Collides(Some(index)) => {
                        if let Some(collision) = self.found.get_mut(*index) {
                            collision.count += 1;
                            if collision.objects.len() < MAX_NAMED {
                                collision.objects.push(object.to_owned());
                            }
                        }
                    }
                    Seen::Collides(None) => {}
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(pairs: &[(&str, &str)]) -> BTreeMap<String, serde_json::Value> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), serde_json::Value::from(*value)))
            .collect()
    }

    #[test]
    fn the_same_value_ignoring_case_collides_and_names_the_objects() {
        let mut finder = CollisionFinder::new(["userPrincipalName".to_owned()]);
        finder.record("a", &target(&[("userPrincipalName", "zoe@contoso.test")]));
        finder.record("b", &target(&[("userPrincipalName", "jane@contoso.test")]));
        finder.record("c", &target(&[("userPrincipalName", "Zoe@Contoso.test")]));
        finder.record("d", &target(&[("userPrincipalName", "zoe@contoso.test")]));
        finder.record("e", &target(&[("displayName", "zoe@contoso.test")]));
        assert_eq!(finder.count, 1);
        assert_eq!(finder.found.len(), 1);
        let collision = &finder.found[0];
        assert_eq!(collision.count, 3);
        assert_eq!(collision.objects, vec!["a", "c", "d"]);
    }
}
