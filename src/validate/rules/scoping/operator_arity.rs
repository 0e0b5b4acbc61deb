//! F602 operator-arity: values on a unary scoping operator, none on a binary one.

use crate::pointer::JsonPointer;
use crate::validate::catalogs::{Operator, OperatorArity};
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
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

/// Reports the clause at `at` (operator `name`, `values` values) when the operator
/// takes another number of values.
pub(super) fn check(operator: &Operator, name: &str, values: usize, at: &JsonPointer, sink: &mut Sink) {
    match operator.arity {
        OperatorArity::Unary if values > 0 => {
            sink.report(
                &META,
                at.key("targetOperand"),
                format!("`{name}` takes no values, but {values} given"),
                "remove the values (send `\"values\": []`)",
            );
        }
        OperatorArity::Binary if values == 0 => {
            sink.report(
                &META,
                at.clone(),
                format!("`{name}` needs a value to compare with"),
                "add it in `targetOperand.values`; without one the \
                                             clause is false for every object",
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/scope/groups/0/clauses/1"), "{findings:?}");
    }
}
