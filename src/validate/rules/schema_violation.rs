//! S103 schema-violation: any other violation of the generated JSON Schema.

use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "S103",
    name: "schema-violation",
    severity: Severity::Error,
    summary: "A value violates the generated JSON Schema in another way (e.g. a negative \
              number where flags belong).",
    why: "Graph rejects the value.",
    example: "```json\n{\"flowTypes\": -1}\n```\n\nFlags are names (`\"Add, Update\"`) or a \
              non-negative number.",
};

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/flowTypes"), "{findings:?}");
    }
}
