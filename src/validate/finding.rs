//! A finding: what a rule reports about one place in a document.
//!
//! Findings are values, not errors. Each carries the rule's stable code and
//! kebab-case name, a severity, the JSON pointer of the offending value, the line and
//! column it resolves to (1-based, columns in characters of the decoded text), a
//! one-line message, help on fixing it, and related places (e.g. the first of two
//! duplicates).

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Probably wrong, or risky; fails a run only with `--deny-warnings`.
    Warning,
    /// Wrong: Graph rejects it or provisioning goes wrong. Fails the run.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another place a finding refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Related {
    /// JSON pointer of the related value.
    pub pointer: String,
    /// 1-based line of the related value.
    pub line: u32,
    /// 1-based column (in characters) of the related value.
    pub column: u32,
    /// What the related place is.
    pub message: String,
}

/// The source line a finding points into, for human output. Never serialized: it
/// may be long, and for secrets it is masked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The line's text (possibly a window of a long line), masked where needed.
    pub text: String,
    /// 1-based column of the caret within `text`.
    pub caret: usize,
}

/// One finding of one rule at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Finding {
    /// Stable code, never reused (e.g. `R203`).
    pub code: &'static str,
    /// The rule's kebab-case name (e.g. `unknown-target-attribute`).
    pub name: &'static str,
    /// Severity after `--allow/--warn/--deny` and `synclens.toml` are applied.
    pub severity: Severity,
    /// JSON pointer (RFC 6901) of the offending value; `""` is the whole document.
    pub pointer: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters of the decoded text.
    pub column: u32,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Other places the finding refers to.
    pub related: Vec<Related>,
    /// The source line, for human output only.
    #[serde(skip)]
    #[schemars(skip)]
    pub snippet: Option<Snippet>,
}
