//! U303 duplicate-attribute: two attributes of an object of one name.

use crate::model::ObjectDefinition;
use crate::pointer::JsonPointer;
use crate::validate::context::{SchemaView, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "U303",
    name: "duplicate-attribute",
    severity: Severity::Error,
    summary: "Two attributes of an object share a name (ignoring case).",
    why: "Mappings and scoping clauses name attributes; which definition (type, mutability, \
          anchor) applies is undefined. Graph rejects the schema.",
    example: "```json\n{\"attributes\": [{\"name\": \"mail\"}, {\"name\": \"Mail\"}]}\n```\n\n\
              Keep one definition.",
};

/// Reports every attribute of object `o` of directory `d` (its attributes at
/// `attributes_at`) whose name an earlier one has.
pub(super) fn check(
    view: &SchemaView<'_>,
    (d, o): (usize, usize),
    object: &ObjectDefinition,
    attributes_at: &JsonPointer,
    sink: &mut Sink,
) {
    let attributes = object.attributes();
    let Some(index) = view.attribute_index(d, o) else {
        return;
    };
    for group in index.duplicates() {
        if let [first, rest @ ..] = group {
            for a in rest {
                let name = attributes
                    .get(*a)
                    .and_then(|x| x.name.as_str())
                    .unwrap_or_default();
                super::report(
                    sink,
                    &META,
                    "attribute",
                    name,
                    attributes_at.index(*first).key("name"),
                    attributes_at.index(*a).key("name"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/directories/1/objects/0/attributes/4/name"), "{findings:?}");
    }
}
