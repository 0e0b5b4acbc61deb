//! PowerShell exports as users write them: Graph PowerShell SDK dumps (PascalCase keys,
//! `AdditionalProperties` bags, nulls, `TimeSpan` objects, bare arrays, Windows
//! PowerShell 5.1's UTF-16), dumps `ConvertTo-Json` cut off at its default depth
//! (S107), and validateCredentials bodies whose secrets never show.

use std::path::Path;

use serde_json::Value;
use synclens::load::{Encoding, LoadOptions, load_path};
use synclens::model::Kind;

use super::{root, run_in, synclens};

/// Each SDK dump fixture and the camelCase export it was written from.
const DUMPS: &[(&str, &str)] = &[
    (
        "testdata/valid/ad-to-entra-cloudsync.powershell.json",
        "testdata/valid/ad-to-entra-cloudsync.schema.json",
    ),
    (
        "testdata/valid/small-schema.powershell51-utf16le.json",
        "testdata/valid/small-schema.json",
    ),
    (
        "testdata/valid/job.powershell51-utf16le.json",
        "testdata/valid/job.json",
    ),
    (
        "testdata/valid/job-list.powershell.json",
        "testdata/valid/job-list.json",
    ),
    (
        "testdata/valid/template.powershell.json",
        "testdata/valid/template.json",
    ),
];

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

/// Every key of a JSON value, recursively.
fn keys(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                into.push(key.clone());
                keys(child, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| keys(item, into)),
        _ => {}
    }
}

/// The value without `null` members (Graph reads them as absent).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(_, child)| !child.is_null())
                .map(|(key, child)| (key.clone(), without_nulls(child)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[test]
fn sdk_dumps_load_as_the_kind_of_their_export() {
    for (dump, export) in DUMPS {
        let dumped = load_path(&root().join(dump), LoadOptions::default()).unwrap();
        let original = load_path(&root().join(export), LoadOptions::default()).unwrap();
        assert_eq!(dumped.kind(), original.kind(), "{dump}");
        let powershell = dumped.powershell.as_ref().expect(dump);
        assert!(
            powershell.sdk_dump && powershell.truncation.is_none(),
            "{dump}"
        );
        assert!(dumped.source.is_rewritten());
        // Nothing of the SDK's form is left in what the rest of synclens reads.
        let mut names = Vec::new();
        keys(&dumped.to_value(), &mut names);
        assert!(
            names
                .iter()
                .all(|key| !key.starts_with(|c: char| c.is_ascii_uppercase())),
            "{dump}: {names:?}"
        );
    }
}

#[test]
fn sdk_dumps_validate_like_their_exports() {
    for (dump, export) in DUMPS {
        let (code, stdout, stderr) = synclens(&["validate", "--format", "json", dump, export]);
        assert_eq!(code, 0, "{dump}: {stdout}{stderr}");
        let report = json(&stdout);
        let files = report["files"].as_array().unwrap();
        assert_eq!(files[0]["kind"], files[1]["kind"], "{dump}");
        // No S10x noise from the SDK's nulls, names or bags: the same findings as the
        // export (none).
        assert_eq!(files[0]["findings"], files[1]["findings"], "{dump}");
        assert_eq!(files[0]["findings"], serde_json::json!([]), "{dump}");
    }
}

#[test]
fn a_dump_and_its_export_have_no_changes_either_way() {
    for (dump, export) in DUMPS {
        for (old, new) in [(dump, export), (export, dump)] {
            let (code, stdout, stderr) = synclens(&["diff", "--format", "json", old, new]);
            assert_eq!(code, 0, "{stderr}");
            let report = json(&stdout);
            assert_eq!(report["changes"], serde_json::json!([]), "{old} -> {new}");
            let (_, human, _) = synclens(&["diff", old, new]);
            assert!(human.contains("no changes"), "{old} -> {new}: {human}");
        }
    }
}

#[test]
fn fmt_writes_a_dump_in_graphs_camel_case_form() {
    for (dump, export) in DUMPS {
        let (code, formatted, stderr) = synclens(&["fmt", "--stdout", dump]);
        assert_eq!(code, 0, "{dump}: {stderr}");
        let (_, expected, _) = synclens(&["fmt", "--stdout", export]);
        // The same document; the dump only adds nulls for what Graph did not send.
        let (mut formatted_value, mut expected_value) = (json(&formatted), json(&expected));
        if dump.contains("powershell51") && dump.contains("job") {
            // Windows PowerShell 5.1 writes dates to the millisecond: the status
            // block's 7-digit times come back shorter.
            for value in [&mut formatted_value, &mut expected_value] {
                value.as_object_mut().unwrap().remove("status");
            }
        }
        if dump.contains("job-list") {
            // A list cmdlet pages itself and writes the items only: the collection's
            // annotations (`@odata.context`, `@odata.nextLink`) are not in the dump.
            expected_value
                .as_object_mut()
                .unwrap()
                .retain(|key, _| !key.starts_with("@odata."));
        }
        assert_eq!(
            without_nulls(&formatted_value),
            without_nulls(&expected_value),
            "{dump}"
        );
        assert!(!formatted.contains("AdditionalProperties"), "{dump}");
        // The written form is canonical and no longer a PowerShell dump.
        let temp = tempfile::tempdir().unwrap();
        std::fs::write(temp.path().join("out.json"), &formatted).unwrap();
        let (code, _, stderr) = run_in(temp.path(), &["fmt", "--check", "out.json"], b"");
        assert_eq!(code, 0, "{dump}: {stderr}");
        let reloaded = load_path(&temp.path().join("out.json"), LoadOptions::default()).unwrap();
        assert!(reloaded.powershell.is_none(), "{dump}");
    }
}

#[test]
fn fmt_rewrites_a_dump_file_in_place() {
    let temp = tempfile::tempdir().unwrap();
    let target = temp.path().join("schema.json");
    std::fs::copy(
        root().join("testdata/valid/small-schema.powershell51-utf16le.json"),
        &target,
    )
    .unwrap();
    let (code, _, stderr) = run_in(temp.path(), &["fmt", "schema.json"], b"");
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("{\n  \"id\""), "{text}");
    let (code, _, stderr) = run_in(temp.path(), &["fmt", "--check", "schema.json"], b"");
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn windows_powershell_utf16_dumps_are_read() {
    for name in [
        "testdata/valid/small-schema.powershell51-utf16le.json",
        "testdata/valid/job.powershell51-utf16le.json",
    ] {
        let bytes = std::fs::read(root().join(name)).unwrap();
        assert_eq!(bytes.get(..2), Some(&[0xFF, 0xFE][..]), "{name}");
        let loaded = load_path(&root().join(name), LoadOptions::default()).unwrap();
        assert_eq!(loaded.encoding, Encoding::Utf16Le { bom: true });
        assert!(loaded.crlf);
    }
    // The job's TimeSpan object and `\/Date(…)\/` dates read as Graph's text.
    let job = load_path(
        &root().join("testdata/valid/job.powershell51-utf16le.json"),
        LoadOptions::default(),
    )
    .unwrap()
    .to_value();
    assert_eq!(job["schedule"]["interval"], "PT40M");
    assert_eq!(
        job["status"]["lastExecution"]["timeBegan"],
        "2024-03-14T09:00:03.123Z"
    );
    assert_eq!(
        job["status"]["lastSuccessfulExecution"]["timeBegan"],
        "0001-01-01T00:00:00Z"
    );
    let (code, stdout, _) = synclens(&[
        "inspect",
        "testdata/valid/small-schema.powershell51-utf16le.json",
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with(
            "testdata/valid/small-schema.powershell51-utf16le.json  (schema, utf-16le, PowerShell SDK dump)"
        ),
        "{stdout}"
    );
    let (_, stdout, _) = synclens(&[
        "inspect",
        "--format",
        "json",
        "testdata/valid/job-list.powershell.json",
    ]);
    let summary = json(&stdout);
    assert_eq!(summary["kind"], "job-list");
    assert_eq!(summary["form"], "powershell-sdk");
    assert_eq!(summary["jobs"].as_array().map(Vec::len), Some(2));
}

/// Writes a copy of a fixture with one edit, as the file a user would have.
fn edited(temp: &Path, fixture: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(root().join(fixture)).unwrap();
    assert!(text.contains(from), "{from}");
    let name = "edited.json";
    std::fs::write(temp.join(name), text.replacen(from, to, 1)).unwrap();
    name.to_owned()
}

#[test]
fn findings_in_a_dump_point_into_the_original_text() {
    let temp = tempfile::tempdir().unwrap();
    let name = edited(
        temp.path(),
        "testdata/valid/ad-to-entra-cloudsync.powershell.json",
        "\"TargetAttributeName\": \"City\"",
        "\"TargetAttributeName\": \"Cty\"",
    );
    let text = std::fs::read_to_string(temp.path().join(&name)).unwrap();
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(index, line)| {
            line.find("\"Cty\"")
                .map(|at| (index + 1, line[..at].chars().count() + 1))
        })
        .unwrap();
    let (code, stdout, _) = run_in(temp.path(), &["validate", "--format", "json", &name], b"");
    assert_eq!(code, 1);
    let report = json(&String::from_utf8(stdout).unwrap());
    let finding = &report["files"][0]["findings"][0];
    assert_eq!(finding["code"], "R203", "{report}");
    assert_eq!(finding["line"], line);
    assert_eq!(finding["column"], column);
    // The pointer names Graph's properties.
    let pointer = finding["pointer"].as_str().unwrap();
    assert!(
        pointer.starts_with("/synchronizationRules/0/objectMappings/")
            && pointer.ends_with("/targetAttributeName"),
        "{pointer}"
    );
    // The source line shown is the user's.
    let (_, human, _) = run_in(temp.path(), &["validate", &name], b"");
    let human = String::from_utf8(human).unwrap();
    assert!(
        human.contains(&format!("{name}:{line}:{column}: error[R203]"))
            && human.contains("\"TargetAttributeName\": \"Cty\","),
        "{human}"
    );
}

#[test]
fn a_change_in_a_dump_is_shown_at_its_line() {
    let temp = tempfile::tempdir().unwrap();
    let name = "edited.json";
    // Edited and written back as Windows PowerShell 5.1 writes it: UTF-16LE with BOM.
    let bytes = std::fs::read(root().join("testdata/valid/small-schema.powershell51-utf16le.json"))
        .unwrap();
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap();
    let edited = text.replacen("\"MatchingPriority\":  1", "\"MatchingPriority\":  2", 1);
    assert_ne!(text, edited);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(edited.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(temp.path().join(name), utf16).unwrap();
    let line = edited
        .lines()
        .position(|line| line.contains("\"MatchingPriority\":  2"))
        .unwrap()
        + 1;
    let (code, stdout, stderr) = run_in(
        temp.path(),
        &[
            "diff",
            "--format",
            "json",
            &root()
                .join("testdata/valid/small-schema.json")
                .display()
                .to_string(),
            name,
        ],
        b"",
    );
    assert_eq!(code, 0, "{stderr}");
    let report = json(&String::from_utf8(stdout).unwrap());
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{report}");
    assert_eq!(changes[0]["newLine"], line, "{report}");
    assert!(
        changes[0]["newPointer"]
            .as_str()
            .unwrap()
            .ends_with("/matchingPriority"),
        "{report}"
    );
}

#[test]
fn a_truncated_dump_is_one_s107_finding() {
    let (code, stdout, _) = synclens(&[
        "validate",
        "--format",
        "json",
        "testdata/invalid/S107-truncated-powershell-dump.json",
        "testdata/invalid/S107-truncated-rest-dump.json",
    ]);
    assert_eq!(code, 1);
    let report = json(&stdout);
    let sdk = &report["files"][0];
    assert_eq!(sdk["kind"], "schema");
    let findings = sdk["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding["code"], "S107");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["pointer"], "/directories/0");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(3), Some(5))
    );
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("3 value(s)")
            && message
                .contains("Microsoft.Graph.PowerShell.Models.MicrosoftGraphDirectoryDefinition")
            && message.contains("and 2 more"),
        "{message}"
    );
    assert!(
        finding["help"]
            .as_str()
            .unwrap()
            .contains("ConvertTo-Json -Depth 100")
    );
    assert!(finding["help"].as_str().unwrap().contains("synclens fetch"));

    // Invoke-RestMethod's PSCustomObjects: no S102 for the values it explains; the
    // setting values inside `@{…}` are never shown.
    let rest = &report["files"][1];
    assert_eq!(rest["kind"], "job");
    let codes: Vec<&str> = rest["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["S107"], "{rest}");
    assert!(rest["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("6 value(s) are text such as \"@{activityIdentifier=…; countEntitled=…; countExported=…; error=…}\""));
    let (_, human, _) = synclens(&["validate", "testdata/invalid/S107-truncated-rest-dump.json"]);
    assert!(human.contains("error[S107]"), "{human}");
    assert!(!human.contains("countEntitled=12"), "{human}");
    assert!(human.contains("\"lastExecution\": \"********\""), "{human}");
}

#[test]
fn s107_can_be_configured_like_any_rule() {
    let (code, stdout, _) = synclens(&[
        "validate",
        "--allow",
        "truncated-powershell-dump",
        "--format",
        "json",
        "testdata/invalid/S107-truncated-powershell-dump.json",
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(json(&stdout)["files"][0]["findings"], serde_json::json!([]));
}

#[test]
fn fmt_and_diff_refuse_a_truncated_dump() {
    let fixture = "testdata/invalid/S107-truncated-powershell-dump.json";
    let (code, _, stderr) = synclens(&["fmt", "--check", fixture]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cut off by ConvertTo-Json's depth limit")
            && stderr.contains("S107-truncated-powershell-dump.json:3:5"),
        "{stderr}"
    );
    let (code, _, stderr) = synclens(&["diff", fixture, "testdata/valid/small-schema.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ConvertTo-Json -Depth 100"), "{stderr}");
    let (code, stdout, _) =
        synclens(&["inspect", "testdata/invalid/S107-truncated-rest-dump.json"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("cut off by ConvertTo-Json's depth limit: 6 value(s) lost"),
        "{stdout}"
    );
}

#[test]
fn credentials_bodies_are_their_own_kind() {
    let loaded = load_path(
        &root().join("testdata/valid/credentials.json"),
        LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(loaded.kind(), Kind::Credentials);
    let (code, stdout, _) = synclens(&["schema", "credentials"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        std::fs::read_to_string(root().join("schemas/credentials.schema.json")).unwrap()
    );
    let (code, stdout, _) = synclens(&[
        "inspect",
        "--kind",
        "credentials",
        "testdata/valid/credentials.json",
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("credentials (2; values not shown)"),
        "{stdout}"
    );
    assert!(stdout.contains("SecretToken (set)"), "{stdout}");
}

const CREDENTIAL: &str = "eyJGQUtFIjoidG9rZW4ifQ.fixture-not-a-real-credential-0001";

#[test]
fn credential_values_never_appear_in_any_output() {
    for format in ["human", "json", "sarif", "github", "junit"] {
        let (code, stdout, stderr) = synclens(&[
            "validate",
            "--format",
            format,
            "testdata/valid/credentials.json",
        ]);
        assert_eq!(code, 0, "{format}");
        assert!(stdout.contains("X801"), "{format}: {stdout}");
        assert!(
            !stdout.contains(CREDENTIAL) && !stderr.contains(CREDENTIAL),
            "{format}: {stdout}"
        );
    }
    let (_, stdout, _) = synclens(&["validate", "testdata/valid/credentials.json"]);
    assert!(stdout.contains("\"value\": \"********\""), "{stdout}");
    for format in ["human", "json"] {
        let (code, stdout, stderr) = synclens(&[
            "inspect",
            "--format",
            format,
            "testdata/valid/credentials.json",
        ]);
        assert_eq!(code, 0);
        assert!(
            !stdout.contains(CREDENTIAL) && !stderr.contains(CREDENTIAL),
            "{stdout}"
        );
    }
}

#[test]
fn a_credential_on_a_line_another_finding_shows_is_masked() {
    // One line: an unknown property's snippet shows the line that holds the token,
    // also when X801 itself is not reported.
    let temp = tempfile::tempdir().unwrap();
    let body = format!(
        r#"{{"templateId": "scim", "credentials": [{{"key": "SecretToken", "value": "{CREDENTIAL}"}}], "useSavedCredential": true}}"#
    );
    std::fs::write(temp.path().join("body.json"), body).unwrap();
    for allow in [&[][..], &["--allow", "X801"][..]] {
        let mut arguments = vec!["validate"];
        arguments.extend(allow);
        arguments.push("body.json");
        let (code, stdout, stderr) = run_in(temp.path(), &arguments, b"");
        let stdout = String::from_utf8(stdout).unwrap();
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("warning[S104]"), "{stdout}");
        assert!(!stdout.contains(CREDENTIAL), "{stdout}");
        assert!(stdout.contains("\"value\": \"********\""), "{stdout}");
    }
}

#[test]
fn diff_of_credentials_bodies_shows_no_value() {
    let temp = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(root().join("testdata/valid/credentials.json")).unwrap();
    let new = old
        .replace(
            CREDENTIAL,
            "eyJGQUtFIjoidG9rZW4ifQ.fixture-not-a-real-credential-0002",
        )
        .replace(
            "\"useSavedCredentials\": false",
            "\"useSavedCredentials\": true",
        );
    std::fs::write(temp.path().join("old.json"), &old).unwrap();
    std::fs::write(temp.path().join("new.json"), &new).unwrap();
    for format in ["human", "markdown", "json"] {
        let (code, stdout, _) = run_in(
            temp.path(),
            &["diff", "--format", format, "old.json", "new.json"],
            b"",
        );
        let stdout = String::from_utf8(stdout).unwrap();
        assert_eq!(code, 0);
        assert!(
            stdout.contains("secret `SecretToken` changed (values are never shown)"),
            "{format}: {stdout}"
        );
        assert!(stdout.contains("useSavedCredentials"), "{format}: {stdout}");
        assert!(
            !stdout.contains("fixture-not-a-real-credential"),
            "{format}: {stdout}"
        );
    }
}
