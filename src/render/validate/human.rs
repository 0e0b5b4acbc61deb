//! Human output: `file:line:column: severity[CODE] message`, the source line with a
//! caret, help and related places, then a summary line. Colour only when asked.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style as Ansi};

use crate::escape::{controls, in_place};
use crate::render::style::{Style, caret_pad, paint};
use crate::text::plural;
use crate::validate::{Finding, Severity, ValidationReport};

fn severity_style(severity: Severity) -> Ansi {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Ansi::new().bold().fg_color(Some(color.into()))
}

fn render_finding(out: &mut String, path: &str, finding: &Finding, style: Style) {
    // Names from documents (and file names) may hold control characters: shown as
    // `\u{1b}`, never sent to the terminal as themselves.
    let path = &*controls(path);
    let bold = Ansi::new().bold();
    let blue = Ansi::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let _ = writeln!(
        out,
        "{}: {} {}",
        paint(
            style,
            bold,
            &format!("{path}:{}:{}", finding.line, finding.column)
        ),
        paint(
            style,
            severity_style(finding.severity),
            &format!("{}[{}]:", finding.severity, finding.code)
        ),
        paint(style, bold, &controls(&finding.message)),
    );
    if let Some(snippet) = &finding.snippet {
        let number = finding.line.to_string();
        let gutter = " ".repeat(number.len());
        let bar = paint(style, blue, "|");
        let _ = writeln!(out, "{gutter} {bar}");
        let text = in_place(&snippet.text);
        let _ = writeln!(out, "{} {bar} {text}", paint(style, blue, &number));
        // The caret goes under the column; tabs in the line are kept so it lines up.
        let pad = caret_pad(&text, snippet.caret);
        let _ = writeln!(
            out,
            "{gutter} {bar} {pad}{}",
            paint(style, severity_style(finding.severity), "^")
        );
    }
    if !finding.help.is_empty() {
        let _ = writeln!(
            out,
            "  = {} {}",
            paint(style, bold, "help:"),
            controls(&finding.help)
        );
    }
    for related in &finding.related {
        let _ = writeln!(
            out,
            "  = {} {} ({path}:{}:{})",
            paint(style, bold, "note:"),
            controls(&related.message),
            related.line,
            related.column
        );
    }
    let _ = writeln!(
        out,
        "  = {} {} {}",
        paint(style, bold, "rule:"),
        finding.name,
        paint(
            style,
            Ansi::new().dimmed(),
            &format!("(synclens explain {})", finding.code)
        )
    );
    out.push('\n');
}

/// The whole report for a terminal.
pub fn validation_report(report: &ValidationReport, style: Style) -> String {
    let mut out = String::new();
    for file in &report.files {
        for finding in &file.findings {
            render_finding(&mut out, &file.path, finding, style);
        }
    }
    let summary = &report.summary;
    let clean = report
        .files
        .iter()
        .filter(|f| f.kind.is_some() && f.findings.is_empty())
        .count();
    let not_loaded = report.files.iter().filter(|f| f.kind.is_none()).count();
    let mut line = format!(
        "{}, {}, {} in {} ({} without findings",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
        plural(summary.files, "file"),
        clean
    );
    if not_loaded > 0 {
        let _ = write!(line, ", {not_loaded} could not be loaded");
    }
    line.push(')');
    let ansi = if summary.errors > 0 {
        severity_style(Severity::Error)
    } else if summary.warnings > 0 {
        severity_style(Severity::Warning)
    } else {
        Ansi::new().bold().fg_color(Some(AnsiColor::Green.into()))
    };
    let _ = writeln!(out, "{}", paint(style, ansi, &line));
    out
}
