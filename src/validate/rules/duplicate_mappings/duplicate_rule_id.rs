//! U305 duplicate-rule-id: two synchronization rules of a schema of one id.

use crate::validate::context::{SchemaView, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "U305",
    name: "duplicate-rule-id",
    severity: Severity::Error,
    summary: "Two synchronization rules of a schema share an id.",
    why: "Rules are identified by id; Graph rejects the schema, and tools that match rules \
          (synclens diff) cannot tell them apart.",
    example: "```json\n{\"synchronizationRules\": [{\"id\": \"USER_OUTBOUND\"}, {\"id\": \
              \"USER_OUTBOUND\"}]}\n```\n\nGive each rule its own id.",
};

/// Reports every rule id an earlier rule of the schema has.
pub(super) fn check(view: &SchemaView<'_>, sink: &mut Sink) {
    super::duplicates(
        sink,
        &META,
        "rule id",
        view.schema
            .rules()
            .iter()
            .enumerate()
            .filter_map(|(r, rule)| Some((view.rule_pointer(r).key("id"), rule.id.as_str()?))),
        false,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/1/id"), "{findings:?}");
    }
}
