//! JSON output: the reports as documented in README.md and
//! `schemas/validate-report.schema.json` / `schemas/diff-report.schema.json`
//! (generated from the report types).

use crate::diff::DiffReport;
use crate::validate::ValidationReport;

/// The report as pretty-printed JSON with a final newline.
pub fn validation_report(report: &ValidationReport) -> String {
    // Serializing these plain structs cannot fail.
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// The diff report as pretty-printed JSON with a final newline.
pub fn diff_report(report: &DiffReport) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}
