//! JSON Schemas (draft 2020-12) generated from the models, one per document kind.
//!
//! The schemas describe types and are lenient where Graph evolves: unknown properties
//! and unknown enum strings are allowed (validate reports them as warnings), and only
//! properties a document is meaningless without are `required`. They are committed
//! under `schemas/` and a test fails when they are stale.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::model::Kind;
use crate::model::kind::KINDS;

/// The kinds that have a JSON Schema (every kind but `unknown`), in the order of
/// [`KINDS`], the table they are read from.
pub const SCHEMA_KINDS: [Kind; schema_count()] = {
    let mut kinds = [Kind::Unknown; schema_count()];
    let (mut row, mut next) = (0, 0);
    while row < KINDS.len() {
        if KINDS[row].schema.is_some() {
            kinds[next] = KINDS[row].kind;
            next += 1;
        }
        row += 1;
    }
    kinds
};

/// How many rows of [`KINDS`] have a schema.
const fn schema_count() -> usize {
    let (mut row, mut count) = (0, 0);
    while row < KINDS.len() {
        if KINDS[row].schema.is_some() {
            count += 1;
        }
        row += 1;
    }
    count
}

/// The file name of a kind's schema under `schemas/` (`job-list.schema.json`).
pub fn file_name(kind: Kind) -> String {
    match kind.schema() {
        Some(schema) => schema.file_name.to_owned(),
        None => format!("{}.schema.json", kind.as_str()),
    }
}

/// The JSON Schema of a document kind, or `None` for [`Kind::Unknown`].
pub fn schema_for(kind: Kind) -> Option<Value> {
    let schema = kind.schema()?;
    let mut value = (schema.generate)(settings()).to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "title".to_owned(),
            Value::from(format!(
                "Microsoft Graph {} (synclens kind `{kind}`)",
                schema.title
            )),
        );
    }
    Some(value)
}

/// The schema as committed: pretty-printed with a final newline.
pub fn schema_text(kind: Kind) -> Option<String> {
    let value = schema_for(kind)?;
    let mut text = serde_json::to_string_pretty(&value).ok()?;
    text.push('\n');
    Some(text)
}

/// The JSON Schemas of synclens's own machine-readable outputs, as (file name,
/// committed text): `validate-report.schema.json` for `validate --format json`,
/// `diff-report.schema.json` for `diff --format json`, and `test-file.schema.json` for
/// the mapping test files `synclens test` reads.
pub fn output_schemas() -> Vec<(String, String)> {
    let mut schemas = Vec::new();
    let mut value = generate::<crate::validate::ValidationReport>().to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "description".to_owned(),
            Value::from("The report `synclens validate --format json` prints."),
        );
    }
    if let Ok(mut text) = serde_json::to_string_pretty(&value) {
        text.push('\n');
        schemas.push(("validate-report.schema.json".to_owned(), text));
    }
    let mut value = generate::<crate::diff::DiffReport>().to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "description".to_owned(),
            Value::from("The report `synclens diff --format json` prints."),
        );
    }
    if let Ok(mut text) = serde_json::to_string_pretty(&value) {
        text.push('\n');
        schemas.push(("diff-report.schema.json".to_owned(), text));
    }
    let mut value = generate::<crate::testfile::TestFile>().to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "description".to_owned(),
            Value::from("A mapping test file (`*.test.json`) that `synclens test` runs."),
        );
    }
    if let Ok(mut text) = serde_json::to_string_pretty(&value) {
        text.push('\n');
        schemas.push(("test-file.schema.json".to_owned(), text));
    }
    schemas
}

fn generate<T: JsonSchema>() -> Schema {
    settings().into_generator().into_root_schema_for::<T>()
}

/// How every schema is generated: draft 2020-12, integers with their ranges.
fn settings() -> SchemaSettings {
    SchemaSettings::draft2020_12().with_transform(IntegerRanges)
}

/// Gives every `int32` / `int64` integer its range as `minimum` / `maximum`: `format`
/// is only an annotation for JSON Schema validators, so without a range a value Graph
/// rejects (`"matchingPriority": 3000000000`, an Int32) would pass.
#[derive(Debug, Clone)]
struct IntegerRanges;

impl schemars::transform::Transform for IntegerRanges {
    fn transform(&mut self, schema: &mut Schema) {
        let range = match schema.get("format").and_then(Value::as_str) {
            Some("int32") => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
            Some("int64") => Some((i64::MIN, i64::MAX)),
            _ => None,
        };
        if let (Some((minimum, maximum)), Some(object)) = (range, schema.as_object_mut()) {
            object.entry("minimum").or_insert(Value::from(minimum));
            object.entry("maximum").or_insert(Value::from(maximum));
        }
        schemars::transform::transform_subschemas(self, schema);
    }
}
