//! The JSON Schema of mapping test files (`schemas/test-file.schema.json`).

use serde_json::Value;

/// The JSON Schema of [`super::TestFile`], as committed.
pub fn file_schema() -> Value {
    crate::schema_gen::output_schema::<super::TestFile>(
        "A mapping test file (`*.test.json`) that `synclens test` runs.",
    )
}
