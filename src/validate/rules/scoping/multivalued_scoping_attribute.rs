//! F604 multivalued-scoping-attribute: an operator that tests one value applied to a
//! multi-valued source attribute.

use crate::model::FilterClause;
use crate::pointer::JsonPointer;
use crate::validate::catalogs::{MultivaluedSupport, OperatorCatalog};
use crate::validate::context::{MappingSite, SchemaView, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "F604",
    name: "multivalued-scoping-attribute",
    severity: Severity::Warning,
    summary: "A scoping clause applies an operator that tests one value (`Greater_Than`, \
              `Greater_Than_OR_EQUALS`, `&`, `!&`) to a multi-valued source attribute. \
              Operators whose multi-valued comparison the service states (the eight of its \
              `/filterOperators` response: `EQUALS`, `REGEX MATCH`, `IS NOT NULL`, …, which \
              compare every value) and operators it does not state (`ENDS_WITH`, `Includes`, \
              unknown ones) are not reported.",
    why: "The service's own `/filterOperators` response gives every operator it lists a \
          `multivaluedComparisonType` (All): it does evaluate them on multi-valued attributes, \
          and Microsoft's default Cloud Sync schema scopes on `proxyAddresses`. A numeric \
          comparison or a bit mask has no one value to test on a multi-valued attribute, so \
          such a clause does not do what it says.",
    example: "```json\n{\"operatorName\": \"Greater_Than\", \"sourceOperandName\": \
              \"proxyAddresses\", \"targetOperand\": {\"values\": [\"2\"]}}\n```\n\n\
              Test a single-valued attribute instead.",
};

/// Reports the clause at `at` when its operator tests one value and its source
/// attribute is multi-valued.
pub(super) fn check<'a>(
    view: &SchemaView<'a>,
    site: &MappingSite<'a>,
    operators: &OperatorCatalog,
    (at, clause): (&JsonPointer, &FilterClause),
    sink: &mut Sink,
) {
    let (Some(source), Some(attribute)) = (site.source, clause.source_operand_name.as_str())
    else {
        return;
    };
    let single_value_operator = clause
        .operator_name
        .as_str()
        .and_then(|name| operators.exact(name))
        .filter(|operator| operator.multivalued == MultivaluedSupport::Unsupported);
    let multivalued = view
        .attribute(source, attribute)
        .found()
        .is_some_and(|(_, d)| d.multivalued.get() == Some(&true));
    if let (true, Some(operator)) = (multivalued, single_value_operator) {
        sink.report(
            &META,
            at.key("sourceOperandName"),
            format!(
                "`{}` tests one value, but `{attribute}` is multi-valued",
                operator.name
            ),
            "test a single-valued attribute, or use an operator that compares \
             every value (`EQUALS`, `REGEX MATCH`, `IS NOT NULL`, …)",
        );
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
