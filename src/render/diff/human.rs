//! Human diff output, read like a plan: the new side's validation errors first, then
//! the changes worst first, under one heading per impact and per rule › object
//! mapping, each marked `+` added, `-` removed or `~` changed, with its reason in a
//! few words and its code; expression changes as old and new text with the changed
//! part marked; the semantic path and lines only when verbose; a one-line summary.
//! Text from documents (names, expressions) is shown with control characters escaped
//! ([`crate::escape`]).

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style as Ansi};
use similar::ChangeTag;

use super::text::{
    findings_line, groups, hint, impact_label, inline_diff, kind_marker, summary_line, value_text,
};
use crate::diff::{Change, ChangeKind, DiffReport, Impact};
use crate::escape::controls;
use crate::render::style::{Style, paint};

fn impact_style(impact: Impact) -> Ansi {
    let color = match impact {
        Impact::Breaking => AnsiColor::Red,
        Impact::NeedsReview => AnsiColor::Yellow,
        Impact::Compatible => AnsiColor::Green,
    };
    Ansi::new().bold().fg_color(Some(color.into()))
}

fn expression_lines(out: &mut String, change: &Change, style: Style) {
    let (Some(old), Some(new)) = (
        value_text(change.old.as_ref()),
        value_text(change.new.as_ref()),
    ) else {
        return;
    };
    let red = Ansi::new().fg_color(Some(AnsiColor::Red.into()));
    let green = Ansi::new().fg_color(Some(AnsiColor::Green.into()));
    let segments = inline_diff(&old, &new);
    let mut before = String::new();
    let mut after = String::new();
    for (tag, text) in &segments {
        let text = &*controls(text);
        match tag {
            ChangeTag::Equal => {
                before.push_str(text);
                after.push_str(text);
            }
            ChangeTag::Delete => {
                if style.color {
                    before.push_str(&paint(style, red.underline(), text));
                } else {
                    let _ = write!(before, "[-{text}-]");
                }
            }
            ChangeTag::Insert => {
                if style.color {
                    after.push_str(&paint(style, green.underline(), text));
                } else {
                    let _ = write!(after, "{{+{text}+}}");
                }
            }
        }
    }
    let _ = writeln!(out, "        {} {before}", paint(style, red, "-"));
    let _ = writeln!(out, "        {} {after}", paint(style, green, "+"));
}

fn kind_style(change: &Change) -> Ansi {
    let color = match change.kind {
        ChangeKind::Added => AnsiColor::Green,
        ChangeKind::Removed => AnsiColor::Red,
        ChangeKind::Modified => AnsiColor::Yellow,
    };
    Ansi::new().bold().fg_color(Some(color.into()))
}

/// The report for a terminal. `labels` name the two sides; `verbose` adds each
/// change's semantic path and lines.
pub fn diff_report(
    report: &DiffReport,
    labels: (&str, &str),
    style: Style,
    verbose: bool,
) -> String {
    let mut out = String::new();
    let bold = Ansi::new().bold();
    let dim = Ansi::new().dimmed();
    let _ = writeln!(
        out,
        "{}",
        paint(style, bold, &format!("--- old: {}", labels.0))
    );
    let _ = writeln!(
        out,
        "{}\n",
        paint(style, bold, &format!("+++ new: {}", labels.1))
    );
    if !report.findings.is_empty() {
        let red = Ansi::new().bold().fg_color(Some(AnsiColor::Red.into()));
        let _ = writeln!(
            out,
            "{}",
            paint(
                style,
                red,
                &format!(
                    "the new side does not validate: {}",
                    findings_line(&report.findings)
                )
            )
        );
        for finding in &report.findings {
            let file = finding
                .file
                .as_deref()
                .map(|f| format!("{}:", controls(f)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}[{}] {file}{}:{}: {}",
                finding.severity,
                finding.code,
                finding.line,
                finding.column,
                controls(&finding.message)
            );
        }
        out.push('\n');
    }
    let noun = report.summary.sample.as_ref().map(super::sample::noun);
    let mut current: Option<(Impact, Option<&str>)> = None;
    for group in groups(&report.changes) {
        if current.map(|(impact, _)| impact) != Some(group.impact) {
            let count = report
                .changes
                .iter()
                .filter(|c| c.impact == group.impact)
                .count();
            let _ = writeln!(
                out,
                "{}",
                paint(
                    style,
                    impact_style(group.impact),
                    &format!("{} ({count})", impact_label(group.impact))
                )
            );
        }
        if group.file.is_some() && current.map(|(_, file)| file) != Some(group.file) {
            let _ = writeln!(
                out,
                "{}",
                paint(
                    style,
                    bold,
                    &format!("== {}", group.file.unwrap_or_default())
                )
            );
        }
        current = Some((group.impact, group.file));
        let _ = writeln!(out, "  {}", paint(style, bold, &group.heading_text()));
        for change in group.changes {
            let _ = writeln!(
                out,
                "    {} {} {}",
                paint(style, kind_style(change), kind_marker(change.kind)),
                controls(&change.message),
                paint(style, dim, &format!("— {} ({})", hint(change), change.code))
            );
            if change.is_expression() {
                expression_lines(&mut out, change, style);
            }
            if let (Some(sample), Some(noun)) = (&change.sample, &noun) {
                let _ = writeln!(
                    out,
                    "        sample: {}",
                    super::sample::change_line(sample, noun, &super::sample::HUMAN)
                );
            }
            if verbose {
                let lines = match (change.old_line, change.new_line) {
                    (Some(old), Some(new)) => format!("(old line {old}, new line {new})"),
                    (Some(old), None) => format!("(old line {old})"),
                    (None, Some(new)) => format!("(new line {new})"),
                    (None, None) => String::new(),
                };
                if !change.path.is_empty() || !lines.is_empty() {
                    let _ = writeln!(
                        out,
                        "        {}",
                        paint(style, dim, format!("{} {lines}", change.path).trim())
                    );
                }
            }
        }
        out.push('\n');
    }
    if report.changes.is_empty() {
        out.push_str("no changes\n");
    }
    if let Some(sample) = &report.summary.sample {
        out.push_str(&super::sample::human(sample));
    }
    let worst = report.max_impact();
    let line = summary_line(&report.summary);
    let _ = writeln!(
        out,
        "{}",
        match worst {
            Some(impact) => paint(style, impact_style(impact), &line),
            None => line,
        }
    );
    out
}
