//! Matching array elements by identity, never by position: one hash map per array,
//! so matching costs linear time.

use std::collections::HashMap;

use super::differ::Place;
use super::path::ChangePath;
use crate::identity::Key;

/// How an element of the old or new array was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pair {
    /// In both: old index, new index.
    Both(usize, usize),
    /// Only in the old array.
    Removed(usize),
    /// Only in the new array.
    Added(usize),
}

/// Matches `old` and `new` by key. Elements without a key are matched by their
/// position among the keyless ones. Duplicated keys are matched in order of
/// appearance. The result lists matched and removed elements in old order, then
/// added elements in new order.
pub(crate) fn match_by_key(old: &[Option<Key>], new: &[Option<Key>]) -> Vec<Pair> {
    let mut new_by_key: HashMap<&str, Vec<usize>> = HashMap::with_capacity(new.len());
    let mut new_keyless = Vec::new();
    for (index, key) in new.iter().enumerate() {
        match key {
            Some(key) => new_by_key
                .entry(key.folded.as_str())
                .or_default()
                .push(index),
            None => new_keyless.push(index),
        }
    }
    // Reverse so that `pop` yields the first occurrence (order of visiting the
    // map does not matter: each list is reversed on its own).
    #[allow(clippy::iter_over_hash_type)]
    for positions in new_by_key.values_mut() {
        positions.reverse();
    }
    new_keyless.reverse();
    let mut matched = vec![false; new.len()];
    let mut pairs = Vec::with_capacity(old.len().max(new.len()));
    for (index, key) in old.iter().enumerate() {
        let partner = match key {
            Some(key) => new_by_key.get_mut(key.folded.as_str()).and_then(Vec::pop),
            None => new_keyless.pop(),
        };
        match partner {
            Some(partner) => {
                if let Some(flag) = matched.get_mut(partner) {
                    *flag = true;
                }
                pairs.push(Pair::Both(index, partner));
            }
            None => pairs.push(Pair::Removed(index)),
        }
    }
    pairs.extend(
        matched
            .iter()
            .enumerate()
            .filter(|(_, matched)| !**matched)
            .map(|(index, _)| Pair::Added(index)),
    );
    pairs
}

/// One element of a keyed array after matching: its label, its place on both sides
/// and the element on each side (`None` where it is absent).
pub(crate) struct Matched<'a, T> {
    /// The identity as written (or `?` for an element without one).
    pub(crate) key: String,
    /// Semantic path `<collection>[<key>]` and the pointers on each side.
    pub(crate) place: Place,
    /// The old element.
    pub(crate) old: Option<&'a T>,
    /// The new element.
    pub(crate) new: Option<&'a T>,
}

/// Matches two arrays by `identity` (see [`match_by_key`]) and gives each pair its
/// place: `list` holds the array's pointers on both sides, `path` the parent's
/// semantic path, and `collection` names the entries (`attributes[mail]`).
pub(crate) fn matched<'a, T>(
    list: &Place,
    path: &ChangePath,
    collection: &str,
    old: &'a [T],
    new: &'a [T],
    identity: impl Fn(&T) -> Option<Key>,
) -> Vec<Matched<'a, T>> {
    let old_keys: Vec<Option<Key>> = old.iter().map(&identity).collect();
    let new_keys: Vec<Option<Key>> = new.iter().map(&identity).collect();
    let label = |key: Option<&Option<Key>>| {
        key.and_then(Option::as_ref)
            .map_or_else(|| "?".to_owned(), |key| key.label.clone())
    };
    match_by_key(&old_keys, &new_keys)
        .into_iter()
        .map(|pair| {
            let (o, n) = match pair {
                Pair::Both(o, n) => (Some(o), Some(n)),
                Pair::Removed(o) => (Some(o), None),
                Pair::Added(n) => (None, Some(n)),
            };
            let key = match n {
                Some(n) => label(new_keys.get(n)),
                None => label(o.and_then(|o| old_keys.get(o))),
            };
            Matched {
                place: Place {
                    path: path.entry(collection, &key),
                    old: o.and_then(|o| list.old.as_ref().map(|p| p.index(o))),
                    new: n.and_then(|n| list.new.as_ref().map(|p| p.index(n))),
                },
                key,
                old: o.and_then(|o| old.get(o)),
                new: n.and_then(|n| new.get(n)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<Option<Key>> {
        names.iter().map(|n| Some(Key::name(n))).collect()
    }

    #[test]
    fn reordering_matches_everything() {
        let pairs = match_by_key(&keys(&["a", "b", "c"]), &keys(&["c", "A", "b"]));
        assert_eq!(
            pairs,
            [Pair::Both(0, 1), Pair::Both(1, 2), Pair::Both(2, 0)]
        );
    }

    #[test]
    fn additions_and_removals() {
        let pairs = match_by_key(&keys(&["a", "b"]), &keys(&["b", "c"]));
        assert_eq!(pairs, [Pair::Removed(0), Pair::Both(1, 0), Pair::Added(1)]);
    }

    #[test]
    fn keyless_elements_match_by_position_among_themselves() {
        let old = vec![None, Some(Key::name("x")), None];
        let new = vec![Some(Key::name("x")), None];
        let pairs = match_by_key(&old, &new);
        assert_eq!(
            pairs,
            [Pair::Both(0, 1), Pair::Both(1, 0), Pair::Removed(2)]
        );
    }
}
