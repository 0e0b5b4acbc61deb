//! R203 unknown-target-attribute: an attribute mapping writes an attribute the target
//! object does not define.

use super::name_case_mismatch;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "R203",
    name: "unknown-target-attribute",
    severity: Severity::Error,
    summary: "An attribute mapping's `targetAttributeName` is not an attribute of the object \
              mapping's target object.",
    why: "Graph rejects the schema; in the portal the mapping shows an empty target.",
    example: "```json\n{\"targetAttributeName\": \"emial\", \"source\": {\"name\": \"mail\"}}\n```\n\n\
              Did you mean `email`? Add the attribute to the target object first if it is a \
              new (extension) attribute.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            let Some(target) = site.target else { continue };
            let names = target.attribute_names();
            for (index, mapping) in site.mapping.attribute_mappings().iter().enumerate() {
                let Some(name) = mapping.target_attribute_name.as_str() else {
                    continue;
                };
                let at = site.at.key("attributeMappings").index(index);
                let lookup = view.attribute_reference(target, name);
                name_case_mismatch::report(
                    sink,
                    &META,
                    at.key("targetAttributeName"),
                    "target attribute",
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
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/targetAttributeName"), "{findings:?}");
    }
}
