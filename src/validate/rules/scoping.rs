//! F601 unknown-operator, F602 operator-arity and F604 multivalued-scoping-attribute:
//! scoping filter clauses against the operator catalog and the source attribute.

use crate::validate::catalogs::{MultivaluedSupport, OperatorArity};
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::registry::RuleMeta;
use crate::validate::suggest;

/// Registry entry of F601.
pub(crate) static UNKNOWN_OPERATOR: RuleMeta = RuleMeta {
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

/// Registry entry of F602.
pub(crate) static ARITY: RuleMeta = RuleMeta {
    code: "F602",
    name: "operator-arity",
    severity: Severity::Error,
    summary: "A unary operator (`IS NULL`, `IS TRUE`, …) with values, or a binary operator \
              (`EQUALS`, `REGEX MATCH`, …) without any.",
    why: "A binary clause without a value compares with nothing and takes every object out of \
          scope (deprovisioning them); values on a unary clause show a misunderstanding of \
          what the clause tests.",
    example: "```json\n{\"operatorName\": \"EQUALS\", \"sourceOperandName\": \"department\",\n \
              \"targetOperand\": {\"values\": []}}\n```\n\nAdd the value to compare with.",
};

/// Registry entry of F604.
pub(crate) static MULTIVALUED: RuleMeta = RuleMeta {
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

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    let operators = &cx.catalogs.operators;
    for view in &cx.schemas {
        for site in view.object_mappings() {
            for (at, clause) in site.scoping_clauses() {
                let values = clause
                    .target_operand
                    .get()
                    .map_or(0, |operand| operand.values.items().len());
                if let Some(name) = clause.operator_name.as_str() {
                    match operators.exact(name) {
                        None => {
                            let hint = operators.ignoring_case(name).map_or_else(
                                || suggest::did_you_mean(name, operators.names()),
                                |o| format!("; did you mean `{}`?", o.name),
                            );
                            sink.report(
                                &UNKNOWN_OPERATOR,
                                at.key("operatorName"),
                                format!("`{name}` is not a scoping operator{hint}"),
                                format!(
                                    "use an operator from {}: {}",
                                    operators.origin,
                                    operators.names().collect::<Vec<_>>().join(", ")
                                ),
                            );
                        }
                        Some(operator) => match operator.arity {
                            OperatorArity::Unary if values > 0 => {
                                sink.report(
                                    &ARITY,
                                    at.key("targetOperand"),
                                    format!("`{name}` takes no values, but {values} given"),
                                    "remove the values (send `\"values\": []`)",
                                );
                            }
                            OperatorArity::Binary if values == 0 => {
                                sink.report(
                                    &ARITY,
                                    at.clone(),
                                    format!("`{name}` needs a value to compare with"),
                                    "add it in `targetOperand.values`; without one the \
                                             clause is false for every object",
                                );
                            }
                            _ => {}
                        },
                    }
                }
                let (Some(source), Some(attribute)) =
                    (site.source, clause.source_operand_name.as_str())
                else {
                    continue;
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
                        &MULTIVALUED,
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
        }
    }
}
