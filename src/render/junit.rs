//! JUnit XML: one test case per file, failing when the file has error-level
//! findings; every finding is listed in the case's output. CI systems that show test
//! reports (GitLab, Azure Pipelines, Jenkins) read it.

use std::fmt::Write as _;

use crate::validate::{Severity, ValidationReport};

/// Whether XML 1.0 allows `c` in a document at all (`Char` in the XML 1.0
/// grammar): not the C0 controls but tab, LF and CR, nor U+FFFE and U+FFFF.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

/// Escapes XML element text: markup characters as entities, CR as `&#13;` (a parser
/// would turn a bare one into LF), characters XML forbids dropped. Shared by every
/// XML report (validate's, and `synclens test`'s).
pub(crate) fn escape(text: &str) -> String {
    escape_as(text, false)
}

/// Escapes an XML attribute value: as [`escape`], and tab, LF and CR as character
/// references, which attribute-value normalization would otherwise turn into spaces.
pub(crate) fn attribute(text: &str) -> String {
    escape_as(text, true)
}

fn escape_as(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            c if !allowed(c) => {}
            c => out.push(c),
        }
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::{attribute, escape};

    #[test]
    fn attributes_keep_line_breaks_and_tabs_and_forbidden_characters_go() {
        assert_eq!(
            attribute("a\nb\tc\r\"d\" <e> & 'f'"),
            "a&#10;b&#9;c&#13;&quot;d&quot; &lt;e&gt; &amp; &apos;f&apos;"
        );
        assert_eq!(attribute("x\u{0}\u{1b}[2J\u{b}\u{fffe}\u{ffff}y"), "x[2Jy");
        assert_eq!(escape("a\nb\tc\r\u{1}d"), "a\nb\tc&#13;d");
        // Characters outside the BMP and private use are allowed.
        assert_eq!(attribute("\u{1f3e2}\u{e000}"), "\u{1f3e2}\u{e000}");
    }
}
