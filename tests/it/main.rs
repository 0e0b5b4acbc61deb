//! Integration tests: loading every fixture and real sample, round trips, generated
//! schemas, and the `synclens` binary as a user runs it.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod expr;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use synclens::load::{LoadOptions, load_path};
use synclens::model::Kind;

mod architecture;
#[cfg(feature = "fetch")]
mod deploy;
mod diff;
mod eval;
#[cfg(feature = "fetch")]
mod fetch;
mod fidelity;
mod fmt;
mod formats;
mod git;
mod help;
mod hostile;
#[cfg(feature = "fetch")]
mod hostile_fetch;
mod identity;
mod inspect;
mod load_errors;
mod output;
mod population;
mod powershell;
mod preview;
mod readme;
mod reference_examples;
mod robustness;
mod test_files;
mod validate;
#[cfg(unix)]
mod workflows;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

/// The real samples beside the repository, when present.
fn samples() -> Option<PathBuf> {
    let folder = root().join("../shared/samples");
    if folder.is_dir() {
        Some(folder)
    } else {
        eprintln!("note: ../shared/samples not found; sample tests skipped");
        None
    }
}

fn assert_round_trip(path: &Path) {
    let loaded = load_path(path, LoadOptions::default())
        .unwrap_or_else(|e| panic!("{} fails to load: {e}", path.display()));
    assert_eq!(
        loaded.document.to_value(),
        loaded.to_value(),
        "{} does not round-trip",
        path.display()
    );
}

#[test]
fn every_valid_fixture_loads_and_round_trips() {
    let valid = files(&root().join("testdata/valid"));
    assert!(valid.len() >= 10);
    for path in valid {
        assert_round_trip(&path);
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        assert_ne!(loaded.kind(), Kind::Unknown, "{}", path.display());
    }
}

#[test]
fn every_valid_sample_loads_and_round_trips() {
    let Some(folder) = samples() else { return };
    let invalid_json = [
        "INVALID-JSON",
        "trailing-comma",
        "pseudojson",
        "JS-style",
        "request-replace",
    ];
    for path in files(&folder) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if invalid_json.iter().any(|marker| name.contains(marker)) {
            let error = load_path(&path, LoadOptions::default()).expect_err(&name);
            let message = error.to_string();
            assert!(!message.contains('\n'), "{message}");
            assert!(error.location.is_some(), "{message}");
        } else {
            assert_round_trip(&path);
        }
    }
}

#[test]
fn the_utf16_sample_equals_its_utf8_conversion() {
    let Some(folder) = samples() else { return };
    let utf16 = load_path(
        &folder.join("use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json"),
        LoadOptions::default(),
    )
    .unwrap();
    let utf8 = load_path(
        &folder.join("use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json"),
        LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(utf16.kind(), Kind::Schema);
    assert_eq!(utf16.to_value(), utf8.to_value());
    assert!(utf16.crlf);
}

#[test]
fn every_broken_fixture_fails_with_a_located_one_line_error() {
    let broken = files(&root().join("testdata/broken"));
    assert!(broken.len() >= 10);
    for path in broken {
        let error = load_path(&path, LoadOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{} loaded", path.display()));
        let message = error.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(!message.contains('\n'), "{message}");
    }
}

#[test]
fn committed_output_schemas_are_up_to_date() {
    for (name, generated) in synclens::schemas::output_schemas() {
        let path = root().join("schemas").join(&name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `cargo run -- schema --write`",
            path.display()
        );
    }
}

#[test]
fn committed_schemas_are_up_to_date() {
    for kind in synclens::schema_gen::SCHEMA_KINDS {
        let path = root()
            .join("schemas")
            .join(synclens::schema_gen::file_name(kind));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = synclens::schema_gen::schema_text(kind).unwrap();
        assert!(
            committed == generated,
            "{} is stale: run `cargo run -- schema --write`",
            path.display()
        );
    }
}

#[test]
fn every_kind_has_a_schema_a_committed_file_and_a_command_line_name() {
    // Every list of kinds is read from the one table, model::kind::KINDS: each row
    // needs a command-line name the CLI accepts and, but for `unknown`, a committed
    // schema file that exists, is the one embedded, and equals the generated schema.
    let table = &synclens::model::kind::KINDS;
    assert_eq!(table.map(|row| row.kind), Kind::ALL);
    let with_schema: Vec<Kind> = table
        .iter()
        .filter(|row| row.schema.is_some())
        .map(|row| row.kind)
        .collect();
    assert_eq!(synclens::schema_gen::SCHEMA_KINDS.to_vec(), with_schema);
    let mut expected: Vec<String> = table
        .iter()
        .filter_map(|row| row.schema.map(|schema| schema.file_name.to_owned()))
        .chain(
            synclens::schemas::output_schemas()
                .into_iter()
                .map(|(name, _)| name),
        )
        .collect();
    expected.sort();
    let mut committed: Vec<String> = std::fs::read_dir(root().join("schemas"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    assert_eq!(committed, expected, "schemas/ and the kinds disagree");
    for row in table {
        let kind = row.kind;
        assert_eq!(row.name.parse::<Kind>(), Ok(kind));
        assert_eq!(kind.as_str(), row.name);
        match row.schema {
            Some(schema) => {
                assert_ne!(kind, Kind::Unknown);
                assert_eq!(synclens::schema_gen::file_name(kind), schema.file_name);
                let on_disk =
                    std::fs::read_to_string(root().join("schemas").join(schema.file_name))
                        .unwrap_or_default();
                assert!(
                    on_disk == schema.committed,
                    "{}: embedded copy is stale",
                    schema.file_name
                );
                assert_eq!(
                    synclens::schema_gen::schema_text(kind).as_deref(),
                    Some(schema.committed),
                    "{kind}: run `cargo run -- schema --write`"
                );
            }
            None => assert_eq!(kind, Kind::Unknown, "{kind} has no schema"),
        }
        let (code, _, stderr) = synclens(&[
            "inspect",
            "--kind",
            row.name,
            "testdata/valid/small-schema.json",
        ]);
        assert_ne!(code, 2, "--kind {kind}: {stderr}");
        if kind != Kind::Unknown {
            let (code, stdout, stderr) = synclens(&["schema", row.name]);
            assert_eq!(code, 0, "schema {kind}: {stderr}");
            assert!(
                stdout.contains(&format!("synclens kind `{kind}`")),
                "{kind}"
            );
        }
    }
}

fn synclens(arguments: &[&str]) -> (i32, String, String) {
    outcome(
        Command::new(env!("CARGO_BIN_EXE_synclens"))
            .args(arguments)
            .current_dir(root())
            .env("NO_COLOR", "1"),
    )
}

/// Runs the binary in `folder` with `stdin`; returns (exit code, stdout, stderr).
fn run_in(folder: &Path, arguments: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_synclens"))
        .args(arguments)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs a command to its end: exit code (-1 for a signal), stdout, stderr.
fn outcome(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The arrays whose elements are matched by identity (diff and fmt do not care about
/// their order).
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

/// Shuffles, with `rng`, every array below `value` held by a member named in `keys`.
/// Iterative: depth never matters.
fn shuffle_arrays(value: &mut serde_json::Value, keys: &[&str], rng: &mut Lcg) {
    use serde_json::Value;
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if keys.contains(&key.as_str())
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

/// A deterministic pseudo-random generator (Knuth's MMIX LCG, high bits): no
/// dependency needed for shuffling and mutating test inputs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap() % n.max(1)
    }
}

#[test]
fn inspect_exit_codes() {
    let (code, stdout, _) = synclens(&["inspect", "testdata/valid/workday-to-ad.schema.json"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Workday -> Active Directory"), "{stdout}");
    let (code, _, stderr) = synclens(&[
        "inspect",
        "testdata/valid/job.json",
        "testdata/broken/trailing-comma.json",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("trailing-comma.json:"), "{stderr}");
    let (code, _, _) = synclens(&["inspect"]);
    assert_eq!(code, 2);
}

#[test]
fn inspect_json_lines_have_the_documented_fields() {
    let (code, stdout, _) = synclens(&[
        "inspect",
        "--format",
        "json",
        "testdata/valid/entra-to-scim.schema.json",
        "testdata/valid/job.json",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "schema");
    assert!(lines[0]["directories"][0]["objects"][0]["attributeCount"].is_u64());
    assert!(lines[0]["rules"][0]["objectMappings"][0]["attributeMappingCount"].is_u64());
    assert_eq!(lines[1]["kind"], "job");
    assert!(lines[1]["schedule"]["interval"].is_string());
    assert!(lines[1]["status"]["code"].is_string());
}

fn validator(kind: Kind) -> jsonschema::Validator {
    let schema = synclens::schema_gen::schema_for(kind).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

#[test]
fn generated_schemas_accept_real_documents_and_reject_wrong_types() {
    let mut paths = files(&root().join("testdata/valid"));
    if let Some(folder) = samples() {
        paths.extend(files(&folder));
    }
    let mut checked = 0;
    for path in paths {
        let Ok(loaded) = load_path(&path, LoadOptions::default()) else {
            continue;
        };
        let name = path.display().to_string();
        // Documented placeholders that are model-invalid by design (PROVENANCE.md).
        if name.contains("truncated-placeholders")
            || name.contains("type-template-placeholders")
            || name.contains("INVALID-MODEL")
        {
            continue;
        }
        if loaded.kind() == Kind::Unknown {
            continue;
        }
        let errors: Vec<String> = validator(loaded.kind())
            .iter_errors(&loaded.to_value())
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        checked += 1;
    }
    assert!(checked >= 10);
    let wrong = serde_json::json!({"synchronizationRules": [{"sourceDirectoryName": "a", "targetDirectoryName": "b",
        "objectMappings": [{"sourceObjectName": "u", "targetObjectName": "U",
            "attributeMappings": [{"targetAttributeName": "x", "matchingPriority": "high"}]}]}]});
    assert!(!validator(Kind::Schema).is_valid(&wrong));
}

#[test]
fn every_committed_schema_has_its_id_and_the_toml_schema_checks_synclens_toml() {
    for entry in std::fs::read_dir(root().join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            schema["$id"],
            format!("urn:synclens:schemas:{name}"),
            "{name}"
        );
    }
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/synclens-toml.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // The README's example holds; a misspelt key and a wrong type do not.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("  ```toml\n").unwrap() + "  ```toml\n".len();
    let end = start + readme[start..].find("  ```").unwrap();
    let example: String = readme[start..end]
        .lines()
        .map(|line| line.strip_prefix("  ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    let config: serde_json::Value = basic_toml::from_str(&example).unwrap();
    assert!(validator.is_valid(&config), "{example}");
    synclens::validate::Policy::from_toml(&example).unwrap();
    for bad in [
        "deny-warning = true",
        "allow = \"S104\"",
        "[[ignore]]\npointer = \"/a\"",
    ] {
        let config: serde_json::Value = basic_toml::from_str(bad).unwrap();
        assert!(!validator.is_valid(&config), "{bad}");
        assert!(synclens::validate::Policy::from_toml(bad).is_err(), "{bad}");
    }
}
