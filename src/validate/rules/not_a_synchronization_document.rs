//! P002 not-a-synchronization-document: JSON named on the command line that is not a
//! schema, job, template or Graph collection. Reported by the pipeline.

use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "P002",
    name: "not-a-synchronization-document",
    severity: Severity::Info,
    summary: "The JSON is not a synchronization document (or only a fragment of one), so \
              nothing was checked.",
    why: "A fragment such as a single object mapping cannot be checked for references. Named \
          files are reported so that a typo in a path does not pass silently; inside folders \
          such files are skipped with a note.",
    example: "```json\n{\"targetAttributeName\": \"mail\", \"source\": {\"name\": \"mail\"}}\n```\n\n\
              An attributeMapping on its own: validate the schema that contains it, or force \
              a kind with `--kind`.",
};

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer.is_empty()), "{findings:?}");
    }
}
