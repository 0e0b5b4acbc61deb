//! Markdown diff output for pull-request comments: the new side's validation errors,
//! a summary table by impact, then one collapsible section per impact and rule ›
//! object mapping, worst first.
//!
//! Kept under GitHub's comment limit (65,536 characters) with a margin: past 60,000
//! characters it is shortened from the least important end (compatible changes,
//! then needs-review ones, inside sections too), and the cut is said. A breaking
//! change is never cut: when the breaking changes alone do not fit, their expression
//! blocks are left out first.
//!
//! Names come from the documents and may hold anything (`Users <Sales> | R&D`,
//! backticks, `@mention`s, links): they are written as code spans (code elements
//! inside `<summary>`, which is HTML), so they render literally, link nothing and
//! ping nobody.

use crate::render::style::code_span;
use std::fmt::Write as _;

use super::text::{
    findings_line, groups, hint, impact_label, kind_marker, summary_line, value_text,
};
use crate::diff::{Change, DiffReport, Impact};

/// Longest comment produced.
pub const MAX_CHARS: usize = 60_000;

/// Most findings of the new side listed (the rest are counted).
const MAX_FINDINGS: usize = 50;

fn marker(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "🔴",
        Impact::NeedsReview => "🟡",
        Impact::Compatible => "🟢",
    }
}

/// Text for raw HTML (`<summary>`).
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Plain text: Markdown and HTML syntax escaped; a part that could link or mention
/// (`@`, `://`, `www.`) becomes a code span.
fn plain(text: &str) -> String {
    if text.contains('@') || text.contains("://") || text.to_ascii_lowercase().contains("www.") {
        let (lead, rest) = text.split_at(text.len() - text.trim_start().len());
        let (core, trail) = rest.split_at(rest.trim_end().len());
        return format!("{lead}{}{trail}", code_span(core));
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '!' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A message as Markdown: the names it quotes (CommonMark code spans: a run of
/// backticks up to the next run of the same length) as code spans, the rest as
/// plain text.
pub(crate) fn inline(message: &str) -> String {
    let mut out = String::new();
    let mut text = String::new();
    let mut rest = message;
    while let Some(start) = rest.find('`') {
        let run = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        let after = &rest[start + run..];
        // The closing run: exactly `run` backticks.
        let mut search = 0;
        let mut close = None;
        while let Some(found) = after[search..].find('`') {
            let at = search + found;
            let length = after[at..].len() - after[at..].trim_start_matches('`').len();
            if length == run {
                close = Some(at);
                break;
            }
            search = at + length;
        }
        if let Some(at) = close {
            text.push_str(&rest[..start]);
            out.push_str(&plain(&text));
            text.clear();
            let content = &after[..at];
            let content = if content.len() > 2
                && content.starts_with(' ')
                && content.ends_with(' ')
                && !content.trim().is_empty()
            {
                &content[1..content.len() - 1]
            } else {
                content
            };
            out.push_str(&code_span(content));
            rest = &after[at + run..];
        } else {
            text.push_str(&rest[..start + run]);
            rest = after;
        }
    }
    text.push_str(rest);
    out.push_str(&plain(&text));
    out
}

/// A fenced block that cannot be closed early by backticks in the text.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// One change as a list item: full (with its expression block) and short; with what
/// it does to the sample when there is one (`noun` names the sample's objects).
fn item(change: &Change, full: bool, noun: Option<&str>) -> String {
    let mut out = format!(
        "- `{}` {} — _{}_ `{}`\n",
        kind_marker(change.kind),
        inline(&change.message),
        hint(change),
        change.code
    );
    if let (Some(sample), Some(noun)) = (&change.sample, noun) {
        let _ = writeln!(
            out,
            "  - sample: {}",
            super::sample::change_line(sample, noun, &super::sample::MARKDOWN)
        );
    }
    if full
        && change.is_expression()
        && let (Some(old), Some(new)) = (
            value_text(change.old.as_ref()),
            value_text(change.new.as_ref()),
        )
    {
        let both = format!("{old}\n{new}");
        let fence = fence(&both);
        let _ = writeln!(out, "\n  {fence}diff");
        for line in old.lines() {
            let _ = writeln!(out, "  - {line}");
        }
        for line in new.lines() {
            let _ = writeln!(out, "  + {line}");
        }
        let _ = writeln!(out, "  {fence}\n");
    }
    out
}

/// The `<details>` heading of a group.
fn summary(group: &super::text::Group<'_>, shown: usize) -> String {
    let mut heading = String::new();
    if let Some(file) = group.file {
        let _ = write!(heading, "<code>{}</code> › ", html(file));
    }
    for (text, name) in &group.heading {
        if *name {
            let _ = write!(heading, "<code>{}</code>", html(text));
        } else {
            heading.push_str(&html(text));
        }
    }
    let total = group.changes.len();
    let count = if shown == total {
        format!("{total} change{}", if total == 1 { "" } else { "s" })
    } else {
        format!("{shown} of {total} changes shown")
    };
    format!(
        "<details{}><summary>{} {}: {heading} ({count})</summary>\n\n",
        if group.impact == Impact::Breaking {
            " open"
        } else {
            ""
        },
        marker(group.impact),
        impact_label(group.impact),
    )
}

const SECTION_END: &str = "\n</details>\n\n";

/// The report as a pull-request comment.
pub fn diff_report(report: &DiffReport, labels: (&str, &str)) -> String {
    let mut head = String::new();
    let summary_counts = &report.summary;
    let _ = writeln!(
        head,
        "### synclens diff: {} → {}\n",
        code_span(labels.0),
        code_span(labels.1)
    );
    if !report.findings.is_empty() {
        let _ = writeln!(
            head,
            "**❌ The new side does not validate: {}**\n",
            findings_line(&report.findings)
        );
        for finding in report.findings.iter().take(MAX_FINDINGS) {
            let file = finding
                .file
                .as_deref()
                .map(|f| format!("{} ", code_span(f)))
                .unwrap_or_default();
            let _ = writeln!(
                head,
                "- {} `{}` {file}line {}: {}",
                finding.severity,
                finding.code,
                finding.line,
                inline(&finding.message)
            );
        }
        if report.findings.len() > MAX_FINDINGS {
            let _ = writeln!(
                head,
                "- … and {} more: run `synclens validate` on the new side",
                report.findings.len() - MAX_FINDINGS
            );
        }
        head.push('\n');
    }
    if let Some(sample) = &report.summary.sample {
        head.push_str(&super::sample::markdown(sample));
    }
    let noun = report.summary.sample.as_ref().map(super::sample::noun);
    let noun = noun.as_deref();
    let _ = writeln!(head, "| Impact | Changes |\n|---|---:|");
    for (impact, count) in [
        (Impact::Breaking, summary_counts.breaking),
        (Impact::NeedsReview, summary_counts.needs_review),
        (Impact::Compatible, summary_counts.compatible),
    ] {
        let _ = writeln!(
            head,
            "| {} {} | {count} |",
            marker(impact),
            impact_label(impact)
        );
    }
    let _ = writeln!(head, "\n{}\n", plain(&summary_line(summary_counts)));
    if report.changes.is_empty() {
        head.push_str("No changes.\n");
        return head;
    }
    let all = groups(&report.changes);
    // Breaking changes first and whole; short (no expression blocks) only when they
    // alone would not fit.
    let breaking_full: usize = all
        .iter()
        .filter(|g| g.impact == Impact::Breaking)
        .map(|g| {
            summary(g, g.changes.len()).len()
                + SECTION_END.len()
                + g.changes
                    .iter()
                    .map(|c| item(c, true, noun).len())
                    .sum::<usize>()
        })
        .sum();
    // Room for the closing note.
    let budget = MAX_CHARS.saturating_sub(head.len() + 300);
    let breaking_whole = breaking_full <= budget;
    let mut body = String::new();
    let mut left_out = [0_usize; 3];
    for group in &all {
        let breaking = group.impact == Impact::Breaking;
        let mut items = Vec::new();
        let mut used = body.len() + summary(group, group.changes.len()).len() + SECTION_END.len();
        for change in &group.changes {
            let full = if breaking { breaking_whole } else { true };
            let text = item(change, full, noun);
            if !breaking && used + text.len() > budget {
                break;
            }
            used += text.len();
            items.push(text);
        }
        let cut = group.changes.len() - items.len();
        if let Some(slot) = left_out.get_mut(match group.impact {
            Impact::Breaking => 0,
            Impact::NeedsReview => 1,
            Impact::Compatible => 2,
        }) {
            *slot += cut;
        }
        if items.is_empty() {
            continue;
        }
        body.push_str(&summary(group, items.len()));
        for text in items {
            body.push_str(&text);
        }
        body.push_str(SECTION_END);
    }
    let [_, review, compatible] = left_out;
    if review + compatible > 0 {
        let _ = writeln!(
            body,
            "_Shortened to stay under {MAX_CHARS} characters: {review} needs-review and \
             {compatible} compatible changes not shown (every breaking change is). Run \
             `synclens diff` locally for everything._"
        );
    } else if !breaking_whole {
        let _ = writeln!(
            body,
            "_Shortened to stay under {MAX_CHARS} characters: expression blocks of breaking \
             changes left out. Run `synclens diff` locally for everything._"
        );
    }
    head + &body
}

#[cfg(test)]
mod tests {
    use super::{code_span, inline};

    #[test]
    fn names_become_code_spans_whatever_they_hold() {
        assert_eq!(inline("mapping `a` b"), "mapping `a` b");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(inline("x `` a`b `` y"), "x ``a`b`` y");
        assert_eq!(inline("a <b> | c"), "a \\<b\\> \\| c");
        assert_eq!(inline("hi @team"), "`hi @team`");
        assert_eq!(inline("unclosed ` tick"), "unclosed \\` tick");
    }
}
