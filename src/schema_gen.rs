//! JSON Schemas (draft 2020-12) generated from the models, one per document kind.
//!
//! The schemas describe types and are lenient where Graph evolves: unknown properties
//! and unknown enum strings are allowed (validate reports them as warnings), and only
//! properties a document is meaningless without are `required`. They are committed
//! under `schemas/` and a test fails when they are stale.
//!
//! This module depends on the model only: the schemas of synclens's own reports are
//! generated next to the report types (`validate::report_schema`,
//! `diff::report_schema`, `testfile::file_schema`) with [`output_schema`], and
//! [`crate::schemas`] lists every committed schema file.

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

/// The `$id` of a committed schema: a URN naming its file, the same wherever the
/// schemas are hosted or copied (editors map files to schemas by path or URL; the
/// `$id` says which schema a copy is).
pub fn schema_id(file_name: &str) -> String {
    format!("urn:synclens:schemas:{file_name}")
}

/// The JSON Schema of a document kind, or `None` for [`Kind::Unknown`].
pub fn schema_for(kind: Kind) -> Option<Value> {
    let schema = kind.schema()?;
    let mut value = (schema.generate)(settings()).to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("$id".to_owned(), Value::from(schema_id(schema.file_name)));
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
    committed_text(&schema_for(kind)?)
}

/// A type's JSON Schema as the committed schemas are generated: draft 2020-12, every
/// `int32` / `int64` with its range, and `description` set (for the schemas of
/// synclens's own reports, which live next to the report types).
pub fn output_schema<T: JsonSchema>(description: &str) -> Value {
    let mut value = generate::<T>().to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("description".to_owned(), Value::from(description));
    }
    value
}

/// A schema as committed: pretty-printed with a final newline.
pub fn committed_text(value: &Value) -> Option<String> {
    let mut text = serde_json::to_string_pretty(value).ok()?;
    text.push('\n');
    Some(text)
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
