//! The JSON Schema of the diff report (`schemas/diff-report.schema.json`).

use serde_json::Value;

/// The JSON Schema of [`super::DiffReport`], as committed.
pub fn report_schema() -> Value {
    crate::schema_gen::output_schema::<super::DiffReport>(
        "The report `synclens diff --format json` prints.",
    )
}
