//! `synclens preview`'s output: each object as it is previewed (a block for people, or
//! one JSON line), and the totals. [`PreviewFormat`] names the formats.

use std::fmt::Write as _;

use crate::choice::choices;
use crate::escape::controls;
use crate::preview::{Affected, ObjectPreview, PreviewSummary, SampleImpact};
use crate::render::style::code_span;
use crate::text::plural;

choices! {
    /// Output formats of `preview`.
    pub enum PreviewFormat {
        Human = "human": "A block per object: in scope or why not, and each target attribute's value",
        Jsonl = "jsonl": "One JSON object per sample object, one per line, as they are previewed",
        Json = "json": "The totals only, as one JSON object: scope, per target attribute, collisions",
    }
}

/// One object's preview in `format` (a whole line or block, newline included).
pub fn object(preview: &ObjectPreview, format: PreviewFormat) -> String {
    match format {
        PreviewFormat::Json => String::new(),
        PreviewFormat::Jsonl => {
            let value = serde_json::json!({
                "object": preview.object,
                "row": preview.row,
                "inScope": preview.in_scope,
                "scope": preview.scope,
                "target": preview.target,
                "errors": preview.errors,
            });
            // Serializing a JSON value cannot fail.
            let mut line = serde_json::to_string(&value).unwrap_or_default();
            line.push('\n');
            line
        }
        PreviewFormat::Human => {
            let mut out = String::new();
            let scope = match preview.in_scope {
                Some(true) => "in scope".to_owned(),
                Some(false) => "out of scope".to_owned(),
                None => "scope undecided".to_owned(),
            };
            let _ = writeln!(
                out,
                "{} (row {}): {scope}",
                controls(&preview.object),
                preview.row
            );
            for reason in &preview.scope {
                let _ = writeln!(out, "  because {}", controls(reason));
            }
            // Only what flows; the rest counted (JSON Lines lists every target).
            let mut silent = 0;
            for (target, value) in &preview.target {
                if value.is_null() {
                    silent += 1;
                } else {
                    let _ = writeln!(
                        out,
                        "  {} = {}",
                        controls(target),
                        controls(&value.to_string())
                    );
                }
            }
            if silent > 0 {
                let _ = writeln!(
                    out,
                    "  ({} not written: no value)",
                    plural(silent, "target attribute")
                );
            }
            for error in &preview.errors {
                let _ = writeln!(out, "  error: {}", controls(error));
            }
            out
        }
    }
}

/// The totals as one JSON object (`--format json`).
pub fn summary_json(summary: &PreviewSummary) -> String {
    // Serializing the summary (plain fields, string keys) cannot fail.
    let mut text = serde_json::to_string_pretty(summary).unwrap_or_default();
    text.push('\n');
    text
}

/// The totals, one line, then the collisions and the rows that were skipped.
pub fn summary(summary: &PreviewSummary) -> String {
    let mut out = format!(
        "{}: {} in scope, {} out of scope",
        plural(summary.objects, "object"),
        summary.in_scope,
        summary.out_of_scope
    );
    if summary.undecided > 0 {
        let _ = write!(out, ", {} undecided", summary.undecided);
    }
    if summary.with_errors > 0 {
        let _ = write!(out, "; {} with expression errors", summary.with_errors);
    }
    if summary.skipped > 0 {
        let _ = write!(out, "; {} skipped", plural(summary.skipped, "row"));
    }
    if !summary.object_mapping.is_empty() {
        let _ = write!(
            out,
            " (object mapping {})",
            controls(&summary.object_mapping)
        );
    }
    out.push('\n');
    if summary.collision_count > 0 {
        let _ = writeln!(
            out,
            "  {} of a target that must be unique (the service would quarantine or merge them):",
            plural(summary.collision_count, "shared value")
        );
        for collision in &summary.collisions {
            let _ = writeln!(
                out,
                "    {} = {}: {} ({})",
                controls(&collision.target),
                controls(&serde_json::Value::from(collision.value.as_str()).to_string()),
                plural(collision.count, "object"),
                collision
                    .objects
                    .iter()
                    .map(|object| controls(object).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    for (row, why) in &summary.skipped_rows {
        let _ = writeln!(out, "  row {row} skipped: {}", controls(why));
    }
    if summary.skipped > summary.skipped_rows.len() {
        let _ = writeln!(
            out,
            "  … and {} more",
            summary.skipped - summary.skipped_rows.len()
        );
    }
    out
}

/// How the impact is marked up: plain text for people, or Markdown for a pull-request
/// comment. One walk over the impact ([`impact`]) serves both.
struct Markup {
    /// Starts each item.
    item: &'static str,
    /// Before an item that removes or breaks something, and one that adds.
    alarm: &'static str,
    notice: &'static str,
    /// A name or value from the data, made safe to show.
    text: fn(&str) -> String,
    /// Emphasis.
    strong: fn(String) -> String,
    arrow: &'static str,
}

const HUMAN: Markup = Markup {
    item: "  ",
    alarm: "",
    notice: "",
    text: |text| controls(text).into_owned(),
    strong: |text| text,
    arrow: "->",
};

const MARKDOWN: Markup = Markup {
    item: "- ",
    alarm: "🔴 ",
    notice: "🟡 ",
    text: code_span,
    strong: |text| format!("**{text}**"),
    arrow: "→",
};

/// The objects of an [`Affected`]: `a, b, c` and how many more.
fn objects(affected: &Affected, markup: &Markup) -> String {
    let mut list: Vec<String> = affected
        .examples
        .iter()
        .map(|example| (markup.text)(&example.object))
        .collect();
    if affected.count > list.len() {
        list.push(format!("{} more", affected.count - list.len()));
    }
    list.join(", ")
}

/// The items of an impact, one line each.
fn impact_items(impact: &SampleImpact, markup: &Markup) -> String {
    let mut out = String::new();
    let Markup {
        item,
        alarm,
        notice,
        text,
        strong,
        arrow,
    } = *markup;
    if impact.is_empty() {
        let _ = writeln!(out, "{item}none of them is affected");
    }
    if impact.leaving_scope.count > 0 {
        let _ = writeln!(
            out,
            "{item}{alarm}{} (the service disables or deletes them): {}",
            strong(format!("{} leave scope", impact.leaving_scope.count)),
            objects(&impact.leaving_scope, markup)
        );
    }
    if impact.entering_scope.count > 0 {
        let _ = writeln!(
            out,
            "{item}{notice}{} enter scope (provisioned from the next cycle): {}",
            impact.entering_scope.count,
            objects(&impact.entering_scope, markup)
        );
    }
    for (target, affected) in &impact.changed {
        let examples: Vec<String> = affected
            .examples
            .iter()
            .map(|example| {
                format!(
                    "{}: {} {arrow} {}",
                    text(&example.object),
                    text(&example.old.to_string()),
                    text(&example.new.to_string())
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{item}{} changes for {}: {}",
            text(target),
            plural(affected.count, "object"),
            examples.join("; ")
        );
    }
    for collision in &impact.new_collisions {
        let shared: Vec<String> = collision
            .objects
            .iter()
            .map(|object| text(object))
            .collect();
        let _ = writeln!(
            out,
            "{item}{alarm}new collision: {} = {} for {} ({})",
            text(&collision.target),
            text(&serde_json::Value::from(collision.value.as_str()).to_string()),
            plural(collision.count, "object"),
            shared.join(", ")
        );
    }
    if impact.new_errors.count > 0 {
        let _ = writeln!(
            out,
            "{item}{alarm}{} now raise expression errors: {}",
            impact.new_errors.count,
            objects(&impact.new_errors, markup)
        );
    }
    out
}

/// `diff --sample`'s impact for people: a paragraph after the changes.
pub fn impact_human(impact: &SampleImpact) -> String {
    let mut out = format!(
        "impact on {} (object mapping {}",
        plural(impact.objects, "sample object"),
        controls(&impact.object_mapping)
    );
    if impact.skipped > 0 {
        let _ = write!(out, "; {} skipped", plural(impact.skipped, "row"));
    }
    out.push_str("):\n");
    out.push_str(&impact_items(impact, &HUMAN));
    out
}

/// `diff --sample`'s impact for a pull-request comment, above the change table.
pub fn impact_markdown(impact: &SampleImpact) -> String {
    let mut out = format!(
        "**Impact on {}** (object mapping {}):\n\n",
        plural(impact.objects, "sample object"),
        code_span(&impact.object_mapping)
    );
    out.push_str(&impact_items(impact, &MARKDOWN));
    out.push('\n');
    out
}
