//! Reports of `synclens test`: text for people (each failure with expected, actual and
//! the trace), JSON Lines (one [`FileReport`] per line), and JUnit XML for CI test
//! reports (one test suite per file, one test case per case). [`TestFormat`] names
//! them (the CLI offers its table), [`render`] dispatches.

use std::fmt::Write as _;

use super::style::{xml_attribute, xml_text};
use crate::choice::choices;
use crate::escape;
use crate::testfile::{Check, FileReport, Totals};
use crate::text::plural;

choices! {
    /// Output format of `synclens test`.
    pub enum TestFormat {
        Human = "human": "Text for people: each failure with expected, actual and its trace",
        Json = "json": "One JSON object per test file, one per line (JSON Lines)",
        Junit = "junit": "JUnit XML, for CI test reports",
    }
}

/// The reports in `format`.
pub fn render(reports: &[FileReport], format: TestFormat) -> String {
    match format {
        TestFormat::Human => human(reports),
        TestFormat::Json => json_lines(reports),
        TestFormat::Junit => junit(reports),
    }
}

/// A value for people: JSON, so that strings are quoted and lists show as lists.
fn shown(value: &serde_json::Value) -> String {
    escape::controls(&value.to_string()).into_owned()
}

/// The reports as text for people: a line per file, each failing case with its failing
/// comparisons and their traces, and the totals.
pub fn human(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for file in reports {
        let path = escape::controls(&file.path);
        if let Some(error) = &file.error {
            let _ = writeln!(out, "{}: error: {}", path, escape::controls(error));
            continue;
        }
        let _ = write!(out, "{path}: {} passed", file.passed);
        if file.failed > 0 {
            let _ = write!(out, ", {} failed", file.failed);
        }
        out.push('\n');
        for case in file.cases.iter().filter(|case| !case.passed) {
            let _ = write!(out, "  FAIL {}", escape::controls(&case.name));
            if let Some(mapping) = &case.object_mapping {
                let _ = write!(out, " (object mapping {})", escape::controls(mapping));
            }
            out.push('\n');
            for check in case.checks.iter().filter(|check| !check.passed) {
                check_lines(&mut out, check);
            }
        }
    }
    let totals = Totals::of(reports);
    let _ = write!(
        out,
        "{}: {} passed, {} failed",
        if totals.failed == 0 && totals.errors == 0 {
            "ok"
        } else {
            "FAILED"
        },
        totals.passed,
        totals.failed
    );
    if totals.errors > 0 {
        let _ = write!(out, ", {} not run", plural(totals.errors, "file"));
    }
    let _ = writeln!(out, " ({})", plural(totals.files, "file"));
    out
}

fn check_lines(out: &mut String, check: &Check) {
    let _ = writeln!(out, "    {}:", escape::controls(&check.target));
    let _ = writeln!(out, "      expected: {}", shown(&check.expected));
    match &check.error {
        Some(error) => {
            let _ = writeln!(out, "      actual:   (error) {}", escape::controls(error));
        }
        None => {
            let _ = writeln!(out, "      actual:   {}", shown(&check.actual));
        }
    }
    if !check.trace.is_empty() {
        let _ = writeln!(out, "      trace:");
        for line in &check.trace {
            let _ = writeln!(out, "        {}", escape::controls(line));
        }
    }
}

/// The reports as JSON Lines: one [`FileReport`] per line.
pub fn json_lines(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for file in reports {
        // Serializing a report (plain structs, string keys) cannot fail.
        out.push_str(&serde_json::to_string(file).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The reports as a JUnit XML document: a test suite per file, a test case per case;
/// a file that could not be run is one test case with an `<error>`.
pub fn junit(reports: &[FileReport]) -> String {
    let totals = Totals::of(reports);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"synclens test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
        totals.passed + totals.failed + totals.errors,
        totals.failed,
        totals.errors
    );
    for file in reports {
        let path = xml_attribute(&file.path);
        if let Some(error) = &file.error {
            let _ = writeln!(
                out,
                "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">"
            );
            let _ = writeln!(
                out,
                "    <testcase name=\"{path}\" classname=\"synclens.test\">\n      <error type=\"error\" message=\"{}\"/>\n    </testcase>",
                xml_attribute(error)
            );
            out.push_str("  </testsuite>\n");
            continue;
        }
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            file.cases.len(),
            file.failed
        );
        for case in &file.cases {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{path}\"",
                xml_attribute(&case.name)
            );
            if case.passed {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let failing: Vec<&Check> = case.checks.iter().filter(|check| !check.passed).collect();
            let message = failing
                .iter()
                .map(|check| {
                    format!(
                        "{}: expected {}, actual {}",
                        check.target, check.expected, check.actual
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            let mut body = String::new();
            for check in &failing {
                check_lines(&mut body, check);
            }
            let _ = writeln!(
                out,
                "      <failure type=\"mismatch\" message=\"{}\">{}</failure>",
                xml_attribute(&message),
                xml_text(body.trim_end())
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_output_escapes_control_characters() {
        let report = FileReport {
            path: "x\u{1b}[2J.test.json".to_owned(),
            schema: None,
            error: None,
            passed: 0,
            failed: 1,
            cases: vec![crate::testfile::CaseReport {
                name: "n\u{1b}".to_owned(),
                object_mapping: None,
                passed: false,
                checks: vec![Check {
                    target: "value".to_owned(),
                    expected: serde_json::Value::from("a"),
                    actual: serde_json::Value::from("b\u{1b}"),
                    passed: false,
                    error: None,
                    trace: vec!["[x] = \"b\u{1b}\"".to_owned()],
                }],
            }],
        };
        let text = human(&[report]);
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(
            text.ends_with("FAILED: 0 passed, 1 failed (1 file)\n"),
            "{text}"
        );
    }
}
