//! R201 unknown-directory: a rule's source or target directory is not a directory of
//! the schema.

use super::name_case_mismatch;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "R201",
    name: "unknown-directory",
    severity: Severity::Error,
    summary: "A synchronization rule's `sourceDirectoryName` or `targetDirectoryName` names no \
              directory in the schema's `directories`.",
    why: "The rule cannot run: Graph rejects the schema, and none of the rule's object mappings \
          can be resolved.",
    example: "```json\n{\"directories\": [{\"name\": \"Azure Active Directory\"}],\n \
              \"synchronizationRules\": [{\"sourceDirectoryName\": \"Azure AD\", ...}]}\n```\n\n\
              Use a name from `directories` (`Azure Active Directory`).",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        let names: Vec<&str> = view
            .schema
            .directories()
            .iter()
            .filter_map(|d| d.name.as_str())
            .collect();
        for (index, rule) in view.schema.rules().iter().enumerate() {
            let at = view.rule_pointer(index);
            for (key, field) in [
                ("sourceDirectoryName", &rule.source_directory_name),
                ("targetDirectoryName", &rule.target_directory_name),
            ] {
                let Some(name) = field.as_str() else { continue };
                let lookup = view.directory(name).map_found(|(p, d)| {
                    (
                        view.directory_pointer(p),
                        d.name.as_str().unwrap_or_default(),
                    )
                });
                name_case_mismatch::report(sink, &META, at.key(key), "directory", name, lookup, &names);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/targetDirectoryName"), "{findings:?}");
    }
}
