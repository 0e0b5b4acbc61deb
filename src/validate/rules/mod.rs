//! The rules: one file per rule, named after it (`anchor_count.rs` holds M404
//! anchor-count), or a family folder whose `mod.rs` is one walk shared by several
//! rules and whose files hold one rule each. Each file has the rule's registry entry
//! (code, name, severity, documentation) next to the part of the check that reports it.
//!
//! [`rules!`] declares every rule module and builds the one [`TABLE`]: each module's
//! registry entries and its check. The pipeline runs every check on every document;
//! the registry reads the entries. Rule files import [`RuleMeta`] from the leaf
//! [`crate::validate::rule`], never the registry.

use super::context::{Context, Sink};
use super::rule::RuleMeta;
use crate::model::AttributeMappingSource;
use crate::pointer::JsonPointer;

/// A semantic check.
pub(crate) type Check = fn(&Context<'_>, &mut Sink);

/// One rule module (a file, or a family folder) of the table.
pub(crate) struct Entry {
    /// The module's name: its file (without `.rs`) or folder under `rules/`.
    #[cfg_attr(not(test), expect(dead_code, reason = "the table tests read it"))]
    pub(crate) module: &'static str,
    /// The registry entries of the rules it holds.
    pub(crate) metas: &'static [&'static RuleMeta],
    /// Its semantic check; `None` for rules the pipeline, the structural validation or
    /// another rule's walk reports.
    pub(crate) check: Option<Check>,
}

/// Declares each rule module and builds [`TABLE`] from the same list, so a module
/// cannot be declared without being listed, or listed without its entries.
macro_rules! rules {
    ($($module:ident [$($meta:path),+ $(,)?] $($check:path)?;)+) => {
        $(pub(crate) mod $module;)+

        /// Every rule module: its registry entries and its check. Checks run in this
        /// order (findings are sorted afterwards).
        pub(crate) static TABLE: &[Entry] = &[$(Entry {
            module: stringify!($module),
            metas: &[$(&$meta),+],
            check: rules!(@check $($check)?),
        }),+];
    };
    (@check) => { None };
    (@check $check:path) => { Some($check) };
}

rules! {
    // Reported by the pipeline.
    load_error [load_error::META];
    not_a_synchronization_document [not_a_synchronization_document::META];
    truncated_powershell_dump [truncated_powershell_dump::META];
    // Reported by the structural validation.
    missing_property [missing_property::META];
    wrong_type [wrong_type::META];
    schema_violation [schema_violation::META];
    // Reported from the walk of S104 unknown-property.
    enum_members [enum_members::unknown_enum_member::META, enum_members::new_enum_member::META];
    // Reported by the reference rules (R201–R205) when only case differs.
    name_case_mismatch [name_case_mismatch::META];
    // Semantic checks.
    unknown_property [unknown_property::META] unknown_property::check;
    unknown_directory [unknown_directory::META] unknown_directory::check;
    unknown_object [unknown_object::META] unknown_object::check;
    unknown_target_attribute [unknown_target_attribute::META] unknown_target_attribute::check;
    unknown_source_attribute [unknown_source_attribute::META] unknown_source_attribute::check;
    unknown_scoping_attribute [unknown_scoping_attribute::META] unknown_scoping_attribute::check;
    unknown_referenced_object [unknown_referenced_object::META] unknown_referenced_object::check;
    duplicate_names [
        duplicate_names::duplicate_directory::META,
        duplicate_names::duplicate_object::META,
        duplicate_names::duplicate_attribute::META,
    ] duplicate_names::check;
    duplicate_mappings [
        duplicate_mappings::duplicate_target_attribute_mapping::META,
        duplicate_mappings::duplicate_rule_id::META,
        duplicate_mappings::duplicate_object_mapping_name::META,
    ] duplicate_mappings::check;
    matching [
        matching::no_matching_attribute::META,
        matching::duplicate_matching_priority::META,
    ] matching::check;
    misplaced_select_unique_value [misplaced_select_unique_value::META]
        misplaced_select_unique_value::check;
    anchor_count [anchor_count::META] anchor_count::check;
    mutability [
        mutability::read_only_target::META,
        mutability::always_into_immutable::META,
        mutability::required_target_unmapped::META,
    ] mutability::check;
    malformed_source_node [malformed_source_node::META] malformed_source_node::check;
    expressions [
        expressions::expression_syntax::META,
        expressions::unknown_function::META,
        expressions::wrong_argument_count::META,
        expressions::expression_tree_mismatch::META,
        expressions::expression_too_long::META,
        expressions::unknown_signature::META,
    ] expressions::check;
    scoping [
        scoping::unknown_operator::META,
        scoping::operator_arity::META,
        scoping::multivalued_scoping_attribute::META,
    ] scoping::check;
    invalid_scoping_regex [invalid_scoping_regex::META] invalid_scoping_regex::check;
    jobs [
        jobs::invalid_schedule_interval::META,
        jobs::job_id_template_mismatch::META,
        jobs::duplicate_setting::META,
    ] jobs::check;
    secret_values [secret_values::META] secret_values::check;
}

/// Every semantic check, in table order.
pub(crate) fn checks() -> impl Iterator<Item = Check> {
    TABLE.iter().filter_map(|entry| entry.check)
}

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

/// The findings of `meta`'s rule on its documented fixtures
/// (`testdata/invalid/<CODE>-<name>.json`, validated with default options); fails
/// unless there is a fixture and the rule fires on each.
#[cfg(test)]
pub(crate) fn fires_on_fixture(meta: &RuleMeta) -> Vec<crate::validate::Finding> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/invalid");
    let prefix = format!("{}-", meta.code);
    let mut fixtures: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .expect("testdata/invalid is readable")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(&prefix))
        })
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty(), "{} has no fixture", meta.code);
    let mut found = Vec::new();
    for fixture in fixtures {
        let display = fixture.display().to_string();
        let report = crate::validate::validate_path(
            &fixture,
            &display,
            &crate::validate::Options::default(),
        );
        let mine: Vec<_> = report
            .findings
            .into_iter()
            .filter(|finding| finding.code == meta.code)
            .collect();
        assert!(!mine.is_empty(), "{} does not fire on {display}", meta.code);
        found.extend(mine);
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::TABLE;

    fn folder() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/validate/rules")
    }

    /// The `.rs` files (without extension, `mod.rs` left out) and folders of `folder`.
    fn modules(folder: &Path) -> BTreeSet<String> {
        std::fs::read_dir(folder)
            .expect("the rules folder is readable")
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                if path.is_dir() {
                    return Some(path.file_name()?.to_string_lossy().into_owned());
                }
                let stem = path.file_stem()?.to_string_lossy().into_owned();
                (path.extension()? == "rs" && stem != "mod").then_some(stem)
            })
            .collect()
    }

    #[test]
    fn every_rule_module_is_in_the_table() {
        let listed: BTreeSet<String> = TABLE.iter().map(|e| e.module.to_owned()).collect();
        assert_eq!(listed.len(), TABLE.len(), "a module is listed twice");
        assert_eq!(modules(&folder()), listed);
    }

    #[test]
    fn every_rule_file_is_named_after_its_rule() {
        let file_name = |name: &str| name.replace('-', "_");
        for entry in TABLE {
            let folder = folder().join(entry.module);
            if folder.is_dir() {
                // A family: one file per rule, named after it.
                let names: BTreeSet<String> = entry
                    .metas
                    .iter()
                    .map(|meta| file_name(meta.name))
                    .collect();
                assert_eq!(names.len(), entry.metas.len(), "{}", entry.module);
                assert_eq!(modules(&folder), names, "family {}", entry.module);
            } else {
                let [meta] = entry.metas else {
                    panic!(
                        "{}.rs holds several rules: make it a family folder",
                        entry.module
                    );
                };
                assert_eq!(entry.module, file_name(meta.name), "{}", meta.code);
            }
        }
    }

    #[test]
    fn codes_and_names_are_unique() {
        let metas: Vec<_> = TABLE.iter().flat_map(|e| e.metas.iter()).collect();
        let codes: BTreeSet<&str> = metas.iter().map(|meta| meta.code).collect();
        let names: BTreeSet<&str> = metas.iter().map(|meta| meta.name).collect();
        assert_eq!(codes.len(), metas.len(), "duplicate codes");
        assert_eq!(names.len(), metas.len(), "duplicate names");
    }
}
