//! What a rule is: [`RuleMeta`], the entry each rule file declares next to its check.
//! A leaf: rule files import it, and it imports nothing of theirs.

use super::finding::Severity;

/// What a rule is, for people and for output formats (SARIF rule metadata, explain).
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `R203`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `unknown-target-attribute`.
    pub name: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Why it matters (Markdown paragraphs).
    pub why: &'static str,
    /// An example that triggers the rule, and its fix (Markdown).
    pub example: &'static str,
}
