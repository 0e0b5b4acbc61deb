//! Evaluation of attribute-mapping expressions and scoping filters, offline: what the
//! provisioning service would write for an object (SPEC.md §3, §4).
//!
//! - [`Evaluator`]: runs a parsed [`Expr`] against an [`Object`] (attribute name →
//!   [`Value`]) with [`EvalOptions`] (a fixed clock for `Now()`, a seed for `Guid()` and
//!   `RandomString()`, values of `%Placeholder%`s, the values already taken in the
//!   target for `SelectUniqueValue`). The result, an [`Evaluation`], holds the
//!   [`Output`] (a string, a list, or nothing), whether the attribute flows, the error
//!   an expression raised (`Error("…")`, a bad date, an impossible argument), and a
//!   trace of every call. Errors are values, never panics.
//! - Each function's evaluation is attached to its catalog entry
//!   ([`FunctionSpec::evaluation`](crate::expr::FunctionSpec::evaluation)): one function
//!   is one entry. A function synclens cannot evaluate is declared with its reason.
//! - [`scope`]: whether an object is in a scoping filter's scope, and why.
//!
//! The walk is recursive with a depth bound ([`MAX_EVAL_DEPTH`], above the parser's
//! nesting cap), so no input can overflow the stack.
//!
//! ```
//! use synclens::expr::eval::{EvalOptions, Evaluator, Object, Output, Value};
//! use synclens::expr::parse;
//!
//! let expr = parse(r#"Join("@", ToLower([givenName]), "contoso.com")"#).expect("parses");
//! let mut object = Object::new();
//! object.insert("givenName".to_owned(), Value::from("Zoë"));
//! let result = Evaluator::new().evaluate(&expr, &object, &EvalOptions::default());
//! assert_eq!(result.output, Output::String("zoë@contoso.com".to_owned()));
//! assert!(result.flows);
//! ```

mod online;
pub mod scope;
mod shapes;

#[cfg(test)]
mod tests;

use super::ast::{Call, CompareOp, Expr, ExprKind, Span};
use super::catalog::args::Walk;
use super::catalog::{ArityError, Catalog, functions};
use super::runtime::{State, date, fail, rng};

pub use super::catalog::{Args, EvalFn, FunctionEval, Implementation};
pub use super::runtime::{
    BACKTRACK_LIMIT, DateKind, DateTime, DotnetRegex, EvalError, EvalOptions, Object, Output, Value,
};
pub use online::OnlineEvaluation;
pub use shapes::{Shape, Shapes, UnknownObject, shaped};

/// How deep evaluation may recurse (the parser caps nesting at
/// [`MAX_DEPTH`](crate::expr::MAX_DEPTH); a tree built by hand may be deeper and is
/// refused with an error).
pub const MAX_EVAL_DEPTH: usize = 300;

/// One call in a trace: its arguments as evaluated (`None` for a slot not evaluated
/// or empty) and its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEntry {
    /// The function name as written.
    pub function: String,
    /// The whole call's span.
    pub span: Span,
    /// Each text slot's value, when evaluated.
    pub arguments: Vec<Option<Output>>,
    /// What the call returned, or the error it raised.
    pub result: Result<Output, String>,
}

/// The result of evaluating an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The value written to the target (null when nothing flows or on error).
    pub output: Output,
    /// Whether the target attribute gets a value (false for null results,
    /// `IgnoreFlowIfNullOrEmpty` on an empty value, and errors).
    pub flows: bool,
    /// The error the expression raised, if any.
    pub error: Option<EvalError>,
    /// Every call in the order it finished, when [`EvalOptions::trace`] is set.
    pub trace: Vec<TraceEntry>,
    /// Remarks on what the service does that an offline run cannot show (Redact in
    /// logs, SelectUniqueValue only at creation, …).
    pub notes: Vec<String>,
}

/// Evaluates expressions with a function catalog.
#[derive(Debug, Clone)]
pub struct Evaluator {
    catalog: Catalog,
}

impl Default for Evaluator {
    fn default() -> Self {
        Evaluator::new()
    }
}

impl Evaluator {
    /// An evaluator with the built-in catalog.
    pub fn new() -> Self {
        Evaluator {
            catalog: Catalog::builtin(),
        }
    }

    /// An evaluator with a given catalog (captured `/functions` entries keep the
    /// built-in evaluation of the function of the same name).
    pub fn with_catalog(catalog: Catalog) -> Self {
        Evaluator { catalog }
    }

    /// Evaluates `expr` for `object`.
    pub fn evaluate(&self, expr: &Expr, object: &Object, options: &EvalOptions) -> Evaluation {
        let seed = options.seed.unwrap_or_else(rng::clock_seed);
        let mut machine = Machine {
            catalog: &self.catalog,
            object,
            state: State {
                options,
                rng: rng::Rng::new(seed),
                notes: Vec::new(),
                ignore_flow: false,
            },
            trace: Vec::new(),
            depth: 0,
        };
        let result = machine.eval(expr);
        let (output, error) = match result {
            Ok(value) => (value.to_output(), None),
            Err(error) => (Output::Null, Some(error)),
        };
        let flows = error.is_none() && !machine.state.ignore_flow && output != Output::Null;
        Evaluation {
            output,
            flows,
            error,
            trace: machine.trace,
            notes: machine.state.notes,
        }
    }
}

/// The state of one evaluation.
struct Machine<'c> {
    catalog: &'c Catalog,
    object: &'c Object,
    state: State<'c>,
    trace: Vec<TraceEntry>,
    depth: usize,
}

impl<'c> Walk<'c> for Machine<'c> {
    fn eval(&mut self, expr: &Expr) -> Result<Value, EvalError> {
        Machine::eval(self, expr)
    }

    fn state(&mut self) -> &mut State<'c> {
        &mut self.state
    }
}

impl Machine<'_> {
    fn eval(&mut self, expr: &Expr) -> Result<Value, EvalError> {
        if self.depth >= MAX_EVAL_DEPTH {
            return Err(EvalError {
                message: format!("the expression nests deeper than {MAX_EVAL_DEPTH} levels"),
                span: expr.span,
            });
        }
        self.depth += 1;
        let result = self.eval_node(expr).map_err(|mut error| {
            if error.span == Span::default() {
                error.span = expr.span;
            }
            error
        });
        self.depth -= 1;
        result
    }

    fn eval_node(&mut self, expr: &Expr) -> Result<Value, EvalError> {
        match &expr.kind {
            ExprKind::String(text) | ExprKind::Identifier(text) => Ok(Value::String(text.clone())),
            ExprKind::Integer(digits) => Ok(digits
                .parse::<i64>()
                .map_or_else(|_| Value::String(digits.clone()), Value::Number)),
            ExprKind::Hex(digits) => i64::from_str_radix(digits, 16)
                .map(Value::Number)
                .or_else(|_| fail(format!("&H{digits} is too large"))),
            ExprKind::Placeholder(name) => Ok(Value::String(
                self.state
                    .options
                    .placeholders
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| format!("%{name}%")),
            )),
            ExprKind::Attribute(name) => Ok(self.attribute(name)),
            ExprKind::Concat(parts) => {
                let mut text = String::new();
                for part in parts {
                    let value = self.eval(part)?;
                    text.push_str(&functions::single_text(&value, "&")?.unwrap_or_default());
                }
                Ok(Value::String(text))
            }
            ExprKind::Compare { op, left, right } => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                functions::compare(*op, &left, &right)
            }
            ExprKind::Call(call) => self.call(call, expr.span),
        }
    }

    /// An attribute's value: the exact name, else the only name equal ignoring ASCII
    /// case (directories compare attribute names that way); absent is null.
    fn attribute(&self, name: &str) -> Value {
        if let Some(value) = self.object.get(name) {
            return value.clone();
        }
        let mut found = self
            .object
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name));
        match (found.next(), found.next()) {
            (Some((_, value)), None) => value.clone(),
            _ => Value::Null,
        }
    }

    fn call(&mut self, call: &Call, span: Span) -> Result<Value, EvalError> {
        let Some(spec) = self.catalog.lookup(&call.name) else {
            return fail(format!("unknown function {}", call.name));
        };
        let implementation = match spec.evaluation {
            FunctionEval::Implemented(implementation) => implementation,
            FunctionEval::Unsupported(reason) => {
                return fail(format!(
                    "{} cannot be evaluated offline: {reason}",
                    spec.name
                ));
            }
        };
        if let Err(error) = spec.bind(call.args.len()) {
            let message = match error {
                ArityError::TooFew { min } => {
                    format!(
                        "{} takes at least {min} arguments, {} given",
                        spec.name,
                        call.args.len()
                    )
                }
                ArityError::TooMany { max } => {
                    format!(
                        "{} takes at most {max} arguments, {} given",
                        spec.name,
                        call.args.len()
                    )
                }
            };
            return fail(message);
        }
        let bindings = spec.bind_leniently(call.args.len());
        let mut args = Args {
            walk: self,
            spec,
            call,
            bindings,
            values: vec![None; call.args.len()],
        };
        let result = (implementation.0)(&mut args);
        let arguments: Vec<Option<Output>> = args
            .values
            .iter()
            .map(|value| value.as_ref().map(Value::to_output))
            .collect();
        if self.state.options.trace {
            self.trace.push(TraceEntry {
                function: call.name.clone(),
                span,
                arguments,
                result: result
                    .as_ref()
                    .map(Value::to_output)
                    .map_err(|error| error.message.clone()),
            });
        }
        result
    }
}

/// Evaluates `op` on two values (for callers outside expressions, such as tests).
pub fn compare_values(op: CompareOp, left: &Value, right: &Value) -> Result<Value, EvalError> {
    functions::compare(op, left, right)
}

/// Parses a date as `CDate` does (ISO 8601 or `M/d/yyyy h:mm:ss tt`, a zone converted
/// to UTC); `None` when it is not one.
pub fn parse_date(text: &str) -> Option<DateTime> {
    date::parse_general(text)
}
