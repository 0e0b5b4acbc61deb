//! What evaluation works on, below the function catalog and the evaluator: values
//! ([`Value`], [`Output`]), dates and their formats, .NET regular expressions run
//! through fancy-regex, the seeded random numbers of `Guid()`/`RandomString()`, the
//! options an evaluation depends on, and the state one evaluation carries (clock,
//! random numbers, notes). The catalog's function implementations and the evaluator
//! both build on this module; it depends on neither.

pub(crate) mod date;
pub(crate) mod format;
pub(crate) mod regex;
pub(crate) mod rng;
pub(crate) mod value;

use std::collections::BTreeMap;

use super::ast::Span;

pub use date::{DateKind, DateTime};
pub use regex::{BACKTRACK_LIMIT, DotnetRegex};
pub use value::{Output, Value};

/// A source object: attribute name → value.
pub type Object = BTreeMap<String, Value>;

/// Why evaluation stopped: the expression raised an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EvalError {
    /// What went wrong, for people.
    pub message: String,
    /// The call (or node) that raised it.
    pub span: Span,
}

impl EvalError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        EvalError {
            message: message.into(),
            span: Span::default(),
        }
    }
}

/// A shorthand for a raised error.
pub(crate) fn fail<T>(message: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError::new(message))
}

/// What evaluation may depend on besides the object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalOptions {
    /// The time `Now()` returns; `None`: the system clock.
    pub now: Option<DateTime>,
    /// The seed of `Guid()` and `RandomString()`; `None`: from the system clock.
    pub seed: Option<u64>,
    /// Values of `%Name%` placeholders (without the `%`); an unknown placeholder stays
    /// as its text.
    pub placeholders: BTreeMap<String, String>,
    /// Values already present in the target, which `SelectUniqueValue` skips (compared
    /// ignoring case, as directories do).
    pub existing: Vec<String>,
    /// Whether to record a trace of every call.
    pub trace: bool,
}

/// The state one evaluation carries besides the expression walk: what the catalog's
/// functions may read (options, clock, random numbers) and record (notes, the
/// `IgnoreFlowIfNullOrEmpty` verdict).
pub(crate) struct State<'c> {
    pub(crate) options: &'c EvalOptions,
    pub(crate) rng: rng::Rng,
    pub(crate) notes: Vec<String>,
    pub(crate) ignore_flow: bool,
}
