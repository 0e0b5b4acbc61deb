//! Renderers: reports turned into text for people, CI systems and machines.
//! Renderers compute nothing, they only present.
//!
//! One module per report, each naming its formats (a [`crate::choice::Choice`] the CLI
//! offers) and dispatching to them with one `render` function:
//! - [`validate`]: `synclens validate` (human, JSON, SARIF, GitHub, JUnit, Azure
//!   Pipelines, GitLab), one file per format;
//! - [`diff`](mod@diff): `synclens diff` (human, Markdown, JSON), one file per format
//!   and `text.rs` what Markdown and human share;
//! - [`inspect`]: `synclens inspect` (human, JSON Lines);
//! - [`expr`]: `synclens expr parse` (the tree as text or JSON) and the caret under an
//!   expression's column;
//! - [`eval`]: `synclens eval` (human, JSON);
//! - [`preview`]: `synclens preview` (human, JSON Lines);
//! - [`test`](mod@test): `synclens test` (human, JSON Lines, JUnit).
//!
//! [`style`] holds what they share: colour, plurals, carets, XML escaping.

pub mod diff;
pub mod eval;
pub mod expr;
pub mod inspect;
pub mod preview;
pub mod style;
pub mod test;
pub mod validate;

pub use style::Style;

use crate::choice::choices;

choices! {
    /// Output format of the commands that print text or JSON (`inspect`, `eval`).
    pub enum Format {
        Human = "human": "Text for people",
        Json = "json": "One JSON object per input file, one per line (JSON Lines)",
    }
}

/// `value` as pretty-printed JSON with a final newline (the JSON reports).
fn pretty_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serializing the report types (plain structs, string keys) cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
