//! F601 unknown-operator: a scoping clause's operator that the catalog does not have.

use crate::pointer::JsonPointer;
use crate::validate::catalogs::OperatorCatalog;
use crate::validate::context::Sink;
use crate::validate::suggest;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "F601",
    name: "unknown-operator",
    severity: Severity::Warning,
    summary: "A scoping clause's `operatorName` is not an operator of the catalog (built in \
              from the Graph docs, or loaded with `--filter-operators` / a `filter-operators.json` \
              beside the document). Operator names are exact: `IS NOT NULL`, not `is not null`.",
    why: "An operator the service does not know cannot scope anyone, and Graph rejects the \
          schema. But the service has operators its documented `/filterOperators` response does \
          not list (`ENDS_WITH`, `&`, `!&` appear in Microsoft's own defaults), so an operator \
          synclens has never seen may be real: a warning, not an error (`--deny F601` makes it \
          one). A captured `/filterOperators` of the tenant settles it.",
    example: "```json\n{\"operatorName\": \"NOTEQUALS\", \"sourceOperandName\": \"department\", \
              ...}\n```\n\nUse `NOT EQUALS`.",
};

/// Reports the clause at `at`, whose operator `name` is not in `operators`.
pub(super) fn report(operators: &OperatorCatalog, name: &str, at: &JsonPointer, sink: &mut Sink) {
    let hint = operators.ignoring_case(name).map_or_else(
        || suggest::did_you_mean(name, operators.names()),
        |o| format!("; did you mean `{}`?", o.name),
    );
    sink.report(
        &META,
        at.key("operatorName"),
        format!("`{name}` is not a scoping operator{hint}"),
        format!(
            "use an operator from {}: {}",
            operators.origin,
            operators.names().collect::<Vec<_>>().join(", ")
        ),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/scope/groups/0/clauses/1/operatorName"), "{findings:?}");
    }
}
