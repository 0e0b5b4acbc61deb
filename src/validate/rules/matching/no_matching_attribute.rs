//! M401 no-matching-attribute: an enabled object mapping without a matching
//! attribute.

use crate::validate::context::{MappingSite, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "M401",
    name: "no-matching-attribute",
    severity: Severity::Error,
    summary: "An enabled object mapping has no attribute mapping with `matchingPriority` > 0.",
    why: "Without a matching attribute the service cannot find existing target objects: it \
          creates duplicates or fails every object. Graph rejects such a schema.",
    example: "```json\n{\"enabled\": true, \"attributeMappings\": [{\"targetAttributeName\": \
              \"userName\", \"matchingPriority\": 0, ...}]}\n```\n\nSet `matchingPriority: 1` on \
              the attribute that identifies an object in both systems.",
};

/// Reports the object mapping when it is enabled and `matching` is false (no
/// attribute mapping has a matching priority).
pub(super) fn check(site: &MappingSite<'_>, matching: bool, sink: &mut Sink) {
    if site.mapping.is_enabled() && !matching {
        let name = site.mapping.name.as_str().unwrap_or_default();
        sink.report(
            &META,
            site.at.clone(),
            format!("enabled object mapping `{name}` has no matching attribute"),
            "set `matchingPriority: 1` on the attribute mapping whose target \
             identifies an object in both systems",
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0"), "{findings:?}");
    }
}
