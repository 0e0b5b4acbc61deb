//! `synclens validate`'s report in every format it offers: [`ValidateFormat`] names
//! them (the CLI offers its table), [`render`] dispatches to one file per format.

pub mod azure;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::choice::choices;
use crate::validate::ValidationReport;

use super::Style;

choices! {
    /// Output formats of `validate`.
    pub enum ValidateFormat {
        Human = "human": "For people: location, message, source line with a caret, help",
        Json = "json": "The documented JSON report (schemas/validate-report.schema.json)",
        Sarif = "sarif": "SARIF 2.1.0 for GitHub code scanning",
        Github = "github": "GitHub Actions annotations (workflow commands)",
        Junit = "junit": "JUnit XML for CI test reports",
        Azure = "azure": "Azure Pipelines issues (`##vso[task.logissue]` logging commands; infos left out)",
        Gitlab = "gitlab": "GitLab Code Quality JSON for merge requests",
    }
}

/// What the formats need besides the report.
pub struct ValidateStyle<'a> {
    /// Colour for human output.
    pub style: Style,
    /// The tool's version, for SARIF's driver.
    pub version: &'a str,
    /// A path as given to the path CI systems know (repository-relative), for SARIF,
    /// Azure Pipelines and GitLab.
    pub path_of: &'a dyn Fn(&str) -> String,
}

/// The validation report in `format`.
pub fn render(report: &ValidationReport, format: ValidateFormat, style: &ValidateStyle) -> String {
    match format {
        ValidateFormat::Human => human::validation_report(report, style.style),
        ValidateFormat::Json => json::validation_report(report),
        ValidateFormat::Sarif => sarif::validation_report(report, style.version, style.path_of),
        ValidateFormat::Github => github::validation_report(report),
        ValidateFormat::Junit => junit::validation_report(report),
        ValidateFormat::Azure => azure::validation_report(report, style.path_of),
        ValidateFormat::Gitlab => gitlab::validation_report(report, style.path_of),
    }
}
