//! P001 as a person sees it: for each file of `testdata/broken/` and each common
//! mistake (missing comma, trailing comma, unquoted key, single quotes, comments, a
//! truncated file, a raw control character in a string), `synclens validate`'s human
//! output — the line, a caret where the fix goes, and a hint — as a snapshot.

use super::{files, root, run_in, synclens};

#[test]
fn each_broken_fixture_shows_its_line_a_caret_and_a_hint() {
    for path in files(&root().join("testdata/broken")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let relative = format!("testdata/broken/{name}");
        let (code, stdout, stderr) = synclens(&["validate", &relative]);
        assert_eq!(code, 1, "{relative}: {stderr}");
        insta::with_settings!({snapshot_suffix => name.clone(), prepend_module_to_snapshot => true}, {
            insta::assert_snapshot!("broken", stdout);
        });
    }
}

#[test]
fn common_mistakes_get_a_specific_hint_at_the_place_to_fix() {
    let folder = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "missing-comma",
            "{\n  \"id\": \"scim.1\"\n  \"templateId\": \"scim\"\n}\n",
        ),
        (
            "trailing-comma",
            "{\n  \"id\": \"scim.1\",\n  \"templateId\": \"scim\",\n}\n",
        ),
        ("unquoted-key", "{\n  id: \"scim.1\"\n}\n"),
        ("single-quotes", "{\n  \"id\": 'scim.1'\n}\n"),
        ("comment", "{\n  // the job\n  \"id\": \"scim.1\"\n}\n"),
        (
            "truncated",
            "{\n  \"id\": \"scim.1\",\n  \"schedule\": {\n    \"interval\": \"PT4",
        ),
        ("control-character", "{\n  \"id\": \"scim\t1\"\n}\n"),
        (
            "unclosed-string",
            "{\n  \"id\": \"scim.1,\n  \"templateId\": \"scim\"\n}\n",
        ),
        (
            "secret-masked",
            "{\"value\": [{\"key\": \"SecretToken\", \"value\": \"s3cr3t-value\"} {\"key\": \"BaseAddress\"}]}\n",
        ),
    ] {
        let file = format!("{name}.json");
        std::fs::write(folder.path().join(&file), text).unwrap();
        let (code, stdout, stderr) = run_in(folder.path(), &["validate", &file], b"");
        assert_eq!(code, 1, "{name}: {stderr}");
        let stdout = String::from_utf8(stdout).unwrap();
        assert!(!stdout.contains("s3cr3t"), "{stdout}");
        insta::with_settings!({snapshot_suffix => name, prepend_module_to_snapshot => true}, {
            insta::assert_snapshot!("mistake", stdout);
        });
    }
}
