//! What real exports write (docs/observed.md): runtime placeholders (`%DomainFQDN%`)
//! in both forms, written into the text (2025) or only in the tree with the text slot
//! left empty (2020) — both load, print and compare as one configuration, and no
//! conversion drops a placeholder; IIF's empty last slot; and tree keys the catalog
//! does not know, which are told apart from contradictions.

use serde_json::json;

use super::*;
use crate::model::AttributeMappingSource;

fn source(value: serde_json::Value) -> AttributeMappingSource {
    serde_json::from_value(value).unwrap()
}

fn tree_json(text: &str) -> serde_json::Value {
    let tree = to_source_tree(&parse(text).unwrap(), &Catalog::builtin()).unwrap();
    serde_json::to_value(tree).unwrap()
}

const UPN_2025: &str = r#"IIF(IsPresent([sAMAccountName]), Join("@", [sAMAccountName], %DomainFQDN%), Error("AccountName is not present"))"#;

#[test]
fn placeholders_are_tokens_that_print_back() {
    for text in [
        "%DomainNetBios%",
        r#"Join("@", [sAMAccountName], %DomainFQDN%)"#,
        UPN_2025,
        "%Forest.Name-2_x%",
    ] {
        let expr = parse(text).unwrap();
        assert_eq!(print(&expr), text);
        assert!(Catalog::builtin().check(&expr).is_empty(), "{text}");
    }
    let expr = parse("%DomainNetBios%").unwrap();
    assert_eq!(expr.kind, ExprKind::Placeholder("DomainNetBios".into()));
}

#[test]
fn a_percent_sign_that_starts_no_placeholder_is_an_error_with_its_place() {
    for (text, column) in [
        ("%", 1),
        ("%Domain", 1),
        ("%%", 1),
        (r#"Join("@", %Dom, 1)"#, 11),
        ("% Domain%", 1),
    ] {
        let error = parse(text).unwrap_err();
        assert_eq!(
            error.kind,
            ParseErrorKind::UnclosedPlaceholder,
            "{text}: {error}"
        );
        assert_eq!(error.position.column, column, "{text}");
    }
}

#[test]
fn a_placeholder_becomes_a_constant_named_after_it() {
    assert_eq!(
        tree_json("%DomainNetBios%"),
        json!({"expression": "%DomainNetBios%", "name": "%DomainNetBios%", "parameters": [], "type": "Constant"})
    );
    let join = tree_json(r#"Join("@", [sAMAccountName], %DomainFQDN%)"#);
    assert_eq!(join["parameters"][2]["key"], "source");
    assert_eq!(join["parameters"][2]["value"]["name"], "%DomainFQDN%");
    assert_eq!(join["parameters"][2]["value"]["type"], "Constant");
}

/// The 2020 tree of the UPN fallback: the text leaves Join's third slot empty, the
/// tree holds the placeholder with a null expression.
fn upn_tree(text: &str, placeholder_expression: &serde_json::Value) -> serde_json::Value {
    json!({
        "expression": text, "name": "IIF", "type": "Function",
        "parameters": [
            {"key": "one", "value": {"expression": "IsPresent([sAMAccountName])", "name": "IsPresent", "type": "Function",
                "parameters": [{"key": "source", "value": {"expression": "[sAMAccountName]", "name": "sAMAccountName", "type": "Attribute", "parameters": []}}]}},
            {"key": "four", "value": {"expression": "Join(\"@\", [sAMAccountName], )", "name": "Join", "type": "Function",
                "parameters": [
                    {"key": "separator", "value": {"expression": "\"@\"", "name": "@", "type": "Constant", "parameters": []}},
                    {"key": "source", "value": {"expression": "[sAMAccountName]", "name": "sAMAccountName", "type": "Attribute", "parameters": []}},
                    {"key": "source", "value": {"expression": placeholder_expression, "name": "%DomainFQDN%", "type": "Constant", "parameters": []}}]}},
            {"key": "five", "value": {"expression": "Error(\"AccountName is not present\")", "name": "Error", "type": "Function",
                "parameters": [{"key": "message", "value": {"expression": "\"AccountName is not present\"", "name": "AccountName is not present", "type": "Constant", "parameters": []}}]}}]
    })
}

#[test]
fn both_forms_agree_with_their_trees_and_with_each_other() {
    let catalog = Catalog::builtin();
    let upn_2020 = UPN_2025.replace("%DomainFQDN%", "");
    let cases = [
        // 2020: empty text slot, placeholder only in the tree.
        (upn_2020.as_str(), serde_json::Value::Null),
        // 2025: the placeholder in the text; the tree's node names it.
        (UPN_2025, json!("%DomainFQDN%")),
        // 2025 text over a tree whose placeholder node has no text.
        (UPN_2025, serde_json::Value::Null),
    ];
    for (text, node_expression) in cases {
        let tree = source(upn_tree(text, &node_expression));
        assert_eq!(
            check_consistency(&tree, &catalog),
            Consistency::Agree,
            "{text} / {node_expression}"
        );
        // Read back, every form names the placeholder.
        assert_eq!(print(&from_source_tree(&tree, &catalog).unwrap()), UPN_2025);
    }
    // A placeholder in the text that the tree lacks is a real difference.
    let mut missing = upn_tree(UPN_2025, &json!("%DomainFQDN%"));
    missing["parameters"][1]["value"]["parameters"]
        .as_array_mut()
        .unwrap()
        .pop();
    let Consistency::Differ(found) = check_consistency(&source(missing), &catalog) else {
        panic!("expected a mismatch")
    };
    assert!(found.message.contains("%DomainFQDN%"), "{}", found.message);
}

#[test]
fn a_whole_placeholder_source_agrees_in_both_forms() {
    let catalog = Catalog::builtin();
    for expression in [json!("%DomainNetBios%"), serde_json::Value::Null] {
        let node = source(
            json!({"expression": expression, "name": "%DomainNetBios%", "type": "Constant", "parameters": []}),
        );
        assert!(is_runtime_placeholder(&node));
        assert!(!matches!(
            check_consistency(&node, &catalog),
            Consistency::Differ(_)
        ));
        assert_eq!(
            print(&from_source_tree(&node, &catalog).unwrap()),
            "%DomainNetBios%"
        );
    }
    // A quoted constant that merely looks like a placeholder stays a string.
    let literal = source(json!({"expression": "\"%x%\"", "name": "%x%", "type": "Constant"}));
    assert!(!is_runtime_placeholder(&literal));
    assert_eq!(
        print(&from_source_tree(&literal, &catalog).unwrap()),
        r#""%x%""#
    );
}

#[test]
fn empty_slots_a_placeholder_may_have_filled_are_listed() {
    let catalog = Catalog::builtin();
    let slots = |text: &str| -> Vec<(String, usize, String)> {
        unnamed_slots(&parse(text).unwrap(), &catalog)
            .into_iter()
            .map(|slot| (slot.function, slot.argument, slot.parameter))
            .collect()
    };
    assert_eq!(
        slots(r#"Join("@", [sAMAccountName], )"#),
        [("Join".to_owned(), 3, "source".to_owned())]
    );
    // Omitted optional arguments and IIF's empty value-if-false are normal forms.
    assert!(slots(r#"Replace([preferredLanguage], "-", , , "_", , )"#).is_empty());
    assert!(slots(r"IIF(IsPresent([pwdLastSet]), [pwdLastSet], )").is_empty());
    assert!(slots(r#"Join("@", [sAMAccountName], %DomainFQDN%)"#).is_empty());
}

#[test]
fn iif_with_an_empty_last_slot_is_a_normal_form() {
    let catalog = Catalog::builtin();
    for text in [
        r"IIF(IsPresent([pwdLastSet]), [pwdLastSet], )",
        r#"IIF([a]="1", "x", )"#,
    ] {
        let expr = parse(text).unwrap();
        assert!(catalog.check(&expr).is_empty(), "{text}");
        let tree = to_source_tree(&expr, &catalog).unwrap();
        assert_eq!(print(&from_source_tree(&tree, &catalog).unwrap()), text);
    }
}

#[test]
fn a_tree_key_the_catalog_does_not_know_is_told_apart_from_a_contradiction() {
    let catalog = Catalog::builtin();
    let node = |key: &str| {
        source(json!({
            "expression": "Left([info], 2)", "name": "Left", "type": "Function",
            "parameters": [
                {"key": "source", "value": {"expression": "[info]", "name": "info", "type": "Attribute"}},
                {"key": key, "value": {"expression": "\"2\"", "name": "2", "type": "Constant"}}]
        }))
    };
    let Consistency::Differ(found) = check_consistency(&node("count"), &catalog) else {
        panic!("expected a mismatch")
    };
    assert_eq!(
        found.kind,
        MismatchKind::UnknownParameter {
            function: "Left".into(),
            key: "count".into()
        }
    );
    // A key the function has, in the wrong place, is a contradiction.
    let Consistency::Differ(found) = check_consistency(&node("source"), &catalog) else {
        panic!("expected a mismatch")
    };
    assert_eq!(found.kind, MismatchKind::Differs);
}

#[test]
fn parameters_with_distinct_keys_agree_in_any_order() {
    let catalog = Catalog::builtin();
    let reordered = source(json!({
        "expression": "Left([info], 2)", "name": "Left", "type": "Function",
        "parameters": [
            {"key": "length", "value": {"expression": "\"2\"", "name": "2", "type": "Constant"}},
            {"key": "source", "value": {"expression": "[info]", "name": "info", "type": "Attribute"}}]
    }));
    assert_eq!(check_consistency(&reordered, &catalog), Consistency::Agree);
    // Repeated keys keep their order: Join's sources swapped are a difference.
    let swapped = source(json!({
        "expression": "Join(\"-\", [a], [b])", "name": "Join", "type": "Function",
        "parameters": [
            {"key": "separator", "value": {"expression": "\"-\"", "name": "-", "type": "Constant"}},
            {"key": "source", "value": {"expression": "[b]", "name": "b", "type": "Attribute"}},
            {"key": "source", "value": {"expression": "[a]", "name": "a", "type": "Attribute"}}]
    }));
    assert!(matches!(
        check_consistency(&swapped, &catalog),
        Consistency::Differ(_)
    ));
}
