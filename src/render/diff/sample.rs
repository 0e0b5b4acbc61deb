//! `diff --sample` in words: what each change does to the sample (a line under the
//! change) and the totals ("37 users leave scope; 1,203 get a new displayName; 2 new
//! collisions"), for people and for a pull-request comment. One walk serves both;
//! [`Markup`] says how each is marked up.

use std::fmt::Write as _;

use crate::diff::sample::{ChangeSample, SampleSummary};
use crate::escape::controls;
use crate::preview::{Collision, ImpactExample};
use crate::render::style::code_span;
use crate::text::{many, plural, thousands};

/// How the words are marked up: plain text for people, Markdown for a comment.
pub(crate) struct Markup {
    /// Before a part that removes or breaks something.
    pub(crate) alarm: &'static str,
    /// A name or value from the data, made safe to show.
    pub(crate) text: fn(&str) -> String,
    /// Emphasis.
    pub(crate) strong: fn(String) -> String,
    /// Between an old and a new value.
    pub(crate) arrow: &'static str,
}

/// For a terminal.
pub(crate) const HUMAN: Markup = Markup {
    alarm: "",
    text: |text| controls(text).into_owned(),
    strong: |text| text,
    arrow: "->",
};

/// For a pull-request comment.
pub(crate) const MARKDOWN: Markup = Markup {
    alarm: "🔴 ",
    text: code_span,
    strong: |text| format!("**{text}**"),
    arrow: "→",
};

/// The noun for the sample's objects: its source object (`user`, `group`) when it is
/// a plain word, else `object`.
pub(crate) fn noun(summary: &SampleSummary) -> String {
    let source = &summary.source_object;
    if !source.is_empty() && source.chars().all(|c| c.is_ascii_alphabetic()) {
        source.to_ascii_lowercase()
    } else {
        "object".to_owned()
    }
}

/// The verb that agrees with `count`: `1 user leaves`, `2 users leave`.
fn agree(count: usize, one: &'static str, more: &'static str) -> &'static str {
    if count == 1 { one } else { more }
}

/// A JSON value as shown in an example.
fn value(value: &serde_json::Value, markup: &Markup) -> String {
    match value.get("error").and_then(serde_json::Value::as_str) {
        Some(message) => format!("error {}", (markup.text)(message)),
        None => (markup.text)(&value.to_string()),
    }
}

/// Examples of scope changes: the objects, and how many more.
fn objects(examples: &[&ImpactExample], count: usize, markup: &Markup) -> String {
    let mut list: Vec<String> = examples
        .iter()
        .map(|example| (markup.text)(&example.object))
        .collect();
    if count > list.len() {
        list.push(format!("{} more", thousands(count - list.len())));
    }
    list.join(", ")
}

/// Examples of values: `object: old -> new`, with the attribute when `named`.
fn values(examples: &[&ImpactExample], named: bool, markup: &Markup) -> String {
    examples
        .iter()
        .map(|example| {
            let attribute = match (&example.attribute, named) {
                (Some(attribute), true) => format!(" {}", (markup.text)(attribute)),
                _ => String::new(),
            };
            format!(
                "{}{attribute}: {} {} {}",
                (markup.text)(&example.object),
                value(&example.old, markup),
                markup.arrow,
                value(&example.new, markup)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One collision: `target = value for 2 users (a, b)`.
fn collision(collision: &Collision, noun: &str, markup: &Markup) -> String {
    let shared: Vec<String> = collision
        .objects
        .iter()
        .map(|object| (markup.text)(object))
        .collect();
    format!(
        "{} = {} for {} ({})",
        (markup.text)(&collision.target),
        (markup.text)(&serde_json::Value::from(collision.value.as_str()).to_string()),
        many(collision.count, noun),
        shared.join(", ")
    )
}

/// What one change does to the sample, in one line (no indentation, no newline).
pub(crate) fn change_line(sample: &ChangeSample, noun: &str, markup: &Markup) -> String {
    let Markup { alarm, strong, .. } = *markup;
    let is_scope = |example: &&ImpactExample, entering: bool| {
        example.attribute.is_none() && (example.new == serde_json::Value::Bool(true)) == entering
    };
    let is_error = |example: &&ImpactExample| example.new.get("error").is_some();
    let examples: Vec<&ImpactExample> = sample.examples.iter().collect();
    let named = {
        let mut attributes: Vec<&String> = examples
            .iter()
            .filter_map(|example| example.attribute.as_ref())
            .collect();
        attributes.dedup();
        attributes.len() > 1
    };
    let mut parts = Vec::new();
    if let Some(leaving) = sample.leaving.filter(|count| *count > 0) {
        let shown: Vec<&ImpactExample> = examples
            .iter()
            .copied()
            .filter(|example| is_scope(example, false))
            .collect();
        parts.push(format!(
            "{alarm}{} (disabled or deleted): {}",
            strong(format!(
                "{} {} scope",
                many(leaving, noun),
                agree(leaving, "leaves", "leave")
            )),
            objects(&shown, leaving, markup)
        ));
    }
    if let Some(entering) = sample.entering.filter(|count| *count > 0) {
        let shown: Vec<&ImpactExample> = examples
            .iter()
            .copied()
            .filter(|example| is_scope(example, true))
            .collect();
        parts.push(format!(
            "{} {} scope: {}",
            many(entering, noun),
            agree(entering, "enters", "enter"),
            objects(&shown, entering, markup)
        ));
    }
    if let Some(changed) = sample.changed.filter(|count| *count > 0) {
        let shown: Vec<&ImpactExample> = examples
            .iter()
            .copied()
            .filter(|example| example.attribute.is_some() && !is_error(example))
            .collect();
        parts.push(format!(
            "{} {} another value: {}",
            many(changed, noun),
            agree(changed, "gets", "get"),
            values(&shown, named, markup)
        ));
    }
    if let Some(errors) = sample.errors.filter(|count| *count > 0) {
        let shown: Vec<&ImpactExample> = examples.iter().copied().filter(is_error).collect();
        parts.push(format!(
            "{alarm}{} now {} an expression error: {}",
            many(errors, noun),
            agree(errors, "raises", "raise"),
            values(&shown, named, markup)
        ));
    }
    for found in &sample.collisions {
        parts.push(format!(
            "{alarm}new collision: {}",
            collision(found, noun, markup)
        ));
    }
    if parts.is_empty() {
        return format!("no {noun} of the sample is affected");
    }
    parts.join("; ")
}

/// The totals in words: `37 users leave scope; 1,203 get a new displayName; 2 new
/// collisions`, the largest changes of value first.
pub(crate) fn sentence(summary: &SampleSummary, markup: &Markup) -> String {
    const TARGETS_NAMED: usize = 5;
    let noun = noun(summary);
    let mut parts = Vec::new();
    if summary.leaving_scope > 0 {
        parts.push((markup.strong)(format!(
            "{} {} scope",
            many(summary.leaving_scope, &noun),
            agree(summary.leaving_scope, "leaves", "leave")
        )));
    }
    if summary.entering_scope > 0 {
        parts.push(format!(
            "{} {} scope",
            many(summary.entering_scope, &noun),
            agree(summary.entering_scope, "enters", "enter")
        ));
    }
    let mut targets: Vec<(&String, &usize)> = summary.changed_by_target.iter().collect();
    targets.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    for (target, count) in targets.iter().take(TARGETS_NAMED) {
        parts.push(format!(
            "{} {} a new {}",
            thousands(**count),
            agree(**count, "gets", "get"),
            (markup.text)(target)
        ));
    }
    if targets.len() > TARGETS_NAMED {
        let more = targets.len() - TARGETS_NAMED;
        parts.push(format!(
            "{} more {}",
            plural(more, "target attribute"),
            agree(more, "changes", "change")
        ));
    }
    if summary.new_errors > 0 {
        parts.push(format!(
            "{} now {} expression errors",
            many(summary.new_errors, &noun),
            agree(summary.new_errors, "raises", "raise")
        ));
    }
    if summary.collisions > 0 {
        parts.push((markup.strong)(plural(summary.collisions, "new collision")));
    }
    if parts.is_empty() {
        return format!("no {noun} of the sample is affected");
    }
    parts.join("; ")
}

/// The totals for a terminal: the sample, the sentence, and what no change explains.
pub fn human(summary: &SampleSummary) -> String {
    let noun = noun(summary);
    let mut out = format!(
        "impact on {} (object mapping {}",
        many(summary.objects, &format!("sample {noun}")),
        controls(&summary.object_mapping)
    );
    if summary.skipped > 0 {
        let _ = write!(out, "; {} skipped", many(summary.skipped, "row"));
    }
    let _ = writeln!(out, "): {}", sentence(summary, &HUMAN));
    if let Some(unattributed) = &summary.unattributed {
        let _ = writeln!(
            out,
            "  not traced to one change: {}",
            change_line(unattributed, &noun, &HUMAN)
        );
    }
    out
}

/// The totals at the top of a pull-request comment.
pub fn markdown(summary: &SampleSummary) -> String {
    let noun = noun(summary);
    let mut out = format!(
        "**Impact on {}** (object mapping {}",
        many(summary.objects, &format!("sample {noun}")),
        code_span(&summary.object_mapping)
    );
    if summary.skipped > 0 {
        let _ = write!(out, "; {} skipped", many(summary.skipped, "row"));
    }
    let _ = writeln!(out, "): {}.\n", sentence(summary, &MARKDOWN));
    if let Some(unattributed) = &summary.unattributed {
        let _ = writeln!(
            out,
            "- not traced to one change: {}\n",
            change_line(unattributed, &noun, &MARKDOWN)
        );
    }
    out
}
