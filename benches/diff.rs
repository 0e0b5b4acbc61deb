//! Diff time next to the time to load both files: the real before/after pair
//! (sample1 → sample2, when ../shared/samples exists) and two synthetic ~4 MB
//! schemas with 50 edits and reordered arrays. The diff itself should cost no more
//! than loading the two files. Run: `cargo bench --bench diff`.

#![allow(clippy::print_stderr, clippy::unwrap_used)]

#[path = "support/synth.rs"]
mod synth;

use std::path::Path;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use synclens::diff::{DiffOptions, diff};
use synclens::load::{LoadOptions, Loaded, load_bytes};

fn main() {
    divan::main();
}

fn pair(name: &str) -> (Vec<u8>, Vec<u8>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    if name == "real-pair" && root.exists() {
        return (
            std::fs::read(root.join("use-azuread-cloudsync-ad2aad-schema-sample1.json")).unwrap(),
            std::fs::read(root.join("use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json"))
                .unwrap(),
        );
    }
    if name == "real-pair" {
        eprintln!("note: ../shared/samples not found; using the synthetic pair");
    }
    let old = synth::schema(4 << 20, 1);
    let new = synth::edited(&old, 50, 2);
    (synth::bytes(&old), synth::bytes(&new))
}

fn load(bytes: Vec<u8>) -> Loaded {
    load_bytes(Path::new("bench.json"), bytes, LoadOptions::default()).unwrap()
}

#[divan::bench(args = ["real-pair", "synthetic-4mb"])]
fn load_both(bencher: Bencher, name: &str) {
    let (old, new) = pair(name);
    bencher
        .counter(BytesCount::new(old.len() + new.len()))
        .with_inputs(|| (old.clone(), new.clone()))
        .bench_values(|(old, new)| black_box((load(old), load(new))));
}

#[divan::bench(args = ["real-pair", "synthetic-4mb"])]
fn diff_only(bencher: Bencher, name: &str) {
    let (old, new) = pair(name);
    let size = old.len() + new.len();
    let (old, new) = (load(old), load(new));
    let options = DiffOptions::default();
    bencher
        .counter(BytesCount::new(size))
        .bench(|| black_box(diff(&old, &new, &options)));
}
