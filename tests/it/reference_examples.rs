//! The conformance list of Microsoft's reference examples and the function catalog's
//! documentation.
//!
//! `testdata/expressions/reference-examples.json` holds every example expression of the
//! app-provisioning and Cloud Sync expression references (its JSON Schema is
//! `reference-examples.schema.json` beside it). Its shape:
//!
//! ```text
//! { "pages":    { TAG: { title, repository, path, commit, msDate } },
//!   "excluded": [ { page, section, text, reason } ],            // templates, not examples
//!   "examples": [ { id, page, section, heading?, expression,    // text as on the page
//!                   markdownFixes?: [..],                       // each change, noted
//!                   cases?: [ { label?, arguments?, inputs?, condition?,
//!                               output?, error?, exact?, note? } ],
//!                   result?,                                    // prose outcome
//!                   tree?: "unknownEncoding",                   // `&`, comparisons outside IIF
//!                   unsupported?, docError?: { kind, note }, notes?: [..] } ] }
//! ```
//!
//! Every example parses, prints canonically and reparses to the same syntax tree, has no
//! problem from the built-in catalog, and converts text → `attributeMappingSource` →
//! text with trees that agree — except those whose `docError` names a check
//! (`parse`, `unknownFunction`, `tooFewArguments`, …), which must fail that check and no
//! other. A `meaning` error (a wrong stated value) is well-formed and passes.
//!
//! `docs/functions.md` carries the catalog's tables between two markers; a test keeps
//! them up to date (`SYNCLENS_WRITE_DOCS=1 cargo test --test it functions_md` rewrites
//! them).

use serde_json::Value;
use synclens::expr::{
    Catalog, Consistency, ProblemKind, TreeError, check_consistency, check_length,
    from_source_tree, parse, print, to_source_tree,
};
use synclens::model::{AttributeMappingSource, Field};

use super::root;

const EXAMPLES: &str = "testdata/expressions/reference-examples.json";
const SCHEMA: &str = "testdata/expressions/reference-examples.schema.json";

fn read_json(relative: &str) -> Value {
    let text = std::fs::read_to_string(root().join(relative)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

fn examples() -> Vec<Value> {
    read_json(EXAMPLES)["examples"].as_array().unwrap().clone()
}

#[test]
fn reference_examples_match_their_schema() {
    let document = read_json(EXAMPLES);
    let schema = read_json(SCHEMA);
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut ids: Vec<&str> = Vec::new();
    for example in document["examples"].as_array().unwrap() {
        let id = example["id"].as_str().unwrap();
        assert!(!ids.contains(&id), "duplicate id {id}");
        ids.push(id);
        let page = example["page"].as_str().unwrap();
        assert!(
            document["pages"][page].is_object(),
            "{id}: unknown page {page}"
        );
    }
    assert!(ids.len() >= 100, "{}", ids.len());
}

/// The check a `docError` kind names, if it names one.
fn expected_problem(kind: &str) -> Option<fn(&ProblemKind) -> bool> {
    Some(match kind {
        "unknownFunction" => |p| matches!(p, ProblemKind::UnknownFunction { .. }),
        "tooFewArguments" => |p| matches!(p, ProblemKind::TooFewArguments { .. }),
        "tooManyArguments" => |p| matches!(p, ProblemKind::TooManyArguments { .. }),
        "missingArgument" => |p| matches!(p, ProblemKind::MissingArgument { .. }),
        _ => return None,
    })
}

/// A tree as JSON without the `expression` texts of Function nodes (a tree does not say
/// whether FormatDateTime's empty dateTimeStyle slot was written, so texts read back
/// from it may differ in slots while standing for the same tree).
fn shape(source: &AttributeMappingSource) -> Value {
    fn strip(value: &mut Value) {
        if let Some(object) = value.as_object_mut() {
            if object.get("type").and_then(Value::as_str) == Some("Function") {
                object.remove("expression");
            }
            object.values_mut().for_each(strip);
        } else if let Some(items) = value.as_array_mut() {
            items.iter_mut().for_each(strip);
        }
    }
    let mut value = serde_json::to_value(source).unwrap();
    strip(&mut value);
    value
}

/// What is wrong with one example, or `None` when it behaves as documented.
fn failure(example: &Value, catalog: &Catalog) -> Option<String> {
    let text = example["expression"].as_str()?;
    let doc_error = example["docError"]["kind"].as_str();
    let parsed = parse(text);
    if doc_error == Some("parse") {
        return parsed
            .is_ok()
            .then(|| "marked as a parse error, but it parses".to_owned());
    }
    let expr = match parsed {
        Ok(expr) => expr,
        Err(error) => return Some(format!("does not parse: {error}")),
    };
    let canonical = print(&expr);
    let reparsed = match parse(&canonical) {
        Ok(reparsed) => reparsed,
        Err(error) => {
            return Some(format!(
                "canonical text {canonical:?} does not parse: {error}"
            ));
        }
    };
    if reparsed.without_spans() != expr.without_spans() || print(&reparsed) != canonical {
        return Some(format!("canonical text {canonical:?} is a different tree"));
    }
    if check_length(text).is_some() {
        return Some("too long".to_owned());
    }
    let problems: Vec<ProblemKind> = catalog
        .check(&expr)
        .into_iter()
        .map(|problem| problem.kind)
        .collect();
    if let Some(expected) = doc_error.and_then(expected_problem) {
        return (problems.is_empty() || !problems.iter().all(expected)).then(|| {
            format!(
                "marked {}, but the catalog finds {problems:?}",
                doc_error.unwrap_or_default()
            )
        });
    }
    if !problems.is_empty() {
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Some(format!("catalog problems: {}", messages.join("; ")));
    }
    let tree = to_source_tree(&expr, catalog);
    if example["tree"].as_str() == Some("unknownEncoding") {
        return match tree {
            Err(TreeError::UnknownEncoding { .. }) => None,
            Err(error) => Some(format!("expected an unknown encoding, got {error}")),
            Ok(_) => Some("marked as having no known tree encoding, but it has one".to_owned()),
        };
    }
    let tree = match tree {
        Ok(tree) => tree,
        Err(error) => return Some(format!("no tree: {error}")),
    };
    if check_consistency(&tree, catalog) != Consistency::Agree {
        return Some("its own tree does not agree with its text".to_owned());
    }
    let back = match from_source_tree(&tree, catalog) {
        Ok(back) => print(&back),
        Err(error) => return Some(format!("the tree does not read back: {error}")),
    };
    let mut mixed = tree.clone();
    mixed.expression = Field::Value(back.clone());
    if check_consistency(&mixed, catalog) != Consistency::Agree {
        return Some(format!(
            "the text read back, {back:?}, disagrees with the tree"
        ));
    }
    let again = parse(&back)
        .map_err(|error| error.to_string())
        .and_then(|expr| to_source_tree(&expr, catalog).map_err(|error| error.to_string()));
    match again {
        Ok(again) if shape(&again) == shape(&tree) => None,
        Ok(_) => Some(format!("the text read back, {back:?}, has another tree")),
        Err(error) => Some(format!("the text read back, {back:?}, fails: {error}")),
    }
}

#[test]
fn every_reference_example_parses_checks_and_round_trips() {
    let catalog = Catalog::builtin();
    let examples = examples();
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            failure(example, &catalog).map(|why| {
                format!(
                    "{} ({}): {why}",
                    example["id"].as_str().unwrap_or("?"),
                    example["expression"].as_str().unwrap_or("?")
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn the_four_slot_format_date_time_of_2025_has_no_finding() {
    let catalog = Catalog::builtin();
    let text =
        r#"FormatDateTime(DateFromNum([pwdLastSet]), "RoundtripKind", , "yyyyMMddHHmmss.0Z")"#;
    let expr = parse(text).unwrap();
    assert_eq!(catalog.check(&expr), []);
    let tree = to_source_tree(&expr, &catalog).unwrap();
    let keys: Vec<&str> = tree
        .parameters()
        .iter()
        .filter_map(|entry| entry.key.as_str())
        .collect();
    assert_eq!(keys, ["source", "dateTimeStyle", "outputFormat"]);
    assert_eq!(print(&from_source_tree(&tree, &catalog).unwrap()), text);
    for three in [
        r#"FormatDateTime([a], , "out")"#,
        r#"FormatDateTime([a], "in", "out")"#,
        r#"FormatDateTime([a], , "in", "out")"#,
    ] {
        assert_eq!(catalog.check(&parse(three).unwrap()), [], "{three}");
    }
}

const BEGIN: &str = "<!-- BEGIN GENERATED: Catalog::markdown -->\n";
const END: &str = "<!-- END GENERATED -->\n";

#[test]
fn docs_functions_md_is_up_to_date() {
    let path = root().join("docs/functions.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = Catalog::builtin().markdown();
    let (Some(start), Some(end)) = (committed.find(BEGIN), committed.find(END)) else {
        panic!("docs/functions.md lacks the markers {BEGIN:?} and {END:?}");
    };
    let current = &committed[start + BEGIN.len()..end];
    if current == generated {
        return;
    }
    if std::env::var_os("SYNCLENS_WRITE_DOCS").is_some() {
        let updated = format!(
            "{}{BEGIN}{generated}{}",
            &committed[..start],
            &committed[end..]
        );
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "docs/functions.md is stale: run `SYNCLENS_WRITE_DOCS=1 cargo test --test it functions_md`"
    );
}
