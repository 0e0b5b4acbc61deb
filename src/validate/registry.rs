//! The registry of rules: every code synclens can report, with its name, default
//! severity and documentation. Codes are stable and never reused; a test checks
//! that they are unique, that each has a fixture in `testdata/invalid/` that
//! triggers it, and that `docs/rules.md` (generated from here) is up to date.
//!
//! Code families: `P` loading, `S` structure (JSON Schema and unknown properties),
//! `R` references, `U` uniqueness, `M` matching, anchors and mutability, `E`
//! expressions, `F` scoping filters, `J` jobs, `X` secrets.

use std::fmt::Write as _;

pub use super::rule::RuleMeta;
use super::rules::TABLE;

/// Every rule, ordered by code.
pub fn rules() -> Vec<&'static RuleMeta> {
    let mut metas: Vec<&'static RuleMeta> = all().collect();
    metas.sort_by_key(|meta| meta.code);
    metas
}

/// Every rule, in the order of the rule table.
fn all() -> impl Iterator<Item = &'static RuleMeta> {
    TABLE.iter().flat_map(|entry| entry.metas.iter().copied())
}

/// The rule with this code or name (case-insensitive).
pub fn lookup(code_or_name: &str) -> Option<&'static RuleMeta> {
    all().find(|meta| {
        meta.code.eq_ignore_ascii_case(code_or_name) || meta.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// A rule's documentation as Markdown (for `synclens explain` and `docs/rules.md`).
pub fn explain(meta: &RuleMeta) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "## {} {}\n", meta.code, meta.name);
    let _ = writeln!(text, "Default severity: **{}**\n", meta.severity);
    let _ = writeln!(text, "### What it checks\n\n{}\n", meta.summary.trim());
    let _ = writeln!(text, "### Why it matters\n\n{}\n", meta.why.trim());
    let _ = writeln!(text, "### Example\n\n{}", meta.example.trim());
    text
}

/// `docs/rules.md`: every rule's documentation, generated.
pub fn rules_markdown() -> String {
    let mut text = String::from(
        "# Validation rules\n\n\
         Generated from the rule registry (`src/validate/rules/`) by `synclens explain --all`; \
         a test keeps it up to date. Codes are stable and never reused. Severities can be \
         changed with `--allow`, `--warn`, `--deny` or `synclens.toml`.\n\n\
         | Code | Name | Severity | Checks |\n|---|---|---|---|\n",
    );
    let metas = rules();
    for meta in &metas {
        let _ = writeln!(
            text,
            "| [{code}](#{anchor}) | {name} | {severity} | {summary} |",
            code = meta.code,
            anchor = format!("{}-{}", meta.code, meta.name).to_lowercase(),
            name = meta.name,
            severity = meta.severity,
            summary = meta.summary.trim().replace('|', "\\|"),
        );
    }
    for meta in metas {
        text.push('\n');
        text.push_str(&explain(meta));
    }
    text
}
