//! U302 duplicate-object: two objects of a directory of one name.

use crate::model::DirectoryDefinition;
use crate::pointer::JsonPointer;
use crate::validate::context::{SchemaView, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "U302",
    name: "duplicate-object",
    severity: Severity::Error,
    summary: "Two objects of a directory share a name (ignoring case).",
    why: "Object mappings name their objects; the second definition is unreachable or \
          rejected.",
    example: "```json\n{\"objects\": [{\"name\": \"User\"}, {\"name\": \"user\"}]}\n```\n\n\
              Merge their attributes into one object.",
};

/// Reports every object of directory `d` (its objects at `objects_at`) whose name an
/// earlier one has.
pub(super) fn check(
    view: &SchemaView<'_>,
    d: usize,
    directory: &DirectoryDefinition,
    objects_at: &JsonPointer,
    sink: &mut Sink,
) {
    let objects = directory.objects();
    let Some(index) = view.object_index(d) else {
        return;
    };
    for group in index.duplicates() {
        if let [first, rest @ ..] = group {
            for o in rest {
                let name = objects
                    .get(*o)
                    .and_then(|x| x.name.as_str())
                    .unwrap_or_default();
                super::report(
                    sink,
                    &META,
                    "object",
                    name,
                    objects_at.index(*first).key("name"),
                    objects_at.index(*o).key("name"),
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
        assert!(findings.iter().any(|f| f.pointer == "/directories/1/objects/1/name"), "{findings:?}");
    }
}
