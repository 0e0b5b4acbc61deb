//! P001 load-error: the file could not be read as a synchronization document.
//! Reported by the pipeline, not by a check.

use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "P001",
    name: "load-error",
    severity: Severity::Error,
    summary: "The file cannot be read: invalid JSON, an unsupported encoding, a duplicate key, \
              a number beyond 64 bits, or a value whose shape the model cannot hold.",
    why: "Graph rejects such a body, and no other check can run on it. The finding says where \
          the text stops making sense and what to do.",
    example: "```json\n{\"directories\": [],}\n```\n\nA trailing comma: remove it.",
};

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer.is_empty()), "{findings:?}");
    }
}
