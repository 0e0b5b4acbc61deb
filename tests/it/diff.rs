//! `synclens diff`: one fixture pair per change code (each triggers its code, every
//! format snapshotted), the real before/after pair read worst first, reordering is no
//! change, random edits are found, both halves of an expression, renames, the new
//! side validated, Markdown checked on its rendered HTML, and the git external-diff
//! mode.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use synclens::choice::Choice;
use synclens::diff::{DiffOptions, DiffReport, change};
use synclens::load::{LoadOptions, Loaded, load_bytes, load_path};
use synclens::render::diff::DiffFormat;

use super::{Lcg, ORDER_FREE, files, root, samples, shuffle_arrays, synclens};

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("testdata/diff"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The arguments of a case: `[extra flags..., old, new]`, relative to the root.
fn case_arguments(case: &Path) -> Vec<String> {
    let mut arguments: Vec<String> = std::fs::read_to_string(case.join("args"))
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let relative = case.strip_prefix(root()).unwrap();
    for side in ["old", "new"] {
        let file = relative.join(format!("{side}.json"));
        let side = if root().join(&file).exists() {
            file
        } else {
            relative.join(side)
        };
        arguments.push(side.to_string_lossy().replace('\\', "/"));
    }
    arguments
}

fn run(format: &str, arguments: &[String]) -> (i32, String) {
    let mut all = vec!["diff".to_owned(), "--format".to_owned(), format.to_owned()];
    all.extend(arguments.iter().cloned());
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = synclens(&all);
    assert_ne!(code, 2, "{stderr}");
    (code, stdout)
}

#[test]
fn every_change_code_has_a_case_that_triggers_it() {
    let cases = cases();
    for meta in change::registry() {
        let prefix = format!("{}-", meta.code);
        let case = cases
            .iter()
            .find(|c| {
                c.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&prefix)
            })
            .unwrap_or_else(|| panic!("no testdata/diff/{prefix}* case for {}", meta.code));
        let (_, json) = run("json", &case_arguments(case));
        let report: Value = serde_json::from_str(&json).unwrap();
        let codes: Vec<&str> = report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["code"].as_str())
            .collect();
        assert!(codes.contains(&meta.code), "{}: {codes:?}", case.display());
    }
}

#[test]
fn every_case_in_every_format() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let arguments = case_arguments(&case);
        // Every format the command line offers, the first (human) under the command
        // line, each other under its name.
        let mut snapshot = format!("$ synclens diff {}\n", arguments.join(" "));
        for (index, format) in DiffFormat::ALL.iter().enumerate() {
            let (_, text) = run(format.name(), &arguments);
            if index > 0 {
                let _ = write!(snapshot, "\n--- {} ---\n", format.name());
            }
            snapshot.push_str(&text);
        }
        insta::assert_snapshot!(format!("case-{name}"), snapshot);
    }
}

fn load_text(text: &str) -> Loaded {
    load_bytes(
        Path::new("x.json"),
        text.as_bytes().to_vec(),
        LoadOptions::default(),
    )
    .unwrap()
}

fn report(old: &Loaded, new: &Loaded, options: &DiffOptions) -> DiffReport {
    synclens::diff::diff(old, new, options)
}

/// Shuffles every array whose order carries no meaning (identity-keyed arrays).
fn shuffle(value: &mut Value, rng: &mut Lcg) {
    shuffle_arrays(value, ORDER_FREE, rng);
}

fn documents() -> Vec<PathBuf> {
    let mut documents = files(&root().join("testdata/valid"));
    if let Some(samples) = samples() {
        documents.push(samples.join("use-azuread-cloudsync-ad2aad-schema-sample1.json"));
        documents.push(samples.join("use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json"));
    }
    documents
}

#[test]
fn a_document_against_itself_or_reordered_has_no_changes() {
    let options = DiffOptions {
        all: true,
        ..DiffOptions::default()
    };
    let mut rng = Lcg(7);
    for path in documents() {
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        let same = report(&loaded, &loaded, &options);
        assert!(
            same.changes.is_empty(),
            "{}: {:?}",
            path.display(),
            same.changes
        );
        for _ in 0..3 {
            let mut value = loaded.to_value();
            shuffle(&mut value, &mut rng);
            let shuffled = load_text(&serde_json::to_string(&value).unwrap());
            let found = report(&loaded, &shuffled, &options);
            assert!(
                found.changes.is_empty(),
                "{}: {:?}",
                path.display(),
                found.changes
            );
        }
    }
}

#[test]
fn every_random_edit_is_found_where_it_was_made() {
    let mut rng = Lcg(42);
    for path in documents() {
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        let whole = loaded.to_value();
        let Some(rules) = whole["synchronizationRules"].as_array() else {
            continue;
        };
        let mappings: Vec<(usize, usize, usize)> = rules
            .iter()
            .enumerate()
            .flat_map(|(r, rule)| {
                rule["objectMappings"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .flat_map(move |(o, mapping)| {
                        (0..mapping["attributeMappings"].as_array().map_or(0, Vec::len))
                            .map(move |a| (r, o, a))
                    })
            })
            .collect();
        if mappings.is_empty() {
            continue;
        }
        for _ in 0..10 {
            let (r, o, a) = mappings[rng.below(mappings.len())];
            let pointer =
                format!("/synchronizationRules/{r}/objectMappings/{o}/attributeMappings/{a}");
            let mut value = loaded.to_value();
            let target = value
                .pointer(&format!("{pointer}/targetAttributeName"))
                .cloned();
            *value.pointer_mut(&format!("{pointer}/source")).unwrap() = serde_json::json!({
                "expression": "\"edited\"", "name": "edited", "parameters": [], "type": "Constant"
            });
            // Reorder too: the edit must still be found, and nothing else.
            shuffle(&mut value, &mut rng);
            let edited = load_text(&serde_json::to_string(&value).unwrap());
            let found = report(&loaded, &edited, &DiffOptions::default());
            assert_eq!(
                found.changes.len(),
                1,
                "{}: {:?}",
                path.display(),
                found.changes
            );
            let change = &found.changes[0];
            assert!(["T603", "T604"].contains(&change.code), "{change:?}");
            let target = target
                .and_then(|t| t.as_str().map(str::to_owned))
                .unwrap_or_default();
            let segment = synclens::diff::SemanticPath::root()
                .entry("attributeMappings", &target)
                .to_string();
            assert!(
                change.path.to_string().contains(&segment),
                "{} does not name {target}",
                change.path
            );
            assert_eq!(change.new, Some(Value::from("\"edited\"")));
        }
    }
}

#[test]
fn the_real_before_after_pair() {
    let Some(samples) = samples() else { return };
    let old = samples.join("use-azuread-cloudsync-ad2aad-schema-sample1.json");
    let new = samples.join("use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json");
    let (old, new) = (old.to_string_lossy(), new.to_string_lossy());
    let (code, human, _) = synclens(&[
        "diff",
        "--labels",
        "sample1,sample2",
        "--color",
        "never",
        &old,
        &new,
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("real-pair-human", human);
    // Worst first: the anchor change (breaking) leads every format.
    let breaking = human.find("breaking (1)").unwrap();
    assert!(breaking < human.find("needs review (").unwrap(), "{human}");
    assert!(human.find("(T604)").unwrap() < human.find("(T603)").unwrap());
    let (_, markdown, _) = synclens(&[
        "diff",
        "--format",
        "markdown",
        "--labels",
        "sample1,sample2",
        &old,
        &new,
    ]);
    insta::assert_snapshot!("real-pair-markdown", markdown);
    assert!(markdown.find("`T604`").unwrap() < markdown.find("`T603`").unwrap());
    // The unnamed mapping renders as written, not with an escaped entity shown.
    let html = markdown_html(&markdown);
    assert!(
        html.contains("<code>(none) -&gt; SyncCredentialsChangeItem</code>"),
        "{html}"
    );
    assert!(!html.contains("&amp;gt;"), "{html}");
    let (_, json, _) = synclens(&["diff", "--format", "json", &old, &new]);
    insta::assert_snapshot!("real-pair-json", json);
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["changes"][0]["code"], "T604");
    assert_eq!(report["changes"][0]["impact"], "breaking");
    assert_eq!(report["changes"][0]["name"], "anchor-expression-changed");
    let by_path = |fragment: &str| {
        report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path"].as_str().unwrap().contains(fragment))
            .cloned()
            .unwrap_or_else(|| panic!("no change at {fragment}"))
    };
    // The three mapping changes PROVENANCE.md describes.
    assert_eq!(
        by_path("attributeMappings[AccountEnabled]")["new"],
        "\"True\""
    );
    assert_eq!(by_path("attributeMappings[UsageLocation]")["new"], "\"FR\"");
    let anchor = by_path("attributeMappings[SourceAnchor]");
    assert_eq!(anchor["code"], "T604");
    assert_eq!(
        anchor["new"],
        "IIF(IsPresent([mS-DS-ConsistencyGuid]), [mS-DS-ConsistencyGuid], [objectGUID])"
    );
    // The other real differences: removed object and disabled mapping, anchors.
    assert_eq!(
        by_path("objects[SyncCredentialsChangeItem]")["kind"],
        "removed"
    );
    assert_eq!(
        by_path("objectMappings[(none) -> SyncCredentialsChangeItem]")["impact"],
        "compatible"
    );
    assert_eq!(by_path("attributes[employeeID]/anchor")["code"], "A304");
    assert_eq!(report["summary"]["initialCycle"], true);
    // Version strings and annotations only with --all.
    let text = json.to_lowercase();
    assert!(
        !text.contains("\"version\"") && !text.contains("@odata"),
        "noise shown"
    );
    let (_, all, _) = synclens(&["diff", "--all", "--format", "json", &old, &new]);
    assert!(all.contains("directories@odata.context") && all.contains("N001"));
}

#[test]
fn fail_on_ignore_and_labels() {
    let case = root().join("testdata/diff/T602-attribute-mapping-removed");
    let arguments = case_arguments(&case);
    let with = |extra: &[&str]| {
        let mut all = vec!["diff"];
        all.extend(extra);
        all.extend(arguments.iter().map(String::as_str));
        synclens(&all)
    };
    assert_eq!(with(&[]).0, 0);
    let (code, _, stderr) = with(&["--fail-on", "breaking"]);
    assert_eq!(code, 1);
    // Which change failed the run.
    assert!(
        stderr.contains("failed by --fail-on breaking")
            && stderr.contains("T602 (attribute-mapping-removed)")
            && stderr.contains("attribute mapping `displayName`"),
        "{stderr}"
    );
    assert_eq!(with(&["--fail-on", "any"]).0, 1);
    let (code, out, stderr) = with(&[
        "--fail-on",
        "breaking",
        "--ignore",
        "rules[*]/objectMappings[*]/attributeMappings[displayName]",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(stderr.contains("--ignore dropped 1 change"), "{stderr}");
    assert!(
        out.contains("no changes") && out.contains("1 ignored (--ignore)"),
        "{out}"
    );
    // The machine path only with --verbose.
    let (_, quiet, _) = with(&["--color", "never"]);
    assert!(!quiet.contains("rules[7e1e"), "{quiet}");
    let (_, verbose, _) = with(&["--color", "never", "--verbose"]);
    assert!(
        verbose.contains("rules[7e1e0000-0000-4000-8000-000000000002]/objectMappings[")
            && verbose.contains("(old line "),
        "{verbose}"
    );
    let (_, out, _) = with(&["--labels", "main,branch", "--color", "never"]);
    assert!(out.starts_with("--- old: main\n+++ new: branch\n"), "{out}");
    assert_eq!(
        synclens(&[
            "diff",
            "testdata/valid/job.json",
            "testdata/broken/trailing-comma.json"
        ])
        .0,
        2
    );
}

#[test]
fn git_external_diff_driver() {
    let old = "testdata/diff/T603-expression-changed/old.json";
    let new = "testdata/diff/T603-expression-changed/new.json";
    let hex = "0000000000000000000000000000000000000000";
    let (code, out, _) = synclens(&[
        "diff",
        "--color",
        "never",
        "schema.json",
        old,
        hex,
        "100644",
        new,
        hex,
        "100644",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("synclens diff schema.json\n"), "{out}");
    assert!(out.contains("T603"), "{out}");
    // Not a synchronization document: a plain unified diff, still exit 0.
    let (code, out, stderr) = synclens(&[
        "diff",
        "package.json",
        "Cargo.toml",
        hex,
        "100644",
        "README.md",
        hex,
        "100644",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("--- a/package.json") && out.contains("+++ b/package.json"),
        "{out}"
    );
    // Why it fell back to text, on stderr.
    assert!(
        stderr.contains("package.json: the old side is ") && stderr.contains("showing a text diff"),
        "{stderr}"
    );
    // Added file.
    let (code, out, _) = synclens(&[
        "diff",
        "new.json",
        "/dev/null",
        ".",
        ".",
        new,
        hex,
        "100644",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("new file"), "{out}");
}

#[test]
fn docs_changes_md_is_up_to_date() {
    let committed = std::fs::read_to_string(root().join("docs/changes.md")).unwrap_or_default();
    assert!(
        committed == change::changes_markdown(),
        "docs/changes.md is stale: run `cargo run -- explain --changes > docs/changes.md`"
    );
}

#[test]
fn json_report_matches_its_committed_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/diff-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for case in cases() {
        let (_, json) = run("json", &case_arguments(&case));
        let report: Value = serde_json::from_str(&json).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", case.display());
        for change in report["changes"].as_array().unwrap() {
            for field in ["code", "impact", "kind", "path", "message"] {
                assert!(!change[field].is_null(), "{field} missing");
            }
        }
    }
}

#[test]
fn a_document_and_its_formatted_form_have_no_changes() {
    // Default options: fmt also sorts lists inside job status blocks, which diff
    // treats as server-maintained and shows only with --all.
    let options = DiffOptions::default();
    for path in documents() {
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        let formatted = load_text(&synclens::canonical::canonical(&loaded.document));
        let found = report(&loaded, &formatted, &options);
        assert!(
            found.changes.is_empty(),
            "{}: {:?}",
            path.display(),
            found.changes
        );
    }
}

/// Markdown rendered as GitHub renders comments (CommonMark with tables).
fn markdown_html(markdown: &str) -> String {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, options),
    );
    html
}

/// The HTML with every `<code>` and `<pre>` element taken out: what a mention or
/// link filter would see.
fn outside_code(html: &str) -> String {
    let mut rest = html;
    let mut out = String::new();
    loop {
        let next = ["<code>", "<pre>"]
            .iter()
            .filter_map(|open| rest.find(open).map(|at| (at, *open)))
            .min();
        let Some((at, open)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let close = if open == "<code>" {
            "</code>"
        } else {
            "</pre>"
        };
        let end = rest[at..]
            .find(close)
            .map_or(rest.len(), |e| at + e + close.len());
        rest = &rest[end..];
    }
}

fn json_of(case: &str, extra: &[&str]) -> (i32, Value, String) {
    let case = root().join("testdata/diff").join(case);
    let mut all = vec!["diff".to_owned(), "--format".to_owned(), "json".to_owned()];
    all.extend(extra.iter().map(|s| (*s).to_owned()));
    all.extend(case_arguments(&case));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = synclens(&all);
    (code, serde_json::from_str(&stdout).unwrap(), stderr)
}

#[test]
fn an_edit_to_the_text_alone_is_a_change_and_the_new_side_fails() {
    let (code, report, stderr) = json_of("T607-expression-text-only-changed", &[]);
    let change = &report["changes"][0];
    assert_eq!(change["code"], "T607", "{report}");
    assert_eq!(change["name"], "expression-text-only-changed");
    assert_eq!(change["old"], "Trim([department])");
    assert_eq!(change["new"], "Left(Trim([department]), 64)");
    let message = change["message"].as_str().unwrap();
    assert!(
        message.contains("only the `expression` text changed")
            && message.contains("still reads `Trim([department])`"),
        "{message}"
    );
    // validate calls the new side E504; diff says so and fails by default.
    assert_eq!(report["findings"][0]["code"], "E504", "{report}");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("--fail-on-findings error") && stderr.contains("E504"),
        "{stderr}"
    );
    let (code, _, _) = json_of(
        "T607-expression-text-only-changed",
        &["--fail-on-findings", "never"],
    );
    assert_eq!(code, 0);
}

#[test]
fn an_edit_to_the_tree_alone_shows_what_runs() {
    let (_, report, _) = json_of("T603-tree-only-changed", &[]);
    let change = &report["changes"][0];
    assert_eq!(change["code"], "T603", "{report}");
    assert_eq!(change["old"], "Trim([department])");
    assert_eq!(change["new"], "Left(Trim([department]), \"64\")");
    assert_ne!(change["old"], change["new"]);
    let message = change["message"].as_str().unwrap();
    assert!(
        message.contains("only the tree changed (it is what the service runs)"),
        "{message}"
    );
}

#[test]
fn keyed_parameters_bind_by_key_and_repeated_keys_keep_order() {
    let (_, report, _) = json_of("none-keyed-parameters-reordered", &[]);
    assert_eq!(report["changes"], serde_json::json!([]), "{report}");
    let (_, report, _) = json_of("T603-join-sources-reordered", &[]);
    assert_eq!(report["changes"][0]["code"], "T603", "{report}");
}

#[test]
fn renames_are_one_change_with_the_changes_inside() {
    let (_, report, _) = json_of("M511-object-mapping-renamed", &[]);
    let codes: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["M511", "T603"], "{report}");
    assert!(
        report["changes"][1]["path"]
            .as_str()
            .unwrap()
            .contains("objectMappings[Provision users]/attributeMappings[displayName]")
    );
    let (_, report, _) = json_of("S705-scoping-group-renamed", &[]);
    let codes: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["S705"], "{report}");
    assert_eq!(report["changes"][0]["impact"], "compatible");
}

#[test]
fn the_new_side_is_validated_in_every_format() {
    let case = root().join("testdata/diff/validate-new-side-misspelt-target");
    let arguments = case_arguments(&case);
    for format in ["human", "markdown", "json"] {
        let (code, out) = run(format, &arguments);
        assert_eq!(code, 1, "{format}");
        let finding = out
            .find("R203")
            .unwrap_or_else(|| panic!("{format}: {out}"));
        let first_change = out.find("T602").unwrap();
        assert!(finding < first_change, "{format}: findings first\n{out}");
        assert!(out.contains("Departement"), "{out}");
    }
    let mut quiet = vec!["--fail-on-findings".to_owned(), "never".to_owned()];
    quiet.extend(arguments);
    assert_eq!(run("human", &quiet).0, 0);
}

#[test]
fn secrets_show_settings_and_mask_credentials() {
    let (_, report, _) = json_of("S702-sync-all-widened", &[]);
    let text = report.to_string();
    assert!(!text.contains("FAKE-SCIM-TOKEN"), "{text}");
    let sync_all = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"].as_str().unwrap().contains("SyncAll"))
        .unwrap();
    assert_eq!(sync_all["code"], "S702");
    assert_eq!(
        (sync_all["old"].clone(), sync_all["new"].clone()),
        ("false".into(), "true".into())
    );
}

#[test]
fn markdown_renders_hostile_names_literally_and_pings_nobody() {
    let case = root().join("testdata/diff/markdown-hostile-names");
    let (_, markdown) = run("markdown", &case_arguments(&case));
    let html = markdown_html(&markdown);
    let name = "Users &lt;Sales&gt; | R&amp;D `prod` **@someone** [x](https://example.com/a) &lt;script&gt;";
    // In the list (a code span) and in <summary> (a code element).
    assert!(
        html.matches(&format!("<code>{name}</code>")).count() >= 3,
        "{html}"
    );
    assert!(
        html.contains(
            "<code>Group @team &lt;b&gt;&amp;amp;&lt;/b&gt; ``tick`` https://example.com</code>"
        ),
        "{html}"
    );
    assert!(html.contains("<code>(none) -&gt; Group</code>"), "{html}");
    let outside = outside_code(&html);
    for forbidden in [
        "<a ", "<script", "<b>", "<strong>", "@", "https://", "&amp;lt;", "&amp;gt;",
    ] {
        assert!(
            !outside.contains(forbidden),
            "{forbidden} outside code:\n{outside}"
        );
    }
}

#[test]
fn a_long_markdown_comment_never_cuts_a_breaking_change() {
    let base: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/diff/T603-expression-changed/old.json"))
            .unwrap(),
    )
    .unwrap();
    let (mut old, mut new) = (base.clone(), base);
    for (document, long) in [(&mut old, false), (&mut new, true)] {
        let directories = document["directories"].as_array_mut().unwrap();
        let target = directories
            .iter_mut()
            .find(|d| d["name"] == "customappsso")
            .unwrap();
        let object = &mut target["objects"][0];
        let attributes = object["attributes"].as_array_mut().unwrap();
        let template = attributes[attributes.len() - 1].clone();
        let mapping = &mut document["synchronizationRules"][0]["objectMappings"][0];
        let mappings = mapping["attributeMappings"].as_array_mut().unwrap();
        let mut added = Vec::new();
        for i in 0..600 {
            let mut attribute = template.clone();
            attribute["name"] = Value::from(format!("extension{i:04}"));
            attribute["anchor"] = Value::from(false);
            attribute["type"] = Value::from("String");
            added.push(attribute);
            let text = if long {
                format!("Join(\" \", [displayName], \"{}\")", "x".repeat(60))
            } else {
                "[displayName]".to_owned()
            };
            let tree = if long {
                serde_json::json!({"expression": text, "name": "Join", "type": "Function", "parameters": [
                    {"key": "separator", "value": {"expression": "\" \"", "name": " ", "parameters": [], "type": "Constant"}},
                    {"key": "source", "value": {"expression": "[displayName]", "name": "displayName", "parameters": [], "type": "Attribute"}},
                    {"key": "source", "value": {"expression": format!("\"{}\"", "x".repeat(60)), "name": "x".repeat(60), "parameters": [], "type": "Constant"}}]})
            } else {
                serde_json::json!({"expression": text, "name": "displayName", "parameters": [], "type": "Attribute"})
            };
            mappings.push(serde_json::json!({
                "defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
                "flowType": "Always", "matchingPriority": 0, "targetAttributeName": format!("extension{i:04}"),
                "source": tree
            }));
        }
        if long {
            // One removed mapping: breaking, and last in path order.
            mappings.retain(|m| m["targetAttributeName"] != "displayName");
        }
        let _ = mappings;
        let target = document["directories"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|d| d["name"] == "customappsso")
            .unwrap();
        target["objects"][0]["attributes"]
            .as_array_mut()
            .unwrap()
            .extend(added);
    }
    let folder = tempfile::tempdir().unwrap();
    let (old_path, new_path) = (
        folder.path().join("old.json"),
        folder.path().join("new.json"),
    );
    std::fs::write(&old_path, serde_json::to_string_pretty(&old).unwrap()).unwrap();
    std::fs::write(&new_path, serde_json::to_string_pretty(&new).unwrap()).unwrap();
    let (code, markdown, stderr) = synclens(&[
        "diff",
        "--format",
        "markdown",
        old_path.to_str().unwrap(),
        new_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        markdown.len() <= synclens::render::diff::markdown::MAX_CHARS,
        "{}",
        markdown.len()
    );
    assert!(markdown.contains("| 🔴 breaking | 1 |"), "{markdown}");
    // The breaking change is shown, first, and the cut is counted.
    let breaking = markdown
        .find("`T602`")
        .expect("the breaking change is shown");
    assert!(breaking < markdown.find("`T603`").unwrap());
    assert!(
        markdown
            .contains("needs-review and 0 compatible changes not shown (every breaking change is)"),
        "{}",
        &markdown[markdown.len() - 400..]
    );
    assert!(
        markdown.contains(" of 600 changes shown)"),
        "cut inside the long section"
    );
    let html = markdown_html(&markdown);
    assert!(html.contains("<code>T602</code>"));
    assert!(html.matches("<details").count() == html.matches("</details>").count());
}

#[test]
fn a_side_that_does_not_load_is_named_once() {
    let folder = tempfile::tempdir().unwrap();
    let cut = folder.path().join("cut.json");
    std::fs::write(&cut, "{\"id\": \"x\", \"directories\": [").unwrap();
    let (code, _, stderr) = synclens(&[
        "diff",
        cut.to_str().unwrap(),
        "testdata/valid/small-schema.json",
    ]);
    assert_eq!(code, 2);
    assert_eq!(stderr.matches("invalid JSON").count(), 1, "{stderr}");
    assert!(stderr.contains("cut.json:1:"), "{stderr}");
}
