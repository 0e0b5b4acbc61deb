//! Syntax checker for .NET regular expressions (`System.Text.RegularExpressions`).
//!
//! This module owns one question: would `new Regex(pattern)` with the default
//! `RegexOptions.None` throw at construction time? Microsoft Entra provisioning
//! evaluates the `REGEX MATCH` / `NOT REGEX MATCH` scoping-filter operators with
//! .NET, so a pattern must be judged by .NET's grammar, not by Rust's `regex`
//! crate (which, for example, refuses `^SystemMailbox{` that .NET accepts).
//!
//! The checker follows the rules of .NET's `RegexParser`, including its two
//! passes: a pre-scan that numbers and names every capture group (so forward
//! references such as `\1(a)` are valid) and the main scan that validates
//! grouping constructs, quantifiers, character classes and escapes. It works on
//! the UTF-16 code units .NET sees (so `[😀-😃]` is a reversed range, as in .NET),
//! and reports offsets in Unicode scalar values (Rust `char`s).
//!
//! Rules enforced (each yields a [`DotnetRegexError`]):
//! - balanced parentheses ("Not enough )'s", "Too many )'s");
//! - terminated `[...]` sets, `[x-y]` ranges in order, no `\d`/`\w`/`\s`/`\p`
//!   as a range end point, subtraction `-[...]` only as the last element;
//! - quantifiers must follow something and must not be stacked (`a**`,
//!   `a{2}{3}`); `{n,m}` needs `n <= m`; numbers fit in `Int32`;
//! - `{` that is not a complete `{n}`, `{n,}` or `{n,m}` is a literal (`a{,3}`);
//! - escapes: `\` before an ASCII letter, digit or `_` must be a known escape;
//!   `\x` needs 2 and `\u` 4 hex digits; `\c` needs a control letter; a
//!   trailing `\` is illegal; `\p{..}`/`\P{..}` must name a known Unicode
//!   category or block (case-sensitive, as in .NET);
//! - back references (`\1`..`\9`, `\k<name>`, `\<n>`, `(?(n)..)`,
//!   balancing `(?<a-b>..)`) must name groups defined somewhere in the pattern;
//! - grouping constructs: only `(?:` `(?=` `(?!` `(?>` `(?<=` `(?<!`
//!   `(?<name>` `(?'name'` `(?<a-b>` `(?(..)` `(?#..)` and inline options made
//!   of `imnsx`, `+` and `-`; group names start with a word character; group
//!   number 0 cannot be redefined; conditionals take at most two branches and
//!   their condition cannot be a comment or a named group;
//! - inline `x` (ignore pattern whitespace) and `n` (explicit capture) are
//!   honoured because they change what the rest of the pattern means.
//!
//! Leniency (the rule is: a pattern .NET accepts must never be reported, so when
//! the outcome depends on something this module cannot know, it accepts):
//! - Unicode general categories of non-ASCII characters are not known without
//!   tables, so every non-ASCII BMP character is treated as "maybe a word
//!   character": `\é` is accepted (.NET rejects it), non-ASCII characters are
//!   accepted inside group names, and the deprecated `\<name>` form with a
//!   non-ASCII, undefined name is read as literal text instead of an error.
//!   Surrogate halves and U+FFFF are known non-word characters.
//! - Only `RegexOptions.None` is modelled: `ECMAScript`, `RightToLeft` and
//!   culture-specific behaviour are out of scope (none can be switched on
//!   inline), and limits that only bite at match time are not checked.
//! - Offsets point at the start of the offending construct (the `(` that is
//!   never closed, the `\` of a bad escape, the quantifier that follows
//!   nothing), which is what a linter underlines; .NET's own offset is usually
//!   the position just after it.
//!
//! The grammar is split by what each part owns: `chars` the character tables
//! (word characters, special characters, `\p{..}` names), `parser` the parser state
//! and the shared lexing steps, `capture` the first pass (capture numbers and names),
//! `scan` the second pass (sequence, alternation, quantifiers), `group` grouping
//! constructs, `escape` backslash escapes and `class` `[...]` sets.

mod capture;
mod chars;
mod class;
mod escape;
mod group;
mod parser;
mod scan;
#[cfg(test)]
mod tests;

use std::fmt;

use parser::{Options, Parser};

/// Why .NET would refuse a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotnetRegexError {
    /// 0-based offset, in characters (Unicode scalar values), of the construct
    /// that .NET rejects; equal to the pattern length for end-of-pattern errors.
    pub offset: usize,
    /// Reason, phrased like .NET's own `RegexParseException` message.
    pub message: String,
}

impl fmt::Display for DotnetRegexError {
    /// Formats as `"<message> at character N"`, where N is 1-based.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.offset + 1)
    }
}

impl std::error::Error for DotnetRegexError {}

/// Checks whether .NET's `Regex` constructor (with `RegexOptions.None`) would
/// accept `pattern`.
///
/// # Errors
///
/// Returns a [`DotnetRegexError`] carrying the character offset and a
/// .NET-style message for the first problem .NET would report. Patterns whose
/// validity cannot be decided without Unicode tables are accepted (see the
/// module documentation).
pub fn check(pattern: &str) -> Result<(), DotnetRegexError> {
    let mut parser = Parser::new(pattern);
    parser.count_captures()?;
    parser.pos = 0;
    parser.options = Options::default();
    parser.scan_regex()
}
