//! The crate's shape, held by tests: the library's modules import one another one way
//! only (no cycle between top-level modules, nor between the children of one module),
//! the library never reaches into the command line, and the two registries of stable
//! codes (validation rules, change codes) never share a code.
//!
//! Imports are read from the source text: every `crate::…`, `super::…` and `self::…`
//! path outside comments, resolved against the file's own module path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One `use` or path reference: which module it names, and where it was written.
struct Reference {
    target: Vec<String>,
    file: String,
    line: usize,
}

/// The module path of a source file: `src/validate/rules/anchors.rs` →
/// `[validate, rules, anchors]`; `src/diff/mod.rs` → `[diff]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

fn source_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The paths a line of code names, each as written (`crate::diff::change`,
/// `super::registry`), including every branch of a `use crate::{a, b::c}` group.
fn written_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(root) {
            let start = from + found;
            from = start + root.len();
            // `foo_crate::` or `x.self::` are not paths that start here.
            if start > 0 {
                let before = bytes[start - 1];
                if before.is_ascii_alphanumeric() || before == b'_' || before == b':' {
                    continue;
                }
            }
            let rest = &code[start..];
            let path_end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let path = rest[..path_end].trim_end_matches(':');
            if rest[path_end..].starts_with('{') && path.len() < path_end {
                // A group: `crate::{a, b::{c, d}}` names `crate::a` and `crate::b`.
                let group = &rest[path_end + 1..];
                let mut depth = 0;
                let mut item = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            paths.push(format!("{path}::{}", item.trim()));
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    if depth == 0 {
                        item.push(c);
                    }
                }
                if !item.trim().is_empty() {
                    paths.push(format!("{path}::{}", item.trim()));
                }
            } else {
                paths.push(path.to_owned());
            }
        }
    }
    paths
}

/// Resolves a written path against the module it is written in.
fn resolve(written: &str, here: &[String]) -> Option<Vec<String>> {
    let mut segments = written.split("::").map(str::trim).filter(|s| !s.is_empty());
    let mut base: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        "self" => here.to_vec(),
        "super" => {
            let mut base = here.to_vec();
            base.pop()?;
            base
        }
        _ => return None,
    };
    for segment in segments {
        if segment == "super" {
            base.pop()?;
        } else {
            let name: String = segment
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                break;
            }
            base.push(name);
        }
    }
    Some(base)
}

/// Every module reference in the library (the CLI, `main.rs` and `lib.rs` left out),
/// with the module path of the file that makes it.
fn library_references() -> Vec<(Vec<String>, Reference)> {
    let src = super::root().join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut references = Vec::new();
    for path in files {
        let relative = path.strip_prefix(&src).unwrap().to_path_buf();
        let here = module_path(&relative);
        if matches!(
            here.first().map(String::as_str),
            Some("cli" | "main" | "lib") | None
        ) {
            continue;
        }
        // Tests may reach anywhere (a parser's tests load fixtures); the shape that
        // matters is the shipped code's.
        let name = relative.file_name().unwrap_or_default().to_string_lossy();
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines().enumerate().peekable();
        while let Some((index, line)) = lines.next() {
            if line.trim() == "#[cfg(test)]"
                && lines.peek().is_some_and(|(_, next)| {
                    next.trim_start().starts_with("mod ") && next.trim_end().ends_with('{')
                })
            {
                break;
            }
            let code = line.split("//").next().unwrap_or_default();
            for written in written_paths(code) {
                if let Some(target) = resolve(&written, &here) {
                    references.push((
                        here.clone(),
                        Reference {
                            target,
                            file: relative.display().to_string().replace('\\', "/"),
                            line: index + 1,
                        },
                    ));
                }
            }
        }
    }
    references
}

/// A cycle in `edges`, if there is one, as the list of nodes around it.
fn find_cycle(edges: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeMap<String, String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in edges.get(node).into_iter().flat_map(BTreeMap::keys) {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, edges, state, stack) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(node, edges, &mut state, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}

fn explain_cycle(cycle: &[String], edges: &BTreeMap<String, BTreeMap<String, String>>) -> String {
    cycle
        .windows(2)
        .map(|pair| {
            let evidence = edges
                .get(&pair[0])
                .and_then(|next| next.get(&pair[1]))
                .cloned()
                .unwrap_or_default();
            format!("{} -> {} ({evidence})", pair[0], pair[1])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The library's modules and, for each module folder, its child modules.
fn modules() -> BTreeMap<Vec<String>, BTreeSet<String>> {
    let src = super::root().join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for path in files {
        let here = module_path(path.strip_prefix(&src).unwrap());
        for depth in 0..here.len() {
            children
                .entry(here[..depth].to_vec())
                .or_default()
                .insert(here[depth].clone());
        }
    }
    children
}

#[test]
fn top_level_modules_import_one_another_one_way() {
    let top: BTreeSet<String> = modules().remove(&Vec::new()).unwrap_or_default();
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (here, reference) in library_references() {
        let (Some(from), Some(to)) = (here.first(), reference.target.first()) else {
            continue;
        };
        if from != to && top.contains(to) {
            edges
                .entry(from.clone())
                .or_default()
                .entry(to.clone())
                .or_insert_with(|| format!("{}:{}", reference.file, reference.line));
        }
    }
    assert!(
        edges.keys().any(|module| module == "validate"),
        "the import reader found no imports at all: {edges:?}"
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!(
            "top-level modules import each other in a cycle:\n{}",
            explain_cycle(&cycle, &edges)
        );
    }
}

#[test]
fn sibling_modules_import_one_another_one_way() {
    let modules = modules();
    let mut edges: BTreeMap<Vec<String>, BTreeMap<String, BTreeMap<String, String>>> =
        BTreeMap::new();
    for (here, reference) in library_references() {
        // A child and the module holding it (parent ↔ child) are one unit; what must
        // not loop is two siblings importing each other, directly or around a ring.
        for depth in 1..here.len() {
            let parent = &here[..depth];
            let Some(siblings) = modules.get(parent) else {
                continue;
            };
            if reference.target.len() <= depth || reference.target[..depth] != *parent {
                continue;
            }
            let (from, to) = (&here[depth], &reference.target[depth]);
            if from != to && siblings.contains(to) {
                edges
                    .entry(parent.to_vec())
                    .or_default()
                    .entry(from.clone())
                    .or_default()
                    .entry(to.clone())
                    .or_insert_with(|| format!("{}:{}", reference.file, reference.line));
            }
        }
    }
    let mut cycles = Vec::new();
    for (parent, edges) in &edges {
        if let Some(cycle) = find_cycle(edges) {
            cycles.push(format!(
                "in crate::{}:\n{}",
                parent.join("::"),
                explain_cycle(&cycle, edges)
            ));
        }
    }
    assert!(
        cycles.is_empty(),
        "sibling modules import each other in a cycle:\n{}",
        cycles.join("\n\n")
    );
}

#[test]
fn the_import_reader_reads_groups_and_relative_paths() {
    let here = vec![
        "validate".to_owned(),
        "rules".to_owned(),
        "anchors".to_owned(),
    ];
    let targets: Vec<Vec<String>> =
        written_paths("use crate::{diff::{Change, DiffReport}, model::Kind};")
            .iter()
            .filter_map(|path| resolve(path, &here))
            .collect();
    assert_eq!(
        targets,
        [
            vec!["diff".to_owned()],
            vec!["model".to_owned(), "Kind".to_owned()]
        ]
    );
    assert_eq!(
        resolve("super::super::registry::RuleMeta", &here),
        Some(vec![
            "validate".into(),
            "registry".into(),
            "RuleMeta".into()
        ])
    );
    assert_eq!(
        written_paths("let a = my_crate::x; other::crate::y"),
        Vec::<String>::new()
    );
}

#[test]
fn rule_codes_and_change_codes_never_share_a_code() {
    let rules: BTreeSet<&str> = synclens::validate::registry::rules()
        .iter()
        .map(|rule| rule.code)
        .collect();
    let changes: BTreeSet<&str> = synclens::diff::change::registry()
        .iter()
        .map(|change| change.code)
        .collect();
    assert!(
        rules.len() > 40 && changes.len() > 40,
        "{rules:?} {changes:?}"
    );
    let shared: Vec<&&str> = rules.intersection(&changes).collect();
    assert!(shared.is_empty(), "codes in both registries: {shared:?}");
}
