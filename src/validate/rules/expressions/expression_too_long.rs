//! E506 expression-too-long: an expression longer than Entra accepts.

use crate::expr;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "E506",
    name: "expression-too-long",
    severity: Severity::Error,
    summary: "An expression longer than 10,000 characters (a limit in Entra's documented known \
              issues).",
    why: "Entra does not accept it.",
    example: "A `Switch` with hundreds of cases: move the lookup into the source system, or \
              split it across attributes.",
};

/// Reports the expression `text` at `text_at` when it is too long.
pub(super) fn check(text: &str, text_at: &JsonPointer, sink: &mut Sink) {
    if let Some(problem) = expr::check_length(text) {
        sink.report(
            &META,
            text_at.clone(),
            problem.kind.to_string(),
            "shorten the expression",
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/expression"), "{findings:?}");
    }
}
