//! `synclens diff`: one fixture pair per change code (each triggers its code, every
//! format snapshotted), the real before/after pair, reordering is no change, random
//! edits are found, and the git external-diff mode.

use std::path::{Path, PathBuf};

use serde_json::Value;
use synclens::diff::{DiffOptions, DiffReport, change, diff_loaded};
use synclens::load::{LoadOptions, Loaded, load_bytes, load_path};

use super::{Lcg, files, root, samples, synclens};

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("testdata/diff"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The arguments of a case: `[extra flags..., old, new]`, relative to the root.
fn case_arguments(case: &Path) -> Vec<String> {
    let mut arguments: Vec<String> = std::fs::read_to_string(case.join("args"))
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let relative = case.strip_prefix(root()).unwrap();
    for side in ["old", "new"] {
        let file = relative.join(format!("{side}.json"));
        let side = if root().join(&file).exists() {
            file
        } else {
            relative.join(side)
        };
        arguments.push(side.to_string_lossy().replace('\\', "/"));
    }
    arguments
}

fn run(format: &str, arguments: &[String]) -> (i32, String) {
    let mut all = vec!["diff".to_owned(), "--format".to_owned(), format.to_owned()];
    all.extend(arguments.iter().cloned());
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = synclens(&all);
    assert_ne!(code, 2, "{stderr}");
    (code, stdout)
}

#[test]
fn every_change_code_has_a_case_that_triggers_it() {
    let cases = cases();
    for meta in change::registry() {
        let prefix = format!("{}-", meta.code);
        let case = cases
            .iter()
            .find(|c| {
                c.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&prefix)
            })
            .unwrap_or_else(|| panic!("no testdata/diff/{prefix}* case for {}", meta.code));
        let (_, json) = run("json", &case_arguments(case));
        let report: Value = serde_json::from_str(&json).unwrap();
        let codes: Vec<&str> = report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["code"].as_str())
            .collect();
        assert!(codes.contains(&meta.code), "{}: {codes:?}", case.display());
    }
}

#[test]
fn every_case_in_every_format() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let arguments = case_arguments(&case);
        let (_, human) = run("human", &arguments);
        let (_, markdown) = run("markdown", &arguments);
        let (_, json) = run("json", &arguments);
        let snapshot = format!(
            "$ synclens diff {}\n{human}\n--- markdown ---\n{markdown}\n--- json ---\n{json}",
            arguments.join(" ")
        );
        insta::assert_snapshot!(format!("case-{name}"), snapshot);
    }
}

fn load_text(text: &str) -> Loaded {
    load_bytes(
        Path::new("x.json"),
        text.as_bytes().to_vec(),
        LoadOptions::default(),
    )
    .unwrap()
}

fn report(old: &Loaded, new: &Loaded, options: &DiffOptions) -> DiffReport {
    let (changes, initial_cycle) = diff_loaded(old, new, None, options);
    DiffReport::new(changes, initial_cycle, options)
}

/// Shuffles every array whose order carries no meaning (identity-keyed arrays).
fn shuffle(value: &mut Value, rng: &mut Lcg) {
    const ORDER_FREE: &[&str] = &[
        "directories",
        "objects",
        "attributes",
        "attributeMappings",
        "objectMappings",
        "clauses",
        "groups",
        "metadata",
        "referencedObjects",
        "synchronizationJobSettings",
        "synchronizationRules",
    ];
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if ORDER_FREE.contains(&key.as_str())
                        && let Value::Array(items) = child
                    {
                        for i in (1..items.len()).rev() {
                            let j = rng.below(i + 1);
                            items.swap(i, j);
                        }
                    }
                    stack.push(child);
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn documents() -> Vec<PathBuf> {
    let mut documents = files(&root().join("testdata/valid"));
    if let Some(samples) = samples() {
        documents.push(samples.join("use-azuread-cloudsync-ad2aad-schema-sample1.json"));
        documents.push(samples.join("use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json"));
    }
    documents
}

#[test]
fn a_document_against_itself_or_reordered_has_no_changes() {
    let options = DiffOptions {
        all: true,
        ..DiffOptions::default()
    };
    let mut rng = Lcg(7);
    for path in documents() {
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        let same = report(&loaded, &loaded, &options);
        assert!(
            same.changes.is_empty(),
            "{}: {:?}",
            path.display(),
            same.changes
        );
        for _ in 0..3 {
            let mut value = loaded.to_value();
            shuffle(&mut value, &mut rng);
            let shuffled = load_text(&serde_json::to_string(&value).unwrap());
            let found = report(&loaded, &shuffled, &options);
            assert!(
                found.changes.is_empty(),
                "{}: {:?}",
                path.display(),
                found.changes
            );
        }
    }
}

#[test]
fn every_random_edit_is_found_where_it_was_made() {
    let mut rng = Lcg(42);
    for path in documents() {
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        let whole = loaded.to_value();
        let Some(rules) = whole["synchronizationRules"].as_array() else {
            continue;
        };
        let mappings: Vec<(usize, usize, usize)> = rules
            .iter()
            .enumerate()
            .flat_map(|(r, rule)| {
                rule["objectMappings"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .flat_map(move |(o, mapping)| {
                        (0..mapping["attributeMappings"].as_array().map_or(0, Vec::len))
                            .map(move |a| (r, o, a))
                    })
            })
            .collect();
        if mappings.is_empty() {
            continue;
        }
        for _ in 0..10 {
            let (r, o, a) = mappings[rng.below(mappings.len())];
            let pointer =
                format!("/synchronizationRules/{r}/objectMappings/{o}/attributeMappings/{a}");
            let mut value = loaded.to_value();
            let target = value
                .pointer(&format!("{pointer}/targetAttributeName"))
                .cloned();
            *value.pointer_mut(&format!("{pointer}/source")).unwrap() = serde_json::json!({
                "expression": "\"edited\"", "name": "edited", "parameters": [], "type": "Constant"
            });
            // Reorder too: the edit must still be found, and nothing else.
            shuffle(&mut value, &mut rng);
            let edited = load_text(&serde_json::to_string(&value).unwrap());
            let found = report(&loaded, &edited, &DiffOptions::default());
            assert_eq!(
                found.changes.len(),
                1,
                "{}: {:?}",
                path.display(),
                found.changes
            );
            let change = &found.changes[0];
            assert!(["T603", "T604"].contains(&change.code), "{change:?}");
            let target = target
                .and_then(|t| t.as_str().map(str::to_owned))
                .unwrap_or_default();
            let segment = synclens::diff::SemanticPath::root()
                .entry("attributeMappings", &target)
                .to_string();
            assert!(
                change.path.contains(&segment),
                "{} does not name {target}",
                change.path
            );
            assert_eq!(change.new, Some(Value::from("\"edited\"")));
        }
    }
}

#[test]
fn the_real_before_after_pair() {
    let Some(samples) = samples() else { return };
    let old = samples.join("use-azuread-cloudsync-ad2aad-schema-sample1.json");
    let new = samples.join("use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json");
    let (old, new) = (old.to_string_lossy(), new.to_string_lossy());
    let (code, human, _) = synclens(&[
        "diff",
        "--labels",
        "sample1,sample2",
        "--color",
        "never",
        &old,
        &new,
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("real-pair-human", human);
    let (_, json, _) = synclens(&["diff", "--format", "json", &old, &new]);
    let report: Value = serde_json::from_str(&json).unwrap();
    let by_path = |fragment: &str| {
        report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path"].as_str().unwrap().contains(fragment))
            .cloned()
            .unwrap_or_else(|| panic!("no change at {fragment}"))
    };
    // The three mapping changes PROVENANCE.md describes.
    assert_eq!(
        by_path("attributeMappings[AccountEnabled]")["new"],
        "\"True\""
    );
    assert_eq!(by_path("attributeMappings[UsageLocation]")["new"], "\"FR\"");
    let anchor = by_path("attributeMappings[SourceAnchor]");
    assert_eq!(anchor["code"], "T604");
    assert_eq!(
        anchor["new"],
        "IIF(IsPresent([mS-DS-ConsistencyGuid]), [mS-DS-ConsistencyGuid], [objectGUID])"
    );
    // The other real differences: removed object and disabled mapping, anchors.
    assert_eq!(
        by_path("objects[SyncCredentialsChangeItem]")["kind"],
        "removed"
    );
    assert_eq!(
        by_path("objectMappings[(none) -> SyncCredentialsChangeItem]")["impact"],
        "compatible"
    );
    assert_eq!(by_path("attributes[employeeID]/anchor")["code"], "A304");
    assert_eq!(report["summary"]["initialCycle"], true);
    // Version strings and annotations only with --all.
    let text = json.to_lowercase();
    assert!(
        !text.contains("\"version\"") && !text.contains("@odata"),
        "noise shown"
    );
    let (_, all, _) = synclens(&["diff", "--all", "--format", "json", &old, &new]);
    assert!(all.contains("directories@odata.context") && all.contains("N001"));
}

#[test]
fn fail_on_ignore_and_labels() {
    let case = root().join("testdata/diff/T602-attribute-mapping-removed");
    let arguments = case_arguments(&case);
    let with = |extra: &[&str]| {
        let mut all = vec!["diff"];
        all.extend(extra);
        all.extend(arguments.iter().map(String::as_str));
        synclens(&all)
    };
    assert_eq!(with(&[]).0, 0);
    assert_eq!(with(&["--fail-on", "breaking"]).0, 1);
    assert_eq!(with(&["--fail-on", "any"]).0, 1);
    let (code, out, _) = with(&[
        "--fail-on",
        "breaking",
        "--ignore",
        "rules[*]/objectMappings[*]/attributeMappings[displayName]",
    ]);
    assert_eq!(code, 0, "{out}");
    let (_, out, _) = with(&["--labels", "main,branch", "--color", "never"]);
    assert!(out.starts_with("--- old: main\n+++ new: branch\n"), "{out}");
    assert_eq!(
        synclens(&[
            "diff",
            "testdata/valid/job.json",
            "testdata/broken/trailing-comma.json"
        ])
        .0,
        2
    );
}

#[test]
fn git_external_diff_driver() {
    let old = "testdata/diff/T603-expression-changed/old.json";
    let new = "testdata/diff/T603-expression-changed/new.json";
    let hex = "0000000000000000000000000000000000000000";
    let (code, out, _) = synclens(&[
        "diff",
        "--color",
        "never",
        "schema.json",
        old,
        hex,
        "100644",
        new,
        hex,
        "100644",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("synclens diff schema.json\n"), "{out}");
    assert!(out.contains("T603"), "{out}");
    // Not a synchronization document: a plain unified diff, still exit 0.
    let (code, out, _) = synclens(&[
        "diff",
        "package.json",
        "Cargo.toml",
        hex,
        "100644",
        "README.md",
        hex,
        "100644",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("--- a/package.json") && out.contains("+++ b/package.json"),
        "{out}"
    );
    // Added file.
    let (code, out, _) = synclens(&[
        "diff",
        "new.json",
        "/dev/null",
        ".",
        ".",
        new,
        hex,
        "100644",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("new file"), "{out}");
}

#[test]
fn docs_changes_md_is_up_to_date() {
    let committed = std::fs::read_to_string(root().join("docs/changes.md")).unwrap_or_default();
    assert!(
        committed == change::changes_markdown(),
        "docs/changes.md is stale: run `cargo run -- explain --changes > docs/changes.md`"
    );
}

#[test]
fn json_report_matches_its_committed_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/diff-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for case in cases() {
        let (_, json) = run("json", &case_arguments(&case));
        let report: Value = serde_json::from_str(&json).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", case.display());
        for change in report["changes"].as_array().unwrap() {
            for field in ["code", "impact", "kind", "path", "message"] {
                assert!(!change[field].is_null(), "{field} missing");
            }
        }
    }
}

#[test]
fn a_document_and_its_formatted_form_have_no_changes() {
    // Default options: fmt also sorts lists inside job status blocks, which diff
    // treats as server-maintained and shows only with --all.
    let options = DiffOptions::default();
    for path in documents() {
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        let formatted = load_text(&synclens::canonical::canonical(&loaded.document));
        let found = report(&loaded, &formatted, &options);
        assert!(
            found.changes.is_empty(),
            "{}: {:?}",
            path.display(),
            found.changes
        );
    }
}
