//! Unit tests of the evaluator: the conformance table of Microsoft's reference
//! examples (testdata/expressions/reference-examples.json), each function's edge
//! cases, .NET regex and date formats, and scoping filters.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::*;
use crate::expr::{Arg, Catalog, parse};

fn options() -> EvalOptions {
    EvalOptions {
        now: date::parse_general("2021-07-02T15:33:38Z"),
        seed: Some(7),
        trace: true,
        ..EvalOptions::default()
    }
}

fn run_with(text: &str, object: &[(&str, Value)], options: &EvalOptions) -> Evaluation {
    let expr = parse(text).unwrap_or_else(|error| panic!("{text}: {error}"));
    let object: Object = object
        .iter()
        .map(|(name, value)| ((*name).to_owned(), value.clone()))
        .collect();
    Evaluator::new().evaluate(&expr, &object, options)
}

fn run(text: &str, object: &[(&str, Value)]) -> Evaluation {
    run_with(text, object, &options())
}

/// The output as a string, or the error message prefixed with `error: `.
fn out(text: &str, object: &[(&str, Value)]) -> String {
    let result = run(text, object);
    match (&result.error, &result.output) {
        (Some(error), _) => format!("error: {}", error.message),
        (None, Output::Null) => "null".to_owned(),
        (None, output) => output.to_string(),
    }
}

fn s(text: &str) -> Value {
    Value::from(text)
}

// ---- conformance --------------------------------------------------------------------

/// Cases whose stated output synclens deliberately does not give, and why.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "fn-split-1",
        "the page's second value has no leading space; Split is .NET String.Split, which does not trim",
    ),
    (
        "csx-examples-5",
        "the page's second value has no leading space; Split is .NET String.Split, which does not trim",
    ),
];

/// What synclens gives where the page is wrong (a `docError` of kind meaning).
const CORRECTED: &[(&str, &str)] = &[("fn-replace-4", "+19998887777")];

/// The values already in the target that a case's `condition` describes.
fn existing_for(condition: &str) -> Vec<String> {
    match condition {
        "John.Smith@contoso.com doesn't already exist in the directory" => Vec::new(),
        "John.Smith@contoso.com already exists in the directory" => {
            vec!["John.Smith@contoso.com".to_owned()]
        }
        "the above two values already exist in the directory" => {
            vec![
                "John.Smith@contoso.com".to_owned(),
                "J.Smith@contoso.com".to_owned(),
            ]
        }
        other => panic!("unknown condition {other:?}: describe it in existing_for"),
    }
}

/// Replaces the top-level call's arguments named by the case (by key or documented
/// name) with string constants.
fn with_arguments(expr: &mut Expr, arguments: &serde_json::Map<String, Json>) {
    let catalog = Catalog::builtin();
    let ExprKind::Call(call) = &mut expr.kind else {
        panic!("arguments given for a non-call");
    };
    let spec = catalog.lookup(&call.name).unwrap();
    let names: Vec<(String, Option<String>)> = spec
        .bind(call.args.len())
        .unwrap()
        .iter()
        .map(|binding| {
            let parameter = binding.parameter();
            (parameter.name.clone(), parameter.doc_name.clone())
        })
        .collect();
    for (name, value) in arguments {
        let index = names
            .iter()
            .position(|(key, doc)| key == name || doc.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no parameter {name}"));
        let text = value.as_str().unwrap().to_owned();
        call.args[index] = Arg {
            value: Some(Expr::new(ExprKind::String(text), Span::default())),
            span: Span::default(),
        };
    }
}

fn expected_output(json: &Json) -> Output {
    match json {
        Json::Null => Output::Null,
        Json::String(text) => Output::String(text.clone()),
        Json::Array(items) => Output::List(
            items
                .iter()
                .map(|item| item.as_str().unwrap().to_owned())
                .collect(),
        ),
        other => panic!("unexpected output {other}"),
    }
}

/// Checks a sample output (random or time-dependent) by its shape.
fn check_sample(id: &str, expression: &str, output: &Output) {
    let Output::String(text) = output else {
        panic!("{id}: {output:?}")
    };
    if expression.starts_with("Guid") {
        let parts: Vec<usize> = text.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12], "{id}: {text}");
        assert!(text.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    } else if expression.starts_with("Now") {
        assert_eq!(text, "7/2/2021 3:33:38 PM", "{id}: the fixed clock");
    } else if expression.starts_with("RandomString") {
        let expr = parse(expression).unwrap();
        let numbers: Vec<usize> = expr
            .as_call()
            .unwrap()
            .supplied()
            .filter_map(|arg| match &arg.kind {
                ExprKind::Integer(digits) => digits.parse().ok(),
                _ => None,
            })
            .collect();
        assert_eq!(text.chars().count(), numbers[0], "{id}: {text}");
        let count = |f: fn(&char) -> bool| text.chars().filter(f).count();
        assert!(count(char::is_ascii_digit) >= numbers[1], "{id}: {text}");
        assert!(
            count(|c| functions::SPECIAL_CHARACTERS.contains(*c)) >= numbers[2],
            "{id}: {text}"
        );
        assert!(
            count(char::is_ascii_uppercase) >= numbers[3],
            "{id}: {text}"
        );
        assert!(
            count(char::is_ascii_lowercase) >= numbers[4],
            "{id}: {text}"
        );
        if expression.contains("\"?,\"") {
            assert!(!text.contains('?') && !text.contains(','), "{id}: {text}");
        }
    } else {
        panic!("{id}: no shape check for a sample output");
    }
}

#[test]
fn reference_examples_conform() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/expressions/reference-examples.json"
    );
    let file: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (mut exact, mut samples, mut corrected) = (0, 0, 0);
    let mut declared: Vec<String> = Vec::new();
    let mut cases = 0;
    for example in file["examples"].as_array().unwrap() {
        let id = example["id"].as_str().unwrap();
        let expression = example["expression"].as_str().unwrap();
        for case in example["cases"].as_array().into_iter().flatten() {
            cases += 1;
            let no_inputs = serde_json::Map::new();
            let inputs = match (case["inputs"].as_object(), case["arguments"].is_object()) {
                (Some(inputs), _) => inputs,
                // The arguments replace everything the expression reads.
                (None, true) => &no_inputs,
                (None, false) => {
                    declared.push(format!("{id}: the page states no input values"));
                    continue;
                }
            };
            let mut expr = parse(expression).unwrap();
            if let Some(arguments) = case["arguments"].as_object() {
                with_arguments(&mut expr, arguments);
            }
            let object: Object = inputs
                .iter()
                .map(|(name, value)| (name.clone(), Value::from_json(value)))
                .collect();
            let mut options = options();
            if let Some(condition) = case["condition"].as_str() {
                options.existing = existing_for(condition);
            }
            let result = Evaluator::new().evaluate(&expr, &object, &options);
            if let Some(message) = case["error"].as_str() {
                let error = result.error.as_ref().map(|e| e.message.as_str());
                assert_eq!(error, Some(message), "{id}");
                assert!(!result.flows);
                exact += 1;
                continue;
            }
            assert!(result.error.is_none(), "{id}: {:?}", result.error);
            let stated = expected_output(&case["output"]);
            if case["exact"] == Json::Bool(false) {
                check_sample(id, expression, &result.output);
                samples += 1;
            } else if let Some((_, reason)) = DEVIATIONS.iter().find(|(d, _)| *d == id) {
                assert_ne!(result.output, stated, "{id}: the deviation is gone");
                declared.push(format!("{id}: {reason}"));
            } else if example["docError"]["kind"] == "meaning" {
                assert_ne!(result.output, stated, "{id}: the page's stated value");
                if let Some((_, value)) = CORRECTED.iter().find(|(c, _)| *c == id) {
                    assert_eq!(result.output, Output::String((*value).to_owned()), "{id}");
                }
                corrected += 1;
                declared.push(format!("{id}: the page is wrong (docError)"));
            } else {
                assert_eq!(result.output, stated, "{id} {case}");
                exact += 1;
            }
        }
    }
    eprintln!(
        "reference examples: {cases} cases; {exact} exact, {samples} sample outputs checked by shape, {corrected} doc errors confirmed; declared:\n  {}",
        declared.join("\n  ")
    );
    assert_eq!(cases, 84);
    assert_eq!(exact + samples, 84 - declared.len());
    assert_eq!(declared.len(), 5, "{declared:#?}");
}

// ---- functions ---------------------------------------------------------------------

#[test]
fn strings() {
    assert_eq!(out(r#"Append([a], "x")"#, &[]), "null");
    assert_eq!(out(r"Left([a], 2)", &[]), "");
    assert_eq!(out(r#"Left("abc", -1)"#, &[]), "abc");
    assert_eq!(out(r#"Left("abc", 0)"#, &[]), "");
    assert_eq!(out(r#"Mid("abcdef", 3, 100)"#, &[]), "cdef");
    assert_eq!(
        out(r#"Mid("abc", 0, 1)"#, &[]),
        "error: Mid: start must be 1 or more, got 0"
    );
    assert_eq!(out(r#"StripSpaces(" a b ")"#, &[]), "ab");
    assert_eq!(
        out(
            r"Trim([a])",
            &[("a", Value::List(vec![" x ".into(), "y ".into()]))]
        ),
        r#"["x","y"]"#
    );
    assert_eq!(out(r#"Word("a,,b", 2, ",")"#, &[]), "b");
    assert_eq!(out(r#"Word("a b", 0, " ")"#, &[]), "");
    assert_eq!(out(r#"InStr("abc", "C", 1, vbTextCompare)"#, &[]), "3");
    assert_eq!(out(r#"InStr("abc", "C")"#, &[]), "0");
    assert_eq!(out(r#"PCase("o'NEIL mcDONALD")"#, &[]), "O'neil Mcdonald");
    assert_eq!(
        out(r#"NormalizeDiacritics("Ærøskøbing Straße Łódź")"#, &[]),
        "AEroeskoebing Strasse Lodz"
    );
    assert_eq!(out(r#""a" & [b] & 1"#, &[("b", s("B"))]), "aB1");
    assert_eq!(out(r#"Prepend("x-", "y")"#, &[]), "x-y");
}

#[test]
fn casing_with_cultures() {
    assert_eq!(out(r#"ToUpper("istanbul straße")"#, &[]), "ISTANBUL STRAßE");
    assert_eq!(out(r#"ToUpper("istanbul", "tr-TR")"#, &[]), "İSTANBUL");
    assert_eq!(out(r#"ToLower("ISPARTA", "az")"#, &[]), "ısparta");
    assert_eq!(out(r#"ToLower("ISPARTA", "en-US")"#, &[]), "isparta");
    assert_eq!(
        out(r#"ToLower("X", "not a culture")"#, &[]),
        "error: ToLower: `not a culture` is not a culture name"
    );
}

#[test]
fn null_flow_and_errors() {
    let result = run(r"IgnoreFlowIfNullOrEmpty([a])", &[("a", s(""))]);
    assert!(!result.flows);
    assert_eq!(result.output, Output::Null);
    let result = run(r"IgnoreFlowIfNullOrEmpty([a])", &[("a", s("x"))]);
    assert!(result.flows);
    let result = run("[missing]", &[]);
    assert!(!result.flows && result.error.is_none());
    let result = run(r#"Join("", "a", Error("stop"))"#, &[]);
    assert_eq!(result.error.as_ref().unwrap().message, "stop");
    assert_eq!(result.error.as_ref().unwrap().span, Span::new(14, 27));
    // IIF evaluates only the branch it takes.
    assert_eq!(
        out(
            r#"IIF(IsPresent([a]), [a], Error("no a"))"#,
            &[("a", s("x"))]
        ),
        "x"
    );
    // A comparison with an absent attribute: nothing flows.
    assert_eq!(out(r#"IIF([country]="US", "a", "b")"#, &[]), "null");
    assert_eq!(out(r#"IIF([c]="US", "a", "b")"#, &[("c", s("US"))]), "a");
    assert_eq!(
        out(r#"IIF([n] > 5, "big", "small")"#, &[("n", s("10"))]),
        "big"
    );
    assert_eq!(
        out(r"Frobnicate()", &[]),
        "error: unknown function Frobnicate"
    );
    assert_eq!(
        out(r#"Mid("a")"#, &[]),
        "error: Mid takes at least 3 arguments, 1 given"
    );
    assert!(
        out("DefaultDomain()", &[])
            .starts_with("error: DefaultDomain cannot be evaluated offline: legacy")
    );
}

#[test]
fn tests_on_values() {
    let list = Value::List(vec!["a".into(), "b".into(), "a".into()]);
    assert_eq!(out("Count([m])", &[("m", list.clone())]), "3");
    assert_eq!(out("Count([m])", &[]), "0");
    assert_eq!(
        out("RemoveDuplicates([m])", &[("m", list.clone())]),
        r#"["a","b"]"#
    );
    assert_eq!(out("Item([m], 2)", &[("m", list.clone())]), "b");
    assert_eq!(
        out("Item([m], 4)", &[("m", list.clone())]),
        "error: Item: index 4 is out of range (1 to 3)"
    );
    assert_eq!(out(r#"Contains([m], "B")"#, &[("m", list.clone())]), "2");
    assert_eq!(
        out(r#"Contains([m], "B", CaseSensitive)"#, &[("m", list)]),
        "0"
    );
    assert_eq!(out("IsNull([a])", &[]), "True");
    assert_eq!(out("IsNullOrEmpty([a])", &[("a", s(""))]), "True");
    assert_eq!(out("IsPresent([a])", &[("a", s(""))]), "False");
    assert_eq!(out("IsString([a])", &[("a", s("x"))]), "True");
    assert_eq!(out("Not([a])", &[("a", s("True"))]), "False");
    assert_eq!(out("Not([a])", &[]), "True");
    assert_eq!(
        out("CBool([a] = [b])", &[("a", s("x")), ("b", s("x"))]),
        "True"
    );
    assert_eq!(out("CBool(0)", &[]), "False");
    assert_eq!(out(r"CStr(BitAnd([uac], 2))", &[("uac", s("514"))]), "2");
    assert_eq!(out(r#"Coalesce([a], [b], "d")"#, &[]), "d");
    assert_eq!(out(r#"Switch([a], "none", "1", "one")"#, &[]), "none");
    assert_eq!(out(r#"Switch([a], "none", "", "empty")"#, &[]), "empty");
    assert_eq!(
        out(r#"Switch([a], "none", "1")"#, &[("a", s("1"))]),
        "error: Switch: the keys and values are not in pairs (an odd number of them)"
    );
}

#[test]
fn placeholders_stay_visible_unless_given() {
    assert_eq!(
        out(r#"Join("@", [s], %DomainFQDN%)"#, &[("s", s("jo"))]),
        "jo@%DomainFQDN%"
    );
    let mut options = options();
    options
        .placeholders
        .insert("DomainFQDN".to_owned(), "contoso.com".to_owned());
    let result = run_with(
        r#"Join("@", [s], %DomainFQDN%)"#,
        &[("s", s("jo"))],
        &options,
    );
    assert_eq!(result.output, Output::String("jo@contoso.com".to_owned()));
}

#[test]
fn encodings_and_sids() {
    assert_eq!(
        out(r#"ConvertFromBase64(ConvertToBase64("Zoë 😀"))"#, &[]),
        "Zoë 😀"
    );
    assert_eq!(out(r#"ConvertFromBase64("SGk=", ASCII)"#, &[]), "Hi");
    assert_eq!(
        out(r#"ConvertFromBase64("%%")"#, &[]),
        "error: ConvertFromBase64: `%%` is not base64"
    );
    // S-1-5-21-1-2-3-500
    assert_eq!(
        out(
            "StringFromSid([sid])",
            &[("sid", s("AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAA9AEAAA=="))]
        ),
        "S-1-5-21-1-2-3-500"
    );
    assert_eq!(
        out(
            r#"DNComponent(CRef("CN=Doe\, John,OU=Sales,DC=x"), 2)"#,
            &[]
        ),
        "Sales"
    );
    assert_eq!(out(r#"DNComponent(CRef("CN=a"), 5)"#, &[]), "null");
}

#[test]
fn dates() {
    // The reference: "January 1, 2012 at 11:00PM".
    assert_eq!(
        out("DateFromNum(129699324000000000)", &[]),
        "1/1/2012 11:00:00 PM"
    );
    assert_eq!(
        out(r#"NumFromDate("2012-01-01T23:00:00Z")"#, &[]),
        "129699324000000000"
    );
    assert_eq!(
        out(
            r#"NumFromDate(Join("", FormatDateTime([d], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))"#,
            &[("d", s("2022-03-01-08:00"))]
        ),
        "132906815990000000"
    );
    assert_eq!(
        out(r#"DateAdd("m", 1, CDate("2021-01-31"))"#, &[]),
        "2/28/2021 12:00:00 AM"
    );
    assert_eq!(
        out(r#"DateAdd("x", 1, CDate("2021-01-31"))"#, &[]),
        "error: DateAdd: `x` is not an interval (yyyy, q, m, y, d, w, ww, h, n, s)"
    );
    assert_eq!(
        out(r#"CDate("not a date")"#, &[]),
        "error: CDate: `not a date` is not a date"
    );
    assert_eq!(
        out(
            r#"DateDiff("d", Now(), CDate("2021-07-12T15:33:38Z"))"#,
            &[]
        ),
        "10"
    );
    assert_eq!(
        out(
            r#"FormatDateTime(DateFromNum([pwdLastSet]), "RoundtripKind", , "yyyyMMddHHmmss.0Z")"#,
            &[("pwdLastSet", s("129699324000000000"))]
        ),
        "20120101230000.0Z"
    );
    assert_eq!(
        out(
            r#"FormatDateTime("2021-06-30 13:05:09.1234567", , "yyyy-MM-dd HH:mm:ss.fffffff", "dddd d MMMM yy h:m:s tt 'at' K \\Q fff FFFFFFF")"#,
            &[]
        ),
        "Wednesday 30 June 21 1:5:9 PM at  Q 123 1234567"
    );
    assert_eq!(
        out(
            r#"FormatDateTime("20150123105347.1Z", "yyyyMMddHHmmss.fZ", "yyyy-MM-ddTHH:mm:ssK")"#,
            &[]
        ),
        "2015-01-23T10:53:47Z"
    );
    assert_eq!(
        out(
            r#"FormatDateTime("2015-01-23T10:53:47+02:00", "AdjustToUniversal", "yyyy-MM-ddTHH:mm:sszzz", "HH:mm K")"#,
            &[]
        ),
        "08:53 Z"
    );
    assert_eq!(
        out(r#"FormatDateTime("2015", , "yyyy", "gg")"#, &[]),
        "error: the date format specifier `gg` is not supported by synclens"
    );
    assert_eq!(
        out(r#"FormatDateTime("2015-13", , "yyyy-MM", "yyyy")"#, &[]),
        "error: `2015-13` is not a valid date"
    );
    assert_eq!(
        out(r#"FormatDateTime("x", "Sideways", "yyyy", "yyyy")"#, &[]),
        "error: `Sideways` is not a DateTimeStyles name"
    );
}

#[test]
fn generated_values_follow_the_seed() {
    let first = run("Guid()", &[]);
    let again = run("Guid()", &[]);
    assert_eq!(first.output, again.output);
    let Output::String(guid) = first.output else {
        panic!()
    };
    assert_eq!(guid.chars().nth(14), Some('4'));
    assert_eq!(
        out("RandomString(4, 2, 2, 2, 0)", &[]),
        "error: RandomString: the minimums add up to more than the length"
    );
    assert_eq!(
        out("RandomString(300, 0, 0, 0, 0)", &[]),
        "error: RandomString: length must be 1 to 256, got 300"
    );
}

#[test]
fn select_unique_value_skips_taken_values_ignoring_case() {
    let mut options = options();
    options.existing = vec!["A@X".to_owned()];
    let result = run_with(r#"SelectUniqueValue("a@x", "b@x")"#, &[], &options);
    assert_eq!(result.output, Output::String("b@x".to_owned()));
    assert_eq!(result.notes.len(), 1);
    options.existing.push("b@x".to_owned());
    let result = run_with(r#"SelectUniqueValue("a@x", "b@x")"#, &[], &options);
    assert!(result.error.is_some());
}

#[test]
fn app_roles() {
    let roles = Value::from_json(&serde_json::json!([
        {"displayName": "Admin", "value": "admin"},
        {"displayName": "User", "value": "user"}
    ]));
    assert_eq!(
        out(
            "AppRoleAssignmentsComplex([appRoleAssignments])",
            &[("appRoleAssignments", roles.clone())]
        ),
        r#"["{\"display\":\"Admin\",\"primary\":false,\"type\":\"WindowsAzureActiveDirectoryRole\",\"value\":\"admin\"}","{\"display\":\"User\",\"primary\":false,\"type\":\"WindowsAzureActiveDirectoryRole\",\"value\":\"user\"}"]"#
    );
    let result = run(
        "SingleAppRoleAssignment([appRoleAssignments])",
        &[("appRoleAssignments", roles)],
    );
    assert_eq!(result.output, Output::String("admin".to_owned()));
    assert_eq!(result.notes.len(), 1);
}

#[test]
fn trace_lists_every_call_with_arguments_and_result() {
    let result = run(
        r#"IIF(IsPresent([a]), ToUpper([a]), "none")"#,
        &[("a", s("x"))],
    );
    let calls: Vec<(&str, usize, Result<Output, String>)> = result
        .trace
        .iter()
        .map(|entry| {
            (
                entry.function.as_str(),
                entry.arguments.len(),
                entry.result.clone(),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            ("IsPresent", 1, Ok(Output::String("True".to_owned()))),
            ("ToUpper", 1, Ok(Output::String("X".to_owned()))),
            ("IIF", 3, Ok(Output::String("X".to_owned()))),
        ]
    );
    // The branch not taken is not evaluated.
    assert_eq!(result.trace[2].arguments[2], None);
}

#[test]
fn deep_trees_are_refused_not_overflowed() {
    let mut expr = parse("[a]").unwrap();
    for _ in 0..1000 {
        expr = Expr::new(
            ExprKind::Call(crate::expr::Call {
                name: "Trim".to_owned(),
                name_span: Span::default(),
                args: vec![Arg {
                    value: Some(expr),
                    span: Span::default(),
                }],
            }),
            Span::default(),
        );
    }
    let result = Evaluator::new().evaluate(&expr, &Object::new(), &EvalOptions::default());
    assert!(result.error.unwrap().message.contains("nests deeper"));
    let text = format!("{}[a]{}", "Trim(".repeat(255), ")".repeat(255));
    let result = run(&text, &[("a", s(" x "))]);
    assert_eq!(result.output, Output::String("x".to_owned()));
}

// ---- regular expressions --------------------------------------------------------------

#[test]
fn dotnet_regex_translation() {
    let replace = |text: &str, pattern: &str, with: &str| {
        DotnetRegex::new(pattern).and_then(|regex| regex.replace_all(text, with))
    };
    assert_eq!(
        replace("SystemMailbox{1}", "^SystemMailbox{", "x").unwrap(),
        "x1}"
    );
    assert_eq!(replace("a{,3}", "a{,3}", "x").unwrap(), "x");
    assert_eq!(replace("ab\0ACNF", r"b\0ACNF", "").unwrap(), "a");
    assert_eq!(replace("abab", "(?'x'a)b", "${x}-").unwrap(), "a-a-");
    assert_eq!(replace("abc", "(b)", "[$1$$$&$0]").unwrap(), "a[b$bb]c");
    assert_eq!(replace("abc", "(b)", "$12").unwrap(), "ab2c");
    assert_eq!(replace("abc", "(b)", "${nope}").unwrap(), "a${nope}c");
    assert_eq!(replace("a[b]", "[[]", "(").unwrap(), "a(b]");
    assert_eq!(replace("x\n", "x$", "y").unwrap(), "y\n");
    assert_eq!(replace("aa", r"(a)\1", "b").unwrap(), "b");
    assert_eq!(
        replace("price 10", r"(?<=price )\d+", "N").unwrap(),
        "price N"
    );
    assert!(
        replace("a", "[a-z-[aeiou]]", "")
            .unwrap_err()
            .contains("character-class subtraction")
    );
    assert!(
        replace("a", "(?<o>a)(?<c-o>b)", "")
            .unwrap_err()
            .contains("balancing group")
    );
    assert!(replace("a", r"\Ga", "").unwrap_err().contains(r"`\G`"));
    assert!(
        replace("a", "(a", "")
            .unwrap_err()
            .starts_with("invalid .NET regular expression")
    );
    // Backtracking is bounded: an exponential pattern stops with an error.
    let slow = DotnetRegex::new(r"^(a|a)*\1b").unwrap();
    assert!(
        slow.is_match(&"a".repeat(40))
            .unwrap_err()
            .contains("stopped")
    );
}

#[test]
fn replace_modes() {
    assert_eq!(out(r#"Replace("a.b.c", ".", , , "-", , )"#, &[]), "a-b-c");
    assert_eq!(out(r#"Replace("jo", "<u>", , , , , "<u>@x")"#, &[]), "jo@x");
    assert_eq!(
        out(r#"Replace("+1 555", , "\\d+", , "=", , )"#, &[]),
        "+= ="
    );
    assert!(
        out(r#"Replace("x", , "(", , "=", , )"#, &[])
            .starts_with("error: invalid .NET regular expression `(`")
    );
    assert_eq!(
        out(r#"Replace("ab", , "(?<g>b)", "h", "=", , )"#, &[]),
        "error: the regular expression has no group named `h`"
    );
}

// ---- scoping ---------------------------------------------------------------------------

fn filter(json: serde_json::Value) -> crate::model::Filter {
    serde_json::from_value(json).unwrap()
}

fn clause(op: &str, attribute: &str, value: Option<&str>) -> serde_json::Value {
    let mut clause = serde_json::json!({"operatorName": op, "sourceOperandName": attribute});
    if let Some(value) = value {
        clause["targetOperand"] = serde_json::json!({"values": [value]});
    }
    clause
}

fn holds(op: &str, value: Option<Value>, target: Option<&str>) -> scope::Verdict {
    holds_under(scope::NullSemantics::AppProvisioning, op, value, target)
}

fn holds_under(
    nulls: scope::NullSemantics,
    op: &str,
    value: Option<Value>,
    target: Option<&str>,
) -> scope::Verdict {
    let filter = filter(serde_json::json!({"groups": [{"clauses": [clause(op, "a", target)]}]}));
    let mut object = Object::new();
    if let Some(value) = value {
        object.insert("a".to_owned(), value);
    }
    scope::evaluate_filter(Some(&filter), &object, nulls).verdict
}

#[test]
fn scoping_operators() {
    use scope::Verdict::{False, True};
    let cases: &[(&str, Option<Value>, Option<&str>, scope::Verdict)] = &[
        ("EQUALS", Some(s("x")), Some("x"), True),
        ("EQUALS", Some(s("X")), Some("x"), False),
        ("NOT EQUALS", Some(s("y")), Some("x"), True),
        ("NOT EQUALS", None, Some("x"), False),
        ("IS TRUE", Some(s("true")), None, True),
        ("IS TRUE", Some(Value::Boolean(false)), None, False),
        ("IS FALSE", Some(s("False")), None, True),
        ("IS NULL", None, None, True),
        ("IS NULL", Some(s("")), None, True),
        ("IS NOT NULL", None, None, False),
        ("IS NOT NULL", Some(s("v")), None, True),
        (
            "REGEX MATCH",
            Some(s("SystemMailbox{x}")),
            Some("^SystemMailbox{"),
            True,
        ),
        (
            "REGEX MATCH",
            Some(s("a@contoso.com")),
            Some(r".*\@contoso.com"),
            True,
        ),
        ("NOT REGEX MATCH", Some(s("abc")), Some("^b"), True),
        ("NOT REGEX MATCH", None, Some("^b"), False),
        ("ENDS_WITH", Some(s("a@x.com")), Some("x.com"), True),
        ("Includes", Some(s("abc")), Some("b"), True),
        ("Includes", Some(s("abc")), Some("B"), False),
        ("Greater_Than", Some(s("10")), Some("9"), True),
        ("Greater_Than", Some(s("ten")), Some("9"), False),
        ("Greater_Than_OR_EQUALS", Some(s("9")), Some("9"), True),
        // Bits: Cloud Sync's default excludes the system recipient types 0x21C07000.
        ("!&", Some(s("1")), Some("566259712"), True),
        ("!&", Some(s("4096")), Some("566259712"), False),
        ("!&", Some(s("536870912")), Some("566259712"), False),
        ("!&", Some(s("2147483648")), Some("566259712"), True),
        ("&", Some(s("8192")), Some("566259712"), True),
        ("&", Some(s("6")), Some("0x21C07000"), False),
        ("&", Some(s("0x1000")), Some("566259712"), True),
        ("&", None, Some("566259712"), False),
        ("!&", None, Some("566259712"), False),
        (
            "EQUALS",
            Some(Value::List(vec!["x".into(), "x".into()])),
            Some("x"),
            True,
        ),
        (
            "EQUALS",
            Some(Value::List(vec!["x".into(), "y".into()])),
            Some("x"),
            False,
        ),
    ];
    for (op, value, target, expected) in cases {
        assert_eq!(
            &holds(op, value.clone(), *target),
            expected,
            "{op} {value:?} {target:?}"
        );
    }
    assert!(matches!(
        holds("STARTS WITH", Some(s("x")), Some("x")),
        scope::Verdict::CannotEvaluate(_)
    ));
    assert!(matches!(
        holds("REGEX MATCH", Some(s("x")), Some("(")),
        scope::Verdict::CannotEvaluate(_)
    ));
    assert!(matches!(
        holds("EQUALS", Some(s("x")), None),
        scope::Verdict::CannotEvaluate(_)
    ));
    // A bit test on a text is not guessed.
    assert!(matches!(
        holds("&", Some(s("Sales")), Some("Sales,Marketing")),
        scope::Verdict::CannotEvaluate(_)
    ));
}

/// In a Cloud Sync rule the exclusions hold on an attribute without a value (else
/// Microsoft's default scope would provision nobody); the other clauses do not.
#[test]
fn cloud_sync_exclusions_hold_on_attributes_without_a_value() {
    use scope::NullSemantics::{AppProvisioning, CloudSync};
    use scope::Verdict::{False, True};
    for (op, target, cloud_sync) in [
        ("NOT EQUALS", Some("SUPPORT_388945a0"), True),
        ("NOT REGEX MATCH", Some("^User_"), True),
        ("!&", Some("566259712"), True),
        ("EQUALS", Some("x"), False),
        ("REGEX MATCH", Some("^x"), False),
        ("ENDS_WITH", Some("OU=Cloud"), False),
        ("&", Some("566259712"), False),
        ("IS NOT NULL", None, False),
        ("IS NULL", None, True),
        ("IS FALSE", None, True),
        ("IS TRUE", None, False),
    ] {
        assert_eq!(holds_under(CloudSync, op, None, target), cloud_sync, "{op}");
        assert_eq!(
            holds_under(CloudSync, op, Some(s("")), target),
            cloud_sync,
            "{op} on an empty value"
        );
        let documented = if op == "IS NULL" { True } else { False };
        assert_eq!(
            holds_under(AppProvisioning, op, None, target),
            documented,
            "{op}"
        );
    }
}

#[test]
fn scoping_groups_report_the_deciding_group_and_first_failures() {
    let filter = filter(serde_json::json!({
        "groups": [
            {"name": "sales", "clauses": [clause("EQUALS", "dept", Some("Sales")), clause("IS NOT NULL", "mail", None)]},
            {"name": "it", "clauses": [clause("EQUALS", "dept", Some("IT"))]}
        ],
        "inputFilterGroups": [],
        "categoryFilterGroups": [{"clauses": [clause("IS TRUE", "enabled", None)]}]
    }));
    let object: Object = BTreeMap::from([
        ("dept".to_owned(), s("IT")),
        ("enabled".to_owned(), s("True")),
    ]);
    let outcome = scope::evaluate_filter(Some(&filter), &object, scope::NullSemantics::default());
    assert_eq!(outcome.verdict, scope::Verdict::True);
    assert_eq!(outcome.lists[0].deciding_group, Some(1));
    let object: Object = BTreeMap::from([("dept".to_owned(), s("Sales"))]);
    let outcome = scope::evaluate_filter(Some(&filter), &object, scope::NullSemantics::default());
    assert_eq!(outcome.verdict, scope::Verdict::False);
    let failures: Vec<(usize, String)> = outcome.lists[0]
        .groups
        .iter()
        .map(|group| {
            let failure = group.first_failure.as_ref().unwrap();
            (failure.clause, failure.reason.clone())
        })
        .collect();
    assert_eq!(
        failures,
        [
            (1, "the attribute is null or empty".to_owned()),
            (0, "`Sales` EQUALS `IT` is false".to_owned())
        ]
    );
    assert_eq!(outcome.lists[2].verdict, scope::Verdict::False);
    // No filter, or no groups: everything is in scope.
    assert_eq!(
        scope::evaluate_filter(None, &Object::new(), scope::NullSemantics::default()).verdict,
        scope::Verdict::True
    );
    let empty = crate::model::Filter::default();
    assert_eq!(
        scope::evaluate_filter(
            Some(&empty),
            &Object::new(),
            scope::NullSemantics::default()
        )
        .verdict,
        scope::Verdict::True
    );
}

#[test]
fn extreme_numbers_are_errors_not_panics() {
    let huge = i64::MAX.to_string();
    let tiny = i64::MIN.to_string();
    for text in [
        format!("Item([m], {tiny})"),
        format!("DNComponent(\"CN=a\", {tiny})"),
        format!("Word(\"a b\", {huge}, \" \")"),
        format!("Mid(\"abc\", {huge}, {huge})"),
        format!("Left(\"abc\", {huge})"),
        format!("DateAdd(\"m\", {huge}, Now())"),
        format!("DateAdd(\"yyyy\", {tiny}, Now())"),
        format!("DateAdd(\"s\", {huge}, Now())"),
        format!("DateFromNum({huge})"),
        format!("DateFromNum({tiny})"),
        format!("RandomString(10, {huge}, {huge}, 1, 1)"),
        format!("InStr(\"abc\", \"b\", {huge})"),
        "BitAnd(&HFFFFFFFFFFFFFFFFFF, 1)".to_owned(),
        "NumFromDate(\"0001-01-01\")".to_owned(),
        "FormatDateTime(\"9999-12-31+00:00\", , \"yyyy-MM-ddzzz\", \"yyyy\")".to_owned(),
    ] {
        let _ = run(&text, &[("m", s("x"))]);
    }
}
