//! Hostile files and folders (the reliability issue): each test reproduces an attack
//! that broke a promise, and shows that it no longer does.

use std::path::Path;
use std::process::Command;

use super::{outcome, root};

fn run_in(folder: &Path, arguments: &[&str]) -> (i32, String, String) {
    outcome(
        Command::new(env!("CARGO_BIN_EXE_synclens"))
            .args(arguments)
            .current_dir(folder)
            .env("NO_COLOR", "1"),
    )
}

/// A `synclens.toml` above the repository (a shared `/tmp`, a hostile parent) that
/// would silence the load error of a non-JSON file.
#[test]
fn a_config_above_the_repository_never_applies() {
    let parent = tempfile::tempdir().unwrap();
    std::fs::write(
        parent.path().join("synclens.toml"),
        "allow = [\"S104\", \"M404\"]\n",
    )
    .unwrap();
    let repository = parent.path().join("repo");
    let nested = repository.join("exports");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::create_dir(repository.join(".git")).unwrap();
    std::fs::copy(
        root().join("testdata/invalid/M404-anchor-count.json"),
        nested.join("schema.json"),
    )
    .unwrap();
    let (code, stdout, _) = run_in(&nested, &["validate", "schema.json"]);
    assert!(
        stdout.contains("M404"),
        "the parent's config applied: {stdout}"
    );
    assert_eq!(code, 0);
    // Inside the repository, a config on the way up applies.
    std::fs::write(repository.join("synclens.toml"), "allow = [\"M404\"]\n").unwrap();
    let (_, stdout, _) = run_in(&nested, &["validate", "schema.json"]);
    assert!(!stdout.contains("M404"), "{stdout}");
    // Outside any repository, only the current folder's config applies.
    let loose = tempfile::tempdir().unwrap();
    let below = loose.path().join("below");
    std::fs::create_dir(&below).unwrap();
    std::fs::write(loose.path().join("synclens.toml"), "allow = [\"M404\"]\n").unwrap();
    std::fs::copy(
        root().join("testdata/invalid/M404-anchor-count.json"),
        below.join("schema.json"),
    )
    .unwrap();
    let (_, stdout, _) = run_in(&below, &["validate", "schema.json"]);
    assert!(stdout.contains("M404"), "{stdout}");
}

#[test]
fn a_load_failure_is_never_silenced_and_counts_as_not_loaded() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("broken.json"), "not json at all").unwrap();
    for config in [
        "allow = [\"P001\"]\n",
        "warn = [\"load-error\"]\n",
        "[[ignore]]\ncode = \"P001\"\n",
    ] {
        std::fs::write(folder.path().join("synclens.toml"), config).unwrap();
        let (code, _, stderr) = run_in(folder.path(), &["validate", "broken.json"]);
        assert_eq!(code, 2, "{config}");
        assert!(stderr.contains("P001 (load-error) cannot be"), "{stderr}");
    }
    std::fs::remove_file(folder.path().join("synclens.toml")).unwrap();
    for flag in ["--allow", "--warn"] {
        let (code, _, stderr) = run_in(folder.path(), &["validate", flag, "P001", "broken.json"]);
        assert_eq!(code, 2, "{flag}: {stderr}");
    }
    let (code, stdout, _) = run_in(folder.path(), &["validate", "broken.json"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("(0 without findings, 1 could not be loaded)"),
        "{stdout}"
    );
}

/// A FIFO named `*.json` in a folder would block every read forever; a symbolic link
/// in a folder could lead outside it.
#[cfg(unix)]
#[test]
fn folder_walks_skip_fifos_and_symbolic_links() {
    let folder = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("testdata/valid/small-schema.json"),
        folder.path().join("schema.json"),
    )
    .unwrap();
    std::fs::copy(
        root().join("testdata/invalid/M404-anchor-count.json"),
        outside.path().join("elsewhere.json"),
    )
    .unwrap();
    let status = Command::new("mkfifo")
        .arg(folder.path().join("pipe.json"))
        .status()
        .unwrap();
    assert!(status.success());
    std::os::unix::fs::symlink(
        outside.path().join("elsewhere.json"),
        folder.path().join("link.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), folder.path().join("linked-folder")).unwrap();
    for command in [
        &["validate", "."][..],
        &["inspect", "."][..],
        &["fmt", "--check", "."][..],
    ] {
        let (code, stdout, stderr) = run_in(folder.path(), command);
        assert!(code == 0 || code == 1, "{command:?}: {code} {stderr}");
        assert!(
            stderr.contains("pipe.json: not a regular file"),
            "{command:?}: {stderr}"
        );
        assert!(
            stderr.contains("link.json: a symbolic link"),
            "{command:?}: {stderr}"
        );
        assert!(
            !stdout.contains("elsewhere") && !stdout.contains("M404"),
            "{stdout}"
        );
    }
}

#[test]
fn standard_input_is_read_once() {
    let (code, _, stderr) = run_in(&root(), &["validate", "-", "-"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("can be read only once"), "{stderr}");
    let (code, _, stderr) = run_in(&root(), &["inspect", "-", "-"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn an_expression_on_standard_input_is_decoded_like_every_input() {
    for bytes in [b"\xEF\xBB\xBFTrim([mail])\n".to_vec(), {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Trim([mail])".encode_utf16().flat_map(u16::to_le_bytes));
        utf16
    }] {
        let (code, stdout, stderr) = super::run_in(&root(), &["expr", "fmt", "-"], &bytes);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(String::from_utf8(stdout).unwrap(), "Trim([mail])\n");
    }
}

/// A UTF-8 file that starts with a NUL byte is not UTF-16: the error says where the
/// JSON goes wrong instead of reporting a truncated UTF-16 text.
#[test]
fn a_leading_nul_does_not_make_a_file_utf16() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("nul.json");
    std::fs::write(&path, b"\0{\"id\": \"x\"}").unwrap();
    let (code, stdout, _) = run_in(folder.path(), &["validate", "nul.json"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("P001") && stdout.contains(":1:1:"),
        "{stdout}"
    );
    assert!(!stdout.contains("UTF-16"), "{stdout}");
}

/// Graph's Int32 fields reject values out of range; the generated schemas say so.
#[test]
fn an_int32_out_of_range_is_a_finding() {
    let folder = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("testdata/valid/small-schema.json")).unwrap();
    let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    schema["synchronizationRules"][0]["priority"] = serde_json::json!(3_000_000_000_u64);
    std::fs::write(
        folder.path().join("schema.json"),
        serde_json::to_string_pretty(&schema).unwrap(),
    )
    .unwrap();
    let (code, stdout, _) = run_in(folder.path(), &["validate", "schema.json"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(
            "error[S103]: `priority`: 3000000000 is greater than the maximum of 2147483647"
        ),
        "{stdout}"
    );
}

/// A minified secrets body: every snippet of the line masks every secret, whichever
/// finding shows it (X801 or another rule), escapes included.
#[test]
fn no_snippet_shows_a_secret_of_its_line() {
    let folder = tempfile::tempdir().unwrap();
    let body = r#"{"value": [{"key": "SecretToken", "value": "FIRSTSECRET"}, {"key": "Password", "value": "REAL\u0053ECRET"}, {"key": "BaseAddress", "value": "https://scim.contoso.test"}], "unknownThing": 1}"#;
    std::fs::write(folder.path().join("secrets.json"), body).unwrap();
    for format in ["human", "json", "sarif", "github", "junit"] {
        let (_, stdout, stderr) = run_in(
            folder.path(),
            &["validate", "--format", format, "secrets.json"],
        );
        for secret in ["FIRSTSECRET", "REAL", "SECRET\""] {
            assert!(
                !stdout.contains(secret) && !stderr.contains(secret),
                "{format} shows {secret}: {stdout}"
            );
        }
    }
    let (_, stdout, _) = run_in(folder.path(), &["validate", "secrets.json"]);
    assert!(
        stdout.contains("X801") && stdout.contains("S104"),
        "{stdout}"
    );
    assert!(stdout.contains("********"), "{stdout}");
}

/// Tens of thousands of secrets on one line: each snippet costs its window, not the
/// line times the secrets (this run would not end if it were quadratic).
#[test]
fn many_secrets_on_one_line_are_masked_in_linear_time() {
    let folder = tempfile::tempdir().unwrap();
    let pairs: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"key": "SecretToken", "value": "TOKEN{i:05}XYZ"}}"#))
        .collect();
    let body = format!(r#"{{"value": [{}]}}"#, pairs.join(", "));
    std::fs::write(folder.path().join("secrets.json"), body).unwrap();
    let (code, stdout, _) = run_in(folder.path(), &["validate", "secrets.json"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("20000 warnings"),
        "{}",
        &stdout[stdout.len().saturating_sub(200)..]
    );
    assert!(!stdout.contains("XYZ"));
}

/// Attribute names holding terminal sequences (clear screen, window title, a fake
/// green "0 errors") are shown as the characters they are made of.
#[test]
fn control_characters_from_documents_never_reach_the_terminal() {
    let folder = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(root().join("testdata/invalid/R203-unknown-target-attribute.json"))
            .unwrap();
    let hostile = text.replace(
        "\"targetAttributeName\": \"displayNme\"",
        "\"targetAttributeName\": \"x\\u001b[2J\\u001b]0;owned\\u0007\\r\\u001b[32m0 errors\\u202e\"",
    );
    assert_ne!(hostile, text);
    std::fs::write(folder.path().join("schema.json"), hostile).unwrap();
    std::fs::write(folder.path().join("before.json"), &text).unwrap();
    for command in [
        &["diff", "before.json", "schema.json"][..],
        &["validate", "schema.json"][..],
        &["validate", "--format", "github", "schema.json"][..],
        &["inspect", "--mappings", "schema.json"][..],
    ] {
        let (_, stdout, stderr) = run_in(folder.path(), command);
        for raw in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
            assert!(
                !stdout.contains(raw) && !stderr.contains(raw),
                "{command:?} shows {raw:?}: {stdout}"
            );
        }
        assert!(stdout.contains("\\u{1b}[2J"), "{command:?}: {stdout}");
    }
}
