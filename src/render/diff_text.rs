//! Pieces shared by the human and Markdown diff renderers: grouping changes by
//! file, rule and object mapping, impact labels, and inline diffs of expressions.

use similar::{ChangeTag, TextDiff};

use crate::diff::{Change, DiffSummary, Impact};

/// A group of changes shown under one heading.
pub(crate) struct Group<'a> {
    /// The file (folder diffs), if any.
    pub(crate) file: Option<&'a str>,
    /// Heading, e.g. `rule USER_OUTBOUND › object mapping Provision users`.
    pub(crate) heading: String,
    /// The changes, in report order.
    pub(crate) changes: Vec<&'a Change>,
}

fn unwrap_key(segment: &str) -> (String, String) {
    match segment.split_once('[') {
        Some((collection, rest)) => {
            let key = rest.strip_suffix(']').unwrap_or(rest);
            let key = serde_json::from_str::<String>(key).unwrap_or_else(|_| key.to_owned());
            (collection.to_owned(), key)
        }
        None => (segment.to_owned(), String::new()),
    }
}

/// The heading a change belongs under.
pub(crate) fn heading(change: &Change) -> String {
    let segments = &change.segments;
    let first = segments.first().map(|s| unwrap_key(s));
    match first {
        Some((collection, _)) if collection == "directories" => "directories".to_owned(),
        Some((collection, rule)) if collection == "rules" => {
            match segments.get(1).map(|s| unwrap_key(s)) {
                Some((inner, mapping)) if inner == "objectMappings" => {
                    format!("rule {rule} › object mapping {mapping}")
                }
                _ => format!("rule {rule}"),
            }
        }
        Some((collection, key)) if !key.is_empty() => format!("{collection} {key}"),
        _ => "document".to_owned(),
    }
}

/// Changes grouped by file and heading, keeping report order within groups.
pub(crate) fn groups(changes: &[Change]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for change in changes {
        let heading = heading(change);
        let file = change.file.as_deref();
        match groups
            .iter_mut()
            .find(|g| g.file == file && g.heading == heading)
        {
            Some(group) => group.changes.push(change),
            None => groups.push(Group {
                file,
                heading,
                changes: vec![change],
            }),
        }
    }
    // Directories first, then rules, each in path order (already sorted).
    groups.sort_by_key(|g| (g.file, g.heading != "directories"));
    groups
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
