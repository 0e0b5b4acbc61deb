//! Locations that survive reordering: findings carry identity paths, SARIF
//! fingerprints and baselines are built from them, and `[[ignore]]` entries written
//! with them keep matching after `synclens fmt` and after a new export reorders the
//! arrays.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{Lcg, ORDER_FREE, files, root, shuffle_arrays, synclens};

/// Shuffles every array whose order carries no meaning: identity-keyed arrays, plus
/// input filter groups, API expressions and attribute types (expression parameters and
/// operand values keep their order).
fn shuffle(value: &mut Value, rng: &mut Lcg) {
    shuffle_arrays(
        value,
        &[
            ORDER_FREE,
            &[
                "inputFilterGroups",
                "apiExpressions",
                "supportedAttributeTypes",
            ],
        ]
        .concat(),
        rng,
    );
}

/// Runs the binary in `folder`; returns (exit code, stdout, stderr).
fn run_in(folder: &Path, arguments: &[&str]) -> (i32, String, String) {
    super::outcome(
        std::process::Command::new(env!("CARGO_BIN_EXE_synclens"))
            .args(arguments)
            .current_dir(folder)
            .env("NO_COLOR", "1"),
    )
}

/// The SARIF fingerprints of the findings of `file` (run in `folder`), counted.
fn fingerprints(folder: &Path, file: &str) -> BTreeMap<String, usize> {
    let (_, stdout, stderr) = run_in(
        folder,
        &["validate", "--no-config", "--format", "sarif", file],
    );
    let sarif: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let mut counted = BTreeMap::new();
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let fingerprint = result["partialFingerprints"]["synclens/v2"]
            .as_str()
            .unwrap()
            .to_owned();
        *counted.entry(fingerprint).or_insert(0) += 1;
    }
    counted
}

/// The identity paths of the findings of `file`, with their codes, sorted.
fn identity_paths(folder: &Path, file: &str) -> Vec<String> {
    let (_, stdout, _) = run_in(
        folder,
        &["validate", "--no-config", "--format", "json", file],
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let mut paths: Vec<String> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["identityPath"].as_str().unwrap()
            )
        })
        .collect();
    paths.sort();
    paths
}

/// Rules that report the second of two elements in document order (a second anchor,
/// a second attribute mapping with the same matching priority): reordering changes
/// which element that is, so the finding moves to the other one, with its identity
/// path and fingerprint. (Duplicates of one key, U301–U305, keep theirs: both have
/// the same identity.)
const ORDER_DEPENDENT: &[&str] = &["M402", "M404"];

fn reordering_keeps(code: &str) -> bool {
    !ORDER_DEPENDENT.contains(&code)
}

#[test]
fn findings_have_identity_paths() {
    let mut lines = Vec::new();
    for fixture in [
        "testdata/invalid/M404-anchor-count.json",
        "testdata/invalid/U304-duplicate-target-attribute-mapping.json",
        "testdata/invalid/R203-unknown-target-attribute.json",
        "testdata/invalid/F601-unknown-operator.json",
        "testdata/invalid/J701-invalid-schedule-interval.json",
    ] {
        let (_, stdout, _) = synclens(&["validate", "--no-config", "--format", "json", fixture]);
        let report: Value = serde_json::from_str(&stdout).unwrap();
        for finding in report["files"][0]["findings"].as_array().unwrap() {
            lines.push(format!(
                "{} {}\n  {}",
                finding["code"].as_str().unwrap(),
                finding["pointer"].as_str().unwrap(),
                finding["identityPath"].as_str().unwrap()
            ));
        }
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn fingerprints_survive_fmt_and_shuffled_arrays() {
    let folder = tempfile::tempdir().unwrap();
    let mut rng = Lcg(2024);
    let mut compared = 0;
    let mut failures = Vec::new();
    for fixture in files(&root().join("testdata/invalid")) {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let code = name.split('-').next().unwrap_or_default().to_owned();
        let text = std::fs::read_to_string(&fixture).unwrap();
        let Ok(mut value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        std::fs::write(folder.path().join("original.json"), &text).unwrap();
        let before = fingerprints(folder.path(), "original.json");
        let (_, formatted, _) = run_in(folder.path(), &["fmt", "--stdout", "original.json"]);
        if !reordering_keeps(&code) {
            continue;
        }
        if !formatted.trim().is_empty() {
            std::fs::write(folder.path().join("formatted.json"), &formatted).unwrap();
            if fingerprints(folder.path(), "formatted.json") != before {
                failures.push(format!(
                    "{name}: changed by fmt:\n{:?}\n{:?}",
                    identity_paths(folder.path(), "original.json"),
                    identity_paths(folder.path(), "formatted.json"),
                ));
            }
        }
        shuffle(&mut value, &mut rng);
        let shuffled = serde_json::to_string_pretty(&value).unwrap();
        std::fs::write(folder.path().join("shuffled.json"), shuffled).unwrap();
        if fingerprints(folder.path(), "shuffled.json") != before {
            failures.push(format!(
                "{name}: changed by shuffling:\n{:?}\n{:?}",
                identity_paths(folder.path(), "original.json"),
                identity_paths(folder.path(), "shuffled.json"),
            ));
        }
        compared += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 30, "only {compared} fixtures compared");
}

#[test]
fn fingerprints_of_a_real_export_survive_shuffling() {
    let folder = tempfile::tempdir().unwrap();
    let fixture = root().join("testdata/invalid/U304-duplicate-target-attribute-mapping.json");
    let mut value: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    std::fs::write(folder.path().join("a.json"), value.to_string()).unwrap();
    let before = fingerprints(folder.path(), "a.json");
    assert!(!before.is_empty());
    let mut rng = Lcg(99);
    for _ in 0..5 {
        shuffle(&mut value, &mut rng);
        std::fs::write(folder.path().join("b.json"), value.to_string()).unwrap();
        assert_eq!(fingerprints(folder.path(), "b.json"), before);
    }
}

/// A folder with `exports/schema.json` (the M404 fixture: two anchors) and a
/// `synclens.toml` beside `exports/`.
fn project(config: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("exports")).unwrap();
    std::fs::copy(
        root().join("testdata/invalid/M404-anchor-count.json"),
        folder.path().join("exports/schema.json"),
    )
    .unwrap();
    std::fs::write(folder.path().join("synclens.toml"), config).unwrap();
    folder
}

const BY_IDENTITY: &str = "deny-warnings = true\n\
    [[ignore]]\n\
    code = \"M404\"\n\
    path = \"exports/*.json\"\n\
    path-in-document = \"directories[customappsso]/objects[*:User]\"\n";

#[test]
fn ignores_by_identity_path_match_after_fmt_and_reordering() {
    let folder = project(BY_IDENTITY);
    let (code, stdout, stderr) = run_in(folder.path(), &["validate", "exports/schema.json"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stderr.contains("matched no finding"), "{stderr}");

    let (code, _, stderr) = run_in(folder.path(), &["fmt", "exports/schema.json"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run_in(folder.path(), &["validate", "exports/schema.json"]);
    assert_eq!(code, 0, "after fmt: {stdout}{stderr}");

    let path = folder.path().join("exports/schema.json");
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if let Some(directories) = value["directories"].as_array_mut() {
        directories.reverse();
    }
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let (code, stdout, stderr) = run_in(folder.path(), &["validate", "exports/schema.json"]);
    assert_eq!(code, 0, "after reordering: {stdout}{stderr}");

    // The same entry by pointer no longer matches: the directory moved.
    std::fs::write(
        folder.path().join("synclens.toml"),
        "deny-warnings = true\n[[ignore]]\ncode = \"M404\"\npointer = \"/directories/1\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run_in(folder.path(), &["validate", "exports/schema.json"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("matched no finding"), "{stderr}");
}

#[test]
fn an_ignore_that_matches_nothing_is_reported() {
    let folder = project(
        "[[ignore]]\ncode = \"M404\"\npath-in-document = \"directories[nowhere]\"\n\
         [[ignore]]\ncode = \"R203\"\npath = \"elsewhere/*.json\"\n",
    );
    let (code, _, stderr) = run_in(folder.path(), &["validate", "exports/schema.json"]);
    assert_eq!(code, 0);
    // The second entry applies to files this run did not check: no note.
    insta::assert_snapshot!(stderr);

    std::fs::write(
        folder.path().join("synclens.toml"),
        "[[ignore]]\ncode = \"M404\"\npointer = \"/a\"\npath-in-document = \"a\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run_in(folder.path(), &["validate", "exports/schema.json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("both `pointer` and `path-in-document`"),
        "{stderr}"
    );
}

#[test]
fn ignore_globs_are_relative_to_the_config_folder() {
    let folder = project(BY_IDENTITY);
    // Run from inside `exports/`: the path as given is `schema.json`, which
    // `exports/*.json` matches only relative to the folder of synclens.toml.
    let exports = folder.path().join("exports");
    let (code, stdout, stderr) = run_in(&exports, &["validate", "schema.json"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // From elsewhere, with --config and an absolute path: the same.
    let other = tempfile::tempdir().unwrap();
    let config = folder.path().join("synclens.toml");
    let schema = exports.join("schema.json");
    let (code, stdout, stderr) = run_in(
        other.path(),
        &[
            "validate",
            "--config",
            &config.to_string_lossy(),
            &schema.to_string_lossy(),
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    // A file outside the glob is not covered.
    std::fs::copy(&schema, folder.path().join("schema.json")).unwrap();
    let (code, _, _) = run_in(folder.path(), &["validate", "schema.json"]);
    assert_eq!(code, 1);
}

#[test]
fn a_baseline_reports_only_new_findings() {
    let folder = tempfile::tempdir().unwrap();
    let exports = folder.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    for (fixture, name) in [
        (
            "U304-duplicate-target-attribute-mapping.json",
            "schema.json",
        ),
        ("M404-anchor-count.json", "anchors.json"),
    ] {
        std::fs::copy(
            root().join("testdata/invalid").join(fixture),
            exports.join(name),
        )
        .unwrap();
    }
    let (code, _, _) = run_in(folder.path(), &["validate", "--no-config", "exports"]);
    assert_eq!(code, 1, "the fixtures have findings");

    let (code, stdout, stderr) = run_in(
        folder.path(),
        &[
            "validate",
            "--format",
            "json",
            "--write-baseline",
            "baseline.json",
            "exports",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("wrote 2 baseline entries"), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{stdout}");
    assert_eq!(report["summary"]["warnings"], 0, "{stdout}");
    let baseline = std::fs::read_to_string(folder.path().join("baseline.json")).unwrap();
    insta::assert_snapshot!("baseline", baseline);

    // Nothing new, also after fmt and reordering.
    let (code, _, stderr) = run_in(folder.path(), &["fmt", "exports/schema.json"]);
    assert_eq!(code, 0, "{stderr}");
    let path = exports.join("schema.json");
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if let Some(directories) = value["directories"].as_array_mut() {
        directories.reverse();
    }
    let text = serde_json::to_string_pretty(&value).unwrap();
    std::fs::write(&path, &text).unwrap();
    let (code, stdout, stderr) = run_in(
        folder.path(),
        &["validate", "--baseline", "baseline.json", "exports"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stderr.contains("2 of 2 entries matched a finding, 0 gone"),
        "{stderr}"
    );

    // An added error is the only finding reported.
    let broken = text.replacen(
        "\"targetAttributeName\": \"active\"",
        "\"targetAttributeName\": \"actve\"",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&path, broken).unwrap();
    let (code, stdout, stderr) = run_in(
        folder.path(),
        &[
            "validate",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
            "exports",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let codes: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| file["findings"].as_array().unwrap())
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["R203"], "{stdout}");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 0);

    // The baseline's file paths are relative to its folder: from another folder, the
    // same entries match.
    let (code, _, stderr) = run_in(
        &exports,
        &[
            "validate",
            "--baseline",
            "../baseline.json",
            "schema.json",
            "anchors.json",
        ],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("2 of 2 entries matched"), "{stderr}");

    // A broken baseline is a usage error.
    std::fs::write(
        folder.path().join("bad.json"),
        "{\"version\": 9, \"entries\": []}",
    )
    .unwrap();
    let (code, _, stderr) = run_in(
        folder.path(),
        &["validate", "--baseline", "bad.json", "exports"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("version 9"), "{stderr}");
}
