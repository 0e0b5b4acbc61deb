//! JUnit XML: one test case per file, failing when the file has error-level
//! findings; every finding is listed in the case's output. CI systems that show test
//! reports (GitLab, Azure Pipelines, Jenkins) read it.

use std::fmt::Write as _;

use crate::render::style::{xml_attribute as attribute, xml_text as escape};
use crate::validate::{Severity, ValidationReport};

/// The report as a JUnit XML document.
pub fn validation_report(report: &ValidationReport) -> String {
    let failures = report
        .files
        .iter()
        .filter(|f| f.count(Severity::Error) > 0)
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"synclens validate\" tests=\"{}\" failures=\"{failures}\">",
        report.files.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"synclens validate\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        report.files.len()
    );
    for file in &report.files {
        let _ = write!(
            out,
            "    <testcase name=\"{}\" classname=\"synclens.validate\"",
            attribute(&file.path)
        );
        if file.findings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let lines: Vec<String> = file
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{}: {}[{}] {} ({})",
                    file.path, f.line, f.column, f.severity, f.code, f.message, f.help
                )
            })
            .collect();
        let errors = file.count(Severity::Error);
        if errors > 0 {
            let first = file
                .findings
                .iter()
                .find(|f| f.severity == Severity::Error)
                .map(|f| format!("{} {}", f.code, f.message))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                if errors == 1 { "error" } else { "errors" },
                attribute(&first),
                escape(&lines.join("\n"))
            );
        }
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape(&lines.join("\n"))
        );
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
