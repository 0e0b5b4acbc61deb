//! Validate throughput next to the bare load of the same bytes: synclens's load,
//! then the full validation (structural JSON Schema pass and every semantic rule)
//! on an already loaded document, both together, and a file validated through the
//! library entry point `synclens validate` runs (`validate_paths`, one thread).
//!
//! Input: the largest real sample
//! (`../shared/samples/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json`)
//! when that folder exists, else the largest schema in testdata/valid.
//! Run: `cargo bench --bench validate`.

#![allow(clippy::print_stderr)]

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use synclens::load::{LoadOptions, Loaded, load_bytes};
use synclens::validate::{Options, PathOptions, validate_loaded, validate_paths};

fn main() {
    divan::main();
}

const SAMPLE: &str =
    "../shared/samples/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json";

fn input_path() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join(SAMPLE);
    if sample.exists() {
        sample
    } else {
        eprintln!("note: {SAMPLE} not found; benchmarking testdata instead");
        root.join("testdata/valid/ad-to-entra-cloudsync.schema.json")
    }
}

fn input() -> Vec<u8> {
    std::fs::read(input_path()).expect("benchmark input is readable")
}

fn load(bytes: Vec<u8>) -> Loaded {
    load_bytes(Path::new("bench.json"), bytes, LoadOptions::default()).expect("loads")
}

#[divan::bench]
fn load_only(bencher: Bencher) {
    let bytes = input();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .with_inputs(|| bytes.clone())
        .bench_values(|bytes| black_box(load(bytes)));
}

#[divan::bench]
fn validate_loaded_document(bencher: Bencher) {
    let bytes = input();
    let loaded = load(bytes.clone());
    let options = Options::default();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .bench(|| black_box(validate_loaded(black_box(&loaded), "bench.json", &options)));
}

#[divan::bench]
fn load_and_validate(bencher: Bencher) {
    let bytes = input();
    let options = Options::default();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .with_inputs(|| bytes.clone())
        .bench_values(|bytes| {
            let loaded = load(bytes);
            black_box(validate_loaded(&loaded, "bench.json", &options))
        });
}

#[divan::bench]
fn validate_file_path(bencher: Bencher) {
    let path = input_path();
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let options = PathOptions {
        threads: NonZeroUsize::new(1),
        ..PathOptions::default()
    };
    let paths = [path];
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| black_box(validate_paths(&paths, &options).expect("validates")));
}
