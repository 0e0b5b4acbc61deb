//! A finding: what a rule reports about one place in a document.
//!
//! Findings are values, not errors. Each carries the rule's stable code and
//! kebab-case name, a severity, the JSON pointer of the offending value, the line and
//! column it resolves to (1-based, columns in characters of the decoded text), a
//! one-line message, help on fixing it, and related places (e.g. the first of two
//! duplicates).
//!
//! A finding also has an identity path (`rules[…]/objectMappings[Users]/
//! attributeMappings[mail]/source`, the syntax of diff's paths), which does not move
//! when `synclens fmt` sorts arrays or Graph exports them in another order, and a
//! [fingerprint](Finding::fingerprint) built from it: SARIF's `partialFingerprints`
//! and baselines use it.

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
    /// The source line of the related place, for human output only (masked like the
    /// finding's own).
    #[serde(skip)]
    #[schemars(skip)]
    pub snippet: Option<Snippet>,
}

/// The source line a finding points into, for human output. Never serialized: it
/// may be long, and for secrets it is masked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The line's text (possibly a window of a long line), masked where needed.
    pub text: String,
    /// 1-based column (in characters) within `text` where the underline starts.
    pub caret: usize,
    /// How many characters of `text` are underlined (at least 1): the whole offending
    /// value when it ends on this line and within the shown window, else one.
    pub width: usize,
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
    /// The same place by identity rather than position, in the syntax of diff's paths
    /// (`directories[Active Directory]/objects[user]/attributes[employeeID]/anchor`):
    /// array elements are named by their identity keys (`collection[#index]` for those
    /// without one), so the path survives `synclens fmt` and reordered exports.
    #[serde(rename = "identityPath")]
    pub identity_path: String,
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

impl Finding {
    /// A stable fingerprint of the finding: a hash of its code, identity path and
    /// [normalized](normalized_message) message. It does not change when arrays are
    /// reordered (`synclens fmt`, a new export), nor with the line the finding is on.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.code, &self.identity_path, &self.message)
    }
}

/// The fingerprint of a finding with this code, identity path and message: 32 hex
/// digits of the 128-bit FNV-1a hash of the three (path and message case-folded, as
/// the names in them compare, so that which of two case-variant duplicates comes
/// second does not matter; the message normalized), which is the same on every
/// platform and in every version that keeps this function.
pub fn fingerprint(code: &str, identity_path: &str, message: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let path = crate::identity::fold(identity_path);
    let message = crate::identity::fold(&normalized_message(message));
    let mut hash = OFFSET;
    for part in [code, path.as_str(), message.as_str()] {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}

/// A message without the parts that move when a document is reordered or reflowed:
/// JSON pointers that hold an array index become `<pointer>`, line and column numbers
/// (`line 12`, `column 3`) become `line <n>`, and runs of white space one space.
pub fn normalized_message(message: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut numbered = false;
    for word in message.split_whitespace() {
        let bare = word.trim_start_matches(['`', '"', '\'', '(']);
        let normal = if bare.starts_with('/') && has_index_token(bare) {
            let lead = &word[..word.len() - bare.len()];
            let trail: String = bare
                .chars()
                .rev()
                .take_while(|c| matches!(c, '`' | '"' | '\'' | ')' | ',' | '.' | ':' | ';'))
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect();
            format!("{lead}<pointer>{trail}")
        } else if numbered && word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let trail: String = word.chars().skip_while(char::is_ascii_digit).collect();
            format!("<n>{trail}")
        } else {
            word.to_owned()
        };
        numbered = matches!(
            word.to_ascii_lowercase().as_str(),
            "line" | "lines" | "column" | "columns"
        );
        words.push(normal);
    }
    words.join(" ")
}

/// Whether pointer-like text has a token that is an array index (`/objects/3/name`).
fn has_index_token(text: &str) -> bool {
    text.split('/').skip(1).any(|token| {
        let token = token.trim_end_matches(['`', '"', '\'', ')', ',', '.', ':', ';']);
        !token.is_empty() && token.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::{fingerprint, normalized_message};

    #[test]
    fn messages_lose_pointers_and_line_numbers() {
        assert_eq!(
            normalized_message("first  defined at `/directories/0/objects/12`, line 40:"),
            "first defined at `<pointer>`, line <n>:"
        );
        assert_eq!(
            normalized_message("`40m` is not an ISO 8601 duration"),
            "`40m` is not an ISO 8601 duration"
        );
        assert_eq!(normalized_message("a/b/c and /x/y"), "a/b/c and /x/y");
    }

    #[test]
    fn fingerprints_are_stable_and_distinguish_their_parts() {
        let one = fingerprint("M404", "directories[AD]/objects[user]", "two anchors");
        assert_eq!(one.len(), 32);
        assert_eq!(
            one,
            fingerprint("M404", "directories[AD]/objects[user]", "two  anchors")
        );
        assert_ne!(
            one,
            fingerprint("M405", "directories[AD]/objects[user]", "two anchors")
        );
        assert_ne!(
            one,
            fingerprint("M404", "directories[AD]", "objects[user]two anchors")
        );
        // Pinned: a change here reopens every code-scanning alert and voids baselines.
        assert_eq!(one, "4558d3b33709e94cafa43f09d6bb6686");
        assert_eq!(
            one,
            fingerprint("M404", "directories[AD]/objects[User]", "Two anchors")
        );
    }
}
