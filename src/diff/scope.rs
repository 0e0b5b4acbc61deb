//! Scoping filters compared by meaning. Groups are OR'ed, clauses in a group AND'ed,
//! no groups means no filter (everything in scope):
//!
//! - a clause added to a group narrows; a clause removed widens;
//! - a group added widens — except the first, which narrows from everything;
//! - a group removed narrows — except the last, which widens to everything;
//! - a clause whose value changed (same attribute and operator) needs review;
//! - `groups` narrowing is breaking (objects leaving scope are deprovisioned);
//!   `inputFilterGroups`/`categoryFilterGroups` narrowing needs review (objects stop
//!   being synchronized but are not deprovisioned), except `inputFilterGroups` of a
//!   rule from on-premises Active Directory (Cloud Sync keeps its OU scope there and
//!   deletes what leaves it): breaking; any widening needs review;
//! - a group renamed with exactly the same clauses is one compatible rename.
//!
//! Cloud Sync's containerFilter and groupFilter are lists where empty means
//! everything: removing an entry or making an empty list non-empty narrows.

use std::collections::HashMap;

use super::change::{self, ChangeKind, ChangeMeta};
use super::differ::{Differ, Place};
use super::keyed::{Pair, match_by_key};
use super::schema::label;
use crate::identity::{self, Key};
use crate::model::{Filter, FilterClause, FilterGroup};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Narrowed,
    Widened,
}

impl Differ<'_> {
    pub(crate) fn scope(
        &mut self,
        place: &Place,
        what: &str,
        old: Option<&Filter>,
        new: Option<&Filter>,
    ) {
        let lists = |filter: Option<&Filter>| -> [(&'static str, Vec<FilterGroup>); 3] {
            match filter {
                Some(filter) => filter
                    .group_lists()
                    .map(|(name, groups)| (name, groups.to_vec())),
                None => [
                    ("groups", Vec::new()),
                    ("inputFilterGroups", Vec::new()),
                    ("categoryFilterGroups", Vec::new()),
                ],
            }
        };
        let (before, after) = (lists(old), lists(new));
        for ((list, old_groups), (_, new_groups)) in before.iter().zip(after.iter()) {
            // Pointers go into the list; the semantic path names the group directly
            // (`scope/groups[name]`).
            let mut lists = place.field(list);
            lists.path = place.path.clone();
            self.group_list(&lists, what, list, old_groups, new_groups);
        }
        self.compare_rest(
            place,
            &["groups", "inputFilterGroups", "categoryFilterGroups"],
            &[],
            &change::OTHER_CHANGE,
            &format!("{what}: scope"),
        );
    }

    fn direction_meta(&self, list: &str, direction: Direction) -> &'static ChangeMeta {
        match (list, direction) {
            ("groups", Direction::Narrowed) => &change::SCOPE_NARROWED,
            ("inputFilterGroups", Direction::Narrowed) if self.input_filter_deprovisions => {
                &change::INPUT_FILTER_NARROWED_DEPROVISIONS
            }
            (_, Direction::Narrowed) => &change::INPUT_FILTER_NARROWED,
            (_, Direction::Widened) => &change::SCOPE_WIDENED,
        }
    }

    fn group_list(
        &mut self,
        place: &Place,
        what: &str,
        list: &str,
        old: &[FilterGroup],
        new: &[FilterGroup],
    ) {
        let noun = group_noun(list);
        let old_keys: Vec<Option<Key>> = old.iter().map(identity::filter_group).collect();
        let new_keys: Vec<Option<Key>> = new.iter().map(identity::filter_group).collect();
        let old_active = old.iter().filter(|g| !g.clauses.items().is_empty()).count();
        let new_active = new.iter().filter(|g| !g.clauses.items().is_empty()).count();
        let pairs = match_by_key(&old_keys, &new_keys);
        let renames = renamed_groups(&pairs, old, new);
        for pair in pairs {
            if let Pair::Removed(o) = pair
                && let Some(n) = renames.get(&o).copied()
            {
                let old_name = label(old_keys.get(o));
                let name = label(new_keys.get(n));
                let here = Place {
                    path: place.path.entry(list, &name),
                    old: place.old.as_ref().map(|p| p.index(o)),
                    new: place.new.as_ref().map(|p| p.index(n)),
                };
                self.record(
                    &change::SCOPING_GROUP_RENAMED,
                    ChangeKind::Modified,
                    &here.field("name"),
                    format!(
                        "{what}: {noun} {} renamed to {}",
                        change::quote(&old_name),
                        change::quote(&name)
                    ),
                );
                continue;
            }
            if let Pair::Added(n) = pair
                && renames.values().any(|m| *m == n)
            {
                continue;
            }
            match pair {
                Pair::Both(o, n) => {
                    let (Some(before), Some(after)) = (old.get(o), new.get(n)) else {
                        continue;
                    };
                    let name = label(new_keys.get(n));
                    let here = Place {
                        path: place.path.entry(list, &name),
                        old: place.old.as_ref().map(|p| p.index(o)),
                        new: place.new.as_ref().map(|p| p.index(n)),
                    };
                    self.group(&here, what, list, &name, before, after);
                }
                Pair::Removed(o) => {
                    let Some(group) = old.get(o) else { continue };
                    if group.clauses.items().is_empty() {
                        continue;
                    }
                    let name = label(old_keys.get(o));
                    let here = Place {
                        path: place.path.entry(list, &name),
                        old: place.old.as_ref().map(|p| p.index(o)),
                        new: None,
                    };
                    let (direction, why) = if new_active == 0 {
                        (
                            Direction::Widened,
                            "it was the last one: everything is now in scope",
                        )
                    } else {
                        (Direction::Narrowed, "objects only it matched leave scope")
                    };
                    self.record(
                        self.direction_meta(list, direction),
                        ChangeKind::Removed,
                        &here,
                        format!(
                            "{what}: {noun} {} removed; scope {} ({why})",
                            change::quote(&name),
                            word(direction)
                        ),
                    );
                }
                Pair::Added(n) => {
                    let Some(group) = new.get(n) else { continue };
                    if group.clauses.items().is_empty() {
                        continue;
                    }
                    let name = label(new_keys.get(n));
                    let here = Place {
                        path: place.path.entry(list, &name),
                        old: None,
                        new: place.new.as_ref().map(|p| p.index(n)),
                    };
                    let (direction, why) = if old_active == 0 {
                        (
                            Direction::Narrowed,
                            "there was no filter: everything was in scope",
                        )
                    } else {
                        (Direction::Widened, "groups are OR'ed: more objects match")
                    };
                    self.record(
                        self.direction_meta(list, direction),
                        ChangeKind::Added,
                        &here,
                        format!(
                            "{what}: {noun} {} added ({}); scope {} ({why})",
                            change::quote(&name),
                            clauses_text(group),
                            word(direction)
                        ),
                    );
                }
            }
        }
    }

    fn group(
        &mut self,
        place: &Place,
        what: &str,
        list: &str,
        name: &str,
        old: &FilterGroup,
        new: &FilterGroup,
    ) {
        let noun = group_noun(list);
        let old_clauses = old.clauses.items();
        let new_clauses = new.clauses.items();
        let old_keys: Vec<Option<Key>> = old_clauses
            .iter()
            .map(|c| Some(identity::clause(c)))
            .collect();
        let new_keys: Vec<Option<Key>> = new_clauses
            .iter()
            .map(|c| Some(identity::clause(c)))
            .collect();
        let mut removed = Vec::new();
        let mut added = Vec::new();
        for pair in match_by_key(&old_keys, &new_keys) {
            match pair {
                Pair::Both(..) => {}
                Pair::Removed(o) => removed.push(o),
                Pair::Added(n) => added.push(n),
            }
        }
        // A removed and an added clause on the same attribute and operator is a
        // changed value.
        let operand = |c: &FilterClause| {
            (
                identity::fold(c.source_operand_name.as_str().unwrap_or_default()),
                c.operator_name.as_str().unwrap_or_default().to_owned(),
            )
        };
        let mut added_by_operand: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for n in &added {
            if let Some(clause) = new_clauses.get(*n) {
                added_by_operand
                    .entry(operand(clause))
                    .or_default()
                    .push(*n);
            }
        }
        let mut changed_values = Vec::new();
        removed.retain(|o| {
            let Some(clause) = old_clauses.get(*o) else {
                return true;
            };
            match added_by_operand
                .get_mut(&operand(clause))
                .and_then(|v| (!v.is_empty()).then(|| v.remove(0)))
            {
                Some(n) => {
                    changed_values.push((*o, n));
                    false
                }
                None => true,
            }
        });
        added.retain(|n| !changed_values.iter().any(|(_, m)| m == n));
        let mut clauses = place.field("clauses");
        clauses.path = place.path.clone();
        for (o, n) in changed_values {
            let (Some(before), Some(after)) = (old_clauses.get(o), new_clauses.get(n)) else {
                continue;
            };
            let here = Place {
                path: clauses
                    .path
                    .entry("clauses", &identity::clause(after).label),
                old: clauses.old.as_ref().map(|p| p.index(o)),
                new: clauses.new.as_ref().map(|p| p.index(n)),
            };
            self.record(
                &change::SCOPE_VALUE_CHANGED,
                ChangeKind::Modified,
                &here,
                format!(
                    "{what}: {noun} {}: clause {} became {}",
                    change::quote(name),
                    change::quote(&identity::clause(before).label),
                    change::quote(&identity::clause(after).label)
                ),
            );
        }
        for o in removed {
            let Some(clause) = old_clauses.get(o) else {
                continue;
            };
            let label = identity::clause(clause).label;
            let here = Place {
                path: clauses.path.entry("clauses", &label),
                old: clauses.old.as_ref().map(|p| p.index(o)),
                new: None,
            };
            self.record(
                self.direction_meta(list, Direction::Widened),
                ChangeKind::Removed,
                &here,
                format!(
                    "{what}: {noun} {} lost clause {}; scope widened",
                    change::quote(name),
                    change::quote(&label)
                ),
            );
        }
        for n in added {
            let Some(clause) = new_clauses.get(n) else {
                continue;
            };
            let label = identity::clause(clause).label;
            let here = Place {
                path: clauses.path.entry("clauses", &label),
                old: None,
                new: clauses.new.as_ref().map(|p| p.index(n)),
            };
            self.record(
                self.direction_meta(list, Direction::Narrowed),
                ChangeKind::Added,
                &here,
                format!(
                    "{what}: {noun} {} gained clause {}; scope narrowed",
                    change::quote(name),
                    change::quote(&label)
                ),
            );
        }
        if old.name != new.name {
            self.record(
                &change::OTHER_CHANGE,
                ChangeKind::Modified,
                &place.field("name"),
                format!("{what}: {noun} renamed (case only) to `{name}`"),
            );
        }
    }

    /// Cloud Sync container or group filters: a list where empty means everything.
    pub(crate) fn cloud_sync_scope(
        &mut self,
        place: &Place,
        field: &str,
        old: Option<Vec<String>>,
        new: Option<Vec<String>>,
        what: &str,
    ) {
        let (before, after) = (old.unwrap_or_default(), new.unwrap_or_default());
        let fold_all = |list: &[String]| -> Vec<String> {
            let mut folded: Vec<String> = list.iter().map(|s| identity::fold(s)).collect();
            folded.sort();
            folded.dedup();
            folded
        };
        if fold_all(&before) == fold_all(&after) {
            return;
        }
        let here = place.field(field);
        let old_set = fold_all(&before);
        let new_set = fold_all(&after);
        let removed: Vec<&String> = before
            .iter()
            .filter(|s| !new_set.contains(&identity::fold(s)))
            .collect();
        let added: Vec<&String> = after
            .iter()
            .filter(|s| !old_set.contains(&identity::fold(s)))
            .collect();
        let (meta, message) = if before.is_empty() {
            (
                &change::CONTAINER_SCOPE_NARROWED,
                format!(
                    "{what} filter went from everything to {}: scope narrowed",
                    list_text(&added)
                ),
            )
        } else if after.is_empty() {
            (
                &change::CONTAINER_SCOPE_WIDENED,
                format!("{what} filter emptied: everything is now in scope"),
            )
        } else if !removed.is_empty() {
            let mut message = format!("{what} filter lost {}: scope narrowed", list_text(&removed));
            if !added.is_empty() {
                message = format!("{message} (and gained {})", list_text(&added));
            }
            (&change::CONTAINER_SCOPE_NARROWED, message)
        } else {
            (
                &change::CONTAINER_SCOPE_WIDENED,
                format!("{what} filter gained {}: scope widened", list_text(&added)),
            )
        };
        self.record(meta, ChangeKind::Modified, &here, message);
    }
}

/// The clauses of a group as a set.
fn clause_set(group: &FilterGroup) -> Vec<String> {
    let mut keys: Vec<String> = group
        .clauses
        .items()
        .iter()
        .map(|c| identity::clause(c).folded)
        .collect();
    keys.sort();
    keys
}

/// Groups renamed: a removed and an added group with the same (non-empty) set of
/// clauses, when exactly one of each has it. Old index → new index.
fn renamed_groups(
    pairs: &[Pair],
    old: &[FilterGroup],
    new: &[FilterGroup],
) -> HashMap<usize, usize> {
    let mut removed: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    let mut added: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for pair in pairs {
        match *pair {
            Pair::Removed(o) => {
                if let Some(group) = old.get(o).filter(|g| !g.clauses.items().is_empty()) {
                    removed.entry(clause_set(group)).or_default().push(o);
                }
            }
            Pair::Added(n) => {
                if let Some(group) = new.get(n).filter(|g| !g.clauses.items().is_empty()) {
                    added.entry(clause_set(group)).or_default().push(n);
                }
            }
            Pair::Both(..) => {}
        }
    }
    let mut renames = HashMap::new();
    // Each pair is found on its own: the order of visiting the map does not matter.
    #[allow(clippy::iter_over_hash_type)]
    for (clauses, gone) in &removed {
        if let ([o], Some([n])) = (gone.as_slice(), added.get(clauses).map(Vec::as_slice)) {
            renames.insert(*o, *n);
        }
    }
    renames
}

/// What a group of each list is called in messages.
fn group_noun(list: &str) -> &'static str {
    match list {
        "inputFilterGroups" => "input filter group",
        "categoryFilterGroups" => "category filter group",
        _ => "scoping group",
    }
}

fn word(direction: Direction) -> &'static str {
    match direction {
        Direction::Narrowed => "narrowed",
        Direction::Widened => "widened",
    }
}

fn clauses_text(group: &FilterGroup) -> String {
    group
        .clauses
        .items()
        .iter()
        .map(|c| change::quote(&identity::clause(c).label))
        .collect::<Vec<_>>()
        .join(" and ")
}

fn list_text(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
