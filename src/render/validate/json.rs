//! Validate's JSON output: the report as documented in README.md and
//! `schemas/validate-report.schema.json` (generated from the report types).

use crate::validate::ValidationReport;

/// The report as pretty-printed JSON with a final newline.
pub fn validation_report(report: &ValidationReport) -> String {
    super::super::pretty_json(report)
}
