//! U306 duplicate-object-mapping-name: two object mappings of one rule of one name.

use crate::model::SynchronizationRule;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "U306",
    name: "duplicate-object-mapping-name",
    severity: Severity::Error,
    summary: "Two object mappings of one rule share a non-empty name (ignoring case).",
    why: "The portal and the provisioning logs name mappings; two of one name cannot be told \
          apart, and diff matches mappings by name.",
    example: "```json\n{\"objectMappings\": [{\"name\": \"Provision users\"}, {\"name\": \
              \"Provision users\"}]}\n```\n\nRename one.",
};

/// Reports every non-empty object mapping name an earlier object mapping of `rule`
/// (its object mappings at `mappings_at`) has.
pub(super) fn check(rule: &SynchronizationRule, mappings_at: &JsonPointer, sink: &mut Sink) {
    super::duplicates(
        sink,
        &META,
        "object mapping name",
        rule.object_mappings()
            .iter()
            .enumerate()
            .filter_map(|(m, mapping)| {
                let name = mapping.name.as_str().filter(|n| !n.trim().is_empty())?;
                Some((mappings_at.index(m).key("name"), name))
            }),
        true,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/1/name"), "{findings:?}");
    }
}
