//! Fuzz target for the loader: any bytes either load or fail with an error, never a
//! panic; whatever loads is validated, and its canonical form (what `synclens fmt`
//! writes) must load again as the same document and be stable.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use synclens::canonical::{canonical, canonicalize};
use synclens::load::{LoadOptions, load_bytes};
use synclens::model::Kind;
use synclens::validate::{Options, validate_loaded};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.json");
    let Ok(loaded) = load_bytes(path, data.to_vec(), LoadOptions::default()) else {
        return;
    };
    let _ = validate_loaded(&loaded, "fuzz.json", &Options::default());
    let kind = loaded.kind();
    if kind == Kind::Unknown {
        return;
    }
    let text = canonical(&loaded.document);
    let reloaded = load_bytes(
        path,
        text.clone().into_bytes(),
        LoadOptions { kind: Some(kind) },
    )
    .expect("the canonical form loads");
    let mut expected = loaded.document.clone();
    canonicalize(&mut expected);
    let mut again = reloaded.document.clone();
    canonicalize(&mut again);
    assert!(
        again == expected,
        "the canonical form reads back differently"
    );
    assert_eq!(
        canonical(&reloaded.document),
        text,
        "the canonical form is not stable"
    );
});
