//! Fuzz target for the semantic diff: the input holds two documents separated by
//! [`SEPARATOR`] (without one, the input is compared with itself); both are loaded and,
//! when both load, diffed both ways. No input may panic; a document compared with
//! itself has no changes, and so does a valid document (no error-level finding)
//! compared with its canonical form.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use synclens::canonical::canonical;
use synclens::diff::{DiffOptions, diff, diff_named};
use synclens::load::{LoadOptions, load_bytes};
use synclens::validate::{Options, Severity, validate_loaded};

/// Between the two documents of one input (`fuzz/seed.sh` writes seeds this way).
const SEPARATOR: &[u8] = b"\n@@synclens-fuzz-split@@\n";

fuzz_target!(|data: &[u8]| {
    let (old, new) = match data
        .windows(SEPARATOR.len())
        .position(|window| window == SEPARATOR)
    {
        Some(at) => (&data[..at], &data[at + SEPARATOR.len()..]),
        None => (data, data),
    };
    let load = |bytes: &[u8], name: &str| {
        load_bytes(Path::new(name), bytes.to_vec(), LoadOptions::default()).ok()
    };
    let (Some(old), Some(new)) = (load(old, "old.json"), load(new, "new.json")) else {
        return;
    };
    // Everything reported (server-maintained values too): no change may hide.
    let options = DiffOptions {
        all: true,
        ..DiffOptions::default()
    };
    let _ = diff_named(&old, &new, Some("fuzz.json"), &new.path, &options);
    let _ = diff_named(&new, &old, Some("fuzz.json"), &old.path, &options);
    let changes = diff(&old, &old, &options).changes;
    assert!(
        changes.is_empty(),
        "a document differs from itself: {changes:?}"
    );
    // Elements without an identity, or with the same identity, pair by position, and
    // fmt orders them by content: such a document (an error for validate) can differ.
    let valid = !validate_loaded(&old, "old.json", &Options::default())
        .findings
        .iter()
        .any(|finding| finding.severity == Severity::Error);
    if old.kind() != synclens::model::Kind::Unknown && valid {
        let text = canonical(&old.document);
        let canonical = load_bytes(
            Path::new("canonical.json"),
            text.into_bytes(),
            LoadOptions {
                kind: Some(old.kind()),
            },
        )
        .expect("the canonical form loads");
        let changes = diff(&old, &canonical, &options).changes;
        assert!(
            changes.is_empty(),
            "the canonical form differs: {changes:?}"
        );
    }
});
