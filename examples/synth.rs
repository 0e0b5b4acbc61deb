//! Writes a realistic synthetic synchronization schema of a given size, and
//! optionally an edited copy (k random attribute-mapping edits, arrays reordered),
//! for benchmarks and comparisons with other tools (`bench/compare.sh`).
//!
//! `cargo run --release --example synth -- <megabytes> <out.json> [<edits> <edited.json>]`

#![allow(clippy::print_stderr)]

#[path = "../benches/support/synth.rs"]
mod synth;

use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (Some(megabytes), Some(out)) = (
        arguments.first().and_then(|m| m.parse::<usize>().ok()),
        arguments.get(1),
    ) else {
        eprintln!("usage: synth <megabytes> <out.json> [<edits> <edited.json>]");
        return ExitCode::from(2);
    };
    // The generator's size is approximate; halve the target so the pretty-printed
    // file lands near the requested size.
    let original = synth::schema((megabytes << 20) / 2, 1);
    if let Err(error) = std::fs::write(out, synth::bytes(&original)) {
        eprintln!("cannot write {out}: {error}");
        return ExitCode::from(2);
    }
    if let (Some(edits), Some(edited_out)) = (
        arguments.get(2).and_then(|k| k.parse::<usize>().ok()),
        arguments.get(3),
    ) {
        let edited = synth::edited(&original, edits, 2);
        if let Err(error) = std::fs::write(edited_out, synth::bytes(&edited)) {
            eprintln!("cannot write {edited_out}: {error}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
