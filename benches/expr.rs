//! Expression parsing throughput: every `expression` text of every attribute-mapping
//! node of the largest real sample
//! (`../shared/samples/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json`),
//! or of the Cloud Sync fixture in testdata/valid when the samples are absent. Reported
//! as expressions per second. Run: `cargo bench --bench expr`.

#![allow(clippy::print_stderr)]

use std::path::Path;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use synclens::expr::{Catalog, parse, print, to_source_tree};

fn main() {
    divan::main();
}

const SAMPLE: &str =
    "../shared/samples/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json";
const FALLBACK: &str = "testdata/valid/ad-to-entra-cloudsync.schema.json";

/// Every `expression` string of every object that has a `type` (mapping-source nodes).
fn expressions() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut path = root.join(SAMPLE);
    if !path.exists() {
        eprintln!("note: {SAMPLE} not found; benchmarking {FALLBACK}");
        path = root.join(FALLBACK);
    }
    let bytes = std::fs::read(&path).expect("benchmark input is readable");
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("input is JSON");
    let mut found = Vec::new();
    let mut stack = vec![&value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(object) => {
                if let (Some(serde_json::Value::String(text)), true) =
                    (object.get("expression"), object.contains_key("type"))
                {
                    found.push(text.clone());
                }
                stack.extend(object.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

#[divan::bench]
fn parse_all(bencher: Bencher) {
    let texts = expressions();
    let bytes: usize = texts.iter().map(String::len).sum();
    bencher
        .counter(ItemsCount::new(texts.len()))
        .counter(BytesCount::new(bytes))
        .bench(|| {
            for text in &texts {
                black_box(parse(black_box(text)).expect("sample expressions parse"));
            }
        });
}

#[divan::bench]
fn parse_print_and_build_tree(bencher: Bencher) {
    let texts = expressions();
    let catalog = Catalog::builtin();
    bencher.counter(ItemsCount::new(texts.len())).bench(|| {
        for text in &texts {
            let expr = parse(black_box(text)).expect("sample expressions parse");
            black_box(print(&expr));
            black_box(to_source_tree(&expr, &catalog).expect("sample functions are known"));
        }
    });
}
