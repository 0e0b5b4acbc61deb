//! S101 missing-property: a property the Graph API requires is absent (structural).

use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "S101",
    name: "missing-property",
    severity: Severity::Error,
    summary: "A property required by the generated JSON Schema is missing (e.g. an attribute \
              mapping without `targetAttributeName`, a clause without `operatorName`).",
    why: "Graph rejects the PUT, or the service cannot tell what the object means.",
    example: "```json\n{\"source\": {\"type\": \"Attribute\", \"name\": \"mail\"}}\n```\n\n\
              An attribute mapping without `targetAttributeName`: add it.",
};

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2"), "{findings:?}");
    }
}
