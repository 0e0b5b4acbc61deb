//! The differ's state: both documents (typed and as JSON), where changes go, and the
//! generic comparison of properties no specific rule handles.

use serde_json::Value;

use super::change::{self, Change, ChangeKind, ChangeMeta};
use super::path::ChangePath;
use crate::load::{JsonNode, SourceMap};
use crate::model::facts::is_odata_annotation;
use crate::pointer::JsonPointer;

/// One side of the comparison.
#[derive(Clone, Copy)]
pub(crate) struct Side<'a> {
    pub(crate) source: &'a SourceMap,
}

impl<'a> Side<'a> {
    /// The node at `pointer`, read from the text.
    pub(crate) fn node(self, pointer: &JsonPointer) -> Option<JsonNode<'a>> {
        self.source.pointer(pointer.as_str())
    }

    /// The value at `pointer` as a [`Value`] (built from its text: for the small
    /// values a change shows or compares).
    pub(crate) fn at(self, pointer: &JsonPointer) -> Option<Value> {
        self.node(pointer).map(|node| node.to_value())
    }

    /// The elements of the array at `list`, each named by the first of `names` it has
    /// (when that is a string), with its index; unnamed elements are left out.
    pub(crate) fn named_items(
        self,
        list: Option<&JsonPointer>,
        names: &[&str],
    ) -> Vec<(String, usize)> {
        list.and_then(|pointer| self.node(pointer))
            .map(|node| {
                node.elements()
                    .enumerate()
                    .filter_map(|(index, item)| {
                        let name = names.iter().find_map(|name| item.get(name))?.as_str()?;
                        Some((name.into_owned(), index))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn line(self, pointer: &JsonPointer) -> u32 {
        self.source.locate_nearest(pointer.as_str()).0.line
    }
}

/// Where an entity sits on both sides.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) path: ChangePath,
    pub(crate) old: Option<JsonPointer>,
    pub(crate) new: Option<JsonPointer>,
}

impl Place {
    pub(crate) fn both(path: ChangePath, old: JsonPointer, new: JsonPointer) -> Self {
        Place {
            path,
            old: Some(old),
            new: Some(new),
        }
    }

    /// A property of the entity on both sides.
    pub(crate) fn field(&self, name: &str) -> Place {
        Place {
            path: self.path.field(name),
            old: self.old.as_ref().map(|p| p.key(name)),
            new: self.new.as_ref().map(|p| p.key(name)),
        }
    }
}

/// Collects changes.
pub(crate) struct Differ<'a> {
    pub(crate) old: Side<'a>,
    pub(crate) new: Side<'a>,
    pub(crate) changes: Vec<Change>,
    pub(crate) file: Option<String>,
    /// Template-vs-job mode (see [`super::DiffOptions::customizations`]).
    pub(crate) customizations: bool,
    /// Whether a reportable change was found inside a schema.
    pub(crate) schema_changed: bool,
    /// Anchor attributes of the new schema: (directory, object, attribute), folded.
    pub(crate) anchors: std::collections::HashSet<(String, String, String)>,
    /// Whether the rule being compared deprovisions what leaves its inputFilterGroups
    /// (Cloud Sync from on-premises Active Directory).
    pub(crate) input_filter_deprovisions: bool,
    /// Whether the object mapping being compared was renamed (its name change is
    /// already reported).
    pub(crate) renamed: bool,
}

impl<'a> Differ<'a> {
    pub(crate) fn new(old: Side<'a>, new: Side<'a>, file: Option<String>) -> Self {
        Differ {
            old,
            new,
            changes: Vec::new(),
            file,
            customizations: false,
            schema_changed: false,
            anchors: std::collections::HashSet::new(),
            input_filter_deprovisions: false,
            renamed: false,
        }
    }

    /// Records a change. `old`/`new` values are read from the documents at the
    /// place's pointers unless given.
    pub(crate) fn record(
        &mut self,
        meta: &'static ChangeMeta,
        kind: ChangeKind,
        place: &Place,
        message: impl Into<String>,
    ) {
        let old = match kind {
            ChangeKind::Added => None,
            _ => place.old.as_ref().and_then(|p| self.old.at(p)),
        };
        let new = match kind {
            ChangeKind::Removed => None,
            _ => place.new.as_ref().and_then(|p| self.new.at(p)),
        };
        self.record_values(meta, kind, place, old, new, message);
    }

    /// Records a change with explicit values.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record_values(
        &mut self,
        meta: &'static ChangeMeta,
        kind: ChangeKind,
        place: &Place,
        old: Option<Value>,
        new: Option<Value>,
        message: impl Into<String>,
    ) {
        let old_pointer = if kind == ChangeKind::Added {
            None
        } else {
            place.old.clone()
        };
        let new_pointer = if kind == ChangeKind::Removed {
            None
        } else {
            place.new.clone()
        };
        self.changes.push(Change {
            file: self.file.clone(),
            code: meta.code,
            name: meta.name,
            impact: meta.impact,
            kind,
            path: place.path.clone(),
            old_line: old_pointer.as_ref().map(|p| self.old.line(p)),
            new_line: new_pointer.as_ref().map(|p| self.new.line(p)),
            old_pointer: old_pointer.map(|p| p.as_str().to_owned()),
            new_pointer: new_pointer.map(|p| p.as_str().to_owned()),
            old,
            new,
            message: message.into(),
            sample: None,
        });
    }

    /// Compares every property of the object at `place` that is not in `handled`:
    /// OData annotations and `noise` keys as server-maintained values, the rest under
    /// `meta`.
    pub(crate) fn compare_rest(
        &mut self,
        place: &Place,
        handled: &[&str],
        noise: &[&str],
        meta: &'static ChangeMeta,
        what: &str,
    ) {
        // Members read from the text; only those not compared elsewhere (small:
        // scalars and unknown properties) become values.
        let members = |side: Side<'a>, pointer: Option<&JsonPointer>| {
            pointer
                .and_then(|p| side.node(p))
                .map(|node| node.members().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let old = members(self.old, place.old.as_ref());
        let new = members(self.new, place.new.as_ref());
        // By key, the last of a key winning: a hash per lookup, so an object of tens
        // of thousands of members costs linear time.
        let (old_by_key, new_by_key) = (members_by_key(&old), members_by_key(&new));
        let value_of = |members: &std::collections::HashMap<&str, JsonNode<'a>>, key: &str| {
            members.get(key).map(JsonNode::to_value)
        };
        let mut keys: Vec<&str> = old
            .iter()
            .chain(&new)
            .map(|(key, _)| key.as_ref())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            if handled.contains(&key) {
                continue;
            }
            let (before, after) = (value_of(&old_by_key, key), value_of(&new_by_key, key));
            let (before, after) = (before.as_ref(), after.as_ref());
            if equivalent(key, before, after) {
                continue;
            }
            let is_noise = is_odata_annotation(key) || noise.contains(&key);
            let meta = if is_noise { &change::NOISE } else { meta };
            let field = place.field(key);
            let (kind, message) = match (before, after) {
                (None, Some(_)) => (ChangeKind::Added, format!("{what}: `{key}` added")),
                (Some(_), None) => (ChangeKind::Removed, format!("{what}: `{key}` removed")),
                _ => (
                    ChangeKind::Modified,
                    format!(
                        "{what}: `{key}` changed from {} to {}",
                        short(before),
                        short(after)
                    ),
                ),
            };
            self.record(meta, kind, &field, message);
        }
    }
}

/// The identity keys of named items ([`Side::named_items`]), for keyed matching.
pub(crate) fn name_keys(items: &[(String, usize)]) -> Vec<Option<crate::identity::Key>> {
    items
        .iter()
        .map(|(name, _)| Some(crate::identity::Key::name(name)))
        .collect()
}

/// Lists of strings whose order carries no meaning (fmt sorts them).
const STRING_SETS: &[&str] = &[
    "supportedAttributeTypes",
    "includedContainers",
    "includedGroups",
];

/// Whether two values of property `key` mean the same: equal, or both absent or
/// `null` (Graph reads a missing property and a `null` one alike, and a Graph
/// PowerShell SDK dump writes `null` for every property Graph did not send), or the
/// same set of strings (for [`STRING_SETS`]), or the same entries of a list of
/// `{key|name, …}` pairs in another order (metadata, apiExpressions).
pub(crate) fn equivalent(key: &str, before: Option<&Value>, after: Option<&Value>) -> bool {
    if before == after {
        return true;
    }
    let unset = |value: Option<&Value>| matches!(value, None | Some(Value::Null));
    if unset(before) && unset(after) {
        return true;
    }
    // Objects member by member, so an order-free array inside one (a job's
    // `status.synchronizedEntryCountByType`) is no change when only reordered.
    if let (Some(Value::Object(before)), Some(Value::Object(after))) = (before, after) {
        return before
            .iter()
            .all(|(key, value)| equivalent(key, Some(value), after.get(key)))
            && after.iter().all(|(key, value)| {
                before.contains_key(key) || equivalent(key, None, Some(value))
            });
    }
    let (Some(Value::Array(before)), Some(Value::Array(after))) = (before, after) else {
        return false;
    };
    if before.len() != after.len() {
        return false;
    }
    if STRING_SETS.contains(&key) {
        let sorted = |items: &[Value]| {
            let mut texts: Vec<String> = items.iter().map(Value::to_string).collect();
            texts.sort();
            texts
        };
        return sorted(before) == sorted(after);
    }
    // A list of keyed entries (`key` or `name`) is a dictionary: order means nothing,
    // also when a damaged entry has lost its key (fmt orders those by content too).
    let keyed = |items: &[Value]| {
        items.iter().any(|item| {
            item.get("key")
                .or_else(|| item.get("name"))
                .is_some_and(Value::is_string)
        })
    };
    if keyed(before) && keyed(after) {
        let sorted = |items: &[Value]| {
            let mut texts: Vec<String> = items.iter().map(Value::to_string).collect();
            texts.sort();
            texts
        };
        return sorted(before) == sorted(after);
    }
    false
}

/// A value shortened for a message.
pub(crate) fn short(value: Option<&Value>) -> String {
    match value {
        None => "nothing".to_owned(),
        Some(Value::String(text)) => {
            let shortened: String = text.chars().take(60).collect();
            if shortened.len() < text.len() {
                format!("\"{shortened}…\"")
            } else {
                format!("\"{text}\"")
            }
        }
        Some(Value::Array(items)) => format!("a list of {}", items.len()),
        Some(Value::Object(_)) => "an object".to_owned(),
        Some(other) => other.to_string(),
    }
}

/// The members of an object by key, the last of a key winning (as serde_json keeps).
fn members_by_key<'m, 'a>(
    members: &'m [(std::borrow::Cow<'a, str>, JsonNode<'a>)],
) -> std::collections::HashMap<&'m str, JsonNode<'a>> {
    members
        .iter()
        .map(|(name, node)| (name.as_ref(), *node))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_absent_are_the_same() {
        // A Graph PowerShell SDK dump writes null for every property Graph did not send.
        let null = Value::Null;
        assert!(equivalent("scope", None, Some(&null)));
        assert!(equivalent("scope", Some(&null), None));
        let before = serde_json::json!({"name": "x", "containerFilter": null});
        let after = serde_json::json!({"name": "x"});
        assert!(equivalent("rule", Some(&before), Some(&after)));
        assert!(equivalent("rule", Some(&after), Some(&before)));
        let changed = serde_json::json!({"name": "y", "containerFilter": null});
        assert!(!equivalent("rule", Some(&after), Some(&changed)));
        assert!(!equivalent("scope", None, Some(&serde_json::json!(false))));
    }

    #[test]
    fn a_keyed_array_reordered_inside_an_object_is_no_change() {
        // Found by the diff fuzz target: fmt sorts a job's entry counts by key, and
        // `diff --all` reported the formatted job's status as changed.
        let before = serde_json::json!({"code": "Active", "synchronizedEntryCountByType": [
            {"key": "user to User", "value": 120}, {"key": "group to Group", "value": 14}]});
        let after = serde_json::json!({"code": "Active", "synchronizedEntryCountByType": [
            {"key": "group to Group", "value": 14}, {"key": "user to User", "value": 120}]});
        assert!(equivalent("status", Some(&before), Some(&after)));
        let changed = serde_json::json!({"code": "Active", "synchronizedEntryCountByType": [
            {"key": "group to Group", "value": 15}, {"key": "user to User", "value": 120}]});
        assert!(!equivalent("status", Some(&before), Some(&changed)));
        let fewer = serde_json::json!({"code": "Active"});
        assert!(!equivalent("status", Some(&before), Some(&fewer)));
        // An entry that lost its key still compares by content, not position.
        let damaged = serde_json::json!([{"key": "a", "value": 1}, {"kuy": "b", "value": 2}]);
        let reordered = serde_json::json!([{"kuy": "b", "value": 2}, {"key": "a", "value": 1}]);
        assert!(equivalent("counts", Some(&damaged), Some(&reordered)));
    }
}
