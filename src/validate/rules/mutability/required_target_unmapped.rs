//! M407 required-target-unmapped: a required target attribute without a mapping in an
//! object mapping that creates objects.

use std::collections::HashSet;

use crate::model::{Mutability, ObjectFlowTypes};
use crate::validate::context::{MappingSite, ObjectRef, SchemaView, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "M407",
    name: "required-target-unmapped",
    severity: Severity::Warning,
    summary: "A target attribute marked `required: true` has no attribute mapping in an \
              enabled object mapping that creates objects (`flowTypes` has `Add`).",
    why: "Creating an object without a required attribute fails in the target system.",
    example: "```json\n{\"name\": \"userName\", \"required\": true}\n```\n\nwith no mapping \
              targeting `userName`: add one.",
};

/// Reports every required attribute of `target` that is not in `mapped` (lower-cased
/// names of the mapped target attributes), when the mapping is enabled and adds
/// objects.
pub(super) fn check(
    view: &SchemaView<'_>,
    site: &MappingSite<'_>,
    target: ObjectRef<'_>,
    mapped: &HashSet<String>,
    sink: &mut Sink,
) {
    let adds = site
        .mapping
        .flow_types
        .get()
        .is_none_or(|flags| flags.contains(ObjectFlowTypes::Add));
    if !site.mapping.is_enabled() || !adds {
        return;
    }
    for attribute in target.definition.attributes() {
        let Some(name) = attribute.name.as_str() else {
            continue;
        };
        let read_only = attribute
            .mutability
            .get()
            .is_some_and(|m| m.is(Mutability::ReadOnly));
        if attribute.required.get() == Some(&true)
            && !read_only
            && attribute.anchor.get() != Some(&true)
            && !mapped.contains(&name.to_lowercase())
        {
            let mapping_name = site.mapping.name.as_str().unwrap_or_default();
            sink.report(
                &META,
                site.at.key("attributeMappings"),
                format!("required target attribute `{name}` has no mapping in `{mapping_name}`"),
                "add an attribute mapping for it, or objects cannot be created",
            )
            .related(view.object_pointer(target), "the target object");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings"), "{findings:?}");
    }
}
