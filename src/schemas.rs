//! Every committed schema file under `schemas/`: one per document kind
//! ([`crate::schema_gen`]) and one per machine-readable output of synclens (generated
//! next to each report type). `synclens schema --write` writes them and a test checks
//! them. This module may depend on every report; nothing in the library imports it.

use crate::schema_gen::{SCHEMA_KINDS, committed_text, file_name, schema_id, schema_text};

/// The JSON Schemas of synclens's own machine-readable outputs, as (file name,
/// committed text): `validate-report.schema.json` for `validate --format json`,
/// `diff-report.schema.json` for `diff --format json`, and `test-file.schema.json` for
/// the mapping test files `synclens test` reads.
pub fn output_schemas() -> Vec<(String, String)> {
    [
        (
            "validate-report.schema.json",
            crate::validate::report_schema(),
        ),
        ("diff-report.schema.json", crate::diff::report_schema()),
        ("test-file.schema.json", crate::testfile::file_schema()),
        (
            "synclens-toml.schema.json",
            crate::validate::policy::config_schema(),
        ),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name.to_owned(), committed_text(&with_id(value, name))?)))
    .collect()
}

/// `value` with the `$id` of the file it is committed as.
fn with_id(mut value: serde_json::Value, file_name: &str) -> serde_json::Value {
    if let Some(object) = value.as_object_mut() {
        object.insert("$id".to_owned(), schema_id(file_name).into());
    }
    value
}

/// Every committed schema file, as (file name, committed text): the document kinds'
/// schemas, then [`output_schemas`].
pub fn all() -> Vec<(String, String)> {
    SCHEMA_KINDS
        .into_iter()
        .filter_map(|kind| Some((file_name(kind), schema_text(kind)?)))
        .chain(output_schemas())
        .collect()
}
