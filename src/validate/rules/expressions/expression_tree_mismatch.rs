//! E504 expression-tree-mismatch: the expression text and the structured source tree
//! say different things.

use crate::expr::Mismatch;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "E504",
    name: "expression-tree-mismatch",
    severity: Severity::Error,
    summary: "The expression text and the structured `source` tree (type, name, parameters) say \
              different things. Runtime placeholders (`%DomainFQDN%` filling an empty slot) \
              agree; constructs whose tree encoding is unknown are not judged.",
    why: "The service evaluates the tree while people (and the portal) read the text: a \
          hand-edited text or tree means the mapping does something else than it says.",
    example: "```json\n{\"expression\": \"[mail]\", \"type\": \"Attribute\", \"name\": \"userPrincipalName\"}\n```\n\n\
              Make both name the same attribute (edit one, regenerate the other).",
};

/// Reports the tree node at `pointer`, where the text and the tree differ.
pub(super) fn report(
    pointer: JsonPointer,
    mismatch: &Mismatch,
    text_at: &JsonPointer,
    sink: &mut Sink,
) {
    sink.report(
        &META,
        pointer,
        format!(
            "the expression text and its tree differ: {}",
            mismatch.message
        ),
        "make both say the same: edit the mapping in the portal (it rewrites \
         both), or rebuild the tree from the text with `synclens expr parse \
         --format json`, after writing any runtime placeholder the tree holds \
         (such as `%DomainFQDN%`) into the text, or the rebuilt tree loses it",
    )
    .related(text_at.clone(), "the expression text");
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/name"), "{findings:?}");
    }
}
