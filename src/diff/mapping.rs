//! Rules, object mappings and attribute mappings: enabled state, flow types,
//! matching, expressions. Expressions are compared by meaning (the structured tree),
//! not by text.

use serde_json::Value;

use super::change::{self, ChangeKind};
use super::differ::{Differ, Place};
use super::keyed::matched;
use crate::identity;
use crate::model::{
    AttributeMapping, AttributeMappingSource, ObjectFlowTypes, ObjectMapping, SynchronizationRule,
};

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// Whether two sources mean the same: equal trees (type, name, parameters, unknown
/// properties) ignoring the duplicated `expression` texts. A text-only source is
/// parsed and turned into the tree Graph would store, so the text and tree forms of
/// one expression compare equal; text that does not parse is compared with its
/// whitespace normalised. Iterative: a deep tree cannot overflow the stack.
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
        let (pa, pb) = (a.parameters(), b.parameters());
        if pa.len() != pb.len() {
            return false;
        }
        for (x, y) in pa.iter().zip(pb) {
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

/// The text of a source for people: its expression, or the attribute or constant.
pub(crate) fn source_text(source: Option<&AttributeMappingSource>) -> Option<String> {
    let source = source?;
    if let Some(text) = source.expression.as_str() {
        return Some(text.to_owned());
    }
    let name = source.name.as_str()?;
    Some(match source.node_type() {
        Some(crate::model::AttributeMappingSourceType::Attribute) => format!("[{name}]"),
        Some(crate::model::AttributeMappingSourceType::Constant) => format!("{name:?}"),
        _ => format!("{name}(…)"),
    })
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
        let what = format!("rule `{}`", new.name.as_str().unwrap_or(key));
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
        for entry in entries {
            let key = &entry.key;
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
                            "{state} object mapping `{key}` removed ({})",
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
                            "{state} object mapping `{key}` added ({})",
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
        let what = format!("object mapping `{key}`");
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
            let text = source_text(mapping.source.get()).unwrap_or_default();
            let suffix = match (matching, kind) {
                (true, ChangeKind::Added) => " as a matching attribute",
                (true, _) => " (it was a matching attribute)",
                (false, _) => "",
            };
            self.record(
                meta,
                kind,
                &entry.place,
                format!("{what}: attribute mapping `{key}` ← `{text}` {verb}{suffix}"),
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
        let what = format!("attribute mapping `{key}`");
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
        let (before, after) = (old.source.get(), new.source.get());
        let same = match (before, after) {
            (Some(b), Some(a)) => same_meaning(b, a),
            (None, None) => true,
            _ => false,
        };
        if !same {
            let meta = if anchor {
                &change::ANCHOR_EXPRESSION_CHANGED
            } else {
                &change::EXPRESSION_CHANGED
            };
            let old_text = source_text(before);
            let new_text = source_text(after);
            let message = format!(
                "{what}: {} `{}` became {}{}",
                describe(before),
                abbreviate(old_text.as_deref().unwrap_or("nothing")),
                match after {
                    Some(node) => format!(
                        "{} `{}`",
                        describe(Some(node)),
                        abbreviate(new_text.as_deref().unwrap_or_default())
                    ),
                    None => "nothing".to_owned(),
                },
                if anchor {
                    " — the anchor changes: objects may stop matching their existing counterparts"
                } else {
                    ""
                }
            );
            self.record_values(
                meta,
                ChangeKind::Modified,
                &place.field("source"),
                old_text.map(Value::String),
                new_text.map(Value::String),
                message,
                true,
            );
        }
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
}
