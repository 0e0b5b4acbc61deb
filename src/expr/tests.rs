//! Unit tests of the expression module: parser, printer, catalog, tree bridge, the real
//! samples, and the round-trip property.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::load::{LoadOptions, load_path};
use crate::model::{AttributeMappingSource, Document, FunctionList};

fn canonical(text: &str) -> String {
    canonicalize(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn error(text: &str) -> String {
    parse(text).expect_err(text).to_string()
}

/// Worked examples of SPEC.md §3.2–§3.3, in Microsoft's spelling.
const DOC_EXAMPLES: &[&str] = &[
    r"Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))",
    r#"Join(", ", "", [surname], [givenName])"#,
    r#"Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))"#,
    r#"Replace([telephoneNumber], , "\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})", "phoneNumber" , , [mobile], )"#,
    r#"IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))"#,
    r#"IIF([country]="USA",IIF([state]="CA","True","False"),"False")"#,
    r#"NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))"#,
    r#"PCase([lastName]," '-")"#,
    r#"RandomString(10,2,2,2,1,"?,")"#,
    r#"Switch(IsPresent([jobTitle]), "DefaultValue", "True", [jobTitle])"#,
    r#"Join("", [title], "(", [urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode], ")")"#,
    "SelectUniqueValue( Join(\"@\", NormalizeDiacritics(StripSpaces(Join(\".\",  [PreferredFirstName], [PreferredLastName]))), \"contoso.com\"),\n    Join(\"@\", [PreferredLastName], \"contoso.com\") )",
    r#"Replace([preferredLanguage], "-", , , "_", ,  )"#,
    r#"FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")"#,
    r#"InStr("repEated","e",3,vbBinaryCompare)"#,
    r#"ConvertFromBase64("SGVsbG8gd29ybGQh", UTF8)"#,
    r"BitAnd(&HF, &HF7)",
    r#"DateAdd("d", -10, CDate([StatusHireDate]))"#,
    r"DateFromNum(129699324000000000)",
    r#"IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True")"#,
    r"CBool([attribute1] = [attribute2])",
    r#"IIF([employeeType]="Intern","t-" & [alias],[alias])"#,
    r"DNComponent(CRef([dn]),1)",
    r#"Mid(Item([proxyAddresses],Contains([proxyAddresses], "SMTP:")),6)"#,
    r"Guid()",
    r#"Append([userPrincipalName], ".test")"#,
    r#""Company name: \"Contoso\"""#,
    "[mail]",
];

#[test]
fn documented_examples_parse_and_print_stably() {
    for text in DOC_EXAMPLES {
        let once = canonical(text);
        assert_eq!(canonical(&once), once, "{text}");
        assert_eq!(
            parse(&once).unwrap().without_spans(),
            parse(text).unwrap().without_spans()
        );
    }
    assert_eq!(
        canonical(r#"Replace([preferredLanguage], "-", , , "_", ,  )"#),
        r#"Replace([preferredLanguage], "-", , , "_", , )"#
    );
    assert_eq!(
        canonical(r#"IIF([country]="USA",IIF([state]="CA","True","False"),"False")"#),
        r#"IIF([country]="USA", IIF([state]="CA", "True", "False"), "False")"#
    );
    assert_eq!(
        canonical(r#"IIF([employeeType]="Intern","t-" & [alias],[alias])"#),
        r#"IIF([employeeType]="Intern", "t-" & [alias], [alias])"#
    );
    assert_eq!(canonical(r#""a\"b\\c""#), r#""a\"b\\c""#);
}

#[test]
fn spans_cover_the_text_of_each_node() {
    let text = r"Mid( [userPrincipalName] , 1, 8)";
    let expr = parse(text).unwrap();
    assert_eq!(expr.span, Span::new(0, text.len()));
    let call = expr.as_call().unwrap();
    assert_eq!(call.name_span.slice(text), Some("Mid"));
    let slices: Vec<&str> = call
        .args
        .iter()
        .map(|arg| arg.span.slice(text).unwrap())
        .collect();
    assert_eq!(slices, ["[userPrincipalName]", "1", "8"]);
    let text = r#"Join("", [a], IIF([b]="x", [c], ))"#;
    let expr = parse(text).unwrap();
    let references: Vec<(&str, &str)> = expr
        .attribute_references()
        .map(|(name, span)| (name, span.slice(text).unwrap()))
        .collect();
    assert_eq!(references, [("a", "[a]"), ("b", "[b]"), ("c", "[c]")]);
}

#[test]
fn empty_slots_and_zero_argument_calls() {
    let expr = parse("F(, [a], ,)").unwrap();
    let call = expr.as_call().unwrap();
    let filled: Vec<bool> = call.args.iter().map(|arg| arg.value.is_some()).collect();
    assert_eq!(filled, [false, true, false, false]);
    assert_eq!(print(&expr), "F(, [a], , )");
    assert!(parse("Now( )").unwrap().as_call().unwrap().args.is_empty());
    assert_eq!(parse("F( , )").unwrap().as_call().unwrap().args.len(), 2);
    let nested = parse("A(B(), C(D()))").unwrap();
    let calls: Vec<&str> = nested.calls().map(|(call, _)| call.name.as_str()).collect();
    assert_eq!(calls, ["A", "B", "C", "D"]);
}

#[test]
fn errors_say_what_and_where() {
    assert_eq!(
        error(r#"Join("@", "abc)"#),
        "unclosed string starting at column 11"
    );
    assert_eq!(
        error(r"Mid([givenName], 1 3)"),
        "expected ',' or ')' after argument 2 of Mid, found number 3 at column 20"
    );
    assert_eq!(
        error("Mid([givenName], 1"),
        "expected ',' or ')' after argument 2 of Mid, found end of input at column 19"
    );
    assert_eq!(error("  "), "empty expression at column 3");
    assert_eq!(
        error("Trim([a)"),
        "unclosed attribute reference starting at column 6"
    );
    assert_eq!(error("[]"), "empty attribute name at column 1");
    assert_eq!(
        error("Trim([a]))"),
        "found ')' after the end of the expression at column 10"
    );
    assert_eq!(
        error("IIF([a]=, 1, 2)"),
        "expected an expression after '=', found ',' at column 9"
    );
    assert_eq!(
        error("F(=)"),
        "expected argument 1 of F, ',' or ')', found '=' at column 3"
    );
    assert_eq!(error("&H"), "expected an expression, found '&' at column 1");
    assert_eq!(error("- 1"), "expected digits after '-' at column 1");
    assert_eq!(error("F(#)"), "unexpected character '#' at column 3");
    assert_eq!(
        error("Join(\"a\",\n  [b] [c])"),
        "expected ',' or ')' after argument 2 of Join, found attribute [c] at line 2, column 7"
    );
    let located = parse("é\"x").unwrap_err();
    assert_eq!(located.offset(), 2);
    assert_eq!(located.position.column, 2);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 10_000;
    let text = format!("{}[a]{}", "Trim(".repeat(depth), ")".repeat(depth));
    let error = parse(&text).unwrap_err();
    assert_eq!(error.kind, ParseErrorKind::TooDeep { limit: MAX_DEPTH });
    assert!(
        error
            .to_string()
            .contains("calls nested deeper than 256 levels at column 1281")
    );
    let allowed = MAX_DEPTH;
    let text = format!("{}[a]{}", "Trim(".repeat(allowed), ")".repeat(allowed));
    let expr = parse(&text).unwrap();
    assert_eq!(print(&expr), text);
    assert_eq!(expr.descendants().count(), allowed + 1);
    let catalog = Catalog::builtin();
    let tree = to_source_tree(&expr, &catalog).unwrap();
    assert_eq!(check_consistency(&tree, &catalog), Consistency::Agree);
    assert_eq!(print(&from_source_tree(&tree, &catalog).unwrap()), text);
    let unclosed = "F(".repeat(100_000);
    assert!(parse(&unclosed).is_err());
}

#[test]
fn ten_megabytes_parse_in_linear_time() {
    let argument = r#", "some text \" with escapes", [attribute.name-x]"#;
    let count = 10 * 1024 * 1024 / argument.len();
    let text = format!("Join(\"\"{})", argument.repeat(count));
    let started = std::time::Instant::now();
    let expr = parse(&text).unwrap();
    assert_eq!(expr.as_call().unwrap().args.len(), 2 * count + 1);
    let long_string = format!("\"{}", "x".repeat(10 * 1024 * 1024));
    assert!(parse(&long_string).is_err());
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn catalog_covers_every_function_of_the_spec() {
    let catalog = Catalog::builtin();
    let spec_functions = [
        "Append",
        "AppRoleAssignmentsComplex",
        "AssertiveAppRoleAssignmentsComplex",
        "AppRoleAssignments",
        "BitAnd",
        "CBool",
        "CDate",
        "Coalesce",
        "ConvertFromBase64",
        "ConvertToBase64",
        "ConvertToUTF8Hex",
        "Count",
        "CStr",
        "DateAdd",
        "DateDiff",
        "DateFromNum",
        "DefaultDomain",
        "DNComponent",
        "Error",
        "FormatDateTime",
        "Guid",
        "IgnoreFlowIfNullOrEmpty",
        "IIF",
        "InStr",
        "IsNothing",
        "IsNull",
        "IsNullOrEmpty",
        "IsPresent",
        "IsString",
        "Item",
        "Join",
        "Left",
        "Mid",
        "NormalizeDiacritics",
        "Not",
        "Now",
        "NumFromDate",
        "PCase",
        "Prepend",
        "RandomString",
        "Redact",
        "RemoveDuplicates",
        "Replace",
        "SelectUniqueValue",
        "SingleAppRoleAssignment",
        "Split",
        "StringFromSid",
        "StripSpaces",
        "Switch",
        "ToLower",
        "ToUpper",
        "Trim",
        "Word",
        "CRef",
        "Contains",
    ];
    for name in spec_functions {
        let spec = catalog
            .lookup(name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(spec.name, name);
    }
    assert_eq!(catalog.functions().count(), spec_functions.len());
    assert_eq!(catalog.lookup("iif").unwrap().name, "IIF");
    assert_eq!(catalog.lookup("TRIM").unwrap().name, "Trim");
    let iif = catalog.lookup("IIF").unwrap();
    assert_eq!((iif.min_arguments(), iif.max_arguments()), (2, Some(3)));
    let join = catalog.lookup("Join").unwrap();
    assert_eq!((join.min_arguments(), join.max_arguments()), (2, None));
    let format = catalog.lookup("FormatDateTime").unwrap();
    assert_eq!(
        (format.min_arguments(), format.max_arguments()),
        (3, Some(4))
    );
    assert_eq!(
        catalog.lookup("Contains").unwrap().source,
        FunctionSource::Undocumented
    );
    let coalesce = catalog.lookup("Coalesce").unwrap();
    assert!(
        coalesce.signatures[0]
            .parameters
            .iter()
            .all(|parameter| parameter.name_source == NameSource::Inferred)
    );
}

fn problems(text: &str) -> Vec<String> {
    let expr = parse(text).unwrap();
    Catalog::builtin()
        .check(&expr)
        .iter()
        .map(|problem| {
            let slice = problem.span.slice(text).unwrap_or("?");
            format!("{} @ {slice}", problem.kind)
        })
        .collect()
}

#[test]
fn arity_problems_are_typed_and_located() {
    assert!(problems(r"Mid([a], 1, 8)").is_empty());
    assert_eq!(
        problems(r"Mid([a], 1)"),
        ["Mid takes at least 3 arguments, 2 given @ Mid([a], 1)"]
    );
    assert_eq!(
        problems(r"Trim([a], [b], [c])"),
        ["Trim takes at most 1 argument, 3 given @ [b], [c]"]
    );
    assert_eq!(
        problems(r"Frobnicate(Trim([a]))"),
        ["unknown function Frobnicate @ Frobnicate"]
    );
    assert_eq!(
        problems(r"Mid([a], , 3)"),
        ["argument 2 of Mid (start) is required but empty @ "]
    );
    assert!(problems(r"IIF(IsPresent([a]), [a], )").is_empty());
    assert!(problems(r#"IIF([a]="x", [a])"#).is_empty());
    assert_eq!(
        problems(r#"IIF([a]="x", [a], [b], [c])"#),
        ["IIF takes at most 3 arguments, 4 given @ [c]"]
    );
    assert!(problems(r#"FormatDateTime([a], , "in", "out")"#).is_empty());
    assert!(problems(r#"Join("@", [a], )"#).is_empty());
    assert!(problems(r#"Switch([a], , "1", "x", "2", "y")"#).is_empty());
    assert!(problems("Now()").is_empty());
    assert_eq!(
        problems("Now([a])"),
        ["Now takes at most 0 arguments, 1 given @ [a]"]
    );
    assert!(check_length(&"x".repeat(MAX_EXPRESSION_CHARS)).is_none());
    let long = check_length(&"é".repeat(MAX_EXPRESSION_CHARS + 1)).unwrap();
    assert_eq!(
        long.kind.to_string(),
        "expression is 10001 characters long; Entra accepts at most 10000"
    );
}

#[test]
fn a_functions_response_overrides_the_entries_it_names() {
    let list: FunctionList = serde_json::from_value(serde_json::json!({"value": [
        {"name": "Mid", "parameters": [
            {"name": "text", "required": true, "allowMultipleOccurrences": false},
            {"name": "from", "required": false}]},
        {"name": "BrandNew", "parameters": []}
    ]}))
    .unwrap();
    let catalog = Catalog::builtin().with_functions(&list);
    let mid = catalog.lookup("mid").unwrap();
    assert_eq!(mid.source, FunctionSource::Captured);
    assert_eq!(mid.signatures[0].parameters[0].name, "text");
    assert_eq!((mid.min_arguments(), mid.max_arguments()), (1, Some(2)));
    assert!(catalog.lookup("BrandNew").is_some());
    assert_eq!(catalog.lookup("Trim"), Catalog::builtin().lookup("Trim"));
}

fn tree_json(text: &str) -> serde_json::Value {
    let expr = parse(text).unwrap();
    serde_json::to_value(to_source_tree(&expr, &Catalog::builtin()).unwrap()).unwrap()
}

#[test]
fn trees_use_server_keys_and_quote_constants() {
    let tree = tree_json("Mid([userPrincipalName], 1, 8)");
    assert_eq!(
        tree,
        serde_json::json!({
            "expression": "Mid([userPrincipalName], 1, 8)", "name": "Mid", "parameters": [
                {"key": "source", "value": {"expression": "[userPrincipalName]",
                    "name": "userPrincipalName", "parameters": [], "type": "Attribute"}},
                {"key": "start", "value": {"expression": "\"1\"", "name": "1",
                    "parameters": [], "type": "Constant"}},
                {"key": "length", "value": {"expression": "\"8\"", "name": "8",
                    "parameters": [], "type": "Constant"}}],
            "type": "Function"})
    );
    let keys = |tree: &serde_json::Value| -> Vec<String> {
        tree["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["key"].as_str().unwrap().to_owned())
            .collect()
    };
    let replace = tree_json(r#"Replace([preferredLanguage], "-", , , "_", , )"#);
    assert_eq!(keys(&replace), ["source", "Find", "Replacement"]);
    let iif = tree_json(r#"IIF(BitAnd([userAccountControl], 2)="0", "True", "False")"#);
    assert_eq!(keys(&iif), ["one", "two", "three", "four", "five"]);
    assert_eq!(iif["parameters"][1]["value"]["expression"], "\"=\"");
    let plain = tree_json(r"IIF(IsPresent([a]), [a], )");
    assert_eq!(keys(&plain), ["one", "four"]);
    let join = tree_json(r#"Join(", ", [a], [b], [c])"#);
    assert_eq!(keys(&join), ["separator", "source", "source", "source"]);
    let switch = tree_json(r#"Switch([a], , "1", "x")"#);
    assert_eq!(keys(&switch), ["source", "switchValue", "switchValue"]);
}

#[test]
fn constructs_without_a_known_encoding_are_refused() {
    let catalog = Catalog::builtin();
    for text in [
        r"CBool([a] = [b])",
        r#"Join("", "t-" & [alias])"#,
        r#"IIF(IsPresent([a]), [a]="x", "y")"#,
    ] {
        let error = to_source_tree(&parse(text).unwrap(), &catalog).unwrap_err();
        assert!(
            matches!(error, TreeError::UnknownEncoding { .. }),
            "{text}: {error}"
        );
    }
    let error = to_source_tree(&parse("Nope([a])").unwrap(), &catalog).unwrap_err();
    assert_eq!(error.to_string(), "unknown function Nope");
}

fn source(value: serde_json::Value) -> AttributeMappingSource {
    serde_json::from_value(value).unwrap()
}

#[test]
fn trees_read_back_as_text() {
    let catalog = Catalog::builtin();
    for text in [
        "Mid([userPrincipalName], \"1\", \"8\")",
        r#"Replace([preferredLanguage], "-", , , "_")"#,
        r#"IIF(BitAnd([userAccountControl], "2")="0", "True", "False")"#,
        r#"IIF(IsPresent([pwdLastSet]), FormatDateTime(DateFromNum([pwdLastSet]), , "yyyyMMddHHmmss.0Z"), )"#,
        r#"Switch([a], , "1", "x")"#,
        r#"FormatDateTime([a], "styles", "in", )"#,
        r#"FormatDateTime([a], , "out")"#,
        r"Trim([a])",
        r#""constant""#,
        "[attribute]",
    ] {
        let tree = to_source_tree(&parse(text).unwrap(), &catalog).unwrap();
        let back = from_source_tree(&tree, &catalog).unwrap();
        assert_eq!(print(&back), text);
    }
    let placeholder = source(serde_json::json!({
        "expression": "Join(\"@\", [sAMAccountName], )", "name": "Join", "type": "Function",
        "parameters": [
            {"key": "separator", "value": {"expression": "\"@\"", "name": "@", "type": "Constant"}},
            {"key": "source", "value": {"name": "sAMAccountName", "type": "Attribute"}},
            {"key": "source", "value": {"expression": null, "name": "%DomainFQDN%", "type": "Constant"}}]
    }));
    // A 2020 tree (placeholder only in the tree) reads back in the 2025 form, with
    // the placeholder written out: it is never lost.
    assert_eq!(
        print(&from_source_tree(&placeholder, &catalog).unwrap()),
        r#"Join("@", [sAMAccountName], %DomainFQDN%)"#
    );
    let unknown = source(
        serde_json::json!({"name": "Custom", "type": "Function", "parameters": [
        {"key": "x", "value": {"name": "a"}}, {"key": "y", "value": {"name": "b", "type": "Constant"}}]}),
    );
    assert_eq!(
        print(&from_source_tree(&unknown, &catalog).unwrap()),
        r#"Custom([a], "b")"#
    );
    let bad_key = source(
        serde_json::json!({"name": "Mid", "type": "Function", "parameters": [
        {"key": "source", "value": {"name": "a"}}, {"key": "begin", "value": {"name": "1", "type": "Constant"}}]}),
    );
    assert_eq!(
        from_source_tree(&bad_key, &catalog)
            .unwrap_err()
            .to_string(),
        "Mid has no parameter \"begin\" at /parameters/1/key"
    );
    let bad_type = source(serde_json::json!({"name": "x", "type": "Formula"}));
    assert!(from_source_tree(&bad_type, &catalog).is_err());
}

fn consistency(value: serde_json::Value) -> Consistency {
    check_consistency(&source(value), &Catalog::builtin())
}

#[test]
fn consistency_finds_the_first_difference() {
    let good = serde_json::json!({
        "expression": "Left(Trim([info]), 448)", "name": "Left", "type": "Function",
        "parameters": [
            {"key": "source", "value": {"expression": "Trim( [info] )", "name": "Trim", "type": "Function",
                "parameters": [{"key": "source", "value": {"expression": "[info]", "name": "info", "type": "Attribute", "parameters": []}}]}},
            {"key": "length", "value": {"expression": "\"448\"", "name": "448", "type": "Constant", "parameters": []}}]
    });
    assert_eq!(consistency(good.clone()), Consistency::Agree);
    let mut bare_number = good.clone();
    bare_number["parameters"][1]["value"]["expression"] = "448".into();
    assert_eq!(consistency(bare_number), Consistency::Agree);
    let mut other_number = good.clone();
    other_number["parameters"][1]["value"]["expression"] = "\"449\"".into();
    let Consistency::Differ(found) = consistency(other_number) else {
        panic!("expected a mismatch")
    };
    assert_eq!(found.pointer.as_str(), "/parameters/1/value/expression");
    let mut renamed = good.clone();
    renamed["parameters"][0]["value"]["parameters"][0]["value"]["name"] = "title".into();
    let Consistency::Differ(found) = consistency(renamed) else {
        panic!("expected a mismatch")
    };
    assert_eq!(
        found.pointer.as_str(),
        "/parameters/0/value/parameters/0/value/name"
    );
    assert_eq!(
        found.message,
        "the text gives the name \"info\", the tree \"title\""
    );
    let mut short = good.clone();
    short["parameters"].as_array_mut().unwrap().pop();
    let Consistency::Differ(found) = consistency(short) else {
        panic!("expected a mismatch")
    };
    assert_eq!(found.pointer.as_str(), "/parameters");
    let mut rekeyed = good.clone();
    rekeyed["parameters"][1]["key"] = "count".into();
    let Consistency::Differ(found) = consistency(rekeyed) else {
        panic!("expected a mismatch")
    };
    assert_eq!(found.pointer.as_str(), "/parameters/1/key");
    let mut retyped = good;
    retyped["parameters"][1]["value"]["type"] = "Attribute".into();
    let Consistency::Differ(found) = consistency(retyped) else {
        panic!("expected a mismatch")
    };
    assert_eq!(found.pointer.as_str(), "/parameters/1/value/type");
    assert!(matches!(
        consistency(
            serde_json::json!({"expression": "CBool([a]=[b])", "name": "CBool", "type": "Function"})
        ),
        Consistency::NotChecked(NotChecked::Tree(TreeError::UnknownEncoding { .. }))
    ));
    assert!(matches!(
        consistency(serde_json::json!({"name": "mail", "type": "Attribute"})),
        Consistency::NotChecked(NotChecked::NoExpression)
    ));
    assert_eq!(
        consistency(serde_json::json!({"expression": "[mail]", "name": "mail"})),
        Consistency::Agree
    );
}

/// Found by the fuzz target: text read back from a tree must agree with the tree.
/// A four-slot FormatDateTime lost its empty last slot (three slots select the
/// three-parameter signature); empty slots of a repeating parameter (Join's sources)
/// have no tree entry, so a nested node's text is compared by its tree.
#[test]
fn regression_text_read_back_agrees_with_its_tree() {
    let catalog = Catalog::builtin();
    for (text, expected_back) in [
        (
            "FormatDateTime(DateFromNum([LasSet]), zromNum, z, )",
            r#"FormatDateTime(DateFromNum([LasSet]), "zromNum", "z", )"#,
        ),
        (
            "Join(, Join(, , , sste), , sste)",
            r#"Join(, Join(, "sste"), "sste")"#,
        ),
    ] {
        let tree = to_source_tree(&parse(text).unwrap(), &catalog).unwrap();
        assert_eq!(check_consistency(&tree, &catalog), Consistency::Agree);
        let back = print(&from_source_tree(&tree, &catalog).unwrap());
        assert_eq!(back, expected_back);
        let mut mixed = tree;
        mixed.expression = crate::model::Field::Value(back);
        assert_eq!(
            check_consistency(&mixed, &catalog),
            Consistency::Agree,
            "{text}"
        );
    }
}

// ---- Real samples -------------------------------------------------------------------

const REAL_SAMPLES: [&str; 2] = [
    "use-azuread-cloudsync-ad2aad-schema-sample1.json",
    "use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json",
];

fn sample_paths() -> Vec<PathBuf> {
    let folder = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/samples"));
    if !folder.is_dir() {
        eprintln!("note: ../shared/samples not found; sample expression tests skipped");
        return Vec::new();
    }
    REAL_SAMPLES.iter().map(|name| folder.join(name)).collect()
}

/// Every attribute mapping source of a sample.
fn sample_sources(path: &Path) -> Vec<AttributeMappingSource> {
    let loaded = load_path(path, LoadOptions::default()).unwrap();
    let Document::Schema(schema) = loaded.document else {
        panic!("{} is not a schema", path.display())
    };
    schema
        .rules()
        .iter()
        .flat_map(super::super::model::mapping::SynchronizationRule::object_mappings)
        .flat_map(super::super::model::mapping::ObjectMapping::attribute_mappings)
        .filter_map(|mapping| mapping.source.get().cloned())
        .collect()
}

/// Every `expression` text of every node of a tree.
fn node_expressions(source: &AttributeMappingSource, out: &mut Vec<String>) {
    if let Some(text) = source.expression.as_str() {
        out.push(text.to_owned());
    }
    for entry in source.parameters() {
        if let Some(value) = entry.value.get() {
            node_expressions(value, out);
        }
    }
}

#[test]
fn every_sample_expression_parses_and_prints_back_exactly() {
    let catalog = Catalog::builtin();
    let mut checked = 0;
    for path in sample_paths() {
        for source in sample_sources(&path) {
            let mut texts = Vec::new();
            node_expressions(&source, &mut texts);
            for text in texts {
                let expr = parse(&text).unwrap_or_else(|error| panic!("{text}: {error}"));
                assert_eq!(print(&expr), text);
                assert_eq!(catalog.check(&expr), [], "{text}");
                assert!(check_length(&text).is_none());
                checked += 1;
            }
        }
    }
    if checked > 0 {
        assert!(checked > 400, "{checked}");
    }
}

#[test]
fn every_sample_tree_agrees_with_its_text() {
    let catalog = Catalog::builtin();
    let mut agreed = 0;
    for path in sample_paths() {
        for source in sample_sources(&path) {
            let Some(text) = source.expression.as_str().map(str::to_owned) else {
                // A runtime placeholder as the whole source: there is no text to check.
                assert!(is_runtime_placeholder(&source));
                assert!(matches!(
                    check_consistency(&source, &catalog),
                    Consistency::NotChecked(NotChecked::NoExpression)
                ));
                continue;
            };
            assert_eq!(
                check_consistency(&source, &catalog),
                Consistency::Agree,
                "{text}"
            );
            // The tree does not say whether a constant was a number or a string, so the
            // text read back from it may quote what the original left bare.
            // Runtime placeholders that the 2020 text leaves out are written out.
            let back = from_source_tree(&source, &catalog).unwrap();
            assert_eq!(
                print(&back).replace('"', "").replace("%DomainFQDN%", ""),
                text.replace('"', ""),
                "{text}"
            );
            let expr = parse(&text).unwrap();
            let mut rebuilt =
                serde_json::to_value(to_source_tree(&expr, &catalog).unwrap()).unwrap();
            let mut original = serde_json::to_value(&source).unwrap();
            strip_placeholders(&mut original);
            strip_placeholders(&mut rebuilt);
            assert_eq!(rebuilt, original, "{text}");
            agreed += 1;
        }
    }
    if agreed > 0 {
        assert!(agreed > 200, "{agreed}");
    }
}

/// Removes runtime placeholder entries (text leaves their slots empty).
fn strip_placeholders(value: &mut serde_json::Value) {
    if let Some(object) = value.as_object_mut() {
        if let Some(serde_json::Value::Array(parameters)) = object.get_mut("parameters") {
            parameters.retain(|entry| {
                !(entry["value"]["expression"].is_null()
                    && entry["value"]["name"]
                        .as_str()
                        .is_some_and(|name| name.starts_with('%')))
            });
        }
        for child in object.values_mut() {
            strip_placeholders(child);
        }
    } else if let Some(items) = value.as_array_mut() {
        items.iter_mut().for_each(strip_placeholders);
    }
}

// ---- Property: parse(print(ast)) == ast ---------------------------------------------

fn name_strategy() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "Trim",
        "IIF",
        "Join",
        "Mid",
        "x",
        "F_1",
        "Übung",
        "vbTextCompare",
        "UTF8",
    ])
    .prop_map(str::to_owned)
}

fn text_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(vec![
            'a', 'Z', ' ', '"', '\\', ',', '(', ')', '[', ']', '&', '=', '<', 'é', '\n', '%',
        ]),
        0..8,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn attribute_strategy() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "mail",
        "mS-DS-ConsistencyGuid",
        "passwordProfile.password",
        "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode",
        "display name",
        "roles[primary eq \"True\"].value",
        "a\"]\"b",
    ])
    .prop_map(str::to_owned)
}

fn leaf_strategy() -> impl Strategy<Value = Expr> {
    let span = Span::default();
    prop_oneof![
        attribute_strategy().prop_map(move |name| Expr::new(ExprKind::Attribute(name), span)),
        text_strategy().prop_map(move |value| Expr::new(ExprKind::String(value), span)),
        (any::<i64>()).prop_map(move |value| Expr::new(ExprKind::Integer(value.to_string()), span)),
        proptest::collection::vec(
            proptest::sample::select(b"0123456789ABCDEFabcdef".to_vec()),
            1..8
        )
        .prop_map(move |digits| Expr::new(
            ExprKind::Hex(String::from_utf8_lossy(&digits).into_owned()),
            span
        )),
        name_strategy().prop_map(move |name| Expr::new(ExprKind::Identifier(name), span)),
    ]
}

/// Operands: anything but a comparison or a concatenation (the grammar has no
/// parentheses to group them).
fn operand(expr: &Expr) -> bool {
    !matches!(expr.kind, ExprKind::Compare { .. } | ExprKind::Concat(_))
}

fn expr_strategy() -> impl Strategy<Value = Expr> {
    let span = Span::default();
    leaf_strategy().prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            (
                name_strategy(),
                proptest::collection::vec(proptest::option::of(inner.clone()), 0..6)
            )
                .prop_map(move |(name, mut args)| {
                    // A single empty slot cannot be written: `F()` has no slots.
                    if args.len() == 1 && args[0].is_none() {
                        args.clear();
                    }
                    let args = args.into_iter().map(|value| Arg { value, span }).collect();
                    Expr::new(
                        ExprKind::Call(Call {
                            name,
                            name_span: span,
                            args,
                        }),
                        span,
                    )
                }),
            (
                inner.clone().prop_filter("operand", operand),
                proptest::sample::select(CompareOp::ALL.to_vec()),
                inner.clone().prop_filter("operand", operand)
            )
                .prop_map(move |(left, op, right)| Expr::new(
                    ExprKind::Compare {
                        op,
                        left: Box::new(left),
                        right: Box::new(right)
                    },
                    span
                )),
            proptest::collection::vec(inner.prop_filter("operand", operand), 2..4)
                .prop_map(move |parts| Expr::new(ExprKind::Concat(parts), span)),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printing_then_parsing_gives_the_same_tree(expr in expr_strategy()) {
        let text = print(&expr);
        let parsed = parse(&text).map_err(|error| TestCaseError::fail(format!("{text}: {error}")))?;
        prop_assert_eq!(parsed.without_spans(), expr, "{}", text);
    }

    #[test]
    fn no_input_panics(text in proptest::collection::vec(
        proptest::sample::select(vec!['F', '(', ')', ',', '[', ']', '"', '\\', '&', 'H', '1', '-', '=', '<', '>', ' ', 'é']),
        0..40,
    ).prop_map(|chars| chars.into_iter().collect::<String>())) {
        if let Ok(expr) = parse(&text) {
            let printed = print(&expr);
            let again = parse(&printed).map_err(|error| TestCaseError::fail(format!("{printed}: {error}")))?;
            prop_assert_eq!(print(&again), printed);
            let _ = Catalog::builtin().check(&expr);
        } else if let Err(error) = parse(&text) {
            prop_assert!(error.offset() <= text.len());
        }
    }
}

// ---- Property: text -> tree -> text agrees with the tree ---------------------------

fn call(name: &str, args: Vec<Option<Expr>>) -> Expr {
    let span = Span::default();
    let args = args.into_iter().map(|value| Arg { value, span }).collect();
    Expr::new(
        ExprKind::Call(Call {
            name: name.to_owned(),
            name_span: span,
            args,
        }),
        span,
    )
}

/// Calls of known functions with accepted argument counts, over attributes, strings
/// and numbers; IIF conditions may be comparisons.
fn known_expr_strategy() -> impl Strategy<Value = Expr> {
    let span = Span::default();
    let leaf = prop_oneof![
        attribute_strategy().prop_map(move |name| Expr::new(ExprKind::Attribute(name), span)),
        text_strategy().prop_map(move |value| Expr::new(ExprKind::String(value), span)),
        (0u32..5000).prop_map(move |value| Expr::new(ExprKind::Integer(value.to_string()), span)),
    ];
    leaf.prop_recursive(4, 32, 4, move |inner| {
        let slot = proptest::option::of(inner.clone());
        prop_oneof![
            inner.clone().prop_map(|a| call("Trim", vec![Some(a)])),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| call("Left", vec![Some(a), Some(b)])),
            (
                inner.clone(),
                proptest::collection::vec(inner.clone(), 1..4)
            )
                .prop_map(|(separator, sources)| {
                    let mut args = vec![Some(separator)];
                    args.extend(sources.into_iter().map(Some));
                    call("Join", args)
                }),
            (inner.clone(), proptest::collection::vec(slot.clone(), 6)).prop_map(
                |(source, rest)| {
                    let mut args = vec![Some(source)];
                    args.extend(rest);
                    call("Replace", args)
                }
            ),
            (inner.clone(), slot.clone(), inner.clone()).prop_map(|(source, input, output)| {
                call("FormatDateTime", vec![Some(source), input, Some(output)])
            }),
            (
                inner.clone(),
                proptest::option::of((
                    proptest::sample::select(CompareOp::ALL.to_vec()),
                    inner.clone()
                )),
                inner.clone(),
                slot
            )
                .prop_map(move |(left, comparison, if_true, if_false)| {
                    let condition = match comparison {
                        Some((op, right)) => Expr::new(
                            ExprKind::Compare {
                                op,
                                left: Box::new(left),
                                right: Box::new(right),
                            },
                            span,
                        ),
                        None => left,
                    };
                    call("IIF", vec![Some(condition), Some(if_true), if_false])
                }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn trees_agree_with_their_text_and_read_back(expr in known_expr_strategy()) {
        let catalog = Catalog::builtin();
        let text = print(&expr);
        let expr = parse(&text).map_err(|error| TestCaseError::fail(format!("{text}: {error}")))?;
        prop_assert_eq!(catalog.check(&expr), vec![], "{}", text);
        let tree = to_source_tree(&expr, &catalog)
            .map_err(|error| TestCaseError::fail(format!("{text}: {error}")))?;
        prop_assert_eq!(check_consistency(&tree, &catalog), Consistency::Agree, "{}", text);
        let back = from_source_tree(&tree, &catalog)
            .map_err(|error| TestCaseError::fail(format!("{text}: {error}")))?;
        let mut mixed = tree.clone();
        mixed.expression = crate::model::Field::Value(print(&back));
        prop_assert_eq!(check_consistency(&mixed, &catalog), Consistency::Agree, "{} -> {}", text, print(&back));
    }
}

// ---- The catalog's entries: sources, descriptions, types, documented names -----------

#[test]
fn every_builtin_function_has_sources_a_description_and_typed_parameters() {
    let catalog = Catalog::builtin();
    for spec in catalog.functions() {
        assert!(!spec.sources.is_empty(), "{} has no source tag", spec.name);
        assert!(
            !spec.description.is_empty(),
            "{} has no description",
            spec.name
        );
        assert!(
            !spec.sources.contains(&SourceTag::Captured),
            "{} is built in",
            spec.name
        );
        let mut sorted = spec.sources.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, spec.sources, "{}: sources in order", spec.name);
        let documented = spec.sources.iter().any(|tag| {
            matches!(
                tag,
                SourceTag::AppProvisioning | SourceTag::CustomizeAttributes
            )
        });
        assert_eq!(
            documented,
            spec.source == FunctionSource::Documented,
            "{}: its source tags and its origin disagree",
            spec.name
        );
        for parameter in spec.signatures.iter().flat_map(|s| &s.parameters) {
            assert!(
                parameter.value_type.is_some(),
                "{}: parameter {} has no type",
                spec.name,
                parameter.name
            );
            assert_ne!(
                parameter.doc_name.as_deref(),
                Some(parameter.name.as_str()),
                "{}: a documented name is kept only where it differs",
                spec.name
            );
            if parameter.name_source == NameSource::RealExport {
                assert!(
                    spec.sources.contains(&SourceTag::RealExport),
                    "{}",
                    spec.name
                );
            }
            if parameter.name_source == NameSource::FunctionsResponse {
                assert!(
                    spec.sources.contains(&SourceTag::FunctionsList),
                    "{}",
                    spec.name
                );
            }
        }
    }
    for tag in SourceTag::ALL {
        assert!(!tag.tag().is_empty() && !tag.location().is_empty());
    }
}

#[test]
fn parameters_keep_their_documented_names_and_types() {
    let catalog = Catalog::builtin();
    let parameter = |function: &str, key: &str| {
        catalog
            .lookup(function)
            .unwrap()
            .signatures
            .iter()
            .flat_map(|signature| &signature.parameters)
            .find(|parameter| parameter.name == key)
            .unwrap_or_else(|| panic!("{function} has no {key}"))
            .clone()
    };
    let left = parameter("BitAnd", "left");
    assert_eq!(left.doc_name.as_deref(), Some("value1"));
    assert_eq!(left.value_type, Some(ValueType::Integer));
    assert_eq!(left.name_source, NameSource::RealExport);
    assert_eq!(
        parameter("Replace", "Find").doc_name.as_deref(),
        Some("oldValue")
    );
    assert_eq!(
        parameter("Item", "source").value_type,
        Some(ValueType::MultiValued)
    );
    let styles = parameter("FormatDateTime", "dateTimeStyle");
    assert_eq!(styles.doc_name.as_deref(), Some("dateTimeStyles"));
    assert_eq!(styles.name_source, NameSource::RealExport);
    assert!(!styles.required);
    assert_eq!(parameter("Mid", "start").doc_name, None);
    let iif = catalog.lookup("IIF").unwrap();
    assert!(iif.splits_comparison);
    assert_eq!(
        iif.sources,
        [
            SourceTag::AppProvisioning,
            SourceTag::CloudSync,
            SourceTag::RealExport
        ]
    );
}

#[test]
fn format_date_time_accepts_both_forms_and_keys_the_2025_one_as_exported() {
    let catalog = Catalog::builtin();
    let format = catalog.lookup("FormatDateTime").unwrap();
    let names = |slots: usize| -> Vec<String> {
        format
            .bind(slots)
            .unwrap()
            .iter()
            .map(|binding| binding.parameter().name.clone())
            .collect()
    };
    assert_eq!(names(3), ["source", "inputFormat", "outputFormat"]);
    assert_eq!(
        names(4),
        ["source", "dateTimeStyle", "inputFormat", "outputFormat"]
    );
    for text in [
        r#"FormatDateTime(DateFromNum([pwdLastSet]), "RoundtripKind", , "yyyyMMddHHmmss.0Z")"#,
        r#"FormatDateTime(DateFromNum([pwdLastSet]), , "yyyyMMddHHmmss.0Z")"#,
        r#"FormatDateTime([a], "in", "out")"#,
        r#"FormatDateTime([a], , "in", "out")"#,
        r#"FormatDateTime([a], "RoundtripKind", "in", "out")"#,
    ] {
        assert!(problems(text).is_empty(), "{text}: {:?}", problems(text));
    }
    assert_eq!(
        problems(r#"FormatDateTime([a], "RoundtripKind", "in", )"#),
        ["argument 4 of FormatDateTime (outputFormat) is required but empty @ "]
    );
    // The tree of a 2025 export: keys source, dateTimeStyle, outputFormat.
    let exported = source(serde_json::json!({
        "expression": "FormatDateTime(DateFromNum([pwdLastSet]), \"RoundtripKind\", , \"yyyyMMddHHmmss.0Z\")",
        "name": "FormatDateTime", "type": "Function", "parameters": [
            {"key": "source", "value": {"expression": "DateFromNum([pwdLastSet])", "name": "DateFromNum",
                "type": "Function", "parameters": [{"key": "source", "value": {"expression": "[pwdLastSet]",
                "name": "pwdLastSet", "type": "Attribute", "parameters": []}}]}},
            {"key": "dateTimeStyle", "value": {"expression": "\"RoundtripKind\"", "name": "RoundtripKind",
                "type": "Constant", "parameters": []}},
            {"key": "outputFormat", "value": {"expression": "\"yyyyMMddHHmmss.0Z\"",
                "name": "yyyyMMddHHmmss.0Z", "type": "Constant", "parameters": []}}]
    }));
    assert_eq!(check_consistency(&exported, &catalog), Consistency::Agree);
    assert_eq!(
        print(&from_source_tree(&exported, &catalog).unwrap()),
        r#"FormatDateTime(DateFromNum([pwdLastSet]), "RoundtripKind", , "yyyyMMddHHmmss.0Z")"#
    );
}

#[test]
fn a_functions_response_keeps_documented_names_types_and_descriptions() {
    let list: FunctionList = serde_json::from_value(serde_json::json!({"value": [
        {"name": "Replace", "parameters": [
            {"name": "source", "required": true, "type": "String"},
            {"name": "Find", "required": false},
            {"name": "Extra", "required": false, "type": "Integer"}]}
    ]}))
    .unwrap();
    let catalog = Catalog::builtin().with_functions(&list);
    let replace = catalog.lookup("Replace").unwrap();
    assert_eq!(replace.sources, [SourceTag::Captured]);
    assert_eq!(
        replace.description,
        Catalog::builtin().lookup("Replace").unwrap().description
    );
    let parameters = &replace.signatures[0].parameters;
    assert_eq!(parameters[1].doc_name.as_deref(), Some("oldValue"));
    assert_eq!(parameters[1].value_type, Some(ValueType::String));
    assert_eq!(parameters[2].doc_name, None);
    assert_eq!(parameters[2].value_type, Some(ValueType::Integer));
}

#[test]
fn a_functions_list_with_three_format_date_time_parameters_keeps_the_four_slot_form() {
    let list: FunctionList = serde_json::from_value(serde_json::json!({"value": [
        {"name": "FormatDateTime", "parameters": [
            {"name": "source", "required": true, "type": "String"},
            {"name": "inputFormat", "required": true, "type": "String"},
            {"name": "outputFormat", "required": true, "type": "String"}]}
    ]}))
    .unwrap();
    let catalog = Catalog::builtin().with_functions(&list);
    let format = catalog.lookup("FormatDateTime").unwrap();
    assert_eq!(format.signatures.len(), 2);
    assert_eq!(
        (format.min_arguments(), format.max_arguments()),
        (3, Some(4))
    );
    assert!(format.sources.contains(&SourceTag::Captured));
    assert!(format.sources.contains(&SourceTag::RealExport));
    let text =
        r#"FormatDateTime(DateFromNum([pwdLastSet]), "RoundtripKind", , "yyyyMMddHHmmss.0Z")"#;
    assert_eq!(catalog.check(&parse(text).unwrap()), []);
    // The list's inputFormat stays optional in the three-slot form (real exports omit it).
    let three = r#"FormatDateTime(DateFromNum([pwdLastSet]), , "yyyyMMddHHmmss.0Z")"#;
    assert_eq!(catalog.check(&parse(three).unwrap()), []);
}
