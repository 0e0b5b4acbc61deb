//! Pieces shared by the human and Markdown diff renderers: grouping changes by
//! impact, file, rule and object mapping, impact labels, kind markers, reasons in a
//! few words, and inline diffs of expressions.

use std::fmt::Write as _;

use similar::{ChangeTag, TextDiff};

use crate::diff::path::Segment;
use crate::diff::{Change, ChangeKind, DiffSummary, Impact, NewSideFinding};
use crate::validate::Severity;

/// A group of changes shown under one heading: consecutive changes of one impact,
/// file and section (the report is already in order).
pub(crate) struct Group<'a> {
    /// The impact of every change in the group.
    pub(crate) impact: Impact,
    /// The file (folder diffs), if any.
    pub(crate) file: Option<&'a str>,
    /// Heading, e.g. `rule USER_OUTBOUND › object mapping Provision users`, as parts:
    /// fixed words (`false`) and names (`true`).
    pub(crate) heading: Vec<(String, bool)>,
    /// The changes, in report order.
    pub(crate) changes: Vec<&'a Change>,
}

impl Group<'_> {
    /// The heading as plain text.
    pub(crate) fn heading_text(&self) -> String {
        self.heading.iter().map(|(text, _)| text.as_str()).collect()
    }
}

/// The heading a change belongs under, as parts (see [`Group::heading`]).
pub(crate) fn heading(change: &Change) -> Vec<(String, bool)> {
    let word = |text: &str| (text.to_owned(), false);
    match change.path.segments() {
        [Segment::Directory(_), ..] => vec![word("directories")],
        [Segment::Rule(rule), Segment::ObjectMapping(mapping), ..] => vec![
            word("rule "),
            (rule.clone(), true),
            word(" › object mapping "),
            (mapping.clone(), true),
        ],
        [Segment::Rule(rule), ..] => vec![word("rule "), (rule.clone(), true)],
        [first, ..] => match (first.collection(), first.key()) {
            (Some(collection), Some(key)) if !key.is_empty() => {
                vec![(format!("{collection} "), false), (key.to_owned(), true)]
            }
            _ => vec![word("document")],
        },
        [] => vec![word("document")],
    }
}

/// Changes grouped: consecutive changes of one impact, file and heading.
pub(crate) fn groups(changes: &[Change]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for change in changes {
        let heading = heading(change);
        let file = change.file.as_deref();
        match groups.last_mut() {
            Some(group)
                if group.impact == change.impact
                    && group.file == file
                    && group.heading == heading =>
            {
                group.changes.push(change);
            }
            _ => groups.push(Group {
                impact: change.impact,
                file,
                heading,
                changes: vec![change],
            }),
        }
    }
    groups
}

/// The reason of a change's code in a few words.
pub(crate) fn hint(change: &Change) -> &'static str {
    crate::diff::change::lookup(change.code).map_or("", |meta| meta.hint)
}

/// The marker of a change's kind, as in a plan: `+` added, `-` removed, `~` changed.
pub(crate) fn kind_marker(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Modified => "~",
    }
}

/// How many findings of each severity, e.g. `2 errors, 1 warning`.
pub(crate) fn findings_line(findings: &[NewSideFinding]) -> String {
    let count = |severity: Severity| findings.iter().filter(|f| f.severity == severity).count();
    let mut parts = Vec::new();
    for (severity, word) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ] {
        match count(severity) {
            0 => {}
            1 => parts.push(format!("1 {word}")),
            n => parts.push(format!("{n} {word}s")),
        }
    }
    parts.join(", ")
}

/// The short label of an impact.
pub(crate) fn impact_label(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "breaking",
        Impact::NeedsReview => "needs review",
        Impact::Compatible => "compatible",
    }
}

/// The one-line summary: `3 breaking, 5 needs review, 12 compatible`.
pub(crate) fn summary_line(summary: &DiffSummary) -> String {
    let mut line = format!(
        "{} breaking, {} needs review, {} compatible",
        summary.breaking, summary.needs_review, summary.compatible
    );
    if summary.initial_cycle {
        line.push_str("; the schema changed, so the job restarts in an initial cycle");
    }
    if summary.ignored > 0 {
        let _ = write!(line, "; {} ignored (--ignore)", summary.ignored);
    }
    line
}

/// Segments of an inline diff: (tag, text).
pub(crate) fn inline_diff(old: &str, new: &str) -> Vec<(ChangeTag, String)> {
    let diff = TextDiff::configure().diff_chars(old, new);
    // Below this similarity a character diff is confetti: show the texts whole.
    if diff.ratio() < 0.5 {
        return vec![
            (ChangeTag::Delete, old.to_owned()),
            (ChangeTag::Insert, new.to_owned()),
        ];
    }
    let mut segments: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match segments.last_mut() {
            Some((tag, buffer)) if *tag == change.tag() => buffer.push_str(text),
            _ => segments.push((change.tag(), text.to_owned())),
        }
    }
    segments
}

/// The value of a change as text (expressions are strings; others JSON).
pub(crate) fn value_text(value: Option<&serde_json::Value>) -> Option<String> {
    value.map(|value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    })
}
