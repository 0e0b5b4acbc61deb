//! Snapshots of `synclens inspect` output as a user sees it, human and JSON.

use super::synclens;

#[test]
fn inspect_human_on_a_schema_with_mappings() {
    let (code, stdout, stderr) = synclens(&[
        "inspect",
        "--mappings",
        "testdata/valid/workday-to-ad.schema.json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn inspect_human_on_jobs_templates_and_catalogs() {
    let (code, stdout, stderr) = synclens(&[
        "inspect",
        "testdata/valid/job-quarantined.json",
        "testdata/valid/job-list.json",
        "testdata/valid/template.json",
        "testdata/valid/functions.json",
        "testdata/valid/filter-operators.json",
        "testdata/valid/secrets.json",
        "testdata/valid/small-schema.utf16le-bom-crlf.json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn inspect_json_on_a_schema() {
    let (code, stdout, stderr) = synclens(&[
        "inspect",
        "--format",
        "json",
        "--mappings",
        "testdata/valid/entra-to-scim.schema.json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    insta::assert_json_snapshot!(value);
}

#[test]
fn inspect_reports_a_fragment_and_a_broken_file() {
    let (code, stdout, stderr) = synclens(&[
        "inspect",
        "testdata/fragments/object-mapping.json",
        "testdata/broken/trailing-comma.json",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(format!("stdout:\n{stdout}\nstderr:\n{stderr}"));
}
