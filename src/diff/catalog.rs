//! Function and filter-operator catalogs: entries matched by name (or id), each
//! compared property by property.

use super::change::{self, ChangeKind};
use super::differ::{Differ, Place, name_keys};
use super::keyed::{Pair, match_by_key};
use super::schema;

impl Differ<'_> {
    pub(super) fn catalog(&mut self, place: &Place) {
        let list = place.field("value");
        let names = ["name", "id"];
        let old_items = self.old.named_items(list.old.as_ref(), &names);
        let new_items = self.new.named_items(list.new.as_ref(), &names);
        let (old_keys, new_keys) = (name_keys(&old_items), name_keys(&new_items));
        for pair in match_by_key(&old_keys, &new_keys) {
            let (name, o, n) = match pair {
                Pair::Both(o, n) => (schema::label(new_keys.get(n)), Some(o), Some(n)),
                Pair::Removed(o) => (schema::label(old_keys.get(o)), Some(o), None),
                Pair::Added(n) => (schema::label(new_keys.get(n)), None, Some(n)),
            };
            let here = Place {
                path: place.path.entry("entries", &name),
                old: o
                    .and_then(|o| old_items.get(o))
                    .and_then(|(_, i)| list.old.as_ref().map(|p| p.index(*i))),
                new: n
                    .and_then(|n| new_items.get(n))
                    .and_then(|(_, i)| list.new.as_ref().map(|p| p.index(*i))),
            };
            match (o, n) {
                (Some(_), Some(_)) => {
                    self.compare_rest(&here, &[], &[], &change::OTHER_CHANGE, &format!("`{name}`"));
                }
                (Some(_), None) => self.record(
                    &change::OTHER_CHANGE,
                    ChangeKind::Removed,
                    &here,
                    format!("`{name}` removed"),
                ),
                _ => self.record(
                    &change::OTHER_CHANGE,
                    ChangeKind::Added,
                    &here,
                    format!("`{name}` added"),
                ),
            }
        }
        self.compare_rest(place, &["value"], &[], &change::OTHER_CHANGE, "catalog");
    }
}
