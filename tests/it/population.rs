//! `diff --sample` and `preview` on a generated population of 1,200 users whose
//! expected counts are worked out by hand from how the population is built, through
//! the library and through the binary: a scope narrowed, a scope widened, an
//! expression changed, a new collision; and the same population as Windows
//! PowerShell 5.1 writes it (`ConvertTo-Json`: a UTF-16 LE array with PowerShell's
//! property names), which must give the same counts.
//!
//! The population: user `i` (0 ≤ i < 1,200, on line i + 1) has
//! - `distinguishedName` in `OU=Cloud` unless i is a multiple of 4 (the bundled
//!   schema's scope ends with `OU=Cloud,DC=contoso,DC=test`): 900 in scope;
//! - `adminDescription` `Service` when i is a multiple of 10, else `Staff`;
//! - `givenName` by i mod 5: Zoë, Jane, Ana, Li, Omar; `displayName` given name and
//!   surname; unique `sAMAccountName`, `userPrincipalName`, `objectGUID`.

use std::path::{Path, PathBuf};

use super::{root, synclens};

const SCHEMA: &str = "testdata/valid/ad-to-entra-cloudsync.schema.json";
const USERS: usize = 1200;
const GIVEN: [&str; 5] = ["Zoë", "Jane", "Ana", "Li", "Omar"];

fn guid(i: usize) -> String {
    format!("00000000-0000-4000-8000-{i:012}")
}

/// User `i` with the attribute names `names` gives (LDAP names, or PowerShell's).
fn user(i: usize, powershell: bool) -> serde_json::Value {
    let given = GIVEN[i % 5];
    let ou = if i.is_multiple_of(4) {
        "Other"
    } else {
        "Cloud"
    };
    let department = ["Sales", "IT", "HR"][i % 3];
    let mut user = serde_json::json!({
        "objectGUID": guid(i),
        "sAMAccountName": format!("user{i}"),
        "userPrincipalName": format!("user{i}@contoso.test"),
        "mailNickname": format!("user{i}"),
        "givenName": given,
        "sn": format!("Family{i}"),
        "displayName": format!("{given} Family{i}"),
        "department": department,
        "adminDescription": if i.is_multiple_of(10) { "Service" } else { "Staff" },
        "isCriticalSystemObject": "False",
        "userAccountControl": "512",
        "msExchRecipientTypeDetails": "0",
        "distinguishedName": format!("CN=user{i},OU={ou},DC=contoso,DC=test"),
    });
    if powershell {
        // Get-ADUser's own property names and types, as ConvertTo-Json writes them.
        let object = user.as_object_mut().unwrap();
        for (ldap, shell) in [
            ("objectGUID", "ObjectGUID"),
            ("sAMAccountName", "SamAccountName"),
            ("userPrincipalName", "UserPrincipalName"),
            ("givenName", "GivenName"),
            ("distinguishedName", "DistinguishedName"),
        ] {
            let value = object.remove(ldap).unwrap();
            object.insert(shell.to_owned(), value);
        }
        object.insert("isCriticalSystemObject".to_owned(), false.into());
        object.insert("userAccountControl".to_owned(), 512.into());
        object.insert("msExchRecipientTypeDetails".to_owned(), 0.into());
        object.insert("Enabled".to_owned(), true.into());
    }
    user
}

/// The population as JSON Lines.
fn json_lines(folder: &Path) -> PathBuf {
    let path = folder.join("users.jsonl");
    let text = (0..USERS).fold(String::new(), |mut text, i| {
        text.push_str(&user(i, false).to_string());
        text.push('\n');
        text
    });
    std::fs::write(&path, text).unwrap();
    path
}

/// The population as Windows PowerShell 5.1's `ConvertTo-Json` writes it to a file:
/// an indented array, CRLF, UTF-16 LE with a byte order mark.
fn powershell_array(folder: &Path) -> PathBuf {
    let path = folder.join("users.json");
    let users: Vec<serde_json::Value> = (0..USERS).map(|i| user(i, true)).collect();
    let text = serde_json::to_string_pretty(&users)
        .unwrap()
        .replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The bundled schema with its user mapping edited by `edit`, written to `folder`.
fn edited(folder: &Path, name: &str, edit: impl Fn(&mut serde_json::Value)) -> PathBuf {
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(SCHEMA)).unwrap()).unwrap();
    let mapping = schema["synchronizationRules"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|rule| rule["objectMappings"].as_array_mut().unwrap().iter_mut())
        .find(|mapping| mapping["sourceObjectName"] == "user")
        .unwrap();
    edit(mapping);
    let path = folder.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    path
}

fn clauses(mapping: &mut serde_json::Value) -> &mut Vec<serde_json::Value> {
    mapping["scope"]["inputFilterGroups"][0]["clauses"]
        .as_array_mut()
        .unwrap()
}

fn set_expression(mapping: &mut serde_json::Value, target: &str, expression: &str) {
    for attribute in mapping["attributeMappings"].as_array_mut().unwrap() {
        if attribute["targetAttributeName"] == target {
            attribute["source"] = serde_json::json!({"expression": expression,
                "name": "", "type": "Function", "parameters": []});
        }
    }
}

/// Service accounts scoped out: in scope and `Service` are i ≡ 10 (mod 20): 60 leave.
fn narrowed(folder: &Path) -> PathBuf {
    edited(folder, "narrowed.json", |mapping| {
        clauses(mapping).push(serde_json::json!({"operatorName": "NOT EQUALS",
            "sourceOperandName": "adminDescription", "targetOperand": {"values": ["Service"]}}));
    })
}

/// Every OU of the domain: the 300 users outside `OU=Cloud` enter.
fn widened(folder: &Path) -> PathBuf {
    edited(folder, "widened.json", |mapping| {
        for clause in clauses(mapping) {
            if clause["operatorName"] == "ENDS_WITH" {
                clause["targetOperand"]["values"] = serde_json::json!(["DC=contoso,DC=test"]);
            }
        }
    })
}

/// DisplayName without diacritics: only Zoë (i ≡ 0 mod 5) changes; in scope too
/// (i not ≡ 0 mod 4): 240 − 60 = 180.
fn diacritics(folder: &Path) -> PathBuf {
    edited(folder, "diacritics.json", |mapping| {
        set_expression(mapping, "DisplayName", "NormalizeDiacritics([displayName])");
    })
}

/// UserPrincipalName from the given name: the 900 users in scope share 5 values, 180
/// each.
fn upn_from_given_name(folder: &Path) -> PathBuf {
    edited(folder, "upn.json", |mapping| {
        set_expression(
            mapping,
            "UserPrincipalName",
            r#"Join("@", ToLower(NormalizeDiacritics([givenName])), "contoso.test")"#,
        );
    })
}

fn impact_of(new: &Path, sample: &Path) -> synclens::preview::SampleImpact {
    let old = synclens::load::schema_of(&root().join(SCHEMA)).unwrap();
    let new = synclens::load::schema_of(new).unwrap();
    synclens::preview::impact(
        &old,
        &new,
        sample,
        &synclens::preview::PreviewOptions::default(),
    )
    .unwrap()
}

fn diff_json(new: &Path, sample: &Path) -> serde_json::Value {
    let (code, stdout, stderr) = synclens(&[
        "diff",
        SCHEMA,
        new.to_str().unwrap(),
        "--sample",
        sample.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn a_narrowed_scope_takes_out_exactly_the_service_accounts_in_scope() {
    let folder = tempfile::tempdir().unwrap();
    let sample = json_lines(folder.path());
    let new = narrowed(folder.path());
    let impact = impact_of(&new, &sample);
    assert_eq!(impact.objects, USERS);
    assert_eq!(impact.leaving_scope.count, 60);
    assert_eq!(impact.entering_scope.count, 0);
    assert_eq!(impact.changed_objects, 0);
    // The first three, in the order of the sample: users 10, 30, 50.
    let examples: Vec<&str> = impact
        .leaving_scope
        .examples
        .iter()
        .map(|example| example.object.as_str())
        .collect();
    assert_eq!(examples, [guid(10), guid(30), guid(50)]);

    let report = diff_json(&new, &sample);
    assert_eq!(report["summary"]["sample"]["leavingScope"], 60);
    let change = &report["changes"][0];
    assert_eq!(change["code"], "S706");
    assert_eq!(change["sample"]["leaving"], 60);
}

#[test]
fn a_widened_scope_brings_in_every_user_outside_the_cloud_ou() {
    let folder = tempfile::tempdir().unwrap();
    let sample = json_lines(folder.path());
    let new = widened(folder.path());
    let impact = impact_of(&new, &sample);
    assert_eq!(impact.entering_scope.count, 300);
    assert_eq!(impact.leaving_scope.count, 0);
    let report = diff_json(&new, &sample);
    assert_eq!(report["summary"]["sample"]["enteringScope"], 300);
    assert_eq!(report["summary"]["sample"]["leavingScope"], 0);
}

#[test]
fn an_expression_change_reaches_only_the_values_it_changes() {
    let folder = tempfile::tempdir().unwrap();
    let sample = json_lines(folder.path());
    let new = diacritics(folder.path());
    let impact = impact_of(&new, &sample);
    assert_eq!(impact.changed_objects, 180);
    let display = &impact.changed["DisplayName"];
    assert_eq!(display.count, 180);
    // User 5 is the first Zoë in scope (user 0 is outside OU=Cloud).
    let first = &display.examples[0];
    assert_eq!(first.object, guid(5));
    assert_eq!(first.old, "Zoë Family5");
    assert_eq!(first.new, "Zoe Family5");

    // The binary with --examples 1: one example at the change, its count in words.
    let (code, stdout, stderr) = synclens(&[
        "diff",
        SCHEMA,
        new.to_str().unwrap(),
        "--sample",
        sample.to_str().unwrap(),
        "--examples",
        "1",
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(
        stdout.contains(&format!(
            "        sample: 180 users get another value: {}: \"Zoë Family5\" -> \"Zoe Family5\"\n",
            guid(5)
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "sample users (object mapping Synchronize Active Directory users to Azure Active \
             Directory): 180 get a new DisplayName\n"
        ),
        "{stdout}"
    );
}

#[test]
fn a_new_collision_names_the_users_that_would_share_a_value() {
    let folder = tempfile::tempdir().unwrap();
    let sample = json_lines(folder.path());
    let new = upn_from_given_name(folder.path());
    let impact = impact_of(&new, &sample);
    assert_eq!(impact.new_collision_count, 5);
    assert_eq!(impact.changed["UserPrincipalName"].count, 900);
    // In the order of their first user: Jane (user 1), Ana (2), Li (3), Zoë (5), Omar
    // (9: user 4 is outside OU=Cloud).
    let collisions: Vec<(&str, usize)> = impact
        .new_collisions
        .iter()
        .map(|collision| (collision.value.as_str(), collision.count))
        .collect();
    assert_eq!(
        collisions,
        [
            ("jane@contoso.test", 180),
            ("ana@contoso.test", 180),
            ("li@contoso.test", 180),
            ("zoe@contoso.test", 180),
            ("omar@contoso.test", 180),
        ]
    );
    // Jane is users 1, 6, 11, (16 is outside OU=Cloud) 21, 26: the first five named.
    assert_eq!(
        impact.new_collisions[0].objects,
        [1, 6, 11, 21, 26].map(guid)
    );
    let report = diff_json(&new, &sample);
    assert_eq!(report["summary"]["sample"]["collisions"], 5);
    let upn = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["sample"]["collisions"].is_array())
        .unwrap();
    assert_eq!(upn["sample"]["changed"], 900);
    assert_eq!(upn["sample"]["collisions"][3]["value"], "zoe@contoso.test");

    // preview on the new schema counts the same five values.
    let (code, stdout, stderr) = synclens(&[
        "preview",
        new.to_str().unwrap(),
        "--sample",
        sample.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["objects"], USERS);
    assert_eq!(summary["inScope"], 900);
    assert_eq!(summary["collisionCount"], 5);
    assert_eq!(summary["collisions"][0]["objects"][4], guid(26));
}

#[test]
fn a_powershell_export_of_the_same_users_gives_the_same_counts() {
    let folder = tempfile::tempdir().unwrap();
    let lines = json_lines(folder.path());
    let array = powershell_array(folder.path());
    for new in [narrowed(folder.path()), diacritics(folder.path())] {
        let from_lines = impact_of(&new, &lines);
        let from_array = impact_of(&new, &array);
        assert_eq!(from_array, from_lines, "{}", new.display());
        assert_eq!(
            diff_json(&new, &array)["summary"]["sample"],
            diff_json(&new, &lines)["summary"]["sample"]
        );
    }
}
