//! A call's arguments as a function implementation sees them: evaluated on demand,
//! each at most once, through the evaluator's walk ([`Walk`]), which the catalog only
//! knows as this trait (the evaluator sits above the catalog, not beside it).

use crate::expr::ast::{Call, Expr};
use crate::expr::runtime::{EvalError, State, Value};

use super::{FunctionSpec, SlotBinding};

/// The signature of a function's evaluation.
pub type EvalFn = fn(&mut Args<'_, '_>) -> Result<Value, EvalError>;

/// How a catalog function is evaluated.
#[derive(Debug, Clone, Copy)]
pub enum FunctionEval {
    /// By this implementation.
    Implemented(Implementation),
    /// Not evaluable offline, for the reason given.
    Unsupported(&'static str),
}

/// A function's implementation (opaque).
#[derive(Clone, Copy)]
pub struct Implementation(pub(crate) EvalFn);

impl std::fmt::Debug for Implementation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Implementation")
    }
}

impl PartialEq for FunctionEval {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (FunctionEval::Implemented(a), FunctionEval::Implemented(b)) => {
                std::ptr::fn_addr_eq(a.0, b.0)
            }
            (FunctionEval::Unsupported(a), FunctionEval::Unsupported(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for FunctionEval {}

/// What a function implementation may ask of the evaluation running it.
pub(crate) trait Walk<'c> {
    /// Evaluates a sub-expression (an argument).
    fn eval(&mut self, expr: &Expr) -> Result<Value, EvalError>;
    /// The evaluation's state.
    fn state(&mut self) -> &mut State<'c>;
}

/// A call's arguments, evaluated on demand (IIF and Switch evaluate only the branch
/// they take), each at most once.
pub struct Args<'m, 'c> {
    pub(crate) walk: &'m mut dyn Walk<'c>,
    pub(crate) spec: &'m FunctionSpec,
    pub(crate) call: &'m Call,
    pub(crate) bindings: Vec<SlotBinding<'m>>,
    pub(crate) values: Vec<Option<Value>>,
}

impl<'c> Args<'_, 'c> {
    /// The function's canonical name.
    pub fn function(&self) -> &str {
        &self.spec.name
    }

    /// The number of text slots.
    pub fn len(&self) -> usize {
        self.call.args.len()
    }

    /// Whether the call has no slots.
    pub fn is_empty(&self) -> bool {
        self.call.args.is_empty()
    }

    /// The slot indexes bound to the parameter `key`.
    fn slots(&self, key: &str) -> Vec<usize> {
        self.bindings
            .iter()
            .enumerate()
            .filter(|(_, binding)| binding.parameter().name.eq_ignore_ascii_case(key))
            .map(|(index, _)| index)
            .collect()
    }

    /// The value of slot `index` (null for an empty or missing slot).
    pub fn slot(&mut self, index: usize) -> Result<Value, EvalError> {
        if let Some(Some(value)) = self.values.get(index) {
            return Ok(value.clone());
        }
        let Some(expr) = self.call.args.get(index).and_then(|arg| arg.value.as_ref()) else {
            return Ok(Value::Null);
        };
        let value = self.walk.eval(expr)?;
        if let Some(slot) = self.values.get_mut(index) {
            *slot = Some(value.clone());
        }
        Ok(value)
    }

    /// Whether the parameter `key` has a non-empty slot.
    pub fn supplied(&self, key: &str) -> bool {
        self.slots(key).into_iter().any(|index| {
            self.call
                .args
                .get(index)
                .is_some_and(|arg| arg.value.is_some())
        })
    }

    /// The value of the (first) slot of parameter `key`; null when absent or empty.
    pub fn get(&mut self, key: &str) -> Result<Value, EvalError> {
        match self.slots(key).first() {
            Some(&index) => self.slot(index),
            None => Ok(Value::Null),
        }
    }

    /// The slot indexes of a repeating parameter.
    pub fn repeats(&self, key: &str) -> Vec<usize> {
        self.slots(key)
    }

    /// The evaluation state (clock, random numbers, notes).
    pub(crate) fn state(&mut self) -> &mut State<'c> {
        self.walk.state()
    }
}
