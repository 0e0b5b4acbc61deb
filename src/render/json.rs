//! JSON output: the report as documented in README.md and
//! `schemas/validate-report.schema.json` (generated from the report types).

use crate::validate::ValidationReport;

/// The report as pretty-printed JSON with a final newline.
pub fn validation_report(report: &ValidationReport) -> String {
    // Serializing these plain structs cannot fail.
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}
