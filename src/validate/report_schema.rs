//! The JSON Schema of the validation report (`schemas/validate-report.schema.json`).

use serde_json::Value;

/// The JSON Schema of [`super::ValidationReport`], as committed.
pub fn report_schema() -> Value {
    crate::schema_gen::output_schema::<super::ValidationReport>(
        "The report `synclens validate --format json` prints.",
    )
}
