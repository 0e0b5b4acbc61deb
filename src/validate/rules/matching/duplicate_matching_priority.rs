//! M402 duplicate-matching-priority: two attribute mappings of one object mapping
//! with one matching priority.

use std::collections::HashMap;

use crate::validate::context::{MappingSite, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "M402",
    name: "duplicate-matching-priority",
    severity: Severity::Error,
    summary: "Two attribute mappings of one object mapping have the same matching priority.",
    why: "Matching attributes are tried in priority order; two with one priority make the \
          order undefined.",
    example: "```json\n[{\"targetAttributeName\": \"userName\", \"matchingPriority\": 1},\n \
              {\"targetAttributeName\": \"externalId\", \"matchingPriority\": 1}]\n```\n\nGive \
              the second priority 2.",
};

/// Reports every matching priority used before in the object mapping; returns whether
/// any attribute mapping has a matching priority.
pub(super) fn check(site: &MappingSite<'_>, sink: &mut Sink) -> bool {
    let mut seen: HashMap<i32, usize> = HashMap::new();
    let at = site.at.key("attributeMappings");
    for (index, mapping) in site.mapping.attribute_mappings().iter().enumerate() {
        let Some(priority) = mapping.matching_priority() else {
            continue;
        };
        if let Some(first) = seen.get(&priority) {
            sink.report(
                &META,
                at.index(index).key("matchingPriority"),
                format!("matching priority {priority} is used twice"),
                "give each matching attribute its own priority (1, 2, …)",
            )
            .related(
                at.index(*first).key("matchingPriority"),
                format!("first attribute mapping with priority {priority}"),
            );
        } else {
            seen.insert(priority, index);
        }
    }
    !seen.is_empty()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/matchingPriority"), "{findings:?}");
    }
}
