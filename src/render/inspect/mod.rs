//! `synclens inspect`'s output: each file's [`Summary`] as text for people
//! (`human`) or as one JSON object per line, and a file that failed to load as a JSON
//! line with its error. [`render`] dispatches on [`Format`].

mod human;

use serde::Serialize;

use super::Format;
use crate::inspect::Summary;
use crate::load::LoadError;

/// A failed file in JSON output.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FailedFile<'a> {
    path: String,
    error: ErrorReport<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorReport<'a> {
    message: String,
    line: Option<u32>,
    column: Option<u32>,
    pointer: Option<&'a str>,
}

/// One input's output: its summary, or for a file that failed to load nothing in
/// human output (the error goes to the error stream) and a JSON line saying why in
/// JSON output. `first` is whether it is the first input (human output separates
/// files with a blank line).
pub fn render(outcome: Result<&Summary, &LoadError>, format: Format, first: bool) -> String {
    match (outcome, format) {
        (Ok(summary), Format::Human) => {
            let mut out = String::new();
            if !first {
                out.push('\n');
            }
            human::render(&mut out, summary);
            // Names from documents may hold control characters.
            crate::escape::lines(&out).into_owned()
        }
        (Ok(summary), Format::Json) => json_line(summary),
        (Err(_), Format::Human) => String::new(),
        (Err(error), Format::Json) => json_line(&failed_file(error)),
    }
}

/// `value` as one line of JSON with its line break.
fn json_line<T: Serialize>(value: &T) -> String {
    // Serializing these plain structs cannot fail.
    let mut line = serde_json::to_string(value).unwrap_or_default();
    line.push('\n');
    line
}

fn failed_file(error: &LoadError) -> FailedFile<'_> {
    FailedFile {
        path: error.path.display().to_string(),
        error: ErrorReport {
            message: error.kind.to_string(),
            line: error.location.map(|l| l.line),
            column: error.location.map(|l| l.column),
            pointer: error.pointer.as_deref(),
        },
    }
}
