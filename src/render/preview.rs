//! `synclens preview`'s output: each object as it is previewed (a block for people, or
//! one JSON line), and the totals (for people, as JSON, as Markdown). [`PreviewFormat`]
//! names the formats. `diff --sample`'s words are in [`super::diff::sample`].

use std::fmt::Write as _;

use crate::choice::choices;
use crate::escape::controls;
use crate::preview::{ObjectPreview, PreviewSummary};
use crate::render::style::code_span;
use crate::text::{many, plural, thousands};

choices! {
    /// Output formats of `preview`.
    pub enum PreviewFormat {
        Human = "human": "A block per object: in scope or why not, and each target attribute's value",
        Jsonl = "jsonl": "One JSON object per sample object, one per line, as they are previewed",
        Markdown = "markdown": "The totals only, as Markdown for a pull-request comment or a wiki page",
        Json = "json": "The totals only, as one JSON object: scope, per target attribute, collisions",
    }
}

/// One object's preview in `format` (a whole line or block, newline included).
pub fn object(preview: &ObjectPreview, format: PreviewFormat) -> String {
    match format {
        PreviewFormat::Json | PreviewFormat::Markdown => String::new(),
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

/// The totals as Markdown (`--format markdown`): a table per target attribute, the
/// collisions as a list.
pub fn summary_markdown(summary: &PreviewSummary) -> String {
    let mut out = format!(
        "### synclens preview: {}\n\n",
        code_span(&summary.object_mapping)
    );
    let _ = writeln!(
        out,
        "{}: **{} in scope**, {} out of scope{}{}{}.\n",
        many(summary.objects, "object"),
        thousands(summary.in_scope),
        thousands(summary.out_of_scope),
        if summary.undecided > 0 {
            format!(", {} undecided", thousands(summary.undecided))
        } else {
            String::new()
        },
        if summary.with_errors > 0 {
            format!(
                "; {} with expression errors",
                thousands(summary.with_errors)
            )
        } else {
            String::new()
        },
        if summary.skipped > 0 {
            format!("; {} skipped", many(summary.skipped, "row"))
        } else {
            String::new()
        },
    );
    if !summary.targets.is_empty() {
        let _ = writeln!(
            out,
            "| Target attribute | Value | No value | Error |\n|---|---:|---:|---:|"
        );
        for (target, counts) in &summary.targets {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                code_span(target).replace('|', "\\|"),
                thousands(counts.value),
                thousands(counts.no_value),
                thousands(counts.error)
            );
        }
        out.push('\n');
    }
    if summary.collision_count > 0 {
        let _ = writeln!(
            out,
            "**{} of a target that must be unique** (the service would quarantine or merge \
             these objects):\n",
            many(summary.collision_count, "shared value")
        );
        for collision in &summary.collisions {
            let _ = writeln!(
                out,
                "- {} = {}: {} ({})",
                code_span(&collision.target),
                code_span(&serde_json::Value::from(collision.value.as_str()).to_string()),
                many(collision.count, "object"),
                collision
                    .objects
                    .iter()
                    .map(|object| code_span(object))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if summary.collision_count > summary.collisions.len() {
            let _ = writeln!(
                out,
                "- … and {} more",
                thousands(summary.collision_count - summary.collisions.len())
            );
        }
        out.push('\n');
    }
    for (row, why) in &summary.skipped_rows {
        let _ = writeln!(out, "- row {row} skipped: {}", code_span(why));
    }
    out
}
