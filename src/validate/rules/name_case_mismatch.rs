//! Shared reporting for name references (R201–R205) and R207 name-case-mismatch:
//! a reference that resolves only when case is ignored is a warning, one that does
//! not resolve is the calling rule's error.

use crate::pointer::JsonPointer;
use crate::validate::context::{Lookup, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;
use crate::validate::suggest;

/// Registry entry of R207.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "R207",
    name: "name-case-mismatch",
    severity: Severity::Warning,
    summary: "A reference to a directory, object or attribute that matches only when case is \
              ignored (e.g. `Mail` for `mail`).",
    why: "Graph compares most names case-insensitively, but not all: directory extension \
          attribute names (`extension_<appId>_name`) are case-sensitive in Entra, and a \
          reviewer reading the schema is misled either way.",
    example: "```json\n{\"targetAttributeName\": \"Mail\"}\n```\n\nThe target object defines \
              `mail`: spell it the same way.",
};

/// Reports `lookup` of `name` (a `what`, referenced at `at`) under `meta` when it
/// is missing, and under R207 when it matches only ignoring case. `found` is the
/// pointer and exact name of what was found.
pub(crate) fn report(
    sink: &mut Sink,
    meta: &'static RuleMeta,
    at: JsonPointer,
    what: &str,
    name: &str,
    lookup: Lookup<(JsonPointer, &str)>,
    candidates: &[&str],
) {
    match lookup {
        Lookup::Exact(_) => {}
        Lookup::CaseOnly((pointer, actual)) => {
            sink.report(
                &META,
                at,
                format!("{what} `{name}` is spelled `{actual}` where it is defined"),
                format!("write `{actual}`; some names (directory extensions) are case-sensitive"),
            )
            .related(pointer, format!("{what} `{actual}` is defined here"));
        }
        Lookup::Missing => {
            let hint = suggest::did_you_mean(name, candidates.iter().copied());
            sink.report(
                meta,
                at,
                format!("{what} `{name}` does not exist{hint}"),
                format!("use the name of a {what} defined in the schema"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/targetAttributeName"), "{findings:?}");
    }
}
