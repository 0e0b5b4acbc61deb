//! E502 unknown-function: a function in no catalog, in the expression text or (without
//! a text) in the source tree.

use crate::expr::{Catalog, Problem};
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "E502",
    name: "unknown-function",
    severity: Severity::Warning,
    summary: "A function that is in neither the built-in catalog (every function of the \
              expression docs, Cloud Sync's, legacy ones, `CRef` and `Contains`) nor a loaded \
              `/functions` response (`--functions`, or `functions.json` beside the document).",
    why: "Usually a misspelling (`ToLowerCase` for `ToLower`), which Graph rejects. But the \
          service adds functions before any page lists them, so a function synclens has never \
          seen may be a new one: a warning, not an error (`--deny E502` makes it one). A \
          captured `/functions` response of the tenant settles it.",
    example: "```text\nToLowerCase([mail])\n```\n\nThe function is `ToLower`.",
};

/// Reports a `Function` node of the source tree at `node_at`, named `name`, that the
/// catalog does not have.
pub(super) fn report_node(name: &str, node_at: &JsonPointer, sink: &mut Sink) {
    sink.report(
        &META,
        node_at.key("name"),
        format!("unknown function `{name}`"),
        "use a function of the expression language (see `synclens expr`)",
    );
}

/// Reports the call of `name` in the expression at `text_at`, a function the catalog
/// does not have.
pub(super) fn report(
    catalog: &Catalog,
    problem: &Problem,
    name: &str,
    text_at: &JsonPointer,
    sink: &mut Sink,
) {
    let names = catalog.functions().map(|f| f.name.as_str());
    let hint = crate::validate::suggest::did_you_mean(name, names);
    sink.report(
        &META,
        text_at.clone(),
        problem.kind.to_string(),
        format!("use a function of the expression language{hint}"),
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
