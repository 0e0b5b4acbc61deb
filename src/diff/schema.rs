//! Schemas: directories, objects and attribute definitions, then the rules (see
//! `mapping.rs`). Everything is matched by identity.

use std::collections::HashSet;

use super::change::{self, ChangeKind};
use super::differ::{Differ, Place, name_keys};
use super::keyed::{Pair, match_by_key, matched};
use crate::identity::{self, fold};
use crate::model::{
    AttributeDefinition, AttributeMappingSourceType, DirectoryDefinition, ObjectDefinition,
    SynchronizationSchema,
};
use crate::text::plural;

/// What a schema's mappings reference: (directory, object, attribute), case-folded;
/// an empty attribute stands for the object itself (used by an object mapping).
pub(crate) type References = HashSet<(String, String, String)>;

/// Everything the schema's mappings and scoping clauses reference.
pub(crate) fn references(schema: &SynchronizationSchema) -> References {
    let mut references = References::new();
    for rule in schema.rules() {
        let source_directory = fold(rule.source_directory_name.as_str().unwrap_or_default());
        let target_directory = fold(rule.target_directory_name.as_str().unwrap_or_default());
        for mapping in rule.object_mappings() {
            let source_object = fold(mapping.source_object_name.as_str().unwrap_or_default());
            let target_object = fold(mapping.target_object_name.as_str().unwrap_or_default());
            if mapping.is_enabled() || !mapping.attribute_mappings().is_empty() {
                references.insert((
                    source_directory.clone(),
                    source_object.clone(),
                    String::new(),
                ));
                references.insert((
                    target_directory.clone(),
                    target_object.clone(),
                    String::new(),
                ));
            }
            for attribute_mapping in mapping.attribute_mappings() {
                if let Some(target) = attribute_mapping.target_attribute_name.as_str() {
                    references.insert((
                        target_directory.clone(),
                        target_object.clone(),
                        fold(target),
                    ));
                }
                let mut stack: Vec<&crate::model::AttributeMappingSource> =
                    attribute_mapping.source.get().into_iter().collect();
                while let Some(node) = stack.pop() {
                    if node.node_type() == Some(AttributeMappingSourceType::Attribute)
                        && let Some(name) = node.name.as_str()
                    {
                        references.insert((
                            source_directory.clone(),
                            source_object.clone(),
                            fold(name),
                        ));
                    }
                    stack.extend(node.parameters().iter().filter_map(|p| p.value.get()));
                }
            }
            if let Some(scope) = mapping.scope.get() {
                for (_, groups) in scope.group_lists() {
                    for group in groups {
                        for clause in group.clauses.items() {
                            if let Some(name) = clause.source_operand_name.as_str() {
                                references.insert((
                                    source_directory.clone(),
                                    source_object.clone(),
                                    fold(name),
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    references
}

impl Differ<'_> {
    /// Compares two schemas at `place`.
    pub(crate) fn schema(
        &mut self,
        place: &Place,
        old: &SynchronizationSchema,
        new: &SynchronizationSchema,
    ) {
        let references = references(new);
        self.anchors = new
            .directories()
            .iter()
            .flat_map(|d| {
                let directory = fold(d.name.as_str().unwrap_or_default());
                d.objects().iter().flat_map(move |o| {
                    let directory = directory.clone();
                    let object = fold(o.name.as_str().unwrap_or_default());
                    o.attributes()
                        .iter()
                        .filter(|a| a.anchor.get() == Some(&true))
                        .filter_map(move |a| {
                            Some((directory.clone(), object.clone(), fold(a.name.as_str()?)))
                        })
                })
            })
            .collect();
        self.directories(place, old.directories(), new.directories(), &references);
        self.rules(place, old.rules(), new.rules());
        self.compare_rest(
            place,
            &["directories", "synchronizationRules"],
            &["id", "version"],
            &change::OTHER_CHANGE,
            "schema",
        );
    }

    fn directories(
        &mut self,
        place: &Place,
        old: &[DirectoryDefinition],
        new: &[DirectoryDefinition],
        references: &References,
    ) {
        let list = place.field("directories");
        for entry in matched(
            &list,
            &place.path,
            "directories",
            old,
            new,
            identity::directory,
        ) {
            let name = &entry.key;
            match (entry.old, entry.new) {
                // Unchanged (the model is lossless, so equal values mean equal JSON).
                (Some(before), Some(after)) if before == after => {}
                (Some(before), Some(after)) => {
                    self.directory(&entry.place, name, before, after, references);
                }
                (Some(before), None) => self.record(
                    &change::DIRECTORY_REMOVED,
                    ChangeKind::Removed,
                    &entry.place,
                    format!(
                        "directory `{name}` removed ({})",
                        plural(before.objects().len(), "object")
                    ),
                ),
                (None, Some(after)) => self.record(
                    &change::DIRECTORY_ADDED,
                    ChangeKind::Added,
                    &entry.place,
                    format!(
                        "directory `{name}` added ({})",
                        plural(after.objects().len(), "object")
                    ),
                ),
                (None, None) => {}
            }
        }
    }

    fn directory(
        &mut self,
        place: &Place,
        name: &str,
        old: &DirectoryDefinition,
        new: &DirectoryDefinition,
        references: &References,
    ) {
        if old.name != new.name {
            self.record(
                &change::DIRECTORY_CHANGED,
                ChangeKind::Modified,
                &place.field("name"),
                format!("directory renamed (case only) to `{name}`"),
            );
        }
        for field in ["readOnly", "discoverabilities"] {
            self.compare_field(
                place,
                field,
                &change::DIRECTORY_CHANGED,
                &format!("directory `{name}`"),
            );
        }
        let old_objects = old.objects();
        let new_objects = new.objects();
        if self.customizations && old_objects.is_empty() && !new_objects.is_empty() {
            let attributes: usize = new_objects.iter().map(|o| o.attributes().len()).sum();
            self.record_values(
                &change::DIRECTORY_DISCOVERED,
                ChangeKind::Modified,
                &place.field("objects"),
                None,
                None,
                format!(
                    "directory `{name}`: {} with {} discovered by the job (the template \
                     lists none)",
                    plural(new_objects.len(), "object"),
                    plural(attributes, "attribute")
                ),
            );
        } else {
            self.objects(place, name, old_objects, new_objects, references);
        }
        self.compare_rest(
            place,
            &["name", "readOnly", "discoverabilities", "objects"],
            &["id", "version", "discoveryDateTime"],
            &change::DIRECTORY_CHANGED,
            &format!("directory `{name}`"),
        );
    }

    /// Compares one property; a difference is one change under `meta`.
    pub(crate) fn compare_field(
        &mut self,
        place: &Place,
        field: &str,
        meta: &'static change::ChangeMeta,
        what: &str,
    ) {
        let here = place.field(field);
        let before = here.old.as_ref().and_then(|p| self.old.at(p));
        let after = here.new.as_ref().and_then(|p| self.new.at(p));
        if before == after {
            return;
        }
        let message = format!(
            "{what}: `{field}` changed from {} to {}",
            super::differ::short(before.as_ref()),
            super::differ::short(after.as_ref())
        );
        let kind = match (before, after) {
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Removed,
            _ => ChangeKind::Modified,
        };
        self.record(meta, kind, &here, message);
    }

    fn objects(
        &mut self,
        place: &Place,
        directory: &str,
        old: &[ObjectDefinition],
        new: &[ObjectDefinition],
        references: &References,
    ) {
        let list = place.field("objects");
        for entry in matched(&list, &place.path, "objects", old, new, identity::object) {
            let name = &entry.key;
            match (entry.old, entry.new) {
                (Some(before), Some(after)) if before == after => {}
                (Some(before), Some(after)) => {
                    self.object(&entry.place, directory, name, before, after, references);
                }
                (Some(before), None) => {
                    let in_use = references.contains(&(fold(directory), fold(name), String::new()));
                    let (meta, note) = if in_use {
                        (
                            &change::OBJECT_REMOVED_IN_USE,
                            ", but an object mapping still uses it",
                        )
                    } else {
                        (&change::OBJECT_REMOVED, "")
                    };
                    self.record(
                        meta,
                        ChangeKind::Removed,
                        &entry.place,
                        format!(
                            "object `{name}` removed from `{directory}` ({}){note}",
                            plural(before.attributes().len(), "attribute")
                        ),
                    );
                }
                (None, Some(after)) => self.record(
                    &change::OBJECT_ADDED,
                    ChangeKind::Added,
                    &entry.place,
                    format!(
                        "object `{name}` added to `{directory}` ({})",
                        plural(after.attributes().len(), "attribute")
                    ),
                ),
                (None, None) => {}
            }
        }
    }

    fn object(
        &mut self,
        place: &Place,
        directory: &str,
        name: &str,
        old: &ObjectDefinition,
        new: &ObjectDefinition,
        references: &References,
    ) {
        if old.name != new.name {
            self.record(
                &change::OBJECT_CHANGED,
                ChangeKind::Modified,
                &place.field("name"),
                format!("object renamed (case only) to `{name}`"),
            );
        }
        self.metadata(
            place,
            "metadata",
            &change::OBJECT_CHANGED,
            &format!("object `{name}`"),
        );
        let list = place.field("attributes");
        let mut reference_changes = Vec::new();
        let entries = matched(
            &list,
            &place.path,
            "attributes",
            old.attributes(),
            new.attributes(),
            identity::attribute,
        );
        for entry in entries {
            let attribute = &entry.key;
            match (entry.old, entry.new) {
                (Some(before), Some(after)) if before == after => {}
                (Some(before), Some(after)) => self.attribute(
                    &entry.place,
                    name,
                    attribute,
                    before,
                    after,
                    &mut reference_changes,
                ),
                (Some(_), None) => {
                    let in_use =
                        references.contains(&(fold(directory), fold(name), fold(attribute)));
                    if in_use {
                        self.record(
                            &change::ATTRIBUTE_REMOVED_IN_USE,
                            ChangeKind::Removed,
                            &entry.place,
                            format!(
                                "attribute `{attribute}` removed from `{name}`, but a mapping or \
                                 scoping clause still uses it"
                            ),
                        );
                    } else {
                        self.record(
                            &change::ATTRIBUTE_REMOVED,
                            ChangeKind::Removed,
                            &entry.place,
                            format!("attribute `{attribute}` removed from `{name}`"),
                        );
                    }
                }
                (None, Some(_)) => self.record(
                    &change::ATTRIBUTE_ADDED,
                    ChangeKind::Added,
                    &entry.place,
                    format!("attribute `{attribute}` added to `{name}`"),
                ),
                (None, None) => {}
            }
        }
        self.reference_changes(place, name, reference_changes);
        self.compare_rest(
            place,
            &["name", "metadata", "attributes"],
            &[],
            &change::OBJECT_CHANGED,
            &format!("object `{name}`"),
        );
    }

    fn attribute(
        &mut self,
        place: &Place,
        object: &str,
        name: &str,
        old: &AttributeDefinition,
        new: &AttributeDefinition,
        reference_changes: &mut Vec<ReferenceChange>,
    ) {
        let what = format!("attribute `{object}.{name}`");
        if old.name != new.name {
            self.record(
                &change::ATTRIBUTE_CHANGED,
                ChangeKind::Modified,
                &place.field("name"),
                format!("{what} renamed (case only)"),
            );
        }
        for field in ["anchor", "type", "multivalued", "mutability", "required"] {
            self.compare_field(place, field, &change::ATTRIBUTE_DEFINITION_CHANGED, &what);
        }
        let names = |attribute: &AttributeDefinition| -> Vec<String> {
            let mut names: Vec<String> = attribute
                .referenced_objects
                .items()
                .iter()
                .filter_map(|r| r.referenced_object_name.as_str().map(str::to_owned))
                .collect();
            names.sort_by_key(|n| fold(n));
            names
        };
        let (before, after) = (names(old), names(new));
        let folded = |list: &[String]| list.iter().map(|n| fold(n)).collect::<HashSet<_>>();
        if folded(&before) != folded(&after) {
            let (b, a) = (folded(&before), folded(&after));
            let added: Vec<&String> = after.iter().filter(|n| !b.contains(&fold(n))).collect();
            let removed: Vec<&String> = before.iter().filter(|n| !a.contains(&fold(n))).collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("now reference{{s}} {}", join(&added)));
            }
            if !removed.is_empty() {
                parts.push(format!("no longer reference{{s}} {}", join(&removed)));
            }
            reference_changes.push(ReferenceChange {
                attribute: name.to_owned(),
                place: place.field("referencedObjects"),
                description: parts.join(" and "),
            });
        }
        self.compare_rest(
            place,
            &[
                "name",
                "anchor",
                "type",
                "multivalued",
                "mutability",
                "required",
                "referencedObjects",
            ],
            &[],
            &change::ATTRIBUTE_CHANGED,
            &what,
        );
    }

    /// Compares a metadata list (`[{key, value}]`) by key: one change per key.
    pub(crate) fn metadata(
        &mut self,
        place: &Place,
        field: &str,
        meta: &'static change::ChangeMeta,
        what: &str,
    ) {
        let list = place.field(field);
        let names = ["key", "name"];
        let old_entries = self.old.named_items(list.old.as_ref(), &names);
        let new_entries = self.new.named_items(list.new.as_ref(), &names);
        let (old_keys, new_keys) = (name_keys(&old_entries), name_keys(&new_entries));
        for pair in match_by_key(&old_keys, &new_keys) {
            let (kind, key, o, n) = match pair {
                Pair::Both(o, n) => (
                    ChangeKind::Modified,
                    label(new_keys.get(n)),
                    Some(o),
                    Some(n),
                ),
                Pair::Removed(o) => (ChangeKind::Removed, label(old_keys.get(o)), Some(o), None),
                Pair::Added(n) => (ChangeKind::Added, label(new_keys.get(n)), None, Some(n)),
            };
            let here = Place {
                path: place.path.entry(field, &key),
                old: o
                    .and_then(|o| old_entries.get(o))
                    .and_then(|(_, i)| list.old.as_ref().map(|p| p.index(*i))),
                new: n
                    .and_then(|n| new_entries.get(n))
                    .and_then(|(_, i)| list.new.as_ref().map(|p| p.index(*i))),
            };
            let before = here.old.as_ref().and_then(|p| self.old.at(p));
            let after = here.new.as_ref().and_then(|p| self.new.at(p));
            let (before, after) = (before.as_ref(), after.as_ref());
            if kind == ChangeKind::Modified && before == after {
                continue;
            }
            let value = |v: Option<&serde_json::Value>| {
                super::differ::short(v.and_then(|v| v.get("value")))
            };
            let message = match kind {
                ChangeKind::Added => format!("{what}: {field} `{key}` added ({})", value(after)),
                ChangeKind::Removed => format!("{what}: {field} `{key}` removed"),
                ChangeKind::Modified => format!(
                    "{what}: {field} `{key}` changed from {} to {}",
                    value(before),
                    value(after)
                ),
            };
            self.record(meta, kind, &here, message);
        }
    }
}

/// A change of the object types an attribute references.
pub(crate) struct ReferenceChange {
    attribute: String,
    place: Place,
    /// `now reference{s} …`, with `{s}` standing for the verb's ending.
    description: String,
}

/// Attributes sharing one reference change are reported together once there are
/// this many (exports add a referenced type to dozens of attributes at once).
const GROUP_REFERENCE_CHANGES: usize = 3;

impl Differ<'_> {
    fn reference_changes(&mut self, place: &Place, object: &str, changes: Vec<ReferenceChange>) {
        let mut groups: Vec<(String, Vec<ReferenceChange>)> = Vec::new();
        for change in changes {
            match groups.iter_mut().find(|(d, _)| *d == change.description) {
                Some((_, members)) => members.push(change),
                None => groups.push((change.description.clone(), vec![change])),
            }
        }
        for (description, members) in groups {
            if members.len() < GROUP_REFERENCE_CHANGES {
                for member in members {
                    let text = member.description.replace("{s}", "s");
                    self.record(
                        &change::ATTRIBUTE_REFERENCES_CHANGED,
                        ChangeKind::Modified,
                        &member.place,
                        format!("attribute `{object}.{}` {text}", member.attribute),
                    );
                }
                continue;
            }
            let names: Vec<&str> = members.iter().map(|m| m.attribute.as_str()).collect();
            let shown = names.iter().take(5).copied().collect::<Vec<_>>().join(", ");
            let more = names.len().saturating_sub(5);
            let list = if more > 0 {
                format!("{shown} and {more} more")
            } else {
                shown
            };
            let here = Place {
                path: place
                    .path
                    .entry("attributes", "*")
                    .field("referencedObjects"),
                old: place.old.clone(),
                new: place.new.clone(),
            };
            self.record_values(
                &change::ATTRIBUTE_REFERENCES_CHANGED,
                ChangeKind::Modified,
                &here,
                None,
                None,
                format!(
                    "{} attributes of `{object}` {} ({list})",
                    names.len(),
                    description.replace("{s}", "")
                ),
            );
        }
    }
}

/// The label of a key, or `#?` for keyless elements.
pub(crate) fn label(key: Option<&Option<identity::Key>>) -> String {
    key.and_then(Option::as_ref)
        .map_or_else(|| "?".to_owned(), |key| key.label.clone())
}

fn join(names: &[&String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
