//! GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message`
//! annotation per finding, shown inline in the pull request.

use std::fmt::Write as _;

use crate::validate::{Severity, ValidationReport};

/// Escapes a workflow-command message (control characters from documents shown as
/// `\u{1b}`: the Actions log would interpret them).
fn data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::escape::controls(&text).into_owned()
}

/// Escapes a workflow-command property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation per finding.
pub fn validation_report(report: &ValidationReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        for finding in &file.findings {
            let command = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},title={}::{}",
                property(&file.path),
                finding.line,
                finding.column,
                property(&format!("{} {}", finding.code, finding.name)),
                data(&format!("{} ({})", finding.message, finding.help)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
