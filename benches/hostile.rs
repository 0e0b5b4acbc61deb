//! Inputs shaped to make a careless implementation quadratic, each at N and 4N: an
//! object with N members (validate, diff), a call with N empty argument slots
//! (validate), N secrets on one line (validate with masked snippets). Linear means the
//! time at 4N is about four times the time at N; quadratic would be sixteen.
//!
//! Run: `cargo bench --bench hostile`.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use divan::{Bencher, black_box};
use serde_json::{Value, json};
use synclens::diff::{DiffOptions, diff};
use synclens::load::{LoadOptions, Loaded, load_bytes};
use synclens::validate::{Options, validate_loaded};

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[10_000, 40_000];

fn load(text: &str) -> Loaded {
    load_bytes(
        Path::new("bench.json"),
        text.as_bytes().to_vec(),
        LoadOptions::default(),
    )
    .unwrap()
}

/// A small schema whose first attribute carries `members` unknown properties, and
/// whose first mapping's expression is `expression`.
fn schema(members: usize, changed: usize, expression: &str) -> String {
    let mut attributes = serde_json::Map::new();
    attributes.insert("name".into(), json!("mail"));
    attributes.insert("type".into(), json!("String"));
    for index in 0..members {
        let value = if index == changed { 0 } else { index };
        attributes.insert(format!("x{index}"), json!(value));
    }
    let schema = json!({
        "directories": [
            {"name": "Azure Active Directory", "objects": [{"name": "User", "attributes": [Value::Object(attributes)]}]},
            {"name": "customappsso", "objects": [{"name": "User", "attributes": [{"name": "emails", "type": "String"}]}]}
        ],
        "synchronizationRules": [{
            "id": "rule", "name": "rule", "sourceDirectoryName": "Azure Active Directory",
            "targetDirectoryName": "customappsso",
            "objectMappings": [{
                "name": "users", "enabled": true, "flowTypes": "Add, Update",
                "sourceObjectName": "User", "targetObjectName": "User",
                "attributeMappings": [{
                    "targetAttributeName": "emails", "matchingPriority": 1,
                    "source": {"expression": expression}
                }]
            }]
        }]
    });
    schema.to_string()
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn validate_object_with_n_members(bencher: Bencher, n: usize) {
    let loaded = load(&schema(n, usize::MAX, "[mail]"));
    let options = Options::default();
    bencher.bench(|| black_box(validate_loaded(&loaded, "bench.json", &options)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn diff_object_with_n_members(bencher: Bencher, n: usize) {
    let before = load(&schema(n, usize::MAX, "[mail]"));
    let after = load(&schema(n, n / 2, "[mail]"));
    let options = DiffOptions::default();
    bencher.bench(|| black_box(diff(&before, &after, &options)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn validate_call_with_n_empty_slots(bencher: Bencher, n: usize) {
    let expression = format!("Join(\"@\"{})", ", ".repeat(n));
    let loaded = load(&schema(0, usize::MAX, &expression));
    let options = Options::default();
    bencher.bench(|| black_box(validate_loaded(&loaded, "bench.json", &options)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn validate_n_secrets_on_one_line(bencher: Bencher, n: usize) {
    let pairs: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"key": "SecretToken", "value": "TOKEN{i:06}"}}"#))
        .collect();
    let loaded = load(&format!(r#"{{"value": [{}]}}"#, pairs.join(", ")));
    let options = Options::default();
    bencher.bench(|| black_box(validate_loaded(&loaded, "bench.json", &options)));
}
