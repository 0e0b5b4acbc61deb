//! README examples run against the binary, so they cannot drift: every line of the form
//! `$ synclens …` in README.md (in a fenced or an indented block, at any indentation)
//! is run from the repository root and what it prints (standard output, then standard
//! error) is compared with the lines below it, up to the end of the block, the next
//! `$ ` line or a blank line followed by less indented text.
//!
//! Like trycmd: a line `...` stands for any number of lines, `[..]` for any text within
//! a line; trailing spaces do not count. Examples that need the network (`fetch`, a
//! `graph:` side) are not run, nor, when `../shared/samples` is absent, those naming
//! it.

use std::path::Path;
use std::process::Command;

use super::root;

/// One `$ synclens …` example.
#[derive(Debug)]
struct Example {
    /// 1-based line of the command in README.md.
    line: usize,
    /// The command as written, without `$ `.
    command: String,
    /// The lines shown below it.
    expected: Vec<String>,
}

/// Every `$ synclens` example of a Markdown text.
fn examples(markdown: &str) -> Vec<Example> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut found = Vec::new();
    let mut fence: Option<usize> = None;
    let mut index = 0;
    while let Some(line) = lines.get(index) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") {
            fence = if fence.is_some() { None } else { Some(indent) };
            index += 1;
            continue;
        }
        let Some(command) = trimmed.strip_prefix("$ ") else {
            index += 1;
            continue;
        };
        if !(command == "synclens" || command.starts_with("synclens ")) {
            index += 1;
            continue;
        }
        let start = index;
        let mut expected = Vec::new();
        index += 1;
        while let Some(next) = lines.get(index) {
            let next_trimmed = next.trim_start();
            let next_indent = next.len() - next_trimmed.len();
            let blank = next_trimmed.is_empty();
            if next_trimmed.starts_with("```")
                || (next_indent == indent && next_trimmed.starts_with("$ "))
                || (fence.is_none() && !blank && next_indent < indent)
            {
                break;
            }
            expected.push(next.get(indent..).unwrap_or_default().trim_end().to_owned());
            index += 1;
        }
        while expected.last().is_some_and(String::is_empty) {
            expected.pop();
        }
        found.push(Example {
            line: start + 1,
            command: command.to_owned(),
            expected,
        });
    }
    found
}

/// Splits a command line as a POSIX shell would for the quoting READMEs use: words
/// separated by blanks, `'…'` literal, `"…"` with `\"` and `\\`, `\x` outside quotes.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if let Some(done) = word.take() {
                    words.push(done);
                }
            }
            '\'' => {
                let current = word.get_or_insert_with(String::new);
                for inner in chars.by_ref() {
                    if inner == '\'' {
                        break;
                    }
                    current.push(inner);
                }
            }
            '"' => {
                let current = word.get_or_insert_with(String::new);
                while let Some(inner) = chars.next() {
                    match inner {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some(escaped @ ('"' | '\\' | '$' | '`')) => current.push(escaped),
                            Some(other) => {
                                current.push('\\');
                                current.push(other);
                            }
                            None => current.push('\\'),
                        },
                        other => current.push(other),
                    }
                }
            }
            '\\' => {
                if let Some(escaped) = chars.next() {
                    word.get_or_insert_with(String::new).push(escaped);
                }
            }
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    words.extend(word);
    words
}

/// Whether `actual` matches `expected` with `[..]` wildcards.
fn line_matches(expected: &str, actual: &str) -> bool {
    let parts: Vec<&str> = expected.split("[..]").collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return expected == actual;
    };
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether `actual` matches `expected`, where a line `...` matches any lines.
fn output_matches(expected: &[String], actual: &[&str]) -> bool {
    // matches[i][j]: expected[i..] matches actual[j..].
    let (rows, columns) = (expected.len(), actual.len());
    let mut matches = vec![vec![false; columns + 1]; rows + 1];
    if let Some(end) = matches.get_mut(rows).and_then(|row| row.get_mut(columns)) {
        *end = true;
    }
    for i in (0..rows).rev() {
        for j in (0..=columns).rev() {
            let at = |i: usize, j: usize| {
                matches
                    .get(i)
                    .and_then(|row| row.get(j))
                    .copied()
                    .unwrap_or(false)
            };
            let value = match (expected.get(i).map(String::as_str), actual.get(j)) {
                (Some("..."), _) => at(i + 1, j) || (j < columns && at(i, j + 1)),
                (Some(line), Some(actual)) => line_matches(line, actual) && at(i + 1, j + 1),
                _ => false,
            };
            if let Some(cell) = matches.get_mut(i).and_then(|row| row.get_mut(j)) {
                *cell = value;
            }
        }
    }
    matches
        .first()
        .and_then(|row| row.first())
        .copied()
        .unwrap_or(false)
}

/// Why an example is not run here, if it is not.
fn skipped(example: &Example, arguments: &[String]) -> Option<&'static str> {
    if arguments.get(1).is_some_and(|command| command == "fetch")
        || arguments.iter().any(|word| word.starts_with("graph:"))
    {
        return Some("needs Microsoft Graph");
    }
    if example.command.contains("../shared/samples") && !root().join("../shared/samples").is_dir() {
        return Some("needs ../shared/samples");
    }
    None
}

fn run(arguments: &[String], folder: &Path) -> String {
    // A file an example writes with `--output` goes to a temporary folder, not into the
    // repository; the example must have written it.
    let scratch = tempfile::tempdir().unwrap();
    let mut arguments = arguments.to_vec();
    let mut written = None;
    if let Some(at) = arguments.iter().position(|word| word == "--output")
        && let Some(value) = arguments.get_mut(at + 1)
    {
        let name = Path::new(value.as_str()).file_name().unwrap().to_owned();
        let path = scratch.path().join(name);
        *value = path.to_string_lossy().into_owned();
        written = Some(path);
    }
    let output = Command::new(env!("CARGO_BIN_EXE_synclens"))
        .args(arguments.iter().skip(1))
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    if let Some(path) = written {
        assert!(
            std::fs::metadata(&path).is_ok_and(|file| file.len() > 0),
            "{arguments:?} wrote nothing to --output"
        );
    }
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn every_readme_example_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 5, "found only {examples:?}");
    let mut failures = Vec::new();
    for example in &examples {
        let arguments = words(&example.command);
        if let Some(reason) = skipped(example, &arguments) {
            eprintln!(
                "note: README.md:{} not run ({reason}): {}",
                example.line, example.command
            );
            continue;
        }
        let output = run(&arguments, &root());
        let actual: Vec<&str> = output.lines().map(str::trim_end).collect();
        let mut actual = actual.as_slice();
        while let [rest @ .., ""] = actual {
            actual = rest;
        }
        if !output_matches(&example.expected, actual) {
            failures.push(format!(
                "README.md:{}: $ {}\n--- the README shows:\n{}\n--- synclens prints:\n{}",
                example.line,
                example.command,
                example.expected.join("\n"),
                actual.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_runner_finds_examples_and_matches_like_trycmd() {
    let markdown = "text\n\n```text\n$ synclens a 'b c' \"d\\\"e\"\none\n\ntwo\n```\n\n    \
                    $ synclens x\n    out\n\n    $ synclens y\n\nnot indented\n$ echo no\n";
    let found = examples(markdown);
    assert_eq!(found.len(), 3, "{found:?}");
    let first = found.first().unwrap();
    assert_eq!(first.line, 4);
    assert_eq!(words(&first.command), ["synclens", "a", "b c", "d\"e"]);
    assert_eq!(first.expected, ["one", "", "two"]);
    let second = found.get(1).unwrap();
    assert_eq!(second.expected, ["out"]);
    assert!(found.get(2).unwrap().expected.is_empty());
    let expected: Vec<String> = ["a[..]c", "...", "z"].map(String::from).to_vec();
    assert!(output_matches(&expected, &["abc", "z"]));
    assert!(output_matches(&expected, &["a-long-c", "1", "2", "z"]));
    assert!(!output_matches(&expected, &["ab", "z"]));
    assert!(!output_matches(&expected, &["abc", "z", "extra"]));
}
