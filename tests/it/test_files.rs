//! `synclens test` as a user runs it: the shipped mapping test files pass, the failing
//! example fails with expected, actual and trace (human, JSON Lines and JUnit output
//! snapshotted), files that cannot be run exit 2 with the file and a JSON pointer,
//! folder walks find `*.test.json` and skip symbolic links, and every shipped test file
//! validates against the committed JSON Schema.

use std::path::Path;

use super::{root, run_in, synclens};

const PASSING: &str = "testdata/tests/ad-to-entra-cloudsync.test.json";
const FAILING: &str = "testdata/failing-tests/ad-to-entra-cloudsync.failing.test.json";

#[test]
fn the_shipped_test_files_pass() {
    let (code, stdout, stderr) = synclens(&["test", "testdata/tests"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains(PASSING), "{stdout}");
    assert!(
        stdout.ends_with("ok: 11 passed, 0 failed (2 files)\n"),
        "{stdout}"
    );
}

#[test]
fn a_failing_case_shows_expected_actual_and_trace() {
    let (code, stdout, stderr) = synclens(&["test", FAILING]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, "");
    insta::assert_snapshot!("test_files_human", stdout);
}

#[test]
fn json_output_is_one_report_per_file() {
    let (code, stdout, _) = synclens(&["test", "--format", "json", PASSING, FAILING]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["passed"], 7);
    assert_eq!(lines[0]["failed"], 0);
    let failing = serde_json::to_string_pretty(&lines[1]).unwrap();
    insta::assert_snapshot!("test_files_json", failing);
}

#[test]
fn junit_output_has_a_suite_per_file_and_a_case_per_case() {
    let (code, stdout, _) = synclens(&["test", "--format", "junit", PASSING, FAILING]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("test_files_junit", stdout);
}

fn write(folder: &Path, name: &str, text: &str) {
    std::fs::write(folder.join(name), text).unwrap();
}

#[test]
fn a_file_that_cannot_be_run_exits_2_with_file_and_pointer() {
    let folder = tempfile::tempdir().unwrap();
    let schema = root().join("testdata/valid/ad-to-entra-cloudsync.schema.json");
    std::fs::copy(&schema, folder.path().join("schema.json")).unwrap();
    let cases = [
        (
            r#"{"schema": "schema.json", "cases": [{"name": "x", "objectMapping": "user -> User", "expect": {"Nope": "1"}}]}"#,
            "at /cases/0/expect/Nope: the object mapping has no attribute mapping to `Nope`",
        ),
        (
            r#"{"schema": "schema.json", "cases": [{"name": "x", "expression": "Trim([a])", "expect": 3}]}"#,
            "at /cases/0/expect: expected a string, a list of strings, null, or {\"error\": \"text of the error\"}",
        ),
        (
            r#"{"schema": "schema.json", "cases": [{"name": "x", "expression": "Trim([a])", "expect": {"error": 1}}]}"#,
            "at /cases/0/expect: expected a string, a list of strings, null, or {\"error\"",
        ),
        (
            r#"{"schema": "schema.json", "cases": [{"name": "x", "expression": "Trim([a]", "expect": "a"}]}"#,
            "at /cases/0/expression: the expression does not parse",
        ),
        (
            r#"{"schema": "schema.json", "cases": [{"name": "x", "expression": "[a]", "expect": "a", "except": 1}]}"#,
            "at /cases/0/except: unknown field `except`",
        ),
        (
            r#"{"schema": "missing.json", "cases": []}"#,
            "at /schema: cannot load the schema",
        ),
        (
            r#"{"schema": "schema.json", "cases": [{"name": "m", "objectMapping": "group -> Group"}]}"#,
            "at /cases/0/objectMapping: no object mapping `group -> Group` in the schema",
        ),
        (
            r#"{"schema": "schema.json", "now": "tomorrow", "cases": []}"#,
            "at /now: `tomorrow`: expected an RFC 3339 time",
        ),
        (r#"{"schema": "schema.json", "cases": [}"#, "not JSON"),
    ];
    for (text, message) in cases {
        write(folder.path(), "case.test.json", text);
        let (code, stdout, stderr) = run_in(folder.path(), &["test", "case.test.json"], b"");
        let stdout = String::from_utf8_lossy(&stdout);
        assert_eq!(code, 2, "{text}: {stdout}{stderr}");
        assert!(
            stdout.starts_with(&format!("case.test.json: error: {message}")),
            "{text}: {stdout}"
        );
    }
}

#[test]
fn folders_are_searched_for_test_files_only() {
    let folder = tempfile::tempdir().unwrap();
    let nested = folder.path().join("nested");
    std::fs::create_dir(&nested).unwrap();
    std::fs::copy(
        root().join("testdata/valid/ad-to-entra-cloudsync.schema.json"),
        folder.path().join("schema.json"),
    )
    .unwrap();
    write(
        &nested,
        "upper.test.json",
        r#"{"schema": "../schema.json", "cases": [{"name": "upper", "expression": "ToUpper([a])", "source": {"a": "x"}, "expect": "X"}]}"#,
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        nested.join("upper.test.json"),
        folder.path().join("link.test.json"),
    )
    .unwrap();
    let (code, stdout, stderr) = run_in(folder.path(), &["test"], b"");
    let stdout = String::from_utf8_lossy(&stdout);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.ends_with("ok: 1 passed, 0 failed (1 file)\n"),
        "{stdout}"
    );
    #[cfg(unix)]
    assert!(stderr.contains("a symbolic link"), "{stderr}");
    let empty = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_in(empty.path(), &["test"], b"");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no *.test.json file found"), "{stderr}");
}

#[test]
fn shipped_test_files_validate_against_the_committed_schema() {
    let text = std::fs::read_to_string(root().join("schemas/test-file.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let mut checked = 0;
    for folder in ["testdata/tests", "testdata/failing-tests"] {
        for entry in std::fs::read_dir(root().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if !path.to_string_lossy().ends_with(".test.json") {
                continue;
            }
            let document: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&document)
                .map(|error| format!("{}: {error}", error.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 2);
    let wrong = serde_json::json!({"schema": "s.json", "cases": [{"name": "x", "expression": "[a]", "expect": 1}]});
    assert!(!validator.is_valid(&wrong));
}
