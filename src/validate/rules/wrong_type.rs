//! S102 wrong-type: a property has the wrong JSON type (structural).

use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "S102",
    name: "wrong-type",
    severity: Severity::Error,
    summary: "A property has a JSON type the Graph API does not allow (a string where a \
              number belongs, an object where an array belongs).",
    why: "Graph rejects the PUT with a deserialisation error that does not say where.",
    example: "```json\n{\"targetAttributeName\": \"mail\", \"matchingPriority\": \"high\"}\n```\n\n\
              `matchingPriority` is an integer: write `1`.",
};

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/1/matchingPriority"), "{findings:?}");
    }
}
