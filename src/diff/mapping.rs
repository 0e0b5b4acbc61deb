//! Rules, object mappings and attribute mappings: enabled state, flow types,
//! matching, expressions, renames. An expression is stored twice, as text and as a
//! tree; both halves are compared (the tree is what the service evaluates), and a
//! change to either is reported, saying which half changed when they disagree.

use std::collections::HashMap;

use serde_json::Value;

use super::change::{self, ChangeKind};
use super::differ::{Differ, Place};
use super::keyed::matched;
use crate::identity;
use crate::model::{
    AttributeMapping, AttributeMappingSource, ObjectFlowTypes, ObjectMapping, SynchronizationRule,
};
use crate::text::plural;

/// Whether two sources mean the same: equal trees (type, name, parameters, unknown
/// properties) ignoring the duplicated `expression` texts. A text-only source is
/// parsed and turned into the tree Graph would store, so the text and tree forms of
/// one expression compare equal; text that does not parse is compared with its
/// whitespace normalised. Parameters bind by key: those with distinct keys may come
/// in any order, repeated keys (`Join`'s `source`) keep theirs. Iterative: a deep
/// tree cannot overflow the stack.
fn same_meaning(before: &AttributeMappingSource, after: &AttributeMappingSource) -> bool {
    let (before, after) = (as_tree(before), as_tree(after));
    let mut stack = vec![(before.as_ref(), after.as_ref())];
    while let Some((a, b)) = stack.pop() {
        let has_tree = |s: &AttributeMappingSource| !s.name.is_absent() || !s.r#type.is_absent();
        if !has_tree(a) && !has_tree(b) {
            let normal = |s: &AttributeMappingSource| {
                s.expression
                    .as_str()
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            };
            if normal(a) != normal(b) {
                return false;
            }
        }
        if a.node_type() != b.node_type()
            || a.name != b.name
            || a.extra != b.extra
            || a.parameters.is_invalid()
            || b.parameters.is_invalid()
        {
            return false;
        }
        let (pa, pb) = (by_key(a.parameters()), by_key(b.parameters()));
        if pa.len() != pb.len() {
            return false;
        }
        for (x, y) in pa.into_iter().zip(pb) {
            if x.key != y.key || x.extra != y.extra {
                return false;
            }
            match (x.value.get(), y.value.get()) {
                (Some(vx), Some(vy)) => stack.push((vx, vy)),
                (None, None) if x.value == y.value => {}
                _ => return false,
            }
        }
    }
    true
}

/// Parameters ordered by key, keeping the order of entries with the same key (a
/// stable sort): the order in which they bind.
fn by_key(
    parameters: &[crate::model::StringKeyAttributeMappingSourceValuePair],
) -> Vec<&crate::model::StringKeyAttributeMappingSourceValuePair> {
    let mut sorted: Vec<_> = parameters.iter().collect();
    sorted.sort_by(|x, y| x.key.as_str().cmp(&y.key.as_str()));
    sorted
}

/// The expression text of a source in canonical form (whitespace normalised when it
/// does not parse); `None` without a text.
fn canonical_text(source: Option<&AttributeMappingSource>) -> Option<String> {
    let text = source?.expression.as_str()?;
    Some(
        crate::expr::canonicalize(text)
            .unwrap_or_else(|_| text.split_whitespace().collect::<Vec<_>>().join(" ")),
    )
}

/// Whether a source carries a tree (a `name` or a `type`), not only a text.
fn has_tree(source: &AttributeMappingSource) -> bool {
    !source.name.is_absent() || !source.r#type.is_absent()
}

/// How the text and tree of one source disagree, when they do: the tree printed as
/// an expression (what the service runs). Runtime placeholders filling an empty
/// text slot and tree keys newer than the catalog are no disagreement.
fn disagreement(source: Option<&AttributeMappingSource>) -> Option<String> {
    match halves(source) {
        Halves::Differ(tree) => Some(tree),
        Halves::Agree | Halves::Unknown => None,
    }
}

/// Whether the text and tree of one source agree.
enum Halves {
    /// They agree, or there is only one half.
    Agree,
    /// They differ: the tree printed as an expression.
    Differ(String),
    /// The check could not judge (a function the catalog does not know, text that
    /// does not parse).
    Unknown,
}

fn halves(source: Option<&AttributeMappingSource>) -> Halves {
    let Some(source) = source.filter(|s| has_tree(s) && !s.expression.is_absent()) else {
        return Halves::Agree;
    };
    let catalog = crate::expr::Catalog::builtin();
    match crate::expr::check_consistency(source, &catalog) {
        crate::expr::Consistency::Differ(mismatch)
            if mismatch.kind == crate::expr::MismatchKind::Differs =>
        {
            Halves::Differ(tree_text(source))
        }
        crate::expr::Consistency::NotChecked(_) => Halves::Unknown,
        _ => Halves::Agree,
    }
}

/// The tree of a source printed as an expression; the text when it cannot be.
fn tree_text(source: &AttributeMappingSource) -> String {
    crate::expr::from_source_tree(source, &crate::expr::Catalog::builtin()).map_or_else(
        |_| crate::expr::source_text(source).unwrap_or_default(),
        |expr| crate::expr::print(&expr),
    )
}

/// Object mappings renamed: a removed and an added mapping with the same source and
/// target objects, when exactly one of each has them. Index of the removed entry →
/// index of the added one.
fn renames(entries: &[super::keyed::Matched<'_, ObjectMapping>]) -> HashMap<usize, usize> {
    let objects = |mapping: &ObjectMapping| {
        (
            identity::fold(mapping.source_object_name.as_str().unwrap_or_default()),
            identity::fold(mapping.target_object_name.as_str().unwrap_or_default()),
        )
    };
    let mut removed: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut added: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        match (entry.old, entry.new) {
            (Some(before), None) => removed.entry(objects(before)).or_default().push(index),
            (None, Some(after)) => added.entry(objects(after)).or_default().push(index),
            _ => {}
        }
    }
    let mut pairs = HashMap::new();
    // Each pair is found on its own: the order of visiting the map does not matter.
    #[allow(clippy::iter_over_hash_type)]
    for (objects, gone) in &removed {
        if let ([old], Some([new])) = (gone.as_slice(), added.get(objects).map(Vec::as_slice)) {
            pairs.insert(*old, *new);
        }
    }
    pairs
}

/// The source as a tree: itself when it carries one, else its parsed text.
fn as_tree(source: &AttributeMappingSource) -> std::borrow::Cow<'_, AttributeMappingSource> {
    let has_tree = !source.name.is_absent() || !source.r#type.is_absent();
    if has_tree {
        return std::borrow::Cow::Borrowed(source);
    }
    let parsed = source
        .expression
        .as_str()
        .and_then(|text| crate::expr::parse(text).ok())
        .and_then(|parsed| {
            crate::expr::to_source_tree(&parsed, &crate::expr::Catalog::builtin()).ok()
        });
    parsed.map_or(std::borrow::Cow::Borrowed(source), std::borrow::Cow::Owned)
}

/// What a source node is, for messages.
fn describe(source: Option<&AttributeMappingSource>) -> &'static str {
    match source.and_then(AttributeMappingSource::node_type) {
        Some(crate::model::AttributeMappingSourceType::Constant) => "the constant",
        Some(crate::model::AttributeMappingSourceType::Attribute) => "the attribute",
        _ => "the expression",
    }
}

/// Expression text shortened for a one-line message (the full texts are in
/// `old`/`new`).
fn abbreviate(text: &str) -> String {
    const LIMIT: usize = 60;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        let head: String = text.chars().take(LIMIT).collect();
        format!("{head}…")
    }
}

impl Differ<'_> {
    pub(crate) fn rules(
        &mut self,
        place: &Place,
        old: &[SynchronizationRule],
        new: &[SynchronizationRule],
    ) {
        let list = place.field("synchronizationRules");
        for entry in matched(&list, &place.path, "rules", old, new, identity::rule) {
            let key = &entry.key;
            match (entry.old, entry.new) {
                (Some(before), Some(after)) if before == after => {}
                (Some(before), Some(after)) => self.rule(&entry.place, key, before, after),
                (Some(before), None) => self.record(
                    &change::RULE_REMOVED,
                    ChangeKind::Removed,
                    &entry.place,
                    format!(
                        "rule `{}` removed ({})",
                        before.name.as_str().unwrap_or(key),
                        plural(before.object_mappings().len(), "object mapping")
                    ),
                ),
                (None, Some(after)) => self.record(
                    &change::RULE_ADDED,
                    ChangeKind::Added,
                    &entry.place,
                    format!(
                        "rule `{}` added ({})",
                        after.name.as_str().unwrap_or(key),
                        plural(after.object_mappings().len(), "object mapping")
                    ),
                ),
                (None, None) => {}
            }
        }
    }

    fn rule(
        &mut self,
        place: &Place,
        key: &str,
        old: &SynchronizationRule,
        new: &SynchronizationRule,
    ) {
        let what = format!("rule {}", change::quote(new.name.as_str().unwrap_or(key)));
        for field in [
            "name",
            "priority",
            "sourceDirectoryName",
            "targetDirectoryName",
            "editable",
        ] {
            self.compare_field(place, field, &change::RULE_CHANGED, &what);
        }
        self.metadata(place, "metadata", &change::RULE_CHANGED, &what);
        let containers = |rule: &SynchronizationRule| {
            rule.container_filter
                .get()
                .map(|f| f.included_containers.items().to_vec())
        };
        let groups = |rule: &SynchronizationRule| {
            rule.group_filter
                .get()
                .map(|f| f.included_groups.items().to_vec())
        };
        self.cloud_sync_scope(
            &place.field("containerFilter"),
            "includedContainers",
            containers(old),
            containers(new),
            "container",
        );
        self.cloud_sync_scope(
            &place.field("groupFilter"),
            "includedGroups",
            groups(old),
            groups(new),
            "group",
        );
        let target_directory =
            identity::fold(new.target_directory_name.as_str().unwrap_or_default());
        // Cloud Sync (from on-premises Active Directory) deletes what leaves its OU
        // scope, which lives in inputFilterGroups.
        self.input_filter_deprovisions =
            identity::fold(new.source_directory_name.as_str().unwrap_or_default())
                == identity::fold("Active Directory");
        self.object_mappings(
            place,
            old.object_mappings(),
            new.object_mappings(),
            &target_directory,
        );
        self.compare_rest(
            place,
            &[
                "name",
                "priority",
                "sourceDirectoryName",
                "targetDirectoryName",
                "editable",
                "metadata",
                "containerFilter",
                "groupFilter",
                "objectMappings",
                "id",
            ],
            &[],
            &change::RULE_CHANGED,
            &what,
        );
    }

    fn object_mappings(
        &mut self,
        place: &Place,
        old: &[ObjectMapping],
        new: &[ObjectMapping],
        target_directory: &str,
    ) {
        let list = place.field("objectMappings");
        let entries = matched(
            &list,
            &place.path,
            "objectMappings",
            old,
            new,
            identity::object_mapping,
        );
        let renames = renames(&entries);
        for (index, entry) in entries.iter().enumerate() {
            let key = &entry.key;
            if renames.values().any(|added| *added == index) {
                continue;
            }
            if let Some(added) = renames.get(&index).and_then(|added| entries.get(*added))
                && let (Some(before), Some(after)) = (entry.old, added.new)
            {
                let place = Place {
                    path: added.place.path.clone(),
                    old: entry.place.old.clone(),
                    new: added.place.new.clone(),
                };
                self.record(
                    &change::OBJECT_MAPPING_RENAMED,
                    ChangeKind::Modified,
                    &place.field("name"),
                    format!(
                        "object mapping {} renamed to {}",
                        change::quote(key),
                        change::quote(&added.key)
                    ),
                );
                self.renamed = true;
                self.object_mapping(&place, &added.key, before, after, target_directory);
                self.renamed = false;
                continue;
            }
            match (entry.old, entry.new) {
                (Some(before), Some(after)) if before == after => {}
                (Some(before), Some(after)) => {
                    self.object_mapping(&entry.place, key, before, after, target_directory);
                }
                (Some(before), None) => {
                    let count = before.attribute_mappings().len();
                    let meta = if before.is_enabled() {
                        &change::OBJECT_MAPPING_REMOVED
                    } else if count == 0 {
                        &change::EMPTY_DISABLED_OBJECT_MAPPING_CHANGED
                    } else {
                        &change::DISABLED_OBJECT_MAPPING_REMOVED
                    };
                    let state = if before.is_enabled() {
                        "enabled"
                    } else {
                        "disabled"
                    };
                    self.record(
                        meta,
                        ChangeKind::Removed,
                        &entry.place,
                        format!(
                            "{state} object mapping {} removed ({})",
                            change::quote(key),
                            plural(count, "attribute mapping")
                        ),
                    );
                }
                (None, Some(after)) => {
                    let state = if after.is_enabled() {
                        "enabled"
                    } else {
                        "disabled"
                    };
                    self.record(
                        &change::OBJECT_MAPPING_ADDED,
                        ChangeKind::Added,
                        &entry.place,
                        format!(
                            "{state} object mapping {} added ({})",
                            change::quote(key),
                            plural(after.attribute_mappings().len(), "attribute mapping")
                        ),
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn object_mapping(
        &mut self,
        place: &Place,
        key: &str,
        old: &ObjectMapping,
        new: &ObjectMapping,
        target_directory: &str,
    ) {
        let what = format!("object mapping {}", change::quote(key));
        let inert = |m: &ObjectMapping| !m.is_enabled() && m.attribute_mappings().is_empty();
        if inert(old) && inert(new) {
            // It did nothing and does nothing: whatever changed is one compatible
            // change (compared by meaning like any mapping, so reordering is none).
            let start = self.changes.len();
            self.object_mapping_details(place, &what, old, new, target_directory);
            let details: Vec<String> = self
                .changes
                .drain(start..)
                .map(|change| change.message)
                .collect();
            if !details.is_empty() {
                self.record(
                    &change::EMPTY_DISABLED_OBJECT_MAPPING_CHANGED,
                    ChangeKind::Modified,
                    place,
                    format!("disabled, empty {what} changed: {}", details.join("; ")),
                );
            }
            return;
        }
        self.object_mapping_details(place, &what, old, new, target_directory);
    }

    fn object_mapping_details(
        &mut self,
        place: &Place,
        what: &str,
        old: &ObjectMapping,
        new: &ObjectMapping,
        target_directory: &str,
    ) {
        match (old.is_enabled(), new.is_enabled()) {
            (true, false) => self.record(
                &change::OBJECT_MAPPING_DISABLED,
                ChangeKind::Modified,
                &place.field("enabled"),
                format!("{what} disabled: its objects are no longer provisioned"),
            ),
            (false, true) => self.record(
                &change::OBJECT_MAPPING_ENABLED,
                ChangeKind::Modified,
                &place.field("enabled"),
                format!("{what} enabled"),
            ),
            _ => {}
        }
        let flows = |m: &ObjectMapping| {
            m.flow_types.get().map(|f| {
                (
                    f.contains(ObjectFlowTypes::Add),
                    f.contains(ObjectFlowTypes::Update),
                    f.contains(ObjectFlowTypes::Delete),
                    f.bits(),
                )
            })
        };
        let (before, after) = (flows(old), flows(new));
        if before != after {
            let (a0, u0, d0, _) = before.unwrap_or((true, true, true, 7));
            let (a1, u1, d1, _) = after.unwrap_or((true, true, true, 7));
            let mut parts = Vec::new();
            if a0 && !a1 {
                parts.push("lost Add (objects are no longer created)");
            }
            if u0 && !u1 {
                parts.push("lost Update (objects are no longer updated)");
            }
            if !d0 && d1 {
                parts.push("gained Delete (objects get deleted)");
            }
            let old_text = old
                .flow_types
                .get()
                .map(|f| f.as_text().into_owned())
                .unwrap_or_default();
            let new_text = new
                .flow_types
                .get()
                .map(|f| f.as_text().into_owned())
                .unwrap_or_default();
            if parts.is_empty() {
                self.record(
                    &change::FLOW_TYPES_CHANGED,
                    ChangeKind::Modified,
                    &place.field("flowTypes"),
                    format!("{what}: flowTypes changed from `{old_text}` to `{new_text}`"),
                );
            } else {
                self.record(
                    &change::FLOW_TYPES_NARROWED,
                    ChangeKind::Modified,
                    &place.field("flowTypes"),
                    format!("{what}: flowTypes {}", parts.join(", ")),
                );
            }
        }
        for field in ["name", "sourceObjectName", "targetObjectName"] {
            if field == "name" && self.renamed {
                continue;
            }
            self.compare_field(place, field, &change::OBJECT_MAPPING_CHANGED, what);
        }
        self.metadata(
            place,
            "metadata",
            &change::OBJECT_MAPPING_METADATA_CHANGED,
            what,
        );
        self.scope(
            &place.field("scope"),
            what,
            old.scope.get(),
            new.scope.get(),
        );
        let target = (
            target_directory.to_owned(),
            identity::fold(new.target_object_name.as_str().unwrap_or_default()),
        );
        self.attribute_mappings(
            place,
            old.attribute_mappings(),
            new.attribute_mappings(),
            what,
            &target,
        );
        self.compare_rest(
            place,
            &[
                "enabled",
                "flowTypes",
                "name",
                "sourceObjectName",
                "targetObjectName",
                "metadata",
                "scope",
                "attributeMappings",
            ],
            &[],
            &change::OTHER_CHANGE,
            what,
        );
    }

    fn attribute_mappings(
        &mut self,
        place: &Place,
        old: &[AttributeMapping],
        new: &[AttributeMapping],
        what: &str,
        target: &(String, String),
    ) {
        let list = place.field("attributeMappings");
        let entries = matched(
            &list,
            &place.path,
            "attributeMappings",
            old,
            new,
            identity::attribute_mapping,
        );
        for entry in entries {
            let key = &entry.key;
            let (kind, mapping, verb) = match (entry.old, entry.new) {
                (Some(before), Some(after)) if before == after => continue,
                (Some(before), Some(after)) => {
                    let anchor = key.eq_ignore_ascii_case("SourceAnchor")
                        || self.anchors.contains(&(
                            target.0.clone(),
                            target.1.clone(),
                            identity::fold(key),
                        ));
                    self.attribute_mapping(&entry.place, key, before, after, anchor);
                    continue;
                }
                (Some(before), None) => (ChangeKind::Removed, before, "removed"),
                (None, Some(after)) => (ChangeKind::Added, after, "added"),
                (None, None) => continue,
            };
            let matching = mapping.matching_priority().is_some();
            let meta = match (matching, kind) {
                (true, _) => &change::MATCHING_CHANGED,
                (false, ChangeKind::Added) => &change::ATTRIBUTE_MAPPING_ADDED,
                (false, _) => &change::ATTRIBUTE_MAPPING_REMOVED,
            };
            let text = mapping
                .source
                .get()
                .and_then(crate::expr::source_text)
                .unwrap_or_default();
            let suffix = match (matching, kind) {
                (true, ChangeKind::Added) => " as a matching attribute",
                (true, _) => " (it was a matching attribute)",
                (false, _) => "",
            };
            self.record(
                meta,
                kind,
                &entry.place,
                format!(
                    "{what}: attribute mapping {} ← {} {verb}{suffix}",
                    change::quote(key),
                    change::quote(&text)
                ),
            );
        }
    }

    fn attribute_mapping(
        &mut self,
        place: &Place,
        key: &str,
        old: &AttributeMapping,
        new: &AttributeMapping,
        anchor: bool,
    ) {
        let what = format!("attribute mapping {}", change::quote(key));
        if old.target_attribute_name != new.target_attribute_name {
            self.record(
                &change::OTHER_CHANGE,
                ChangeKind::Modified,
                &place.field("targetAttributeName"),
                format!("{what}: target attribute renamed (case only)"),
            );
        }
        if old.matching_priority() != new.matching_priority() {
            let describe = |p: Option<i32>| {
                p.map_or_else(
                    || "not matching".to_owned(),
                    |p| format!("matching priority {p}"),
                )
            };
            self.record(
                &change::MATCHING_CHANGED,
                ChangeKind::Modified,
                &place.field("matchingPriority"),
                format!(
                    "{what}: {} became {}",
                    describe(old.matching_priority()),
                    describe(new.matching_priority())
                ),
            );
        }
        for field in [
            "flowType",
            "flowBehavior",
            "defaultValue",
            "exportMissingReferences",
        ] {
            self.compare_field(
                place,
                field,
                &change::ATTRIBUTE_MAPPING_SETTINGS_CHANGED,
                &what,
            );
        }
        self.source(place, &what, old.source.get(), new.source.get(), anchor);
        self.compare_rest(
            place,
            &[
                "targetAttributeName",
                "matchingPriority",
                "flowType",
                "flowBehavior",
                "defaultValue",
                "exportMissingReferences",
                "source",
            ],
            &[],
            &change::OTHER_CHANGE,
            &what,
        );
    }

    /// Compares the sources of an attribute mapping, both halves: the tree (what the
    /// service evaluates) and the `expression` text (what people read and the portal
    /// edits).
    fn source(
        &mut self,
        place: &Place,
        what: &str,
        before: Option<&AttributeMappingSource>,
        after: Option<&AttributeMappingSource>,
        anchor: bool,
    ) {
        let tree_changed = match (before, after) {
            (Some(b), Some(a)) => !same_meaning(b, a),
            (None, None) => false,
            _ => true,
        };
        let (old_text, new_text) = (canonical_text(before), canonical_text(after));
        let text_changed = old_text.is_some() && new_text.is_some() && old_text != new_text;
        let here = place.field("source");
        if !tree_changed {
            // Texts that differ but each agree with the same tree differ in form only
            // (a 2020 export leaves a runtime placeholder's slot empty, a 2025 one
            // writes `%DomainFQDN%`): no change.
            let form_only = matches!(
                (halves(before), halves(after)),
                (Halves::Agree, Halves::Agree)
            );
            if text_changed && !form_only {
                let (old_text, new_text) = (
                    before.and_then(crate::expr::source_text),
                    after.and_then(crate::expr::source_text),
                );
                let tree = after.map(tree_text).unwrap_or_default();
                let message = format!(
                    "{what}: only the `expression` text changed, from `{}` to `{}`; the tree \
                     the service evaluates did not and still reads `{}`",
                    abbreviate(old_text.as_deref().unwrap_or_default()),
                    abbreviate(new_text.as_deref().unwrap_or_default()),
                    abbreviate(&tree)
                );
                self.record_values(
                    &change::EXPRESSION_TEXT_ONLY_CHANGED,
                    ChangeKind::Modified,
                    &here,
                    old_text.map(Value::String),
                    new_text.map(Value::String),
                    message,
                );
            }
            return;
        }
        // What runs on each side: the text when it agrees with the tree, else the tree.
        let (old_split, new_split) = (disagreement(before), disagreement(after));
        let shown = |source: Option<&AttributeMappingSource>, split: &Option<String>| {
            split
                .clone()
                .or_else(|| source.and_then(crate::expr::source_text))
        };
        let (old_shown, new_shown) = (shown(before, &old_split), shown(after, &new_split));
        let mut message = format!(
            "{what}: {} `{}` became {}",
            describe(before),
            abbreviate(old_shown.as_deref().unwrap_or("nothing")),
            match after {
                Some(node) => format!(
                    "{} `{}`",
                    describe(Some(node)),
                    abbreviate(new_shown.as_deref().unwrap_or_default())
                ),
                None => "nothing".to_owned(),
            },
        );
        let text = |source: Option<&AttributeMappingSource>| {
            abbreviate(
                source
                    .and_then(crate::expr::source_text)
                    .as_deref()
                    .unwrap_or_default(),
            )
        };
        let note = if old_text.is_some() && new_text.is_some() && !text_changed {
            format!(
                "; only the tree changed (it is what the service runs): the `expression` text \
                 still reads `{}`",
                text(after)
            )
        } else if new_split.is_some() {
            format!(
                "; the new text reads `{}` but the service runs the tree",
                text(after)
            )
        } else if old_split.is_some() {
            format!(
                "; the old text read `{}` but the service ran the tree (text and tree agree \
                 now)",
                text(before)
            )
        } else {
            String::new()
        };
        message.push_str(&note);
        let meta = if anchor {
            &change::ANCHOR_EXPRESSION_CHANGED
        } else {
            &change::EXPRESSION_CHANGED
        };
        self.record_values(
            meta,
            ChangeKind::Modified,
            &here,
            old_shown.map(Value::String),
            new_shown.map(Value::String),
            message,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> AttributeMappingSource {
        let parsed = crate::expr::parse(text).expect("parses");
        crate::expr::to_source_tree(&parsed, &crate::expr::Catalog::builtin()).expect("tree")
    }

    fn reversed(mut source: AttributeMappingSource) -> AttributeMappingSource {
        let mut parameters = source.parameters().to_vec();
        parameters.reverse();
        source.parameters = crate::model::Field::Value(parameters);
        source
    }

    #[test]
    fn distinct_keys_bind_by_key_repeated_keys_by_order() {
        let left = tree("Left(Trim([department]), 64)");
        assert!(same_meaning(&left, &reversed(left.clone())));
        let iif = tree("IIF([IsSoftDeleted], \"False\", \"True\")");
        assert!(same_meaning(&iif, &reversed(iif.clone())));
        let join = tree("Join(\" \", [a], [b])");
        assert!(!same_meaning(&join, &reversed(join.clone())));
        assert!(!same_meaning(&join, &tree("Join(\" \", [b], [a])")));
    }

    #[test]
    fn a_tree_without_text_is_shown_as_the_expression_it_stands_for() {
        let mut call = tree("Join(\" \", [givenName], \"a\\\"b\")");
        call.expression = crate::model::Field::Absent;
        assert_eq!(
            crate::expr::source_text(&call).as_deref(),
            Some("Join(\" \", [givenName], \"a\\\"b\")")
        );
        let mut constant = tree("\"tab\there\"");
        constant.expression = crate::model::Field::Absent;
        assert_eq!(
            crate::expr::source_text(&constant).as_deref(),
            Some("\"tab\there\"")
        );
    }

    #[test]
    fn halves_that_disagree_are_found_and_placeholders_are_not_a_disagreement() {
        let mut edited = tree("Trim([department])");
        edited.expression = crate::model::Field::Value("Left(Trim([department]), 64)".into());
        assert_eq!(
            disagreement(Some(&edited)).as_deref(),
            Some("Trim([department])")
        );
        assert_eq!(disagreement(Some(&tree("Trim([department])"))), None);
    }
}
