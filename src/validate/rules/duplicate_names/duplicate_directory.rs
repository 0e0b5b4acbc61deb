//! U301 duplicate-directory: two directories of a schema of one name.

use crate::validate::context::{SchemaView, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "U301",
    name: "duplicate-directory",
    severity: Severity::Error,
    summary: "Two directories of a schema share a name (ignoring case).",
    why: "Rules name their directories; with two of one name, which one a rule means is \
          undefined. Graph rejects the schema.",
    example: "```json\n{\"directories\": [{\"name\": \"Workday\"}, {\"name\": \"workday\"}]}\n```\n\n\
              Remove or rename one.",
};

/// Reports every directory of the schema whose name an earlier one has.
pub(super) fn check(view: &SchemaView<'_>, sink: &mut Sink) {
    let directories = view.schema.directories();
    for group in view.directory_index().duplicates() {
        if let [first, rest @ ..] = group {
            for d in rest {
                let name = directories
                    .get(*d)
                    .and_then(|x| x.name.as_str())
                    .unwrap_or_default();
                super::report(
                    sink,
                    &META,
                    "directory",
                    name,
                    view.directory_pointer(*first).key("name"),
                    view.directory_pointer(*d).key("name"),
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
        assert!(findings.iter().any(|f| f.pointer == "/directories/2/name"), "{findings:?}");
    }
}
