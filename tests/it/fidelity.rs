//! What Microsoft's service writes today gives no false finding: the 2025 Cloud Sync
//! default (built from the facts SPEC.md §3.4 and docs/observed.md record), the real
//! 2020 exports, both runtime-placeholder forms, four-slot FormatDateTime, metadata
//! keys newer than synclens, and scoping on multi-valued attributes.

use serde_json::{Value, json};

use super::{root, samples, synclens};

const DEFAULT_2025: &str = "testdata/valid/cloudsync-default-2025.schema.json";

/// The findings of `validate --format json` on one file, as (code, severity).
fn findings(path: &str) -> (i32, Vec<(String, String)>) {
    let (code, stdout, stderr) = synclens(&["validate", "--format", "json", path]);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let found = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (code, found)
}

#[test]
fn microsofts_2025_default_schema_gives_no_finding_at_all() {
    let (code, found) = findings(DEFAULT_2025);
    assert_eq!((code, found), (0, Vec::new()));
    // It really holds the 2025 forms this test is about.
    let text = std::fs::read_to_string(root().join(DEFAULT_2025)).unwrap();
    for form in [
        r#""expression": "%DomainNetBios%""#,
        r#"Join(\"@\", [sAMAccountName], %DomainFQDN%)"#,
        r#"FormatDateTime(DateFromNum([pwdLastSet]), \"RoundtripKind\", , \"yyyyMMddHHmmss.0Z\")"#,
        r#""key": "dateTimeStyle""#,
        r#""key": "Secret""#,
        r#""key": "IsHardDeletionSupported""#,
        r#""sourceOperandName": "proxyAddresses""#,
        r#"\"yyyyMMddHHmmss.0Z\"), )"#,
    ] {
        assert!(text.contains(form), "the fixture lacks {form}");
    }
}

#[test]
fn microsofts_real_exports_give_no_error_and_only_the_customers_risky_changes() {
    let Some(folder) = samples() else { return };
    for (file, expected) in [
        // The customer added a second anchor to three objects.
        ("use-azuread-cloudsync-ad2aad-schema-sample1.json", "M404"),
        // Attributes reference object types the export does not define.
        (
            "use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json",
            "R206",
        ),
        (
            "use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json",
            "R206",
        ),
    ] {
        let path = folder.join(file);
        let (code, found) = findings(path.to_str().unwrap());
        assert_eq!(code, 0, "{file}: {found:?}");
        assert_eq!(found.len(), 3, "{file}: {found:?}");
        for (code, severity) in found {
            assert_eq!((code.as_str(), severity.as_str()), (expected, "warning"));
        }
    }
}

/// The 2020 form of the default: placeholders only in the tree (text slots empty,
/// node expressions null).
fn in_the_2020_form(mut schema: Value) -> Value {
    let mappings = schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]
        .as_array_mut()
        .unwrap();
    for mapping in mappings {
        let source = &mut mapping["source"];
        if source["name"].as_str().is_some_and(|n| n.starts_with('%')) {
            source["expression"] = Value::Null;
        }
        let mut stack = vec![source];
        while let Some(node) = stack.pop() {
            if let Some(text) = node["expression"].as_str() {
                let old = text.replace(", %DomainFQDN%)", ", )");
                node["expression"] = json!(old);
            }
            if node["name"] == "%DomainFQDN%" {
                node["expression"] = Value::Null;
            }
            if let Some(parameters) = node["parameters"].as_array_mut() {
                stack.extend(parameters.iter_mut().map(|p| &mut p["value"]));
            }
        }
    }
    schema
}

#[test]
fn both_placeholder_forms_load_validate_and_compare_as_one_configuration() {
    let text = std::fs::read_to_string(root().join(DEFAULT_2025)).unwrap();
    let old_form = in_the_2020_form(serde_json::from_str(&text).unwrap());
    let dump = serde_json::to_string_pretty(&old_form).unwrap();
    assert!(dump.contains(r#"Join(\"@\", [sAMAccountName], )"#));
    assert!(!dump.contains("%DomainFQDN%)"));
    let folder = tempfile::tempdir().unwrap();
    let old_path = folder.path().join("2020-form.json");
    std::fs::write(&old_path, dump).unwrap();
    let old_path = old_path.to_str().unwrap();
    assert_eq!(findings(old_path), (0, Vec::new()));
    let new_path = root().join(DEFAULT_2025);
    let (code, stdout, stderr) = synclens(&["diff", old_path, new_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.lines().any(|line| line.starts_with("no changes")),
        "{stdout}"
    );
}

#[test]
fn text_to_tree_says_when_an_empty_slot_may_have_held_a_placeholder() {
    let (code, stdout, stderr) = synclens(&[
        "expr",
        "parse",
        "--format",
        "json",
        r#"Join("@", [sAMAccountName], )"#,
    ]);
    assert_eq!(code, 0);
    assert!(!stdout.contains('%'));
    assert!(
        stderr.contains("argument 3 of Join is empty") && stderr.contains("%DomainFQDN%"),
        "{stderr}"
    );
    // The 2025 form keeps the placeholder in the tree, and says nothing.
    let (code, stdout, stderr) = synclens(&[
        "expr",
        "parse",
        "--format",
        "json",
        r#"Join("@", [sAMAccountName], %DomainFQDN%)"#,
    ]);
    assert_eq!(code, 0);
    let tree: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(tree["parameters"][2]["value"]["name"], "%DomainFQDN%");
    assert_eq!(stderr, "");
}

#[test]
fn e504_help_never_suggests_dropping_a_placeholder() {
    let (_, stdout, _) = synclens(&["explain", "E504"]);
    assert!(stdout.contains("expression-tree-mismatch"));
    let fixture = "testdata/invalid/E504-expression-tree-mismatch.json";
    let (_, stdout, _) = synclens(&["validate", fixture]);
    assert!(stdout.contains("placeholder"), "{stdout}");
}

#[test]
fn members_of_open_sets_are_infos_and_closed_set_typos_warnings() {
    let (code, found) = findings("testdata/invalid/S106-new-enum-member.json");
    assert_eq!(code, 0);
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|(c, s)| c == "S106" && s == "info"),
        "{found:?}"
    );
    let (_, found) = findings("testdata/invalid/S105-unknown-enum-member.json");
    assert_eq!(found, [("S105".to_owned(), "warning".to_owned())]);
}

/// The 2025 default with its first proxyAddresses clause using `operator`.
fn with_proxy_addresses_operator(folder: &std::path::Path, operator: &str) -> String {
    let text = std::fs::read_to_string(root().join(DEFAULT_2025)).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    let clauses = schema["synchronizationRules"][0]["objectMappings"][0]["scope"]
        ["inputFilterGroups"][0]["clauses"]
        .as_array_mut()
        .unwrap();
    let clause = clauses
        .iter_mut()
        .find(|c| c["sourceOperandName"] == "proxyAddresses")
        .unwrap();
    clause["operatorName"] = json!(operator);
    clause["targetOperand"] = json!({"values": ["2"]});
    let path = folder.join(format!("{}.json", operator.replace(' ', "-")));
    std::fs::write(&path, serde_json::to_string(&schema).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn scoping_on_a_multivalued_attribute_is_judged_by_what_the_operator_can_do() {
    let folder = tempfile::tempdir().unwrap();
    for (operator, expected) in [
        // The service's /filterOperators compares every value for these.
        ("EQUALS", None),
        ("REGEX MATCH", None),
        ("NOT EQUALS", None),
        // Not stated by any catalog: not judged.
        ("ENDS_WITH", None),
        // One number or one bit mask: no one value to test.
        ("Greater_Than", Some("F604")),
        ("!&", Some("F604")),
    ] {
        let path = with_proxy_addresses_operator(folder.path(), operator);
        let (_, found) = findings(&path);
        let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            codes,
            expected.into_iter().collect::<Vec<_>>(),
            "{operator}"
        );
    }
    // A captured catalog that states a multi-valued comparison wins.
    let path = with_proxy_addresses_operator(folder.path(), "Greater_Than");
    let operators = folder.path().join("operators.json");
    std::fs::write(
        &operators,
        r#"{"value": [{"name": "Greater_Than", "arity": "Binary", "multivaluedComparisonType": "Any", "supportedAttributeTypes": ["Integer"]}]}"#,
    )
    .unwrap();
    let (code, stdout, stderr) = synclens(&[
        "validate",
        "--format",
        "json",
        "--filter-operators",
        operators.to_str().unwrap(),
        &path,
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stdout.contains("F604"), "{stdout}");
}
