//! `synclens preview` as a user runs it: a JSON Lines sample and a Windows PowerShell
//! (UTF-16, JSON array) export against the bundled Cloud Sync schema, human and JSON
//! Lines output, skipped rows, and the choice of the object mapping.

use super::{root, synclens};

const SCHEMA: &str = "testdata/valid/ad-to-entra-cloudsync.schema.json";
const SAMPLE: &str = "testdata/samples/ad-users.jsonl";

/// `synclens preview SCHEMA --sample <bytes written as NAME> EXTRA…` in a temporary
/// folder: exit code, stdout, stderr.
fn preview_bytes(bytes: &[u8], name: &str, extra: &[&str]) -> (i32, String, String) {
    let folder = tempfile::tempdir().unwrap();
    let sample = folder.path().join(name);
    std::fs::write(&sample, bytes).unwrap();
    let mut arguments = vec!["preview", SCHEMA, "--sample", sample.to_str().unwrap()];
    arguments.extend_from_slice(extra);
    synclens(&arguments)
}

#[test]
fn human_output_shows_scope_and_what_flows() {
    let (code, stdout, stderr) = synclens(&[
        "preview",
        SCHEMA,
        "--sample",
        SAMPLE,
        "--placeholder",
        "DomainFQDN=contoso.test",
    ]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("preview_human", stdout);
}

#[test]
fn json_lines_stream_one_object_per_line_and_the_totals_go_to_stderr() {
    let (code, stdout, stderr) =
        synclens(&["preview", SCHEMA, "--sample", SAMPLE, "--format", "jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["inScope"], true);
    assert_eq!(lines[0]["target"]["GivenName"], "Zoë");
    assert_eq!(lines[0]["target"]["Mobile"], serde_json::Value::Null);
    // Attribute names match ignoring case (`IsCriticalSystemObject`).
    assert_eq!(lines[1]["inScope"], false);
    assert!(
        lines[1]["scope"][0]
            .as_str()
            .unwrap()
            .contains("isCriticalSystemObject IS FALSE"),
        "{}",
        lines[1]
    );
    // The object is named by its highest-priority matching attribute.
    assert_eq!(lines[2]["object"], "5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0003");
    assert_eq!(lines[2]["row"], 4);
    assert!(
        stderr.starts_with("3 objects: 2 in scope, 1 out of scope; 1 row skipped")
            && stderr.contains("row 3 skipped: not JSON at column 2"),
        "{stderr}"
    );
}

#[test]
fn a_windows_powershell_export_is_read_as_it_is_written() {
    // `Get-ADUser … | ConvertTo-Json` in Windows PowerShell 5.1: a JSON array, UTF-16 LE
    // with a byte order mark, CRLF, PascalCase names.
    let text = "[\r\n    {\r\n        \"ObjectGUID\":  \"5b1c7a52-0000-0000-0000-000000000009\",\r\n        \"SamAccountName\":  \"jdoe\",\r\n        \"GivenName\":  \"Jane\",\r\n        \"IsCriticalSystemObject\":  \"False\",\r\n        \"DistinguishedName\":  \"CN=Jane Doe,OU=Cloud,DC=contoso,DC=test\",\r\n        \"UserAccountControl\":  \"512\"\r\n    }\r\n]\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let (code, stdout, stderr) = preview_bytes(
        &bytes,
        "users.json",
        &["--format", "jsonl", "--object-mapping", "user -> User"],
    );
    assert_eq!(code, 0, "{stderr}");
    let line: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(line["target"]["GivenName"], "Jane");
    assert_eq!(line["target"]["onPremisesSamAccountName"], "jdoe");
    assert_eq!(line["target"]["AccountEnabled"], "True");
}

/// Microsoft's default Cloud Sync scope, as the bundled schema holds it: a user
/// without adminDescription, mailNickname, msExchRecipientTypeDetails (no Exchange) or
/// isCriticalSystemObject (AD sets it on system objects only) is in scope — the exclusions do not apply to attributes without a value — and
/// `msExchRecipientTypeDetails !& 566259712` tests bits: a mailbox (1) or a remote
/// mailbox (2147483648) stays in, an arbitration mailbox (8388608) leaves.
#[test]
fn the_default_cloud_sync_scope_keeps_users_without_exchange_attributes() {
    let user = |key: &str, extra: &str| {
        format!(
            "{{\"objectGUID\": \"{key}\", \"sAMAccountName\": \"{key}\", \
             \"distinguishedName\": \"CN={key},OU=Cloud,DC=contoso,DC=test\"{extra}}}\n"
        )
    };
    let sample = [
        user("plain", ""),
        user(
            "mailbox",
            ", \"msExchRecipientTypeDetails\": \"1\", \"mailNickname\": \"mb\"",
        ),
        user("remote", ", \"msExchRecipientTypeDetails\": \"2147483648\""),
        user(
            "arbitration",
            ", \"msExchRecipientTypeDetails\": \"8388608\"",
        ),
        user("writeback", ", \"adminDescription\": \"User_0123\""),
        user("system", ", \"isCriticalSystemObject\": \"True\""),
    ]
    .concat();
    let (code, stdout, stderr) =
        preview_bytes(sample.as_bytes(), "users.jsonl", &["--format", "jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let in_scope: Vec<(&str, bool)> = rows
        .iter()
        .map(|row| {
            (
                row["object"].as_str().unwrap(),
                row["inScope"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        in_scope,
        [
            ("plain", true),
            ("mailbox", true),
            ("remote", true),
            ("arbitration", false),
            ("writeback", false),
            ("system", false)
        ],
        "{stdout}"
    );
    assert!(
        rows[3]["scope"][0]
            .as_str()
            .unwrap()
            .contains("`8388608` !& `566259712` is false"),
        "{stdout}"
    );
}

#[test]
fn a_mapping_that_does_not_exist_is_refused_with_the_choices() {
    let (code, _, stderr) = synclens(&[
        "preview",
        SCHEMA,
        "--sample",
        SAMPLE,
        "--object-mapping",
        "contact -> Contact",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no object mapping `contact -> Contact`") && stderr.contains("user"),
        "{stderr}"
    );
    let missing = root().join("testdata/samples/no-such-file.jsonl");
    let (code, _, stderr) = synclens(&["preview", SCHEMA, "--sample", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-file.jsonl"), "{stderr}");
}

#[test]
fn an_export_csv_file_with_joined_multi_values() {
    // Export-Csv: a #TYPE line, quoted cells, CRLF; proxyAddresses joined with `;`.
    let text = "#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n\"ObjectGUID\",\"SamAccountName\",\"GivenName\",\"proxyAddresses\",\"IsCriticalSystemObject\"\r\n\"g-7\",\"zmuller\",\"Zoë\",\"SMTP:zoe@contoso.test;smtp:zm@contoso.test\",\"False\"\r\n\"g-8\",\"short\"\r\n";
    let run = |extra: &[&str]| {
        let mut arguments = vec!["--format", "jsonl", "--object-mapping", "user -> User"];
        arguments.extend_from_slice(extra);
        let (code, stdout, stderr) = preview_bytes(text.as_bytes(), "users.csv", &arguments);
        assert_eq!(code, 0, "{stderr}");
        let line: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
        (line, stderr)
    };
    let (line, stderr) = run(&["--multi-separator", ";"]);
    assert_eq!(line["object"], "g-7");
    assert_eq!(line["row"], 3);
    assert_eq!(
        line["target"]["ProxyAddresses"],
        serde_json::json!(["SMTP:zoe@contoso.test", "smtp:zm@contoso.test"])
    );
    assert!(
        stderr.contains("row 4 skipped: 2 fields where the header row has 5"),
        "{stderr}"
    );
    // Without a separator the cell is one value.
    let (line, _) = run(&[]);
    assert_eq!(
        line["target"]["ProxyAddresses"],
        serde_json::json!(["SMTP:zoe@contoso.test;smtp:zm@contoso.test"])
    );
}

/// The bundled schema with the user mapping's DisplayName taken from sAMAccountName and
/// service accounts (adminDescription `Service`) scoped out.
fn changed_schema(folder: &std::path::Path) -> std::path::PathBuf {
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(SCHEMA)).unwrap()).unwrap();
    let mapping = schema["synchronizationRules"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|rule| rule["objectMappings"].as_array_mut().unwrap().iter_mut())
        .find(|mapping| mapping["sourceObjectName"] == "user")
        .unwrap();
    for attribute in mapping["attributeMappings"].as_array_mut().unwrap() {
        if attribute["targetAttributeName"] == "DisplayName" {
            attribute["source"] = serde_json::json!({"expression": "[sAMAccountName]",
                "name": "sAMAccountName", "type": "Attribute", "parameters": []});
        }
    }
    mapping["scope"]["inputFilterGroups"][0]["clauses"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"operatorName": "NOT EQUALS",
            "sourceOperandName": "adminDescription", "targetOperand": {"values": ["Service"]}}));
    let path = folder.join("new.schema.json");
    std::fs::write(&path, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    path
}

#[test]
fn diff_sample_reports_who_leaves_scope_and_whose_values_change() {
    let folder = tempfile::tempdir().unwrap();
    let new = changed_schema(folder.path());
    let arguments = |format: &'static str| {
        vec![
            "diff".to_owned(),
            SCHEMA.to_owned(),
            new.to_str().unwrap().to_owned(),
            "--sample".to_owned(),
            SAMPLE.to_owned(),
            "--format".to_owned(),
            format.to_owned(),
        ]
    };
    let run = |format: &'static str| {
        let arguments = arguments(format);
        let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = synclens(&arguments);
        assert!(code == 0 || code == 1, "{stderr}");
        stdout
    };
    let report: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let totals = &report["summary"]["sample"];
    assert_eq!(
        totals,
        &serde_json::json!({
            "objectMapping": "Synchronize Active Directory users to Azure Active Directory",
            "sourceObject": "user",
            "objects": 3,
            "skipped": 1,
            "enteringScope": 0,
            "leavingScope": 1,
            "changedObjects": 1,
            "changedByTarget": {"DisplayName": 1},
            "newErrors": 0,
            "collisions": 0
        })
    );
    // Each change carries its own part: the scope change who leaves, the expression
    // change whose value changes.
    let sample_of = |code: &str| {
        report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|change| change["code"] == code)
            .map(|change| change["sample"].clone())
            .unwrap()
    };
    assert_eq!(
        sample_of("S706"),
        serde_json::json!({"entering": 0, "leaving": 1, "examples": [
            {"object": "5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0003", "old": true, "new": false}]})
    );
    assert_eq!(
        sample_of("T603"),
        serde_json::json!({"changed": 1, "examples": [
            {"object": "5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0001", "attribute": "DisplayName",
             "old": "Zoë Müller", "new": "zmuller"}]})
    );
    // The JSON report with an impact still matches its committed schema.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/diff-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let human = run("human");
    for line in [
        "        sample: 1 user leaves scope (disabled or deleted): 5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0003\n",
        "        sample: 1 user gets another value: 5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0001: \"Zoë Müller\" -> \"zmuller\"\n",
        "impact on 3 sample users (object mapping Synchronize Active Directory users to Azure Active Directory; 1 row skipped): 1 user leaves scope; 1 gets a new DisplayName\n",
    ] {
        assert!(human.contains(line), "{line} not in {human}");
    }
    let markdown = run("markdown");
    for line in [
        "**Impact on 3 sample users** (object mapping `Synchronize Active Directory users to Azure Active Directory`; 1 row skipped): **1 user leaves scope**; 1 gets a new `DisplayName`.\n",
        "  - sample: 🔴 **1 user leaves scope** (disabled or deleted): `5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0003`\n",
    ] {
        assert!(markdown.contains(line), "{line} not in {markdown}");
    }

    // --fail-on-leaving: one object leaves scope.
    let mut failing = arguments("json");
    failing.extend(["--fail-on-leaving".to_owned(), "0".to_owned()]);
    let failing: Vec<&str> = failing.iter().map(String::as_str).collect();
    let (code, _, stderr) = synclens(&failing);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("failed by --fail-on-leaving 0: 1 of the sample's objects leave scope"),
        "{stderr}"
    );
    let mut allowed = arguments("json");
    allowed.extend(["--fail-on-leaving".to_owned(), "1".to_owned()]);
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    assert_eq!(synclens(&allowed).0, 0);
}

#[test]
fn diff_sample_names_a_collision_the_change_introduces() {
    // The new schema writes every user's UserPrincipalName as "shared@contoso.test".
    let folder = tempfile::tempdir().unwrap();
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(SCHEMA)).unwrap()).unwrap();
    for rule in schema["synchronizationRules"].as_array_mut().unwrap() {
        for mapping in rule["objectMappings"].as_array_mut().unwrap() {
            if mapping["sourceObjectName"] != "user" {
                continue;
            }
            for attribute in mapping["attributeMappings"].as_array_mut().unwrap() {
                if attribute["targetAttributeName"] == "UserPrincipalName" {
                    attribute["source"] = serde_json::json!({"expression": "\"shared@contoso.test\"",
                        "name": "shared@contoso.test", "type": "Constant", "parameters": []});
                }
            }
        }
    }
    let new = folder.path().join("new.json");
    std::fs::write(&new, serde_json::to_string(&schema).unwrap()).unwrap();
    let (code, stdout, stderr) = synclens(&[
        "diff",
        SCHEMA,
        new.to_str().unwrap(),
        "--sample",
        SAMPLE,
        "--format",
        "json",
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["summary"]["sample"]["collisions"], 1, "{report}");
    let upn = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| {
            change["path"]
                .as_str()
                .unwrap()
                .contains("[UserPrincipalName]")
        })
        .unwrap();
    let collisions = &upn["sample"]["collisions"];
    assert_eq!(collisions.as_array().map(Vec::len), Some(1), "{report}");
    assert_eq!(collisions[0]["target"], "UserPrincipalName");
    assert_eq!(collisions[0]["value"], "shared@contoso.test");
    assert_eq!(collisions[0]["count"], 2);
}

#[test]
fn two_users_that_would_share_a_user_principal_name_are_named() {
    // The first sample user three times: two of the copies get the same UPN (ignoring
    // case), the third its own.
    let first = std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let copy = |guid: &str, account: &str, upn: &str| {
        first.replace("0001\"", &format!("{guid}\"")).replace(
            "\"sAMAccountName\": \"zmuller\"",
            &format!("\"sAMAccountName\": \"{account}\", \"userPrincipalName\": \"{upn}\""),
        )
    };
    let text = [
        copy("0011", "a", "zoe@contoso.test"),
        copy("0012", "b", "ZOE@contoso.test"),
        copy("0013", "c", "other@contoso.test"),
    ]
    .join("\n");
    let (code, stdout, stderr) =
        preview_bytes(text.as_bytes(), "users.jsonl", &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["inScope"], 3);
    assert_eq!(summary["collisionCount"], 1);
    assert_eq!(summary["collisions"][0]["target"], "UserPrincipalName");
    assert_eq!(summary["collisions"][0]["count"], 2);
    assert_eq!(
        summary["collisions"][0]["objects"],
        serde_json::json!([
            "5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0011",
            "5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0012"
        ])
    );
    assert_eq!(
        summary["targets"]["UserPrincipalName"],
        serde_json::json!({"value": 3, "noValue": 0, "error": 0})
    );
    assert_eq!(summary["targets"]["Mobile"]["noValue"], 3);
}

#[test]
fn redacted_examples_keep_counts_and_hide_values() {
    let folder = tempfile::tempdir().unwrap();
    let new = changed_schema(folder.path());
    let run = |redact: bool| {
        let mut arguments = vec![
            "diff",
            SCHEMA,
            new.to_str().unwrap(),
            "--sample",
            SAMPLE,
            "--format",
            "markdown",
        ];
        if redact {
            arguments.push("--redact");
        }
        let (code, stdout, stderr) = synclens(&arguments);
        assert!(code == 0 || code == 1, "{stderr}");
        stdout
    };
    let plain = run(false);
    let redacted = run(true);
    assert!(plain.contains("Zoë Müller"), "{plain}");
    for personal in [
        "Zoë Müller",
        "zmuller",
        "5b1c7a52-1f4e-4b35-9c55-3d1f3e0a0003",
    ] {
        assert!(!redacted.contains(personal), "{personal} in {redacted}");
    }
    assert!(redacted.contains("**1 user leaves scope**"), "{redacted}");
    assert_eq!(
        synclens::preview::redacted("zmuller"),
        synclens::preview::redacted("zmuller"),
        "stable"
    );
    assert!(
        redacted.contains(&synclens::preview::redacted("zmuller")),
        "{redacted}"
    );
}

#[test]
fn no_progress_line_without_a_terminal_and_quiet_changes_nothing_else() {
    let run = |extra: &[&str]| {
        let mut arguments = vec!["preview", SCHEMA, "--sample", SAMPLE, "--format", "jsonl"];
        arguments.extend_from_slice(extra);
        synclens(&arguments)
    };
    let (code, stdout, stderr) = run(&[]);
    assert_eq!(code, 0);
    assert!(!stderr.contains("previewed"), "{stderr}");
    assert!(!stderr.contains('\r'), "{stderr:?}");
    assert_eq!(run(&["--quiet"]), (code, stdout, stderr));
}
