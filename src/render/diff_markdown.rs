//! Markdown diff output for pull-request comments: a summary table by impact, then
//! one collapsible section per rule › object mapping. Kept under GitHub's comment
//! limit (65,536 characters) with a margin: past 60,000 characters the rest is
//! cut and the cut is said.

use std::fmt::Write as _;

use super::diff_text::{groups, impact_label, summary_line, value_text};
use crate::diff::{DiffReport, Impact};

/// Longest comment produced.
pub const MAX_CHARS: usize = 60_000;

fn marker(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "🔴",
        Impact::NeedsReview => "🟡",
        Impact::Compatible => "🟢",
    }
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A fenced block that cannot be closed early by backticks in the text.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// The report as a pull-request comment.
pub fn diff_report(report: &DiffReport, labels: (&str, &str)) -> String {
    let mut head = String::new();
    let summary = &report.summary;
    let _ = writeln!(head, "### synclens diff: `{}` → `{}`\n", labels.0, labels.1);
    let _ = writeln!(head, "| Impact | Changes |\n|---|---:|");
    let _ = writeln!(
        head,
        "| {} breaking | {} |",
        marker(Impact::Breaking),
        summary.breaking
    );
    let _ = writeln!(
        head,
        "| {} needs review | {} |",
        marker(Impact::NeedsReview),
        summary.needs_review
    );
    let _ = writeln!(
        head,
        "| {} compatible | {} |",
        marker(Impact::Compatible),
        summary.compatible
    );
    let _ = writeln!(head, "\n{}\n", summary_line(summary));
    if report.changes.is_empty() {
        head.push_str("No changes.\n");
        return head;
    }
    let mut body = String::new();
    let all = groups(&report.changes);
    let total = all.len();
    let mut shown = 0;
    for group in all {
        let mut section = String::new();
        let worst = group
            .changes
            .iter()
            .map(|c| c.impact)
            .max()
            .unwrap_or(Impact::Compatible);
        let file = group.file.map(|f| format!("`{f}` › ")).unwrap_or_default();
        let _ = writeln!(
            section,
            "<details{}><summary>{} {file}{} ({} change{})</summary>\n",
            if worst == Impact::Breaking {
                " open"
            } else {
                ""
            },
            marker(worst),
            escape(&group.heading),
            group.changes.len(),
            if group.changes.len() == 1 { "" } else { "s" }
        );
        for change in &group.changes {
            let _ = writeln!(
                section,
                "- {} **{}** {} `{}`",
                marker(change.impact),
                impact_label(change.impact),
                escape(&change.message),
                change.code
            );
            if change.expression
                && let (Some(old), Some(new)) = (
                    value_text(change.old.as_ref()),
                    value_text(change.new.as_ref()),
                )
            {
                let both = format!("{old}\n{new}");
                let fence = fence(&both);
                let _ = writeln!(
                    section,
                    "\n  {fence}diff\n  - {old}\n  + {new}\n  {fence}\n"
                );
            }
        }
        section.push_str("\n</details>\n\n");
        if head.len() + body.len() + section.len() > MAX_CHARS {
            break;
        }
        body.push_str(&section);
        shown += 1;
    }
    if shown < total {
        let _ = writeln!(
            body,
            "_Cut to stay under {MAX_CHARS} characters: {} of {total} sections not shown. Run \
             `synclens diff` locally for everything._",
            total - shown
        );
    }
    head + &body
}
