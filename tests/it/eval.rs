//! `synclens eval` as a user runs it: human and JSON output, objects from files and
//! standard input, --set, --now, --seed, --placeholder, --existing, and exit codes
//! (0 evaluated, 1 raised an error, 2 usage or parse error).

use super::{root, run_in, synclens};

fn synclens_with_stdin(arguments: &[&str], input: &str) -> (i32, String, String) {
    let (code, stdout, stderr) = run_in(&root(), arguments, input.as_bytes());
    (code, String::from_utf8_lossy(&stdout).into_owned(), stderr)
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap()
}

/// `synclens eval --format json --object <the test user> EXPRESSION`: exit code, the
/// JSON it printed, and that text.
fn eval_json_for_the_test_user(expression: &str) -> (i32, serde_json::Value, String) {
    let (code, stdout, stderr) = synclens(&[
        "eval",
        "--format",
        "json",
        "--object",
        "testdata/expressions/eval-user.json",
        expression,
    ]);
    assert!(!stdout.is_empty(), "{stderr}");
    (code, json(&stdout), stdout)
}

#[test]
fn human_output_shows_the_value_and_every_call() {
    let (code, stdout, stderr) = synclens(&[
        "eval",
        "--object",
        "testdata/expressions/eval-user.json",
        r#"Join("@", ToLower(NormalizeDiacritics(Join(".", [givenName], Word([surname], 1, "-")))), "contoso.com")"#,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    insta::assert_snapshot!("eval_human", stdout);
}

#[test]
fn json_output_has_value_flows_error_and_trace() {
    let (code, value, stdout) =
        eval_json_for_the_test_user(r#"IIF(BitAnd([userAccountControl], 2)="0", "True", "False")"#);
    assert_eq!(code, 0);
    assert_eq!(value["value"], "False");
    assert_eq!(value["flows"], true);
    assert_eq!(value["error"], serde_json::Value::Null);
    assert_eq!(value["trace"][0]["function"], "BitAnd");
    assert_eq!(
        value["trace"][0]["arguments"],
        serde_json::json!(["514", "2"])
    );
    assert_eq!(value["trace"][0]["result"], "2");
    assert_eq!(value["trace"][1]["function"], "IIF");
    insta::assert_snapshot!("eval_json", stdout);
}

#[test]
fn multi_valued_results_are_lists() {
    let (code, value, _) =
        eval_json_for_the_test_user(r#"Split(Join(",", [proxyAddresses]), ",")"#);
    assert_eq!(code, 0);
    assert_eq!(
        value["value"],
        serde_json::json!(["SMTP:zoe@contoso.com", "smtp:zm@contoso.com"])
    );
}

#[test]
fn a_raised_error_exits_1_with_the_message() {
    let (code, stdout, stderr) = synclens(&[
        "eval",
        r#"IIF(IsPresent([accountName]), [accountName], Error("AccountName is required"))"#,
    ]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("value: (error)\nflows: no"), "{stdout}");
    insta::assert_snapshot!("eval_error", stderr);
    let (code, stdout, _) = synclens(&["eval", "--format", "json", r#"Error("stop")"#]);
    assert_eq!(code, 1);
    let value = json(&stdout);
    assert_eq!(value["error"], "stop");
    assert_eq!(value["value"], serde_json::Value::Null);
    assert_eq!(value["flows"], false);
}

#[test]
fn parse_and_usage_errors_exit_2() {
    let (code, stdout, stderr) = synclens(&["eval", "Mid([a], 1 3)"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains('^'), "{stderr}");
    for arguments in [
        &["eval", "[a]", "--set", "novalue"][..],
        &["eval", "[a]", "--now", "yesterday"],
        &[
            "eval",
            "[a]",
            "--object",
            "testdata/expressions/missing.json",
        ],
        &[
            "eval",
            "[a]",
            "--object",
            "testdata/expressions/reference-examples.schema.json",
            "--set",
            "=x",
        ],
        &["eval", "-", "--object", "-"],
        &["eval"],
    ] {
        let (code, _, stderr) = synclens(arguments);
        assert_eq!(code, 2, "{arguments:?}: {stderr}");
    }
}

#[test]
fn an_object_that_is_not_a_json_object_is_a_usage_error() {
    let (code, _, stderr) = synclens_with_stdin(&["eval", "[a]", "--object", "-"], "[1, 2]");
    assert_eq!(code, 2);
    assert!(stderr.contains("expected a JSON object"), "{stderr}");
    let (code, stdout, _) =
        synclens_with_stdin(&["eval", "Trim([a])", "--object", "-"], r#"{"a": " x "}"#);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("value: \"x\"\n"), "{stdout}");
}

#[test]
fn the_expression_can_come_from_standard_input() {
    let (code, stdout, _) = synclens_with_stdin(
        &["eval", "--format", "json", "--seed", "42", "-"],
        "RandomString(12, 2, 2, 2, 2)\n",
    );
    assert_eq!(code, 0);
    let first = json(&stdout)["value"].clone();
    assert_eq!(first.as_str().unwrap().chars().count(), 12);
    let (_, again, _) = synclens_with_stdin(
        &["eval", "--format", "json", "--seed", "42", "-"],
        "RandomString(12, 2, 2, 2, 2)",
    );
    assert_eq!(
        json(&again)["value"],
        first,
        "the same seed gives the same value"
    );
}

#[test]
fn clock_placeholders_and_existing_values_are_inputs() {
    let (_, stdout, _) = synclens(&[
        "eval",
        "--format",
        "json",
        "--now",
        "2025-01-01T12:00:00+02:00",
        r#"DateAdd("d", 1, Now())"#,
    ]);
    assert_eq!(json(&stdout)["value"], "1/2/2025 10:00:00 AM");
    let (_, stdout, _) = synclens(&[
        "eval",
        "--format",
        "json",
        r#"Join("@", "a", %DomainFQDN%)"#,
    ]);
    assert_eq!(json(&stdout)["value"], "a@%DomainFQDN%");
    let (_, stdout, _) = synclens(&[
        "eval",
        "--format",
        "json",
        "--placeholder",
        "%DomainFQDN%=contoso.com",
        r#"Join("@", "a", %DomainFQDN%)"#,
    ]);
    assert_eq!(json(&stdout)["value"], "a@contoso.com");
    let (_, stdout, _) = synclens(&[
        "eval",
        "--format",
        "json",
        "--existing",
        "X@contoso.com",
        r#"SelectUniqueValue("x@contoso.com", "y@contoso.com")"#,
    ]);
    let value = json(&stdout);
    assert_eq!(value["value"], "y@contoso.com");
    assert_eq!(value["notes"].as_array().unwrap().len(), 1);
}

#[test]
fn ignore_flow_and_null_sources_do_not_flow() {
    let (code, value, _) = eval_json_for_the_test_user("IgnoreFlowIfNullOrEmpty([manager])");
    assert_eq!(code, 0);
    assert_eq!(value["flows"], false);
    assert_eq!(value["value"], serde_json::Value::Null);
}

/// The arguments of a README command line: words split at spaces, single quotes
/// grouping (no other shell syntax is used there).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

#[test]
fn readme_examples_are_true() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("### `synclens eval EXPRESSION`").unwrap();
    let end = start + readme[start..].find("\n### ").unwrap();
    let section = &readme[start..end];
    let mut checked = 0;
    for block in section.split("\n\n") {
        let Some(command) = block.strip_prefix("    $ synclens ") else {
            continue;
        };
        let mut lines = command.lines();
        let arguments = shell_words(lines.next().unwrap());
        let expected: Vec<&str> = lines
            .map(|line| line.strip_prefix("    ").unwrap())
            .collect();
        let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
        let (_, stdout, stderr) = synclens(&arguments);
        let actual = format!("{stdout}{stderr}");
        assert_eq!(actual.trim_end(), expected.join("\n"), "{arguments:?}");
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn a_schema_gives_source_values_the_type_of_their_attribute() {
    const SCHEMA: &str = "testdata/valid/ad-to-entra-cloudsync.schema.json";
    let eval = |expression: &str, set: &str, extra: &[&str]| {
        let mut arguments = vec!["eval", "--format", "json", "--set", set, expression];
        arguments.extend(extra);
        let (code, stdout, stderr) = synclens(&arguments);
        assert_eq!(code, 0, "{stderr}");
        (json(&stdout)["value"].clone(), stderr)
    };
    let typed = ["--schema", SCHEMA, "--source-object", "user"];
    // Boolean, Integer and multi-valued attributes of the AD user object.
    let boolean = "accountDisabled=true";
    assert_eq!(eval("[accountDisabled]", boolean, &[]).0, "true");
    assert_eq!(eval("[accountDisabled]", boolean, &typed).0, "True");
    let number = "countryCode=0042";
    assert_eq!(eval("[countryCode]", number, &[]).0, "0042");
    assert_eq!(eval("[countryCode]", number, &typed).0, "42");
    let list = "proxyAddresses=SMTP:zoe@contoso.com";
    assert_eq!(
        eval("[proxyAddresses]", list, &[]).0,
        "SMTP:zoe@contoso.com"
    );
    assert_eq!(
        eval("[proxyAddresses]", list, &typed).0,
        serde_json::json!(["SMTP:zoe@contoso.com"])
    );
    // Without --source-object every object's attributes are read; the AD and Entra
    // user objects agree on proxyAddresses.
    assert_eq!(
        eval("[proxyAddresses]", list, &["--schema", SCHEMA]).0,
        serde_json::json!(["SMTP:zoe@contoso.com"])
    );
}

#[test]
fn schema_errors_name_the_file_or_the_objects() {
    let (code, _, stderr) = synclens(&[
        "eval",
        "[a]",
        "--schema",
        "testdata/valid/ad-to-entra-cloudsync.schema.json",
        "--source-object",
        "contact",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no object `contact`") && stderr.contains("user"),
        "{stderr}"
    );
    let (code, _, stderr) = synclens(&["eval", "[a]", "--schema", "testdata/valid/functions.json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("functions.json") && stderr.contains("not a synchronization schema"),
        "{stderr}"
    );
    let (code, _, stderr) = synclens(&["eval", "[a]", "--source-object", "user"]);
    assert_eq!(code, 2, "--source-object needs --schema: {stderr}");
}
