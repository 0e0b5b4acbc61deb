//! How cost grows with input size: load, validate, diff and fmt (canonical form) on
//! synthetic schemas of 1, 4, 16 and 64 MB (benches/support/synth.rs), and
//! expression parsing over every expression of each. Near-linear means the
//! MB/s column stays flat from 1 to 64 MB.
//!
//! Run: `cargo bench --bench scaling` (the 64 MB case needs a few GB of memory and
//! some minutes; `cargo bench --bench scaling -- 1 4 16` skips it).

#![allow(clippy::unwrap_used)]

#[path = "support/synth.rs"]
mod synth;

use std::path::Path;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use synclens::diff::DiffOptions;
use synclens::load::{LoadOptions, Loaded, load_bytes};
use synclens::validate::{Options, validate_loaded};

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1, 4, 16, 64];

/// An original document and its edited copy, as bytes.
type Pair = (Vec<u8>, Vec<u8>);

/// (original, edited) bytes per size, generated once.
fn inputs(megabytes: usize) -> &'static Pair {
    static CACHE: OnceLock<std::sync::Mutex<Vec<(usize, &'static Pair)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap();
    if let Some((_, pair)) = cache.iter().find(|(size, _)| *size == megabytes) {
        return pair;
    }
    let original = synth::schema((megabytes << 20) / 2, 1);
    let edited = synth::edited(&original, 50, 2);
    let pair: &'static Pair = Box::leak(Box::new((synth::bytes(&original), synth::bytes(&edited))));
    cache.push((megabytes, pair));
    pair
}

fn load(bytes: Vec<u8>) -> Loaded {
    load_bytes(Path::new("bench.json"), bytes, LoadOptions::default()).unwrap()
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn load_schema(bencher: Bencher, megabytes: usize) {
    let (bytes, _) = inputs(megabytes);
    bencher
        .counter(BytesCount::of_slice(bytes))
        .with_inputs(|| bytes.clone())
        .bench_values(|bytes| black_box(load(bytes)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn validate(bencher: Bencher, megabytes: usize) {
    let (bytes, _) = inputs(megabytes);
    let loaded = load(bytes.clone());
    let options = Options::default();
    bencher
        .counter(BytesCount::of_slice(bytes))
        .bench(|| black_box(validate_loaded(&loaded, "bench.json", &options)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn diff(bencher: Bencher, megabytes: usize) {
    let (old, new) = inputs(megabytes);
    let (before, after) = (load(old.clone()), load(new.clone()));
    let options = DiffOptions::default();
    bencher
        .counter(BytesCount::new(old.len() + new.len()))
        .bench(|| black_box(synclens::diff::diff(&before, &after, &options)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn fmt(bencher: Bencher, megabytes: usize) {
    let (bytes, _) = inputs(megabytes);
    let loaded = load(bytes.clone());
    bencher
        .counter(BytesCount::of_slice(bytes))
        .bench(|| black_box(synclens::canonical::canonical(&loaded.document)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn parse_expressions(bencher: Bencher, megabytes: usize) {
    let (bytes, _) = inputs(megabytes);
    let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let mut texts = Vec::new();
    let mut stack = vec![&value];
    while let Some(node) = stack.pop() {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(text)) = map.get("expression") {
                    texts.push(text.clone());
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    let total: usize = texts.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(total)).bench(|| {
        for text in &texts {
            let _ = black_box(synclens::expr::parse(text));
        }
    });
}
