//! `synclens diff`'s report in every format it offers: [`DiffFormat`] names them (the
//! CLI offers its table), [`render`] dispatches to the renderers (human, Markdown,
//! and the documented JSON written here).

pub mod human;
pub mod markdown;
pub mod sample;
mod text;

use crate::choice::choices;
use crate::diff::DiffReport;

use super::Style;

choices! {
    /// Output formats of `diff`.
    pub enum DiffFormat {
        Human = "human": "Grouped by rule and object mapping, with impacts and a summary line",
        Markdown = "markdown": "For a pull-request comment",
        Json = "json": "The documented JSON report (schemas/diff-report.schema.json)",
    }
}

/// What the formats need besides the report.
#[derive(Debug, Clone, Copy)]
pub struct DiffStyle<'a> {
    /// The names of the two sides (old, new), for human and Markdown output.
    pub labels: (&'a str, &'a str),
    /// Colour for human output.
    pub style: Style,
    /// Whether human output shows each change's semantic path and lines.
    pub verbose: bool,
}

/// The diff report in `format`.
pub fn render(report: &DiffReport, format: DiffFormat, style: &DiffStyle) -> String {
    match format {
        DiffFormat::Human => human::diff_report(report, style.labels, style.style, style.verbose),
        DiffFormat::Markdown => markdown::diff_report(report, style.labels),
        DiffFormat::Json => json(report),
    }
}

/// The diff report as pretty-printed JSON with a final newline, as documented in
/// README.md and `schemas/diff-report.schema.json` (generated from the report types).
pub fn json(report: &DiffReport) -> String {
    super::pretty_json(report)
}
