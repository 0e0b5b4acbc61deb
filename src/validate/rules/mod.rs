//! The rules: one file per rule (or per small family sharing one walk), each with
//! its registry entry (code, name, severity, documentation) next to its check.
//!
//! [`RULES`] lists every registry entry, [`CHECKS`] every semantic check; the
//! pipeline runs all checks on every document and the registry tests keep the two
//! lists and `testdata/invalid/` in step.

pub(crate) mod anchors;
pub(crate) mod duplicate_mappings;
pub(crate) mod duplicate_names;
pub(crate) mod expressions;
pub(crate) mod jobs;
pub(crate) mod load_error;
pub(crate) mod malformed_source;
pub(crate) mod matching;
pub(crate) mod missing_property;
pub(crate) mod mutability;
pub(crate) mod not_a_document;
pub(crate) mod reference;
pub(crate) mod schema_violation;
pub(crate) mod scoping;
pub(crate) mod scoping_regex;
pub(crate) mod secrets;
pub(crate) mod select_unique_value;
pub(crate) mod truncated_dump;
pub(crate) mod unknown_directory;
pub(crate) mod unknown_enum_member;
pub(crate) mod unknown_object;
pub(crate) mod unknown_property;
pub(crate) mod unknown_referenced_object;
pub(crate) mod unknown_scoping_attribute;
pub(crate) mod unknown_source_attribute;
pub(crate) mod unknown_target_attribute;
pub(crate) mod wrong_type;

use super::context::{Context, Sink};
use super::registry::RuleMeta;
use crate::model::AttributeMappingSource;
use crate::pointer::JsonPointer;

/// Every rule's registry entry.
pub(crate) static RULES: &[&RuleMeta] = &[
    &load_error::META,
    &not_a_document::META,
    &missing_property::META,
    &wrong_type::META,
    &schema_violation::META,
    &unknown_property::META,
    &unknown_enum_member::META,
    &unknown_enum_member::NEW_MEMBER,
    &truncated_dump::META,
    &unknown_directory::META,
    &unknown_object::META,
    &unknown_target_attribute::META,
    &unknown_source_attribute::META,
    &unknown_scoping_attribute::META,
    &unknown_referenced_object::META,
    &reference::META,
    &duplicate_names::DIRECTORY,
    &duplicate_names::OBJECT,
    &duplicate_names::ATTRIBUTE,
    &duplicate_mappings::TARGET_ATTRIBUTE,
    &duplicate_mappings::RULE_ID,
    &duplicate_mappings::OBJECT_MAPPING_NAME,
    &matching::NO_MATCHING,
    &matching::DUPLICATE_PRIORITY,
    &select_unique_value::META,
    &anchors::META,
    &mutability::READ_ONLY,
    &mutability::ALWAYS_IMMUTABLE,
    &mutability::REQUIRED_UNMAPPED,
    &expressions::SYNTAX,
    &expressions::UNKNOWN_FUNCTION,
    &expressions::ARGUMENTS,
    &expressions::TREE_MISMATCH,
    &malformed_source::META,
    &expressions::TOO_LONG,
    &expressions::UNKNOWN_SIGNATURE,
    &scoping::UNKNOWN_OPERATOR,
    &scoping::ARITY,
    &scoping_regex::META,
    &scoping::MULTIVALUED,
    &jobs::INTERVAL,
    &jobs::TEMPLATE_PREFIX,
    &jobs::DUPLICATE_SETTING,
    &secrets::META,
];

/// A semantic check.
pub(crate) type Check = fn(&Context<'_>, &mut Sink);

/// Every semantic check, in the order they run (output is sorted afterwards).
pub(crate) static CHECKS: &[Check] = &[
    unknown_property::check,
    unknown_directory::check,
    unknown_object::check,
    unknown_target_attribute::check,
    unknown_source_attribute::check,
    unknown_scoping_attribute::check,
    unknown_referenced_object::check,
    duplicate_names::check,
    duplicate_mappings::check,
    matching::check,
    select_unique_value::check,
    anchors::check,
    mutability::check,
    malformed_source::check,
    expressions::check,
    scoping::check,
    scoping_regex::check,
    jobs::check,
    secrets::check,
];

/// Every node of a source tree with its pointer, parents before children, in
/// document order. Iterative: a deep tree cannot overflow the stack.
pub(crate) fn source_nodes<'a>(
    root: &'a AttributeMappingSource,
    at: &JsonPointer,
) -> Vec<(&'a AttributeMappingSource, JsonPointer)> {
    let mut nodes = Vec::new();
    let mut stack = vec![(root, at.clone())];
    while let Some((node, pointer)) = stack.pop() {
        let parameters_at = pointer.key("parameters");
        for (index, parameter) in node.parameters().iter().enumerate().rev() {
            if let Some(value) = parameter.value.get() {
                stack.push((value, parameters_at.index(index).key("value")));
            }
        }
        nodes.push((node, pointer));
    }
    nodes
}
