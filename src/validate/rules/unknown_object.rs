//! R202 unknown-object: an enabled object mapping's source or target object is not an
//! object of the rule's source or target directory.

use super::name_case_mismatch;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "R202",
    name: "unknown-object",
    severity: Severity::Error,
    summary: "An enabled object mapping's `sourceObjectName` or `targetObjectName` names no \
              object of the rule's source or target directory. Disabled mappings with empty \
              names (real exports carry them) are fine.",
    why: "The mapping cannot run; Graph rejects the schema or the job quarantines.",
    example: "```json\n{\"enabled\": true, \"sourceObjectName\": \"usr\", \"targetObjectName\": \"User\"}\n```\n\n\
              The source directory defines `user`: use that.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            if !site.mapping.is_enabled() {
                continue;
            }
            for (key, field, directory) in [
                (
                    "sourceObjectName",
                    &site.mapping.source_object_name,
                    site.source_directory,
                ),
                (
                    "targetObjectName",
                    &site.mapping.target_object_name,
                    site.target_directory,
                ),
            ] {
                // An unresolved directory is R201's finding.
                let (Some(name), Some(directory)) = (field.as_str(), directory) else {
                    continue;
                };
                let names: Vec<&str> = view
                    .schema
                    .directories()
                    .get(directory)
                    .map(|d| d.objects().iter().filter_map(|o| o.name.as_str()).collect())
                    .unwrap_or_default();
                let lookup = view.object(directory, name).map_found(|object| {
                    (
                        view.object_pointer(object),
                        object.definition.name.as_str().unwrap_or_default(),
                    )
                });
                name_case_mismatch::report(
                    sink,
                    &META,
                    site.at.key(key),
                    "object",
                    name,
                    lookup,
                    &names,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/sourceObjectName"), "{findings:?}");
    }
}
