//! Azure Pipelines logging commands: one
//! `##vso[task.logissue type=error;sourcepath=…;linenumber=…;columnnumber=…;code=…]message`
//! issue per error or warning, listed in the run's summary and shown in its log.
//!
//! Azure Pipelines has only two issue types, `error` and `warning`. Info findings
//! are not issues (they never fail a run) and are left out; `--format human` or
//! `json` shows them.
//!
//! Properties and the message are escaped as the agent unescapes them: `%` as
//! `%AZP25` (first, so that the other escapes are not escaped again), CR as `%0D`,
//! LF as `%0A`, `;` as `%3B` and `]` as `%5D`; control and invisible characters
//! from documents are then written as `\u{1b}` ([`crate::escape::controls`]), so a
//! name in a document can neither end the command nor start another.

use std::fmt::Write as _;

use crate::validate::{Severity, ValidationReport};

/// Escapes a logging-command property value or message.
pub fn escape(text: &str) -> String {
    let text = text
        .replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(';', "%3B")
        .replace(']', "%5D");
    crate::escape::controls(&text).into_owned()
}

/// One `task.logissue` command per error and warning. `path_of` turns a path as
/// given into the one to report (relative to the repository root, so that the
/// issue links to the file).
pub fn validation_report(report: &ValidationReport, path_of: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for file in &report.files {
        let path = path_of(&file.path).replace('\\', "/");
        for finding in &file.findings {
            let kind = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => continue,
            };
            let _ = writeln!(
                out,
                "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={}]{}",
                escape(&path),
                finding.line,
                finding.column,
                escape(finding.code),
                escape(&format!(
                    "{} {}: {} ({})",
                    finding.code, finding.name, finding.message, finding.help
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escaping() {
        assert_eq!(escape("100% a;b]c\r\nd"), "100%AZP25 a%3Bb%5Dc%0D%0Ad");
        // An escape already in the text is not taken for one.
        assert_eq!(escape("%0A%3B"), "%AZP250A%AZP253B");
        assert_eq!(
            escape("x\u{1b}[2J\u{202e}##vso[task.complete result=Failed]"),
            "x\\u{1b}[2J\\u{202e}##vso[task.complete result=Failed%5D"
        );
    }
}
