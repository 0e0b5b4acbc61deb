//! E501 expression-syntax: an expression text that does not parse.

use crate::expr::ParseError;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "E501",
    name: "expression-syntax",
    severity: Severity::Error,
    summary: "An attribute mapping's `source.expression` does not parse: an unclosed string or \
              bracket, a missing comma or parenthesis, a stray character.",
    why: "Graph rejects the schema on PUT (or, for a text-only edit, the mapping never \
          evaluates). synclens finds it offline and says where.",
    example: "```text\nMid([givenName], 1 3)\n```\n\nA comma is missing: `Mid([givenName], 1, 3)`.",
};

/// Reports the expression at `text_at`, which does not parse.
pub(super) fn report(error: &ParseError, text_at: &JsonPointer, sink: &mut Sink) {
    sink.report(
        &META,
        text_at.clone(),
        format!("the expression does not parse: {error}"),
        "fix the expression; `synclens expr parse` shows where it stops making sense",
    )
    .inside(error.offset());
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/expression"), "{findings:?}");
    }
}
