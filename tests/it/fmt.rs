//! `synclens fmt` and the canonical form: idempotent, meaning-preserving, independent
//! of array order; the command's files, folders, stdin, `--check`, `--stdout`, `--bom`
//! and refusals; the pre-commit hooks; completions, man page, `--help` and `--version`.

use std::path::{Path, PathBuf};
use std::process::Command;

use synclens::canonical::{canonical, canonical_text, canonicalize};
use synclens::load::{LoadOptions, load_bytes, load_path};
use synclens::model::{Document, Field, Filter, Kind, SynchronizationSchema};

use super::{files, root, run_in, samples};

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn load_text(text: &str, kind: Option<Kind>) -> Document {
    load_bytes(
        Path::new("formatted.json"),
        text.as_bytes().to_vec(),
        LoadOptions { kind },
    )
    .unwrap_or_else(|e| panic!("the canonical form does not load: {e}"))
    .document
}

/// Every loadable synchronization document: the valid fixtures and, when present, the
/// real samples.
fn documents() -> Vec<PathBuf> {
    let mut paths = files(&root().join("testdata/valid"));
    if let Some(folder) = samples() {
        paths.extend(files(&folder).into_iter().filter(|path| {
            load_path(path, LoadOptions::default()).is_ok_and(|l| l.kind() != Kind::Unknown)
        }));
    }
    paths
}

#[test]
fn formatting_is_idempotent_and_keeps_the_meaning_of_every_fixture_and_sample() {
    let paths = documents();
    assert!(paths.len() >= 16);
    for path in paths {
        let name = path.display().to_string();
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        let once = canonical(&loaded.document);
        assert!(once.ends_with("}\n") && !once.contains('\r'), "{name}");
        let reread = load_text(&once, None);
        assert_eq!(reread.kind(), loaded.kind(), "{name}: kind changed");
        assert_eq!(canonical(&reread), once, "{name}: not idempotent");
        let mut before = loaded.document.clone();
        canonicalize(&mut before);
        let mut after = reread;
        canonicalize(&mut after);
        assert_eq!(before, after, "{name}: meaning changed");
        // Only order changes: the same JSON values, once arrays are compared by content.
        assert_eq!(
            sorted_value(before.to_value()),
            sorted_value(loaded.to_value()),
            "{name}: content changed"
        );
    }
}

/// The value with every array sorted by its elements' text: equal for two documents
/// that differ only in order.
fn sorted_value(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Array(items) => {
            let mut items: Vec<Value> = items.into_iter().map(sorted_value).collect();
            items.sort_by_cached_key(ToString::to_string);
            Value::Array(items)
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (key, sorted_value(value)))
                .collect(),
        ),
        other => other,
    }
}

/// Rotates then reverses a slice: a different order for any two or more elements.
fn shuffle<T>(items: &mut [T]) {
    if !items.is_empty() {
        items.rotate_left(1);
    }
    items.reverse();
}

fn shuffle_field<T>(field: &mut Field<Vec<T>>) {
    if let Some(items) = field.get_mut() {
        shuffle(items);
    }
}

/// Shuffles every order-free array of a schema (docs/canonical-form.md).
fn shuffle_schema(schema: &mut SynchronizationSchema) {
    shuffle_field(&mut schema.directories);
    for directory in schema.directories.get_mut().into_iter().flatten() {
        shuffle_field(&mut directory.objects);
        for object in directory.objects.get_mut().into_iter().flatten() {
            shuffle_field(&mut object.attributes);
            shuffle_field(&mut object.metadata);
            for attribute in object.attributes.get_mut().into_iter().flatten() {
                shuffle_field(&mut attribute.metadata);
                shuffle_field(&mut attribute.api_expressions);
                shuffle_field(&mut attribute.referenced_objects);
            }
        }
    }
    for rule in schema.synchronization_rules.get_mut().into_iter().flatten() {
        shuffle_field(&mut rule.metadata);
        if let Some(filter) = rule.container_filter.get_mut() {
            shuffle_field(&mut filter.included_containers);
        }
        if let Some(filter) = rule.group_filter.get_mut() {
            shuffle_field(&mut filter.included_groups);
        }
        for mapping in rule.object_mappings.get_mut().into_iter().flatten() {
            shuffle_field(&mut mapping.attribute_mappings);
            shuffle_field(&mut mapping.metadata);
            if let Some(scope) = mapping.scope.get_mut() {
                shuffle_filter(scope);
            }
        }
    }
}

fn shuffle_filter(filter: &mut Filter) {
    for groups in [
        &mut filter.groups,
        &mut filter.input_filter_groups,
        &mut filter.category_filter_groups,
    ] {
        shuffle_field(groups);
        for group in groups.get_mut().into_iter().flatten() {
            shuffle_field(&mut group.clauses);
        }
    }
}

fn shuffle_document(document: &mut Document) {
    match document {
        Document::Schema(schema) => shuffle_schema(schema),
        Document::Job(job) => {
            shuffle_field(&mut job.synchronization_job_settings);
            if let Some(schema) = job.schema.get_mut() {
                shuffle_schema(schema);
            }
        }
        Document::JobList(list) => shuffle_field(&mut list.value),
        Document::Template(template) => {
            shuffle_field(&mut template.metadata);
            if let Some(schema) = template.schema.get_mut() {
                shuffle_schema(schema);
            }
        }
        Document::TemplateList(list) => shuffle_field(&mut list.value),
        Document::Functions(list) => shuffle_field(&mut list.value),
        Document::FilterOperators(list) => shuffle_field(&mut list.value),
        Document::Secrets(list) => shuffle_field(&mut list.value),
        Document::Credentials(body) => shuffle_field(&mut body.credentials),
        Document::Unknown(_) => {}
    }
}

#[test]
fn shuffling_order_free_arrays_does_not_change_the_canonical_text() {
    let mut shuffled_something = 0;
    for path in documents() {
        let name = path.display().to_string();
        let loaded = load_path(&path, LoadOptions::default()).unwrap();
        let expected = canonical(&loaded.document);
        let mut shuffled = loaded.document.clone();
        shuffle_document(&mut shuffled);
        if shuffled != loaded.document {
            shuffled_something += 1;
        }
        // Through text, as a user's file would come.
        let shuffled_text = serde_json::to_string(&shuffled).unwrap();
        let reread = load_text(&shuffled_text, Some(loaded.kind()));
        assert_eq!(canonical(&reread), expected, "{name}");
    }
    assert!(shuffled_something >= 10, "{shuffled_something}");
}

#[test]
fn the_shuffled_small_fixture_formats_to_the_snapshot() {
    let loaded = load_path(
        &root().join("testdata/valid/small-schema.json"),
        LoadOptions::default(),
    )
    .unwrap();
    let mut shuffled = loaded.document.clone();
    shuffle_document(&mut shuffled);
    assert_ne!(canonical_text(&shuffled), canonical_text(&loaded.document));
    canonicalize(&mut shuffled);
    assert_eq!(canonical_text(&shuffled), canonical(&loaded.document));
    insta::assert_snapshot!("small_schema_canonical", canonical_text(&shuffled));
}

#[test]
fn every_encoding_of_the_small_fixture_formats_to_the_same_utf8_lf_text() {
    let folder = root().join("testdata/valid");
    let expected = canonical(
        &load_path(&folder.join("small-schema.json"), LoadOptions::default())
            .unwrap()
            .document,
    );
    let temp = tempfile::tempdir().unwrap();
    for name in [
        "small-schema.crlf.json",
        "small-schema.utf16be-bom.json",
        "small-schema.utf16le-bom-crlf.json",
        "small-schema.utf8-bom.json",
    ] {
        std::fs::copy(folder.join(name), temp.path().join(name)).unwrap();
        let (code, _, stderr) = run_in(temp.path(), &["fmt", name], b"");
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(stderr.contains(&format!("formatted {name}")), "{stderr}");
        let written = std::fs::read(temp.path().join(name)).unwrap();
        assert_eq!(text(&written), expected, "{name}");
    }
}

#[test]
fn the_utf16_sample_becomes_utf8_with_the_same_content() {
    let Some(folder) = samples() else { return };
    let name = "use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json";
    let temp = tempfile::tempdir().unwrap();
    std::fs::copy(folder.join(name), temp.path().join(name)).unwrap();
    let (code, _, stderr) = run_in(temp.path(), &["fmt", name], b"");
    assert_eq!(code, 0, "{stderr}");
    let written = text(&std::fs::read(temp.path().join(name)).unwrap());
    assert!(!written.starts_with('\u{feff}') && !written.contains('\r'));
    let converted = load_path(
        &folder.join("use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json"),
        LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(written, canonical(&converted.document));
}

#[test]
fn input_that_cannot_be_loaded_is_refused_and_left_untouched() {
    let temp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for path in files(&root().join("testdata/broken")) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let copy = temp.path().join(&name);
        std::fs::copy(&path, &copy).unwrap();
        let before = std::fs::read(&copy).unwrap();
        for arguments in [vec!["fmt", &name], vec!["fmt", "--check", &name]] {
            let (code, stdout, stderr) = run_in(temp.path(), &arguments, b"");
            assert_eq!(code, 2, "{name}: {stderr}");
            assert!(stdout.is_empty(), "{name}");
            assert!(stderr.starts_with(&format!("synclens: {name}")), "{stderr}");
        }
        assert_eq!(std::fs::read(&copy).unwrap(), before, "{name} was touched");
        checked += 1;
    }
    assert!(checked >= 10);
    // Line and column for a syntax error.
    let (code, _, stderr) = run_in(temp.path(), &["fmt", "trailing-comma.json"], b"");
    assert_eq!(code, 2);
    assert!(
        stderr
            .split(':')
            .nth(2)
            .is_some_and(|line| line.parse::<u32>().is_ok()),
        "{stderr}"
    );
    // A good file next to a bad one is still formatted; the exit code says 2.
    std::fs::copy(
        root().join("testdata/valid/job.json"),
        temp.path().join("job.json"),
    )
    .unwrap();
    let (code, _, _) = run_in(temp.path(), &["fmt", "job.json", "truncated.json"], b"");
    assert_eq!(code, 2);
    let (code, _, _) = run_in(temp.path(), &["fmt", "--check", "job.json"], b"");
    assert_eq!(code, 0);
}

#[test]
fn check_lists_files_that_are_not_canonical_and_changes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let source = root().join("testdata/valid/small-schema.json");
    std::fs::copy(&source, temp.path().join("raw.json")).unwrap();
    let canonical_text = canonical(&load_path(&source, LoadOptions::default()).unwrap().document);
    std::fs::write(temp.path().join("done.json"), &canonical_text).unwrap();
    let raw = std::fs::read(temp.path().join("raw.json")).unwrap();

    let (code, stdout, stderr) = run_in(temp.path(), &["fmt", "--check", "done.json"], b"");
    assert_eq!((code, stdout.as_slice()), (0, &b""[..]), "{stderr}");
    let (code, stdout, _) = run_in(
        temp.path(),
        &["fmt", "--check", "raw.json", "done.json"],
        b"",
    );
    assert_eq!(code, 1);
    assert_eq!(text(&stdout), "raw.json\n");
    assert_eq!(std::fs::read(temp.path().join("raw.json")).unwrap(), raw);
    // With --bom, a file without one is not canonical, and the other way round.
    let (code, _, _) = run_in(temp.path(), &["fmt", "--check", "--bom", "done.json"], b"");
    assert_eq!(code, 1);
    let (code, _, _) = run_in(temp.path(), &["fmt", "--bom", "done.json"], b"");
    assert_eq!(code, 0);
    let written = std::fs::read(temp.path().join("done.json")).unwrap();
    assert!(written.starts_with("\u{feff}{\n".as_bytes()));
    let (code, _, _) = run_in(temp.path(), &["fmt", "--check", "--bom", "done.json"], b"");
    assert_eq!(code, 0);
    let (code, _, _) = run_in(temp.path(), &["fmt", "--check", "done.json"], b"");
    assert_eq!(code, 1);
}

#[test]
fn stdout_prints_and_leaves_the_file_alone() {
    let temp = tempfile::tempdir().unwrap();
    let source = root().join("testdata/valid/job.json");
    std::fs::copy(&source, temp.path().join("job.json")).unwrap();
    let before = std::fs::read(temp.path().join("job.json")).unwrap();
    let (code, stdout, _) = run_in(temp.path(), &["fmt", "--stdout", "job.json"], b"");
    assert_eq!(code, 0);
    let expected = canonical(&load_path(&source, LoadOptions::default()).unwrap().document);
    assert_eq!(text(&stdout), expected);
    assert_eq!(std::fs::read(temp.path().join("job.json")).unwrap(), before);
    let (code, _, _) = run_in(
        temp.path(),
        &["fmt", "--stdout", "--check", "job.json"],
        b"",
    );
    assert_eq!(code, 2, "--stdout and --check conflict");
}

#[test]
fn dash_reads_stdin_and_writes_stdout() {
    let source = root().join("testdata/valid/small-schema.utf16le-bom-crlf.json");
    let bytes = std::fs::read(&source).unwrap();
    let (code, stdout, stderr) = run_in(&root(), &["fmt", "-"], &bytes);
    assert_eq!(code, 0, "{stderr}");
    let expected = canonical(&load_path(&source, LoadOptions::default()).unwrap().document);
    assert_eq!(text(&stdout), expected);
    let (code, stdout, _) = run_in(&root(), &["fmt", "--check", "-"], &bytes);
    assert_eq!((code, text(&stdout)), (1, "-\n".to_owned()));
    let (code, _, _) = run_in(&root(), &["fmt", "--check", "-"], expected.as_bytes());
    assert_eq!(code, 0);
    let (code, stdout, _) = run_in(&root(), &["fmt", "-"], b"{\"directories\": [}");
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    // Other JSON passes through unchanged.
    let other = b"{\"b\": 1, \"a\": [2, 1]}";
    let (code, stdout, stderr) = run_in(&root(), &["fmt", "-"], other);
    assert_eq!((code, stdout.as_slice()), (0, &other[..]));
    assert!(stderr.contains("skipped"), "{stderr}");
}

#[test]
fn folders_are_walked_and_other_json_is_skipped_with_a_note() {
    let temp = tempfile::tempdir().unwrap();
    let nested = temp.path().join("exports/nested");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::create_dir_all(temp.path().join("exports/.hidden")).unwrap();
    let valid = root().join("testdata/valid");
    std::fs::copy(
        valid.join("small-schema.json"),
        temp.path().join("exports/schema.json"),
    )
    .unwrap();
    std::fs::copy(valid.join("job.json"), nested.join("job.json")).unwrap();
    std::fs::copy(
        valid.join("job.json"),
        temp.path().join("exports/.hidden/job.json"),
    )
    .unwrap();
    let package = b"{\"name\": \"x\", \"dependencies\": {}}";
    std::fs::write(nested.join("package.json"), package).unwrap();
    std::fs::write(nested.join("notes.txt"), "not json").unwrap();

    let (code, stdout, stderr) = run_in(temp.path(), &["fmt", "--check", "exports"], b"");
    assert_eq!(code, 1, "{stderr}");
    let listed = text(&stdout);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(listed.contains("schema.json") && listed.contains("job.json"));
    assert!(
        stderr.contains("package.json: not a synchronization document, skipped"),
        "{stderr}"
    );
    let (code, _, stderr) = run_in(temp.path(), &["fmt", "exports"], b"");
    assert_eq!(code, 0, "{stderr}");
    let (code, _, _) = run_in(temp.path(), &["fmt", "--check", "exports"], b"");
    assert_eq!(code, 0);
    assert_eq!(std::fs::read(nested.join("package.json")).unwrap(), package);
    let hidden = std::fs::read(temp.path().join("exports/.hidden/job.json")).unwrap();
    assert_eq!(hidden, std::fs::read(valid.join("job.json")).unwrap());
}

#[cfg(unix)]
#[test]
fn rewriting_keeps_the_permissions_and_writes_through_links() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("schema.json");
    std::fs::copy(root().join("testdata/valid/small-schema.json"), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("schema.json", temp.path().join("link.json")).unwrap();
    let (code, _, stderr) = run_in(temp.path(), &["fmt", "link.json"], b"");
    assert_eq!(code, 0, "{stderr}");
    assert!(temp.path().join("link.json").is_symlink());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    let (code, _, _) = run_in(temp.path(), &["fmt", "--check", "schema.json"], b"");
    assert_eq!(code, 0);
}

/// The `entry:` values of `.pre-commit-hooks.yaml`, by hook id.
fn hook_entries() -> Vec<(String, String, String)> {
    let yaml = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let mut hooks: Vec<(String, String, String)> = Vec::new();
    for line in yaml.lines() {
        let line = line.trim_start_matches([' ', '-']);
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['\'', '"']).to_owned();
        match key.trim() {
            "id" => hooks.push((value, String::new(), String::new())),
            "entry" => hooks.last_mut().unwrap().1 = value,
            "language" => hooks.last_mut().unwrap().2 = value,
            _ => {}
        }
    }
    hooks
}

/// Runs a hook entry as pre-commit does: the entry's words, then the file names.
fn run_hook(entry: &str, folder: &Path, names: &[&str]) -> (i32, String) {
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("synclens"), "{entry}");
    let mut arguments: Vec<&str> = words.collect();
    arguments.extend_from_slice(names);
    let (code, stdout, stderr) = run_in(folder, &arguments, b"");
    (code, format!("{}{stderr}", text(&stdout)))
}

#[test]
fn pre_commit_hooks_run_on_fixtures() {
    let hooks = hook_entries();
    let ids: Vec<&str> = hooks.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["synclens-validate", "synclens-fmt", "synclens-fmt-check"]
    );
    assert!(hooks.iter().all(|(_, _, language)| language == "rust"));
    let entry = |id: &str| hooks.iter().find(|h| h.0 == id).unwrap().1.clone();

    let temp = tempfile::tempdir().unwrap();
    let valid = root().join("testdata/valid");
    std::fs::copy(
        valid.join("small-schema.json"),
        temp.path().join("schema.json"),
    )
    .unwrap();
    std::fs::copy(valid.join("job.json"), temp.path().join("job.json")).unwrap();
    std::fs::write(temp.path().join("package.json"), "{\"name\": \"x\"}").unwrap();
    let files = ["schema.json", "job.json", "package.json"];

    // validate: passes on valid documents and other JSON; fails on a broken file.
    let (code, output) = run_hook(&entry("synclens-validate"), temp.path(), &files);
    assert_eq!(code, 0, "{output}");
    std::fs::copy(
        root().join("testdata/broken/trailing-comma.json"),
        temp.path().join("broken.json"),
    )
    .unwrap();
    let (code, output) = run_hook(&entry("synclens-validate"), temp.path(), &["broken.json"]);
    assert_ne!(code, 0, "{output}");

    // fmt-check: fails on a file that is not canonical, names it, rewrites nothing.
    let before = std::fs::read(temp.path().join("schema.json")).unwrap();
    let (code, output) = run_hook(&entry("synclens-fmt-check"), temp.path(), &files);
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("schema.json"), "{output}");
    assert_eq!(
        std::fs::read(temp.path().join("schema.json")).unwrap(),
        before
    );

    // fmt: a fixer: rewrites the files (pre-commit then fails the run because files
    // changed) and exits 0; a second run changes nothing.
    let (code, output) = run_hook(&entry("synclens-fmt"), temp.path(), &files);
    assert_eq!(code, 0, "{output}");
    assert_ne!(
        std::fs::read(temp.path().join("schema.json")).unwrap(),
        before
    );
    let after = std::fs::read(temp.path().join("schema.json")).unwrap();
    let (code, _) = run_hook(&entry("synclens-fmt"), temp.path(), &files);
    assert_eq!(code, 0);
    let (code, output) = run_hook(&entry("synclens-fmt-check"), temp.path(), &files);
    assert_eq!(code, 0, "{output}");
    assert_eq!(
        std::fs::read(temp.path().join("schema.json")).unwrap(),
        after
    );
    // A file it cannot parse fails the hook and stays as it was.
    let broken = std::fs::read(temp.path().join("broken.json")).unwrap();
    let (code, _) = run_hook(&entry("synclens-fmt"), temp.path(), &["broken.json"]);
    assert_eq!(code, 2);
    assert_eq!(
        std::fs::read(temp.path().join("broken.json")).unwrap(),
        broken
    );
}

#[test]
fn the_bash_completion_script_loads() {
    let (code, script, stderr) = run_in(&root(), &["completions", "bash"], b"");
    assert_eq!(code, 0, "{stderr}");
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("synclens.bash");
    std::fs::write(&path, &script).unwrap();
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p synclens",
            path.display()
        ))
        .output();
    let Ok(output) = output else {
        eprintln!("note: bash not found; completion loading not checked");
        return;
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("synclens"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let (code, script, _) = run_in(&root(), &["completions", shell], b"");
        assert_eq!(code, 0, "{shell}");
        assert!(text(&script).contains("fmt"), "{shell}");
    }
    let (code, _, _) = run_in(&root(), &["completions", "tcsh"], b"");
    assert_eq!(code, 2);
}

#[test]
fn the_man_page_is_roff() {
    let (code, page, stderr) = run_in(&root(), &["man"], b"");
    assert_eq!(code, 0, "{stderr}");
    let page = text(&page);
    let first_macro = page.lines().find(|line| line.starts_with(".TH"));
    assert!(
        first_macro.is_some_and(|line| line.starts_with(".TH synclens 1")),
        "{page}"
    );
    assert!(page.contains("fmt"), "{page}");
}

#[test]
fn every_subcommand_help_has_examples_and_version_is_printed() {
    let (code, help, _) = run_in(&root(), &["--help"], b"");
    assert_eq!(code, 0);
    let help = text(&help);
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        // Command names sit at two spaces; wrapped descriptions further in.
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|command| *command != "help")
        .collect();
    for expected in [
        "inspect",
        "validate",
        "explain",
        "schema",
        "fmt",
        "completions",
        "man",
    ] {
        assert!(commands.contains(&expected), "{expected} in {commands:?}");
    }
    for command in commands {
        for flag in ["-h", "--help"] {
            let (code, out, _) = run_in(&root(), &[command, flag], b"");
            assert_eq!(code, 0, "{command}");
            let out = text(&out);
            assert!(out.contains("Examples:"), "{command} {flag}:\n{out}");
            assert!(
                out.contains(&format!("synclens {command}")),
                "{command} {flag}:\n{out}"
            );
        }
    }
    let (code, version, _) = run_in(&root(), &["--version"], b"");
    assert_eq!(code, 0);
    assert_eq!(
        text(&version),
        format!("synclens {}\n", env!("CARGO_PKG_VERSION"))
    );
}
