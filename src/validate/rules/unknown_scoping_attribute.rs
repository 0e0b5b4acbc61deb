//! R205 unknown-scoping-attribute: a scoping clause tests an attribute the source
//! object does not define.

use super::name_case_mismatch;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "R205",
    name: "unknown-scoping-attribute",
    severity: Severity::Error,
    summary: "A scoping filter clause's `sourceOperandName` is not an attribute of the object \
              mapping's source object.",
    why: "A clause on a missing attribute is always false (the attribute is null), so the \
          filter takes every object out of scope — and objects leaving scope are deprovisioned.",
    example: "```json\n{\"operatorName\": \"EQUALS\", \"sourceOperandName\": \"departmnt\",\n \
              \"targetOperand\": {\"values\": [\"Sales\"]}}\n```\n\nDid you mean `department`?",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            let clauses = site.scoping_clauses();
            let Some(source) = site.source.filter(|_| !clauses.is_empty()) else {
                continue;
            };
            let names = source.attribute_names();
            for (at, clause) in clauses {
                let Some(name) = clause.source_operand_name.as_str() else {
                    continue;
                };
                let lookup = view.attribute_reference(source, name);
                name_case_mismatch::report(
                    sink,
                    &META,
                    at.key("sourceOperandName"),
                    "source attribute",
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
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/scope/groups/0/clauses/1/sourceOperandName"), "{findings:?}");
    }
}
