//! `synclens validate`'s CI formats: Azure Pipelines logging commands and their
//! escaping, GitLab Code Quality reports and their documented shape, and SARIF logs
//! checked against the official SARIF 2.1.0 JSON Schema (vendored under
//! testdata/sarif/).

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::OnceLock;

use super::{files, outcome, root, synclens};

/// A warning (M404), an error (U304), an info (S106) and a file without findings.
const INPUTS: [&str; 4] = [
    "testdata/invalid/U304-duplicate-target-attribute-mapping.json",
    "testdata/invalid/M404-anchor-count.json",
    "testdata/invalid/S106-new-enum-member.json",
    "testdata/valid/job.json",
];

fn run(format: &str, inputs: &[&str]) -> (i32, String) {
    let mut arguments = vec!["validate", "--format", format];
    arguments.extend(inputs);
    let (code, stdout, stderr) = synclens(&arguments);
    assert!(code == 0 || code == 1, "{format}: exit {code}: {stderr}");
    (code, stdout)
}

/// Every fixture with findings, and the broken ones (load errors).
fn every_fixture() -> Vec<String> {
    let mut paths = files(&root().join("testdata/invalid"));
    paths.extend(files(&root().join("testdata/broken")));
    paths
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Asserts that `text` is a SARIF log that the official SARIF 2.1.0 schema accepts.
pub(crate) fn assert_valid_sarif(text: &str) {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("testdata/sarif/sarif-schema-2.1.0.json"))
                .unwrap(),
        )
        .unwrap();
        jsonschema::validator_for(&schema).unwrap()
    });
    let log: serde_json::Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
}

#[test]
fn the_sarif_schema_is_the_official_one_and_rejects_what_it_should() {
    // The vendored file is the OASIS schema verbatim (draft-04, `id` of errata 01).
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_, sarif) = run("sarif", &INPUTS);
    let mut log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert!(validator.is_valid(&log));
    // The schema is really applied: a wrong column kind and a line 0 fail it.
    log["runs"][0]["columnKind"] = "characters".into();
    assert!(!validator.is_valid(&log));
    log["runs"][0]["columnKind"] = "unicodeCodePoints".into();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&log));
}

#[test]
fn sarif_logs_match_the_official_schema() {
    let (code, sarif) = run("sarif", &INPUTS);
    assert_eq!(code, 1);
    assert_valid_sarif(&sarif);
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");

    let fixtures = every_fixture();
    let inputs: Vec<&str> = fixtures.iter().map(String::as_str).collect();
    let (code, sarif) = run("sarif", &inputs);
    assert_eq!(code, 1);
    assert_valid_sarif(&sarif);
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert!(log["runs"][0]["results"].as_array().unwrap().len() >= inputs.len());

    let (code, sarif) = run("sarif", &["testdata/valid/job.json"]);
    assert_eq!(code, 0);
    assert_valid_sarif(&sarif);
}

#[test]
fn every_validate_format_on_the_same_findings() {
    // One snapshot per format the command line offers: a format added to the table
    // without a reviewed rendering fails here.
    use synclens::choice::Choice;
    use synclens::render::validate::ValidateFormat;
    for format in ValidateFormat::ALL {
        let (code, text) = run(format.name(), &INPUTS);
        assert_eq!(code, 1, "{}", format.name());
        // The version SARIF names changes with every release, not the rendering.
        let text = text.replace(
            &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
            "\"[VERSION]\"",
        );
        insta::assert_snapshot!(format!("validate-format-{}", format.name()), text);
    }
}

#[test]
fn azure_pipelines_issues() {
    let (code, azure) = run("azure", &INPUTS);
    assert_eq!(code, 1);
    // Infos (S106) are not issues.
    assert!(!azure.contains("S106"), "{azure}");
    insta::assert_snapshot!("azure", azure);
}

#[test]
fn azure_pipelines_escaping_keeps_one_command_per_finding() {
    let folder = tempfile::tempdir().unwrap();
    let fixture =
        std::fs::read_to_string(root().join("testdata/invalid/R203-unknown-target-attribute.json"))
            .unwrap();
    let hostile = r"a;b]c%0A\u001b[2J\r\n##vso[task.complete result=Failed]";
    assert!(fixture.contains("\"displayNme\""));
    let document = fixture.replace("\"displayNme\"", &format!("\"{hostile}\""));
    let name = "odd;name]100%.json";
    std::fs::write(folder.path().join(name), document).unwrap();
    let (code, stdout, stderr) = outcome(
        Command::new(env!("CARGO_BIN_EXE_synclens"))
            .args(["validate", "--format", "azure", name])
            .current_dir(folder.path())
            .env("NO_COLOR", "1"),
    );
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let line = lines[0];
    let prefix = "##vso[task.logissue type=error;sourcepath=odd%3Bname%5D100%AZP25.json;";
    assert!(line.starts_with(prefix), "{line}");
    // The properties end at the first `]`, after `code=`.
    let end = line.find(']').unwrap();
    assert!(line[..end].ends_with(";code=R203"), "{line}");
    let message = &line[end + 1..];
    assert!(
        message.contains("a%3Bb%5Dc%AZP250A\\u{1b}[2J%0D%0A##vso[task.complete result=Failed%5D"),
        "{message}"
    );
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\r'),
        "{stdout:?}"
    );
}

#[test]
fn gitlab_code_quality_report() {
    let (code, gitlab) = run("gitlab", &INPUTS);
    assert_eq!(code, 1);
    insta::assert_snapshot!("gitlab", gitlab);
}

/// The shape README.md documents (GitLab's Code Quality format): an array of
/// issues, each with exactly these fields, of these types.
#[test]
fn gitlab_code_quality_reports_have_the_documented_shape() {
    let fixtures = every_fixture();
    let inputs: Vec<&str> = fixtures.iter().map(String::as_str).collect();
    let (_, text) = run("gitlab", &inputs);
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    let issues = report.as_array().expect("an array");
    assert!(issues.len() >= inputs.len());
    let mut fingerprints = BTreeSet::new();
    let mut severities = BTreeSet::new();
    for issue in issues {
        let object = issue.as_object().expect("an object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "check_name",
                "description",
                "fingerprint",
                "location",
                "severity"
            ],
            "{issue}"
        );
        assert!(!issue["description"].as_str().unwrap().is_empty());
        let check = issue["check_name"].as_str().unwrap();
        assert!(
            synclens::validate::registry::lookup(check).is_some(),
            "{check}"
        );
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert!(
            fingerprint.len() == 32 && fingerprint.chars().all(|c| c.is_ascii_hexdigit()),
            "{fingerprint}"
        );
        assert!(
            fingerprints.insert(fingerprint.to_owned()),
            "{fingerprint} twice"
        );
        let severity = issue["severity"].as_str().unwrap();
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&severity),
            "{severity}"
        );
        severities.insert(severity.to_owned());
        let location = issue["location"].as_object().unwrap();
        assert_eq!(location.len(), 2, "{issue}");
        let path = location["path"].as_str().unwrap();
        assert!(
            inputs.contains(&path),
            "{path} is not relative to the repository"
        );
        let lines = location["lines"].as_object().unwrap();
        assert_eq!(lines.len(), 1, "{issue}");
        assert!(lines["begin"].as_u64().unwrap() >= 1);
    }
    // error → major, warning → minor, info → info.
    assert_eq!(
        severities.into_iter().collect::<Vec<_>>(),
        ["info", "major", "minor"]
    );
    let (code, empty) = run("gitlab", &["testdata/valid/job.json"]);
    assert_eq!((code, empty.as_str()), (0, "[]\n"));
}

#[test]
fn gitlab_fingerprints_survive_reordering_but_not_a_move_to_another_file() {
    let (_, one) = run("gitlab", &["testdata/invalid/M404-anchor-count.json"]);
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    let sarif = run("sarif", &["testdata/invalid/M404-anchor-count.json"]).1;
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    // Not SARIF's: GitLab fingerprints are unique across the whole report, so they
    // include the file.
    assert_ne!(
        one[0]["fingerprint"],
        sarif["runs"][0]["results"][0]["partialFingerprints"]["synclens/v2"]
    );
    let again = run("gitlab", &["testdata/invalid/M404-anchor-count.json"]).1;
    assert_eq!(
        one,
        serde_json::from_str::<serde_json::Value>(&again).unwrap()
    );
}
