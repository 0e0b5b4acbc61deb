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

/// The objects of an [`Affected`] for people: `a, b, c` and how many more.
fn objects(affected: &Affected) -> String {
    let mut list: Vec<String> = affected
        .examples
        .iter()
        .map(|example| controls(&example.object).into_owned())
        .collect();
    if affected.count > list.len() {
        list.push(format!("{} more", affected.count - list.len()));
    }
    list.join(", ")
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
    if impact.is_empty() {
        out.push_str("  none of them is affected\n");
    }
    if impact.leaving_scope.count > 0 {
        let _ = writeln!(
            out,
            "  {} leave scope (the service disables or deletes them): {}",
            impact.leaving_scope.count,
            objects(&impact.leaving_scope)
        );
    }
    if impact.entering_scope.count > 0 {
        let _ = writeln!(
            out,
            "  {} enter scope (provisioned from the next cycle): {}",
            impact.entering_scope.count,
            objects(&impact.entering_scope)
        );
    }
    for (target, affected) in &impact.changed {
        let _ = writeln!(
            out,
            "  {} changes for {}:",
            controls(target),
            plural(affected.count, "object")
        );
        for example in &affected.examples {
            let _ = writeln!(
                out,
                "    {}: {} -> {}",
                controls(&example.object),
                controls(&example.old.to_string()),
                controls(&example.new.to_string())
            );
        }
    }
    for collision in &impact.new_collisions {
        let _ = writeln!(
            out,
            "  new collision: {} = {} for {} ({})",
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
    if impact.new_errors.count > 0 {
        let _ = writeln!(
            out,
            "  {} now raise expression errors: {}",
            impact.new_errors.count,
            objects(&impact.new_errors)
        );
    }
    out
}

/// `diff --sample`'s impact for a pull-request comment, above the change table.
pub fn impact_markdown(impact: &SampleImpact) -> String {
    let mut out = format!(
        "**Impact on {}** (object mapping {}):\n\n",
        plural(impact.objects, "sample object"),
        code_span(&impact.object_mapping)
    );
    let spans = |affected: &Affected| {
        let mut list: Vec<String> = affected
            .examples
            .iter()
            .map(|example| code_span(&example.object))
            .collect();
        if affected.count > list.len() {
            list.push(format!("{} more", affected.count - list.len()));
        }
        list.join(", ")
    };
    if impact.is_empty() {
        out.push_str("- none of them is affected\n");
    }
    if impact.leaving_scope.count > 0 {
        let _ = writeln!(
            out,
            "- 🔴 **{} leave scope** (the service disables or deletes them): {}",
            impact.leaving_scope.count,
            spans(&impact.leaving_scope)
        );
    }
    if impact.entering_scope.count > 0 {
        let _ = writeln!(
            out,
            "- 🟡 {} enter scope: {}",
            impact.entering_scope.count,
            spans(&impact.entering_scope)
        );
    }
    for (target, affected) in &impact.changed {
        let examples: Vec<String> = affected
            .examples
            .iter()
            .map(|example| {
                format!(
                    "{} {} → {}",
                    code_span(&example.object),
                    code_span(&example.old.to_string()),
                    code_span(&example.new.to_string())
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "- {} changes for {}: {}",
            code_span(target),
            plural(affected.count, "object"),
            examples.join("; ")
        );
    }
    for collision in &impact.new_collisions {
        let _ = writeln!(
            out,
            "- 🔴 new collision: {} = {} for {} ({})",
            code_span(&collision.target),
            code_span(&collision.value),
            plural(collision.count, "object"),
            collision
                .objects
                .iter()
                .map(|object| code_span(object))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if impact.new_errors.count > 0 {
        let _ = writeln!(
            out,
            "- 🔴 {} now raise expression errors: {}",
            impact.new_errors.count,
            spans(&impact.new_errors)
        );
    }
    out.push('\n');
    out
}
