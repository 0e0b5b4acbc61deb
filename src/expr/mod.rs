//! Attribute-mapping expressions (SPEC.md §3): text to syntax tree and back, the
//! function catalog, and the bridge to the structured `attributeMappingSource` tree.
//!
//! - [`parse`]: text to an [`Expr`] with byte spans on every node, or a [`ParseError`]
//!   with the offset, line and column. Never panics; nesting deeper than [`MAX_DEPTH`]
//!   is an error, not a stack overflow; time is linear in the text.
//! - [`print()`]: an [`Expr`] to canonical text, the form Graph writes; `print(parse(x))`
//!   is stable.
//! - [`Catalog`]: the functions, their parameters as the server names them, and
//!   [`Catalog::check`] (unknown function, arity, empty required slots);
//!   [`check_length`] for Entra's 10,000-character limit.
//! - [`to_source_tree`] / [`from_source_tree`]: the structured tree of an expression and
//!   back; [`check_consistency`]: whether a source's text and tree agree.
//! - [`Expr::attribute_references`] and [`Expr::calls`]: every `[attr]` and every call
//!   with its span.
//! - [`eval`]: what an expression gives for an object, offline (each catalog entry
//!   carries its function's evaluation), and whether an object is in a scoping filter's
//!   scope.
//!
//! ```
//! use synclens::expr::{Catalog, parse, print, to_source_tree};
//!
//! let expr = parse(r#"Join("@", [sAMAccountName],  )"#)?;
//! assert_eq!(print(&expr), r#"Join("@", [sAMAccountName], )"#);
//! let names: Vec<&str> = expr.attribute_references().map(|(name, _)| name).collect();
//! assert_eq!(names, ["sAMAccountName"]);
//! let catalog = Catalog::builtin();
//! assert!(catalog.check(&expr).is_empty());
//! let tree = to_source_tree(&expr, &catalog).expect("Join is known");
//! let keys: Vec<_> = tree.parameters().iter().filter_map(|p| p.key.as_str()).collect();
//! assert_eq!(keys, ["separator", "source"]);
//! # Ok::<(), synclens::expr::ParseError>(())
//! ```
//!
//! The library only computes: nothing here prints.

mod ast;
mod catalog;
mod error;
pub mod eval;
mod lexer;
mod parser;
mod printer;
mod runtime;
mod tree;

pub use ast::{Arg, Call, CompareOp, Descendants, Expr, ExprKind, Span};
pub use catalog::{
    ArityError, Catalog, FunctionSource, FunctionSpec, MAX_EXPRESSION_CHARS, NameSource,
    ParameterSpec, Problem, ProblemKind, Signature, SlotBinding, SourceTag, ValueType,
    check_length,
};
pub use error::{ParseError, ParseErrorKind, Position};
pub use tree::{
    Consistency, Mismatch, MismatchKind, NotChecked, TreeError, UnnamedSlot, check_consistency,
    from_source_tree, is_runtime_placeholder, source_text, to_source_tree, unnamed_slots,
};

/// How many calls may be nested inside each other before [`parse`] gives up with
/// [`ParseErrorKind::TooDeep`]. Real exports nest five deep.
pub const MAX_DEPTH: usize = 256;

/// Parses expression text. See the module documentation.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    parser::parse(text)
}

/// The canonical text of an expression.
///
/// For a tree built by hand, comparison operands and concatenation parts must not be
/// comparisons (parts not concatenations either): the grammar has no parentheses to
/// group them, so such a tree prints as text that parses differently.
pub fn print(expr: &Expr) -> String {
    printer::print(expr)
}

/// The canonical form of expression text (`print(parse(text))`).
pub fn canonicalize(text: &str) -> Result<String, ParseError> {
    parse(text).map(|expr| print(&expr))
}

#[cfg(test)]
mod fidelity_tests;
#[cfg(test)]
mod tests;
