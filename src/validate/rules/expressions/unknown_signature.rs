//! E507 unknown-signature: a call of a known function in a shape synclens has never
//! seen (more arguments than any signature, or an unknown tree parameter key).

use crate::expr::Problem;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "E507",
    name: "unknown-signature",
    severity: Severity::Warning,
    summary: "A call of a known function in a shape synclens has never seen: more arguments \
              than any signature it knows, or a tree parameter key that is none of the \
              function's parameters.",
    why: "The service adds parameters to functions over time (`FormatDateTime` gained \
          `dateTimeStyles`, which its trees key `dateTimeStyle`), so a shape synclens does not \
          know may be a newer one: a warning, never an error. A captured `/functions` response \
          (`--functions`, or `functions.json` beside the document) makes it known.",
    example: "```text\nMid([givenName], 1, 3, 4)\n```\n\n`Mid` takes a source, a start and a \
              length: `Mid([givenName], 1, 3)`.",
};

/// Reports the call of `function` in the expression at `text_at` with `given`
/// arguments, more than the `max` of any signature synclens knows.
pub(super) fn report_arguments(
    problem: &Problem,
    (function, max, given): (&str, usize, usize),
    text_at: &JsonPointer,
    sink: &mut Sink,
) {
    sink.report(
        &META,
        text_at.clone(),
        format!(
            "{function} takes at most {max} argument{} that synclens knows of, \
             {given} given",
            if max == 1 { "" } else { "s" }
        ),
        "if the function gained a parameter, load the tenant's `/functions` \
         (`--functions`); else remove the extra arguments (`synclens expr \
         parse` shows how the text is read)",
    )
    .inside(problem.span.start);
}

/// Reports the tree node at `pointer`, which keys a parameter of `function` `key`,
/// none of the parameters synclens knows for it.
pub(super) fn report_parameter(
    pointer: JsonPointer,
    function: &str,
    key: &str,
    text_at: &JsonPointer,
    sink: &mut Sink,
) {
    sink.report(
        &META,
        pointer,
        format!(
            "the tree keys a parameter of {function} `{key}`, which is none \
             of the parameters synclens knows for it"
        ),
        "if the function gained a parameter, load the tenant's `/functions` \
         (`--functions`); else make the text and the tree agree",
    )
    .related(text_at.clone(), "the expression text");
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/expression"), "{findings:?}");
    }
}
