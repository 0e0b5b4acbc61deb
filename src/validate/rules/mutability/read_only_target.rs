//! M405 read-only-target: an attribute mapping writing a `ReadOnly` target attribute.

use crate::pointer::JsonPointer;
use crate::validate::context::{ObjectRef, SchemaView, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "M405",
    name: "read-only-target",
    severity: Severity::Error,
    summary: "An attribute mapping writes a target attribute whose `mutability` is `ReadOnly`.",
    why: "The target system refuses the write: every export of the object fails.",
    example: "```json\n{\"name\": \"objectGUID\", \"mutability\": \"ReadOnly\"}\n```\n\nwith a \
              mapping targeting `objectGUID`: remove the mapping.",
};

/// Reports the attribute mapping at `at` writing `name` of `target`, which is
/// read-only.
pub(super) fn report(
    view: &SchemaView<'_>,
    target: ObjectRef<'_>,
    at: &JsonPointer,
    name: &str,
    sink: &mut Sink,
) {
    sink.report(
        &META,
        at.key("targetAttributeName"),
        format!("target attribute `{name}` is read-only"),
        "remove the mapping; the target system does not accept writes to it",
    )
    .related(view.object_pointer(target), "the target object");
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/3/targetAttributeName"), "{findings:?}");
    }
}
