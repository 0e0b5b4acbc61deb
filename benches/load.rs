//! Load throughput: synclens's full load (decode, source map scan, kind detection,
//! typed model read from the text) next to a bare `serde_json::from_slice::<Value>`
//! of the same bytes.
//!
//! Inputs: every schema in testdata/valid, and the largest real sample
//! (`../shared/samples/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json`)
//! when that folder exists. Run: `cargo bench --bench load`.

#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use synclens::load::{LoadOptions, load_bytes};

fn main() {
    divan::main();
}

const SAMPLE: &str =
    "../shared/samples/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json";

fn inputs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = vec![(
        "testdata-cloudsync".to_owned(),
        root.join("testdata/valid/ad-to-entra-cloudsync.schema.json"),
    )];
    let sample = root.join(SAMPLE);
    if sample.exists() {
        inputs.push(("sample2-utf8".to_owned(), sample));
    } else {
        eprintln!("note: {SAMPLE} not found; benchmarking testdata only");
    }
    inputs
}

fn bytes_of(name: &str) -> Vec<u8> {
    let (_, path) = inputs()
        .into_iter()
        .find(|(input, _)| input == name)
        .unwrap_or_else(|| inputs().remove(0));
    std::fs::read(path).expect("benchmark input is readable")
}

#[divan::bench(args = ["testdata-cloudsync", "sample2-utf8"])]
fn synclens_load(bencher: Bencher, name: &str) {
    let bytes = bytes_of(name);
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .with_inputs(|| bytes.clone())
        .bench_values(|bytes| {
            black_box(
                load_bytes(Path::new("bench.json"), bytes, LoadOptions::default()).expect("loads"),
            )
        });
}

#[divan::bench(args = ["testdata-cloudsync", "sample2-utf8"])]
fn serde_json_value(bencher: Bencher, name: &str) {
    let bytes = bytes_of(name);
    bencher.counter(BytesCount::of_slice(&bytes)).bench(|| {
        black_box(serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("parses"))
    });
}

/// The stages of a load, to see where its time goes.
mod stages {
    use divan::counter::BytesCount;
    use divan::{Bencher, black_box};
    use synclens::load::SourceMap;
    use synclens::model::{Document, Kind};

    #[divan::bench(args = ["sample2-utf8"])]
    fn source_map(bencher: Bencher, name: &str) {
        let bytes = super::bytes_of(name);
        let text = String::from_utf8(bytes).expect("UTF-8 input");
        bencher
            .counter(BytesCount::of_str(&text))
            .with_inputs(|| text.clone())
            .bench_values(|text| black_box(SourceMap::build(text).expect("scans")));
    }

    #[divan::bench(args = ["sample2-utf8"])]
    fn typed_from_text(bencher: Bencher, name: &str) {
        let bytes = super::bytes_of(name);
        let text = String::from_utf8(bytes).expect("UTF-8 input");
        bencher
            .counter(BytesCount::of_str(&text))
            .bench(|| black_box(Document::from_text(Kind::Schema, &text).expect("reads")));
    }
}
