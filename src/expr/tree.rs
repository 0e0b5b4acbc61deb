//! The bridge between expression text and the structured `attributeMappingSource` tree
//! every attribute mapping also carries, and the check that the two agree.
//!
//! Encoding (SPEC.md §3.1, §3.4): an attribute reference is an `Attribute` node named
//! after the attribute; a string, number, hex or identifier constant is a `Constant`
//! node whose `name` is the value and whose `expression` is the value quoted (numbers
//! too: `2` → `"\"2\""`); a call is a `Function` node whose parameters are keyed by the
//! catalog's parameter names, one entry per supplied argument (a repeating parameter
//! repeats its key, in order). IIF spreads a comparison condition over `one`, `two`
//! (the operator as a Constant) and `three`.
//!
//! Two constructs have no known tree encoding: a comparison anywhere but IIF's
//! condition, and `&` concatenation. [`to_source_tree`] refuses them and
//! [`check_consistency`] does not judge them. Hex and identifier constants are encoded
//! by inference (their text as the Constant's name).
//!
//! Runtime placeholders (`%DomainFQDN%`, `%DomainNetBios%`, …) are Constant nodes whose
//! `name` is `%Name%`. Exports from 2025 write them into the text too (`%Name%` is a
//! token; the node's `expression` is `%Name%`); exports from 2020 leave the text slot
//! empty and the node's `expression` null. Both forms mean the same: an empty text slot
//! agrees with a placeholder in the tree, and a tree is read back with its placeholders
//! written out, so no placeholder is ever lost. Text with an empty slot where a
//! placeholder may have stood is turned into a tree without it; [`unnamed_slots`] lists
//! such slots so that callers can say so.

use crate::model::{
    AttributeMappingSource, AttributeMappingSourceType, Enum, Extra, Field,
    StringKeyAttributeMappingSourceValuePair,
};
use crate::pointer::JsonPointer;

use super::ast::{Arg, Call, CompareOp, Expr, ExprKind, Span};
use super::catalog::{ArityError, Catalog, FunctionSpec, ParameterSpec, SlotBinding};
use super::error::ParseError;
use super::{parse, print, printer};

/// Why an expression could not be turned into a tree, or a tree into an expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TreeError {
    /// A call to a function the catalog does not know (its parameter keys are unknown).
    #[error("unknown function {name}")]
    UnknownFunction {
        /// The name as written.
        name: String,
        /// Where the name is.
        span: Span,
    },
    /// A call with more arguments than the function's parameters.
    #[error("{function} takes at most {max} arguments, {given} given")]
    TooManyArguments {
        /// The function.
        function: String,
        /// The most arguments.
        max: usize,
        /// The arguments given.
        given: usize,
        /// Where the call is.
        span: Span,
    },
    /// A construct whose tree encoding is not known.
    #[error("the tree encoding of {construct} is not known")]
    UnknownEncoding {
        /// What it is.
        construct: &'static str,
        /// Where it is.
        span: Span,
    },
    /// A tree node that cannot be read back as an expression.
    #[error("{message} at {pointer}")]
    InvalidNode {
        /// Where in the tree (relative to the node given).
        pointer: JsonPointer,
        /// What is wrong.
        message: String,
    },
}

/// A tree node built from text, keeping the empty slots (with the key they would have)
/// so that runtime placeholders can be matched against them.
#[derive(Debug, Clone)]
struct Node {
    kind: AttributeMappingSourceType,
    name: String,
    expression: String,
    parameters: Vec<(String, Option<Node>)>,
}

impl Node {
    fn leaf(node_type: AttributeMappingSourceType, name: String, expression: String) -> Self {
        Node {
            kind: node_type,
            name,
            expression,
            parameters: Vec::new(),
        }
    }

    fn constant(value: &str) -> Self {
        Node::leaf(
            AttributeMappingSourceType::Constant,
            value.to_owned(),
            printer::quote(value),
        )
    }

    fn into_source(self) -> AttributeMappingSource {
        let parameters = self
            .parameters
            .into_iter()
            .filter_map(|(key, value)| {
                value.map(|value| StringKeyAttributeMappingSourceValuePair {
                    key: Field::Value(key),
                    value: Field::Value(value.into_source()),
                    extra: Extra::new(),
                })
            })
            .collect();
        AttributeMappingSource {
            expression: Field::Value(self.expression),
            name: Field::Value(self.name),
            parameters: Field::Value(parameters),
            r#type: Field::Value(Enum::from_member(self.kind)),
            extra: Extra::new(),
        }
    }
}

/// The `attributeMappingSource` tree of `expr`: what Graph stores next to the text.
///
/// Omitted arguments have no entry; a repeating parameter repeats its key.
pub fn to_source_tree(expr: &Expr, catalog: &Catalog) -> Result<AttributeMappingSource, TreeError> {
    Ok(build(expr, catalog)?.into_source())
}

fn build(expr: &Expr, catalog: &Catalog) -> Result<Node, TreeError> {
    use AttributeMappingSourceType as T;
    Ok(match &expr.kind {
        ExprKind::Attribute(name) => Node::leaf(T::Attribute, name.clone(), print(expr)),
        ExprKind::String(value) => Node::constant(value),
        ExprKind::Integer(text) | ExprKind::Identifier(text) => Node::constant(text),
        ExprKind::Hex(_) => Node::constant(&print(expr)),
        ExprKind::Placeholder(_) => {
            let text = print(expr);
            Node::leaf(T::Constant, text.clone(), text)
        }
        ExprKind::Call(call) => build_call(expr, call, catalog)?,
        ExprKind::Compare { .. } => {
            return Err(TreeError::UnknownEncoding {
                construct: "a comparison outside IIF's condition",
                span: expr.span,
            });
        }
        ExprKind::Concat(_) => {
            return Err(TreeError::UnknownEncoding {
                construct: "'&' concatenation",
                span: expr.span,
            });
        }
    })
}

fn build_call(expr: &Expr, call: &Call, catalog: &Catalog) -> Result<Node, TreeError> {
    let spec = catalog
        .lookup(&call.name)
        .ok_or_else(|| TreeError::UnknownFunction {
            name: call.name.clone(),
            span: call.name_span,
        })?;
    let bindings = match spec.bind(call.args.len()) {
        Ok(bindings) => bindings,
        Err(ArityError::TooMany { max }) => {
            return Err(TreeError::TooManyArguments {
                function: call.name.clone(),
                max,
                given: call.args.len(),
                span: expr.span,
            });
        }
        // Missing required arguments still make a tree (with fewer entries).
        Err(ArityError::TooFew { .. }) => spec.bind_leniently(call.args.len()),
    };
    let mut parameters = Vec::new();
    for (arg, binding) in call.args.iter().zip(bindings) {
        match (binding, arg.value.as_ref().map(|value| &value.kind)) {
            (
                SlotBinding::Condition {
                    left,
                    operator,
                    right,
                },
                Some(ExprKind::Compare {
                    op,
                    left: left_operand,
                    right: right_operand,
                }),
            ) => {
                parameters.push((left.name.clone(), Some(build(left_operand, catalog)?)));
                parameters.push((operator.name.clone(), Some(Node::constant(op.as_str()))));
                parameters.push((right.name.clone(), Some(build(right_operand, catalog)?)));
            }
            (binding, _) => {
                let value = arg
                    .value
                    .as_ref()
                    .map(|value| build(value, catalog))
                    .transpose()?;
                parameters.push((binding.parameter().name.clone(), value));
            }
        }
    }
    Ok(Node {
        kind: AttributeMappingSourceType::Function,
        name: call.name.clone(),
        expression: print(expr),
        parameters,
    })
}

/// The supplied parameters of a node (empty slots and runtime placeholders left out:
/// one form of an export leaves a placeholder's slot empty in the text).
fn supplied(node: &Node) -> Vec<(&str, &Node)> {
    node.parameters
        .iter()
        .filter_map(|(key, value)| value.as_ref().map(|value| (key.as_str(), value)))
        .filter(|(_, value)| {
            !(value.kind == AttributeMappingSourceType::Constant
                && super::lexer::is_placeholder(&value.name)
                && value.expression == value.name)
        })
        .collect()
}

impl Node {
    /// Whether two nodes stand for the same tree: type, name, and the supplied
    /// parameters' keys and values in order (expression texts, empty slots and the
    /// runtime placeholders that may fill them aside).
    fn same_tree(&self, other: &Node) -> bool {
        let (mine, theirs) = (supplied(self), supplied(other));
        self.kind == other.kind
            && self.name == other.name
            && mine.len() == theirs.len()
            && mine
                .iter()
                .zip(&theirs)
                .all(|((key, value), (other_key, other_value))| {
                    key == other_key && value.same_tree(other_value)
                })
    }
}

/// Whether a tree node is a runtime placeholder: a Constant named `%Name%` whose
/// expression is null or absent (2020 exports) or the placeholder itself (2025 exports).
pub fn is_runtime_placeholder(node: &AttributeMappingSource) -> bool {
    let name = node.name.as_str().unwrap_or("");
    node.node_type() == Some(AttributeMappingSourceType::Constant)
        && super::lexer::is_placeholder(name)
        && (node.expression.is_missing() || node.expression.as_str().map(str::trim) == Some(name))
}

/// An empty argument slot that a runtime placeholder may have filled: the slot of a
/// required parameter, or an extra slot of a repeating one (`Join("@", [x], )`). 2020
/// exports write such slots empty and keep the placeholder only in the tree; a tree
/// built from the text ([`to_source_tree`]) cannot know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnnamedSlot {
    /// The function called.
    pub function: String,
    /// The 1-based argument slot.
    pub argument: usize,
    /// The parameter (tree key) the slot binds to.
    pub parameter: String,
    /// Where the empty slot is.
    pub span: Span,
}

/// The empty slots of `expr` that a runtime placeholder may have filled (see
/// [`UnnamedSlot`]), in text order. Calls to unknown functions are skipped.
pub fn unnamed_slots(expr: &Expr, catalog: &Catalog) -> Vec<UnnamedSlot> {
    let mut slots = Vec::new();
    for (call, _) in expr.calls() {
        let Some(spec) = catalog.lookup(&call.name) else {
            continue;
        };
        let bindings = spec.bind_leniently(call.args.len());
        for (index, (arg, binding)) in call.args.iter().zip(&bindings).enumerate() {
            let parameter = binding.parameter();
            if arg.value.is_none() && (parameter.required || parameter.repeating) {
                slots.push(UnnamedSlot {
                    function: call.name.clone(),
                    argument: index + 1,
                    parameter: parameter.name.clone(),
                    span: arg.span,
                });
            }
        }
    }
    slots
}

/// A slot rebuilt from a tree: nothing supplied, or a value (runtime placeholders
/// included).
enum Slot {
    Absent,
    Value(Expr),
}

/// The expression a tree stands for, in canonical form; spans refer to
/// `print(&expr)`.
///
/// Constants become string constants (the tree does not say whether `2` was written
/// `2` or `"2"`); runtime placeholders are written out (`%DomainFQDN%`, the form 2025
/// exports use, also for a 2020 tree whose text left the slot empty); trailing omitted arguments
/// are left out, except that IIF keeps its three slots as Graph writes them. Calls to
/// functions the catalog does not know keep their arguments in tree order.
pub fn from_source_tree(
    source: &AttributeMappingSource,
    catalog: &Catalog,
) -> Result<Expr, TreeError> {
    let expr = rebuild(source, catalog, &JsonPointer::root())?;
    let text = print(&expr);
    parse(&text).map_err(|error: ParseError| TreeError::InvalidNode {
        pointer: JsonPointer::root(),
        message: format!("the tree prints as text that does not parse ({error})"),
    })
}

fn invalid(pointer: &JsonPointer, message: impl Into<String>) -> TreeError {
    TreeError::InvalidNode {
        pointer: pointer.clone(),
        message: message.into(),
    }
}

fn node_name<'a>(
    node: &'a AttributeMappingSource,
    pointer: &JsonPointer,
) -> Result<&'a str, TreeError> {
    node.name
        .as_str()
        .ok_or_else(|| invalid(&pointer.key("name"), "a node without a name"))
}

fn rebuild(
    node: &AttributeMappingSource,
    catalog: &Catalog,
    pointer: &JsonPointer,
) -> Result<Expr, TreeError> {
    use AttributeMappingSourceType as T;
    let span = Span::default();
    match node.node_type() {
        Some(T::Attribute) => {
            let name = node_name(node, pointer)?;
            if !super::lexer::is_valid_attribute_name(name) {
                return Err(invalid(
                    &pointer.key("name"),
                    format!("attribute name {name:?} cannot be written as [name]"),
                ));
            }
            Ok(Expr::new(ExprKind::Attribute(name.to_owned()), span))
        }
        Some(T::Constant) if is_runtime_placeholder(node) => {
            let name = node_name(node, pointer)?;
            let inner = name.get(1..name.len() - 1).unwrap_or_default();
            Ok(Expr::new(ExprKind::Placeholder(inner.to_owned()), span))
        }
        Some(T::Constant) => Ok(Expr::new(
            ExprKind::String(node_name(node, pointer)?.to_owned()),
            span,
        )),
        Some(T::Function) => rebuild_call(node, catalog, pointer),
        None => Err(invalid(
            &pointer.key("type"),
            format!(
                "unknown node type {}",
                node.r#type.get().map_or("(not a string)", Enum::as_str)
            ),
        )),
    }
}

/// One parameter entry of a Function node: key, value, and the entry's pointer.
type Entry<'a> = (&'a str, &'a AttributeMappingSource, JsonPointer);

fn rebuild_call(
    node: &AttributeMappingSource,
    catalog: &Catalog,
    pointer: &JsonPointer,
) -> Result<Expr, TreeError> {
    let name = node_name(node, pointer)?;
    if !super::lexer::is_valid_identifier(name) {
        return Err(invalid(
            &pointer.key("name"),
            format!("function name {name:?} is not an identifier"),
        ));
    }
    let entries: Vec<Entry<'_>> = node
        .parameters()
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let at = pointer.key("parameters").index(index);
            let key = entry.key.as_str().unwrap_or("");
            match entry.value.get() {
                Some(value) => Ok((key, value, at)),
                None => Err(invalid(&at.key("value"), "a parameter without a value")),
            }
        })
        .collect::<Result<_, _>>()?;
    let slots = match catalog.lookup(name) {
        None => entries
            .iter()
            .map(|entry| slot_of(entry, catalog))
            .collect::<Result<Vec<Slot>, TreeError>>()?,
        Some(spec) => keyed_slots(spec, &entries, catalog, pointer)?,
    };
    let args = slots
        .into_iter()
        .map(|slot| Arg {
            value: match slot {
                Slot::Value(expr) => Some(expr),
                Slot::Absent => None,
            },
            span: Span::default(),
        })
        .collect();
    Ok(Expr::new(
        ExprKind::Call(Call {
            name: name.to_owned(),
            name_span: Span::default(),
            args,
        }),
        Span::default(),
    ))
}

fn slot_of((_, value, at): &Entry<'_>, catalog: &Catalog) -> Result<Slot, TreeError> {
    Ok(Slot::Value(rebuild(value, catalog, &at.key("value"))?))
}

/// The text slots of a call to a known function, from its keyed entries.
fn keyed_slots(
    spec: &FunctionSpec,
    entries: &[Entry<'_>],
    catalog: &Catalog,
    pointer: &JsonPointer,
) -> Result<Vec<Slot>, TreeError> {
    let has = |parameters: &[ParameterSpec], key: &str| {
        parameters.iter().any(|parameter| parameter.name == key)
    };
    let Some(signature) = spec.signatures.iter().find(|signature| {
        entries
            .iter()
            .all(|(key, _, _)| has(&signature.parameters, key))
    }) else {
        let all: Vec<ParameterSpec> = spec
            .signatures
            .iter()
            .flat_map(|signature| signature.parameters.iter().cloned())
            .collect();
        let (key, _, at) = entries
            .iter()
            .find(|(key, _, _)| !has(&all, key))
            .or(entries.first())
            .ok_or_else(|| invalid(pointer, "no signature fits"))?;
        return Err(invalid(
            &at.key("key"),
            format!("{} has no parameter {key:?}", spec.name),
        ));
    };
    let take = |name: &str| -> Vec<&Entry<'_>> {
        entries.iter().filter(|(key, _, _)| *key == name).collect()
    };
    let mut slots: Vec<Slot> = Vec::new();
    let mut parameters = signature.parameters.as_slice();
    if spec.splits_comparison
        && let [left, operator, right, rest @ ..] = parameters
    {
        let condition = (
            take(&left.name).first().copied(),
            take(&operator.name).first().copied(),
            take(&right.name).first().copied(),
        );
        slots.push(condition_slot(spec, condition, catalog, pointer)?);
        parameters = rest;
    }
    for parameter in parameters {
        let found = take(&parameter.name);
        if let (false, Some((_, _, at))) = (parameter.repeating, found.get(1)) {
            return Err(invalid(
                at,
                format!("{} repeats its parameter {:?}", spec.name, parameter.name),
            ));
        }
        if found.is_empty() {
            slots.push(Slot::Absent);
        }
        for entry in found {
            slots.push(slot_of(entry, catalog)?);
        }
    }
    // Trailing omitted arguments are left out; IIF keeps its three slots, as Graph writes it. A function with several
    // signatures keeps enough slots for the text to select this one again.
    if !spec.splits_comparison {
        while matches!(slots.last(), Some(Slot::Absent))
            && spec
                .signature_for(slots.len() - 1)
                .is_some_and(|chosen| std::ptr::eq(chosen, signature))
        {
            slots.pop();
        }
    }
    Ok(slots)
}

fn condition_slot(
    spec: &FunctionSpec,
    condition: (Option<&Entry<'_>>, Option<&Entry<'_>>, Option<&Entry<'_>>),
    catalog: &Catalog,
    pointer: &JsonPointer,
) -> Result<Slot, TreeError> {
    match condition {
        (None, None, None) => Ok(Slot::Absent),
        (Some(entry), None, None) => slot_of(entry, catalog),
        (
            Some((_, left, left_at)),
            Some((_, operator, operator_at)),
            Some((_, right, right_at)),
        ) => {
            let text = operator.name.as_str().unwrap_or("");
            let op = CompareOp::from_text(text).ok_or_else(|| {
                invalid(
                    &operator_at.key("value").key("name"),
                    format!("{text:?} is not a comparison operator"),
                )
            })?;
            let left = rebuild(left, catalog, &left_at.key("value"))?;
            let right = rebuild(right, catalog, &right_at.key("value"))?;
            Ok(Slot::Value(Expr::new(
                ExprKind::Compare {
                    op,
                    left: Box::new(left),
                    right: Box::new(right),
                },
                Span::default(),
            )))
        }
        _ => Err(invalid(
            &pointer.key("parameters"),
            format!(
                "{} has an incomplete comparison: it needs all of its first three parameters",
                spec.name
            ),
        )),
    }
}

/// Whether a source's expression text and its structured tree agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consistency {
    /// They agree (runtime placeholders filling empty slots included).
    Agree,
    /// They differ; the first difference in tree order.
    Differ(Mismatch),
    /// The check could not judge (no text, text that does not parse, a construct
    /// without a known tree encoding, a function the catalog does not know).
    NotChecked(NotChecked),
}

/// The first place where text and tree differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where in the tree, relative to the source node (`""` is the source itself,
    /// `/parameters/1/value` its second argument's node).
    pub pointer: JsonPointer,
    /// What differs, naming both sides.
    pub message: String,
    /// What kind of difference it is.
    pub kind: MismatchKind,
}

/// What kind of difference a [`Mismatch`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MismatchKind {
    /// Text and tree say different things.
    Differs,
    /// The tree keys a parameter that is none of the function's parameters in the
    /// catalog: most likely a parameter newer than the catalog, not a contradiction.
    UnknownParameter {
        /// The function.
        function: String,
        /// The key the tree uses.
        key: String,
    },
}

/// Why [`check_consistency`] did not judge a source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotChecked {
    /// The source has no `expression` text.
    #[error("the source has no expression text")]
    NoExpression,
    /// The text does not parse.
    #[error("the expression does not parse: {0}")]
    Parse(ParseError),
    /// The text has no known tree (unknown function, unknown encoding, too many
    /// arguments).
    #[error("{0}")]
    Tree(TreeError),
}

/// Whether `source.expression` agrees with the structured tree of `source`.
///
/// Every node is compared: type, name, parameter keys in order, and the `expression`
/// text of nested nodes (canonically, so spacing does not matter, and with `2` and
/// `"2"` alike and trailing empty slots ignored, as the tree cannot tell). A runtime
/// placeholder agrees with an empty text slot of the same key.
pub fn check_consistency(source: &AttributeMappingSource, catalog: &Catalog) -> Consistency {
    let Some(text) = source.expression.as_str() else {
        return Consistency::NotChecked(NotChecked::NoExpression);
    };
    let expr = match parse(text) {
        Ok(expr) => expr,
        Err(error) => return Consistency::NotChecked(NotChecked::Parse(error)),
    };
    let expected = match build(&expr, catalog) {
        Ok(node) => node,
        Err(error) => return Consistency::NotChecked(NotChecked::Tree(error)),
    };
    match compare(&expected, source, &JsonPointer::root(), true, catalog) {
        None => Consistency::Agree,
        Some(mismatch) => Consistency::Differ(mismatch),
    }
}

fn type_name(node_type: AttributeMappingSourceType) -> &'static str {
    match node_type {
        AttributeMappingSourceType::Attribute => "an Attribute",
        AttributeMappingSourceType::Constant => "a Constant",
        AttributeMappingSourceType::Function => "a Function",
    }
}

fn mismatch(pointer: JsonPointer, message: String) -> Mismatch {
    Mismatch {
        pointer,
        message,
        kind: MismatchKind::Differs,
    }
}

/// The kind of a difference at a parameter key the tree uses: unknown when the
/// catalog's function has no parameter of that name (in any signature).
fn key_kind(function: &str, key: Option<&str>, catalog: &Catalog) -> MismatchKind {
    let Some(key) = key else {
        return MismatchKind::Differs;
    };
    let known = catalog.lookup(function).is_none_or(|spec| {
        spec.signatures.iter().any(|signature| {
            signature
                .parameters
                .iter()
                .any(|parameter| parameter.name == key)
        })
    });
    if known {
        MismatchKind::Differs
    } else {
        MismatchKind::UnknownParameter {
            function: function.to_owned(),
            key: key.to_owned(),
        }
    }
}

fn compare(
    expected: &Node,
    actual: &AttributeMappingSource,
    pointer: &JsonPointer,
    is_root: bool,
    catalog: &Catalog,
) -> Option<Mismatch> {
    let Some(actual_type) = actual.node_type() else {
        return Some(mismatch(
            pointer.key("type"),
            format!(
                "the tree has an unknown node type {}",
                actual.r#type.get().map_or("(not a string)", Enum::as_str)
            ),
        ));
    };
    if actual_type != expected.kind {
        return Some(mismatch(
            pointer.key("type"),
            format!(
                "the text has {} node here ({}), the tree {} node",
                type_name(expected.kind),
                expected.expression,
                type_name(actual_type)
            ),
        ));
    }
    let actual_name = actual.name.as_str();
    if actual_name != Some(expected.name.as_str()) {
        return Some(mismatch(
            pointer.key("name"),
            format!(
                "the text gives the name {:?}, the tree {}",
                expected.name,
                actual_name.map_or_else(|| "none".to_owned(), |name| format!("{name:?}"))
            ),
        ));
    }
    if !is_root && let Some(text) = actual.expression.as_str() {
        // The node's own text must stand for the same tree as its place in the whole
        // text (so spacing, `2` against `"2"` and omitted arguments do not matter).
        let agrees = match parse(text) {
            Ok(parsed) => build(&parsed, catalog).is_ok_and(|node| node.same_tree(expected)),
            Err(error) => {
                return Some(mismatch(
                    pointer.key("expression"),
                    format!("the node's expression does not parse: {error}"),
                ));
            }
        };
        if !agrees {
            return Some(mismatch(
                pointer.key("expression"),
                format!(
                    "the node's expression is {text:?}, its place in the text gives {:?}",
                    expected.expression
                ),
            ));
        }
    }
    compare_parameters(expected, actual.parameters(), pointer, catalog)
}

/// Whether no key repeats (a repeating parameter's key does: its entries keep order).
fn distinct<'k>(keys: impl Iterator<Item = Option<&'k str>>) -> bool {
    let mut seen = std::collections::HashSet::new();
    keys.into_iter()
        .all(|key| key.is_some_and(|key| seen.insert(key)))
}

fn compare_parameters(
    expected: &Node,
    actual: &[StringKeyAttributeMappingSourceValuePair],
    pointer: &JsonPointer,
    catalog: &Catalog,
) -> Option<Mismatch> {
    // Parameters with distinct keys bind by key, so their order in the tree is free.
    if distinct(
        expected
            .parameters
            .iter()
            .map(|(key, _)| Some(key.as_str())),
    ) && distinct(actual.iter().map(|entry| entry.key.as_str()))
    {
        return compare_by_key(expected, actual, pointer, catalog);
    }
    let mut next = 0;
    for (key, value) in &expected.parameters {
        let entry = actual.get(next);
        let at = pointer.key("parameters").index(next);
        let entry_key = entry.and_then(|entry| entry.key.as_str());
        let Some(value) = value else {
            // An empty slot: a runtime placeholder with the same key may fill it.
            if entry_key == Some(key.as_str())
                && entry
                    .and_then(|entry| entry.value.get())
                    .is_some_and(is_runtime_placeholder)
            {
                next += 1;
            }
            continue;
        };
        let Some(entry) = entry else {
            return Some(mismatch(
                pointer.key("parameters"),
                format!(
                    "the text has an argument {key:?} ({}) that the tree lacks",
                    value.expression
                ),
            ));
        };
        if entry_key != Some(key.as_str()) {
            return Some(Mismatch {
                kind: key_kind(&expected.name, entry_key, catalog),
                ..mismatch(
                    at.key("key"),
                    format!(
                        "the tree's key is {}, the text gives {key:?} ({})",
                        entry_key.map_or_else(|| "missing".to_owned(), |k| format!("{k:?}")),
                        value.expression
                    ),
                )
            });
        }
        let Some(actual_value) = entry.value.get() else {
            return Some(mismatch(
                at.key("value"),
                format!("the tree has no value for {key:?}"),
            ));
        };
        if let Some(found) = compare(value, actual_value, &at.key("value"), false, catalog) {
            return Some(found);
        }
        next += 1;
    }
    actual.get(next).map(|entry| {
        surplus_entry(
            expected,
            entry,
            pointer.key("parameters").index(next),
            catalog,
        )
    })
}

/// [`compare_parameters`] for parameters with distinct keys: each argument of the text
/// against the tree's entry of the same key, wherever it stands.
fn compare_by_key(
    expected: &Node,
    actual: &[StringKeyAttributeMappingSourceValuePair],
    pointer: &JsonPointer,
    catalog: &Catalog,
) -> Option<Mismatch> {
    let entry_of = |key: &str| {
        actual
            .iter()
            .enumerate()
            .find(|(_, entry)| entry.key.as_str() == Some(key))
    };
    for (key, value) in &expected.parameters {
        let found = entry_of(key);
        match (value, found) {
            // An empty slot: nothing in the tree, or a runtime placeholder filling it.
            (None, None) => {}
            (None, Some((index, entry))) => {
                if !entry.value.get().is_some_and(is_runtime_placeholder) {
                    return Some(mismatch(
                        pointer.key("parameters").index(index),
                        format!("the tree has a parameter {key:?} that the text leaves empty"),
                    ));
                }
            }
            (Some(value), None) => {
                // The tree holds the argument under another key, most likely.
                let stray = actual.iter().enumerate().find(|(_, entry)| {
                    !expected
                        .parameters
                        .iter()
                        .any(|(known, _)| entry.key.as_str() == Some(known.as_str()))
                });
                if let Some((index, entry)) = stray {
                    let entry_key = entry.key.as_str();
                    return Some(Mismatch {
                        kind: key_kind(&expected.name, entry_key, catalog),
                        ..mismatch(
                            pointer.key("parameters").index(index).key("key"),
                            format!(
                                "the tree's key is {}, the text gives {key:?} ({})",
                                entry_key
                                    .map_or_else(|| "missing".to_owned(), |k| format!("{k:?}")),
                                value.expression
                            ),
                        )
                    });
                }
                return Some(mismatch(
                    pointer.key("parameters"),
                    format!(
                        "the text has an argument {key:?} ({}) that the tree lacks",
                        value.expression
                    ),
                ));
            }
            (Some(value), Some((index, entry))) => {
                let at = pointer.key("parameters").index(index);
                let Some(actual_value) = entry.value.get() else {
                    return Some(mismatch(
                        at.key("value"),
                        format!("the tree has no value for {key:?}"),
                    ));
                };
                if let Some(found) = compare(value, actual_value, &at.key("value"), false, catalog)
                {
                    return Some(found);
                }
            }
        }
    }
    let extra = actual.iter().enumerate().find(|(_, entry)| {
        !expected
            .parameters
            .iter()
            .any(|(key, _)| entry.key.as_str() == Some(key.as_str()))
    });
    extra.map(|(index, entry)| {
        surplus_entry(
            expected,
            entry,
            pointer.key("parameters").index(index),
            catalog,
        )
    })
}

/// A tree entry (at `at`) that no argument of the text stands for.
fn surplus_entry(
    expected: &Node,
    entry: &StringKeyAttributeMappingSourceValuePair,
    at: JsonPointer,
    catalog: &Catalog,
) -> Mismatch {
    Mismatch {
        pointer: at,
        message: format!(
            "the tree has a parameter {} that the text has no argument for",
            entry
                .key
                .as_str()
                .map_or_else(|| "without a key".to_owned(), |key| format!("{key:?}"))
        ),
        kind: key_kind(&expected.name, entry.key.as_str(), catalog),
    }
}

/// The text of a source for people: its expression text, else its tree printed as an
/// expression ([`from_source_tree`], [`print`](fn@print)); a tree
/// that cannot be printed as one (an attribute name brackets cannot hold, a damaged
/// call) is shown as `[name]` or `name(…)`.
pub fn source_text(source: &AttributeMappingSource) -> Option<String> {
    if let Some(text) = source.expression.as_str() {
        return Some(text.to_owned());
    }
    let name = source.name.as_str()?;
    Some(from_source_tree(source, &Catalog::builtin()).map_or_else(
        |_| match source.node_type() {
            Some(AttributeMappingSourceType::Attribute) => format!("[{name}]"),
            _ => format!("{name}(…)"),
        },
        |expr| print(&expr),
    ))
}
