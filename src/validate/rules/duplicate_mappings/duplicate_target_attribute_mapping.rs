//! U304 duplicate-target-attribute-mapping: two attribute mappings of one object
//! mapping writing one target attribute.

use crate::model::ObjectMapping;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "U304",
    name: "duplicate-target-attribute-mapping",
    severity: Severity::Error,
    summary: "Two attribute mappings of one object mapping write the same target attribute \
              (ignoring case).",
    why: "Only one value can win; which one is undefined, and Graph rejects the schema.",
    example: "```json\n{\"attributeMappings\": [{\"targetAttributeName\": \"mail\", ...},\n \
              {\"targetAttributeName\": \"mail\", ...}]}\n```\n\nMerge them into one mapping \
              (e.g. with `Coalesce`).",
};

/// Reports every target attribute an earlier attribute mapping of `mapping` (its
/// attribute mappings at `at`) writes.
pub(super) fn check(mapping: &ObjectMapping, at: &JsonPointer, sink: &mut Sink) {
    super::duplicates(
        sink,
        &META,
        "target attribute",
        mapping
            .attribute_mappings()
            .iter()
            .enumerate()
            .filter_map(|(a, attribute)| {
                Some((
                    at.index(a).key("targetAttributeName"),
                    attribute.target_attribute_name.as_str()?,
                ))
            }),
        true,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/3/targetAttributeName"), "{findings:?}");
    }
}
