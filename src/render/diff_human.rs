//! Human diff output: changes grouped by file, directories and rule › object
//! mapping, each with its impact; expression changes as old and new text with the
//! changed part marked; a one-line summary.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style as Ansi};
use similar::ChangeTag;

use super::Style;
use super::diff_text::{groups, impact_label, inline_diff, summary_line, value_text};
use crate::diff::{Change, DiffReport, Impact};

fn paint(style: Style, ansi: Ansi, text: &str) -> String {
    if style.color && !text.is_empty() {
        format!("{ansi}{text}{ansi:#}")
    } else {
        text.to_owned()
    }
}

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
    let _ = writeln!(out, "      {} {before}", paint(style, red, "-"));
    let _ = writeln!(out, "      {} {after}", paint(style, green, "+"));
}

/// The report for a terminal. `labels` name the two sides.
pub fn diff_report(report: &DiffReport, labels: (&str, &str), style: Style) -> String {
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
    let mut current_file: Option<&str> = None;
    for group in groups(&report.changes) {
        if group.file.is_some() && group.file != current_file {
            let _ = writeln!(
                out,
                "{}",
                paint(
                    style,
                    bold,
                    &format!("== {}", group.file.unwrap_or_default())
                )
            );
            current_file = group.file;
        }
        let _ = writeln!(out, "{}", paint(style, bold, &group.heading));
        for change in group.changes {
            let label = format!("[{}]", impact_label(change.impact));
            let _ = writeln!(
                out,
                "  {} {} {}",
                paint(style, impact_style(change.impact), &label),
                change.message,
                paint(style, dim, &format!("({})", change.code))
            );
            if change.expression {
                expression_lines(&mut out, change, style);
            }
            let lines = match (change.old_line, change.new_line) {
                (Some(old), Some(new)) => format!("(old line {old}, new line {new})"),
                (Some(old), None) => format!("(old line {old})"),
                (None, Some(new)) => format!("(new line {new})"),
                (None, None) => String::new(),
            };
            if !change.path.is_empty() || !lines.is_empty() {
                let _ = writeln!(
                    out,
                    "      {}",
                    paint(style, dim, format!("{} {lines}", change.path).trim())
                );
            }
        }
        out.push('\n');
    }
    if report.changes.is_empty() {
        out.push_str("no changes\n");
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
