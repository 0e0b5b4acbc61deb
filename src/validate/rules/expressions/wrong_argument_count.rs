//! E503 wrong-argument-count: a call with too few arguments, or an empty required one.

use crate::expr::Problem;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "E503",
    name: "wrong-argument-count",
    severity: Severity::Error,
    summary: "A function called with too few or too many arguments, or with a required \
              argument left empty. Parameters that real exports omit (IIF's value-if-false, \
              FormatDateTime's input format) are optional.",
    why: "Graph rejects the expression, or evaluates it with a missing value.",
    example: "```text\nLeft([displayName])\n```\n\n`Left` needs a length: `Left([displayName], 20)`.",
};

/// Reports the call of the expression at `text_at` that `problem` describes.
pub(super) fn report(problem: &Problem, text_at: &JsonPointer, sink: &mut Sink) {
    sink.report(
        &META,
        text_at.clone(),
        problem.kind.to_string(),
        "give the function the arguments it takes (`synclens expr parse` \
                              shows how the text is read)",
    )
    .inside(problem.span.start);
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/expression"), "{findings:?}");
    }
}
