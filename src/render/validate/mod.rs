//! `synclens validate`'s report in every format it offers: [`ValidateFormat`] names
//! them (the CLI offers its table), [`render`] dispatches to one file per format.

pub mod azure;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::choice::Choice;
use crate::validate::ValidationReport;

use super::Style;

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidateFormat {
    /// For people: location, message, source line with a caret, help.
    Human,
    /// The documented JSON report (schemas/validate-report.schema.json).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// JUnit XML for CI test reports.
    Junit,
    /// Azure Pipelines issues (`##vso[task.logissue]` logging commands; infos left out).
    Azure,
    /// GitLab Code Quality JSON for merge requests.
    Gitlab,
}

impl Choice for ValidateFormat {
    const ALL: &'static [Self] = &[
        Self::Human,
        Self::Json,
        Self::Sarif,
        Self::Github,
        Self::Junit,
        Self::Azure,
        Self::Gitlab,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Github => "github",
            Self::Junit => "junit",
            Self::Azure => "azure",
            Self::Gitlab => "gitlab",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Self::Human => "For people: location, message, source line with a caret, help",
            Self::Json => "The documented JSON report (schemas/validate-report.schema.json)",
            Self::Sarif => "SARIF 2.1.0 for GitHub code scanning",
            Self::Github => "GitHub Actions annotations (workflow commands)",
            Self::Junit => "JUnit XML for CI test reports",
            Self::Azure => {
                "Azure Pipelines issues (`##vso[task.logissue]` logging commands; infos left out)"
            }
            Self::Gitlab => "GitLab Code Quality JSON for merge requests",
        }
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
