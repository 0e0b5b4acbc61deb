//! `synclens expr parse` and `synclens expr fmt` as a user runs them: rendered trees,
//! the attributeMappingSource JSON, errors with a caret, standard input, exit codes.

use std::io::Write;

use super::{root, run_in, synclens};

/// Runs synclens with `input` on standard input.
fn synclens_with_stdin(arguments: &[&str], input: &str) -> (i32, String, String) {
    let (code, stdout, stderr) = run_in(&root(), arguments, input.as_bytes());
    (code, String::from_utf8_lossy(&stdout).into_owned(), stderr)
}

#[test]
fn parse_prints_the_tree_with_parameter_names() {
    let (code, stdout, stderr) = synclens(&[
        "expr",
        "parse",
        r#"IIF(IsPresent([userPrincipalName]), [userPrincipalName], IIF(IsPresent([sAMAccountName]), Join("@", [sAMAccountName], ), Error("AccountName is not present")))"#,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    insta::assert_snapshot!("parse_nested_iif", stdout);
}

#[test]
fn parse_shows_comparisons_operators_and_literals() {
    let (code, stdout, _) = synclens(&[
        "expr",
        "parse",
        r#"IIF(BitAnd([userAccountControl], &H2)="0", "t-" & [alias], Replace([mail], , "\\d+", , "", , ))"#,
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("parse_comparison_and_literals", stdout);
}

#[test]
fn parse_errors_show_a_caret_and_exit_1() {
    let (code, stdout, stderr) = synclens(&["expr", "parse", r"Mid([givenName], 1 3)"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    insta::assert_snapshot!("parse_error_caret", stderr);
    let (code, _, stderr) = synclens(&["expr", "fmt", "Join(\"@\",\n  [a], \"unclosed)"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("fmt_error_second_line", stderr);
}

#[test]
fn arity_problems_are_warnings() {
    let (code, stdout, stderr) = synclens(&["expr", "parse", "Mid([a], 1)"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("call Mid\n  source: attribute [a]\n  start: integer 1\n"));
    assert_eq!(
        stderr,
        "warning: Mid takes at least 3 arguments, 2 given at column 1\n"
    );
}

#[test]
fn json_format_prints_the_source_tree() {
    let (code, stdout, _) = synclens(&[
        "expr",
        "parse",
        "--format",
        "json",
        r#"FormatDateTime(DateFromNum([pwdLastSet]), , "yyyyMMddHHmmss.0Z")"#,
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("parse_json_format_date_time", stdout);
    let (code, stdout, stderr) =
        synclens(&["expr", "parse", "--format", "json", "CBool([a] = [b])"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: the tree encoding of a comparison outside IIF's condition"),
        "{stderr}"
    );
}

#[test]
fn a_functions_file_overrides_parameter_names() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(
        br#"{"value": [{"name": "Mid", "parameters": [
            {"name": "text", "required": true}, {"name": "from", "required": true},
            {"name": "count", "required": false}]}]}"#,
    )
    .unwrap();
    let path = file.path().to_str().unwrap();
    let (code, stdout, stderr) = synclens(&["expr", "parse", "--functions", path, "Mid([a], 2)"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "call Mid\n  text: attribute [a]\n  from: integer 2\n"
    );
}

#[test]
fn fmt_prints_canonical_text_and_reads_stdin() {
    let (code, stdout, _) = synclens(&[
        "expr",
        "fmt",
        r#"IIF( [country]="USA",IIF([state]="CA","True","False"),"False" )"#,
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "IIF([country]=\"USA\", IIF([state]=\"CA\", \"True\", \"False\"), \"False\")\n"
    );
    let (code, stdout, _) = synclens_with_stdin(
        &["expr", "fmt", "-"],
        "Replace([preferredLanguage], \"-\", , , \"_\", ,  )\n",
    );
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "Replace([preferredLanguage], \"-\", , , \"_\", , )\n"
    );
    let (code, stdout, _) = synclens_with_stdin(&["expr", "parse", "-"], "[mail]");
    assert_eq!(code, 0);
    assert_eq!(stdout, "attribute [mail]\n");
}
