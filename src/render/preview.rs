//! `synclens preview`'s output: each object as it is previewed (a block for people, or
//! one JSON line), and the totals. [`PreviewFormat`] names the formats.

use std::fmt::Write as _;

use crate::choice::choices;
use crate::escape::controls;
use crate::preview::{ObjectPreview, PreviewSummary};
use crate::text::plural;

choices! {
    /// Output formats of `preview`.
    pub enum PreviewFormat {
        Human = "human": "A block per object: in scope or why not, and each target attribute's value",
        Jsonl = "jsonl": "One JSON object per sample object, one per line, as they are previewed",
    }
}

/// One object's preview in `format` (a whole line or block, newline included).
pub fn object(preview: &ObjectPreview, format: PreviewFormat) -> String {
    match format {
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

/// The totals, one line, then the rows that were skipped.
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
