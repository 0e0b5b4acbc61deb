//! The identity of provisioning entities: what makes two array elements "the same
//! thing" regardless of position. Diff matches by these keys and fmt sorts by them,
//! so the two always agree on what an element is.
//!
//! | array | identity |
//! |---|---|
//! | `directories` | name |
//! | `objects` | name |
//! | `attributes` | name |
//! | `synchronizationRules` | id, else name (order is kept by fmt: rules run in order) |
//! | `objectMappings` | name, else (sourceObjectName, targetObjectName) (order is kept by fmt) |
//! | `attributeMappings` | targetAttributeName |
//! | filter `groups` (all three lists) | name |
//! | `clauses` of a group | the whole clause (a set) |
//! | `metadata` entries (object, attribute, object mapping, rule, template) | key |
//! | `synchronizationJobSettings` | name |
//! | `referencedObjects` | referencedObjectName |
//! | `apiExpressions` | key |
//! | `includedContainers`, `includedGroups`, `supportedAttributeTypes` | the text itself (sets) |
//! | `synchronizedEntryCountByType` | key |
//! | jobs and templates of a collection | id |
//! | functions and filter operators of a catalog | name, else id |
//! | secrets, validateCredentials `credentials` | key |
//!
//! Where fmt keeps an array's order (rules, object mappings, expression parameters,
//! filter operand values, …) the reasons are in `docs/canonical-form.md` and in
//! [`crate::canonical`].
//!
//! Names compare case-insensitively (Graph does): keys are case-folded, and a
//! case-only rename is a modification of a matched element, not a removal and an
//! addition.
//!
//! The same keys are read from the JSON tree by [`of_element`], for places known only
//! by a JSON pointer (validate's findings): [`path::of_pointer`] turns a pointer into
//! the semantic path diff would show for the place.

pub mod path;

use std::fmt;

use crate::load::JsonNode;
use crate::model::{
    AttributeDefinition, AttributeDefinitionMetadataEntry, AttributeMapping,
    AttributeMappingFunctionSchema, DirectoryDefinition, FilterClause, FilterGroup,
    FilterOperatorSchema, KeyValuePair, ObjectDefinition, ObjectDefinitionMetadataEntry,
    ObjectMapping, ObjectMappingMetadataEntry, ReferencedObject, StringKeyLongValuePair,
    StringKeyStringValuePair, SynchronizationJob, SynchronizationMetadataEntry,
    SynchronizationRule, SynchronizationSecretKeyStringValuePair, SynchronizationTemplate,
};

/// An identity key: the case-folded text that matches, and a label for people.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Case-folded matching text.
    pub folded: String,
    /// How to show it (the name as written, or a description of the fallback).
    pub label: String,
}

impl Key {
    /// A key from a name.
    pub fn name(name: &str) -> Self {
        Key {
            folded: fold(name),
            label: name.to_owned(),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// Case-folds a name for matching.
pub fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// A directory's identity: its name (never its id, which differs between jobs).
pub fn directory(directory: &DirectoryDefinition) -> Option<Key> {
    directory.name.as_str().map(Key::name)
}

/// An object's identity: its name.
pub fn object(object: &ObjectDefinition) -> Option<Key> {
    object.name.as_str().map(Key::name)
}

/// An attribute's identity: its name.
pub fn attribute(attribute: &AttributeDefinition) -> Option<Key> {
    attribute.name.as_str().map(Key::name)
}

/// A rule's identity: its id, else its name. Ids are compared exactly
/// (case-folded like names, since Graph treats them as opaque strings).
pub fn rule(rule: &SynchronizationRule) -> Option<Key> {
    rule_key(rule.id.as_str(), rule.name.as_str())
}

fn rule_key(id: Option<&str>, name: Option<&str>) -> Option<Key> {
    id.filter(|id| !id.is_empty()).or(name).map(Key::name)
}

/// An object mapping's identity: its name, else `source -> target`.
pub fn object_mapping(mapping: &ObjectMapping) -> Option<Key> {
    object_mapping_key(
        mapping.name.as_str(),
        mapping.source_object_name.as_str(),
        mapping.target_object_name.as_str(),
    )
}

fn object_mapping_key(
    name: Option<&str>,
    source: Option<&str>,
    target: Option<&str>,
) -> Option<Key> {
    if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
        return Some(Key::name(name));
    }
    let source = source.unwrap_or_default();
    let target = target.unwrap_or_default();
    if source.is_empty() && target.is_empty() {
        return None;
    }
    let or_none = |name: &str| {
        if name.is_empty() {
            "(none)".to_owned()
        } else {
            name.to_owned()
        }
    };
    let label = format!("{} -> {}", or_none(source), or_none(target));
    Some(Key {
        folded: format!("\u{0}{}\u{0}{}", fold(source), fold(target)),
        label,
    })
}

/// An attribute mapping's identity: its target attribute.
pub fn attribute_mapping(mapping: &AttributeMapping) -> Option<Key> {
    mapping.target_attribute_name.as_str().map(Key::name)
}

/// A filter group's identity: its name.
pub fn filter_group(group: &FilterGroup) -> Option<Key> {
    group.name.as_str().map(Key::name)
}

/// A clause's identity: the whole clause (clauses of a group are a set). Operator
/// names and values compare exactly; the attribute name case-insensitively.
pub fn clause(clause: &FilterClause) -> Key {
    let operator = clause.operator_name.as_str().unwrap_or_default();
    let attribute = clause.source_operand_name.as_str().unwrap_or_default();
    let values: Vec<&str> = clause
        .target_operand
        .get()
        .map(|operand| operand.values.items().iter().map(String::as_str).collect())
        .unwrap_or_default();
    clause_key(attribute, operator, &values)
}

fn clause_key(attribute: &str, operator: &str, values: &[&str]) -> Key {
    let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    Key {
        folded: format!(
            "{}\u{0}{operator}\u{0}{}",
            fold(attribute),
            values.join("\u{0}")
        ),
        label: format!("{attribute} {operator} {}", quoted.join(", "))
            .trim_end()
            .to_owned(),
    }
}

/// A member of a set of strings (`includedContainers`, `includedGroups`,
/// `supportedAttributeTypes`): the text itself.
pub fn text(text: &str) -> Key {
    Key::name(text)
}

/// An object definition's metadata entry: its key.
pub fn object_metadata(entry: &ObjectDefinitionMetadataEntry) -> Option<Key> {
    entry.key.get().map(|key| Key::name(key.as_str()))
}

/// An attribute definition's metadata entry: its key.
pub fn attribute_metadata(entry: &AttributeDefinitionMetadataEntry) -> Option<Key> {
    entry.key.get().map(|key| Key::name(key.as_str()))
}

/// An object mapping's metadata entry: its key.
pub fn object_mapping_metadata(entry: &ObjectMappingMetadataEntry) -> Option<Key> {
    entry.key.get().map(|key| Key::name(key.as_str()))
}

/// A template's metadata entry: its key.
pub fn template_metadata(entry: &SynchronizationMetadataEntry) -> Option<Key> {
    entry.key.get().map(|key| Key::name(key.as_str()))
}

/// A string pair (rule `metadata`, attribute `apiExpressions`): its key.
pub fn pair(pair: &StringKeyStringValuePair) -> Option<Key> {
    pair.key.as_str().map(Key::name)
}

/// A job setting: its name.
pub fn setting(setting: &KeyValuePair) -> Option<Key> {
    setting.name.as_str().map(Key::name)
}

/// A referenced object type: its name.
pub fn referenced_object(referenced: &ReferencedObject) -> Option<Key> {
    referenced.referenced_object_name.as_str().map(Key::name)
}

/// A per-mapping count of a job's status: its key (`user to User`).
pub fn entry_count(pair: &StringKeyLongValuePair) -> Option<Key> {
    pair.key.as_str().map(Key::name)
}

/// A secret: its key.
pub fn secret(secret: &SynchronizationSecretKeyStringValuePair) -> Option<Key> {
    secret.key.get().map(|key| Key::name(key.as_str()))
}

/// A job in a collection: its id.
pub fn job(job: &SynchronizationJob) -> Option<Key> {
    job.id.as_str().map(Key::name)
}

/// A template in a collection: its id.
pub fn template(template: &SynchronizationTemplate) -> Option<Key> {
    template.id.as_str().map(Key::name)
}

/// An expression function of the catalog: its name, else its id.
pub fn function(function: &AttributeMappingFunctionSchema) -> Option<Key> {
    function.function_name().map(Key::name)
}

/// A scoping operator of the catalog: its name, else its id.
pub fn operator(operator: &FilterOperatorSchema) -> Option<Key> {
    operator.operator_name().map(Key::name)
}

/// What identifies an element of a JSON array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElementIdentity {
    /// Its key.
    Key(Key),
    /// The array's elements are keyed, but this one lacks its key (diff shows `?`).
    Missing,
    /// The array's elements have no identity but their position (expression
    /// parameters, operand values: fmt keeps their order).
    Position,
}

/// The identity of `element`, an element of the JSON array held by the property
/// `collection` (as documents name it: `synchronizationRules`, `attributeMappings`,
/// …), read from the JSON tree with the same keys as the typed functions above.
/// `root_of` is the document's kind when the array is a property of the document's
/// root (where `value` is a list of jobs, templates, secrets or catalog entries), else
/// `None`.
pub fn of_element(
    collection: &str,
    root_of: Option<crate::model::Kind>,
    element: JsonNode<'_>,
) -> ElementIdentity {
    use crate::model::Kind;
    let text = |name: &str| element.get(name).and_then(|node| node.as_str());
    let key_of = |name: &str| text(name).map(|value| Key::name(&value));
    let key = match (collection, root_of) {
        ("value", Some(Kind::JobList | Kind::TemplateList)) => key_of("id"),
        ("value", Some(Kind::Secrets))
        | ("credentials", Some(Kind::Credentials))
        | ("metadata" | "apiExpressions" | "synchronizedEntryCountByType", _) => key_of("key"),
        ("value", Some(Kind::Functions | Kind::FilterOperators)) => {
            key_of("name").or_else(|| key_of("id"))
        }
        (
            "directories"
            | "objects"
            | "attributes"
            | "groups"
            | "inputFilterGroups"
            | "categoryFilterGroups"
            | "synchronizationJobSettings",
            _,
        ) => key_of("name"),
        ("synchronizationRules", _) => rule_key(text("id").as_deref(), text("name").as_deref()),
        ("objectMappings", _) => object_mapping_key(
            text("name").as_deref(),
            text("sourceObjectName").as_deref(),
            text("targetObjectName").as_deref(),
        ),
        ("attributeMappings", _) => key_of("targetAttributeName"),
        ("clauses", _) => {
            let values: Vec<String> = element
                .get("targetOperand")
                .and_then(|operand| operand.get("values"))
                .map(|values| {
                    values
                        .elements()
                        .filter_map(|value| value.as_str().map(std::borrow::Cow::into_owned))
                        .collect()
                })
                .unwrap_or_default();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            Some(clause_key(
                &text("sourceOperandName").unwrap_or_default(),
                &text("operatorName").unwrap_or_default(),
                &values,
            ))
        }
        ("referencedObjects", _) => key_of("referencedObjectName"),
        ("includedContainers" | "includedGroups" | "supportedAttributeTypes", _) => {
            element.as_str().map(|value| text_key(&value))
        }
        _ => return ElementIdentity::Position,
    };
    key.map_or(ElementIdentity::Missing, ElementIdentity::Key)
}

fn text_key(value: &str) -> Key {
    text(value)
}
