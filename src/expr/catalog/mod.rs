//! The expression functions synclens knows (SPEC.md §3.3, §3.4), one entry per function:
//! its signatures, each parameter's key in the structured tree, documented name,
//! presence and documented type, a one-line description, and the pages each fact comes
//! from; the arity check built on them; and the length limit Entra documents.
//! `docs/functions.md` is generated from this table ([`Catalog::markdown`]).
//!
//! Parameter names (the keys of `attributeMappingSource.parameters`) come from three
//! places, recorded per parameter in [`NameSource`]: keys seen in real exports (which
//! win), the captured Graph `/functions` response, and, where neither has the function,
//! the documented names (marked inferred). A parameter real exports omit is optional
//! whatever a doc page says (IIF's `five`, FormatDateTime's `inputFormat`). Where a
//! page's name differs from the key, [`ParameterSpec::doc_name`] keeps the page's.
//!
//! IIF is special: its text has three slots (condition, value if true, value if false)
//! but its tree five (`one` … `five`). A comparison condition fills `one` (left
//! operand), `two` (the operator as a Constant) and `three` (right operand); any other
//! condition fills `one` alone. [`FunctionSpec::splits_comparison`] marks this.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{AttributeType, FunctionList};
use crate::text::plural;

use super::ast::{Arg, Call, Expr, Span};

pub(crate) mod args;
mod builtins;
pub(crate) mod functions;

pub use args::{Args, EvalFn, FunctionEval, Implementation};
use builtins::BUILTIN;

/// Entra's documented limit on the length of an expression, in characters.
pub const MAX_EXPRESSION_CHARS: usize = 10_000;

/// Where a function is known from, in short (its [`SourceTag`]s say which pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionSource {
    /// The app-provisioning function reference (and the real exports).
    Documented,
    /// Only the Cloud Sync function reference.
    CloudSync,
    /// Only the captured `/functions` list (legacy, undocumented on Learn).
    Legacy,
    /// Used in Microsoft examples but documented for neither provisioning nor Cloud
    /// Sync (`CRef`, `Contains`; the Connect Sync reference describes them).
    Undocumented,
    /// A `/functions` response given to [`Catalog::with_functions`].
    Captured,
}

/// A source of facts about functions: a reference page at a commit, a captured
/// `/functions` response, or real exports (the tags of SPEC.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SourceTag {
    /// `FN`: the app-provisioning reference, "Reference for writing expressions for
    /// attribute mappings".
    AppProvisioning,
    /// `CSX`: the Cloud Sync expression reference.
    CloudSync,
    /// `CUST`: the app-provisioning tutorial on customizing attribute mappings.
    CustomizeAttributes,
    /// `CONNECT`: the Entra Connect Sync functions reference (for the functions the
    /// Cloud Sync reference uses without documenting them).
    ConnectSync,
    /// `OLD-FN`: a `/functions` response kept in Microsoft Graph's documentation.
    FunctionsList,
    /// `EXPORT`: parameter keys seen in real exports (SPEC.md §3.4).
    RealExport,
    /// `CAPTURED`: a `/functions` response given to [`Catalog::with_functions`].
    Captured,
}

impl SourceTag {
    /// Every tag, in order.
    pub const ALL: [SourceTag; 7] = [
        SourceTag::AppProvisioning,
        SourceTag::CloudSync,
        SourceTag::CustomizeAttributes,
        SourceTag::ConnectSync,
        SourceTag::FunctionsList,
        SourceTag::RealExport,
        SourceTag::Captured,
    ];

    /// The short tag (`FN`, `CSX`, …), as SPEC.md and `docs/functions.md` write it.
    pub fn tag(self) -> &'static str {
        match self {
            SourceTag::AppProvisioning => "FN",
            SourceTag::CloudSync => "CSX",
            SourceTag::CustomizeAttributes => "CUST",
            SourceTag::ConnectSync => "CONNECT",
            SourceTag::FunctionsList => "OLD-FN",
            SourceTag::RealExport => "EXPORT",
            SourceTag::Captured => "CAPTURED",
        }
    }

    /// What the source is and where it was read: repository, path and commit for a
    /// page.
    pub fn location(self) -> &'static str {
        match self {
            SourceTag::AppProvisioning => {
                "\"Reference for writing expressions for attribute mappings\": `MicrosoftDocs/entra-docs` \
                 `docs/identity/app-provisioning/functions-for-customizing-application-data.md` \
                 @ `dda85497b0408a40cef3f92aed14fa64872ccfbb` (ms.date 08/06/2024)"
            }
            SourceTag::CloudSync => {
                "\"Microsoft Entra Cloud Sync expressions and function reference\": \
                 `MicrosoftDocs/entra-docs` `docs/identity/hybrid/cloud-sync/reference-expressions.md` \
                 @ `1b8952bb973186c1f10ce26150e6b84a1cad52a7` (ms.date 04/09/2025)"
            }
            SourceTag::CustomizeAttributes => {
                "`MicrosoftDocs/entra-docs` \
                 `docs/identity/app-provisioning/customize-application-attributes.md` \
                 @ `b1f37a45981cedbcf6e587eefd98d9a4783a5fed`"
            }
            SourceTag::ConnectSync => {
                "\"Microsoft Entra Connect Sync: Functions Reference\": `MicrosoftDocs/entra-docs` \
                 `docs/identity/hybrid/connect/reference-connect-sync-functions-reference.md` \
                 @ `1e3740ee273303a888b38fb3c2cdf0aee69c0b0f`"
            }
            SourceTag::FunctionsList => {
                "the `/functions` response in Microsoft Graph's documentation \
                 (`microsoftgraph/microsoft-graph-docs-contrib` \
                 `api-reference/beta/api/synchronization-synchronizationschema-functions.md`, \
                 and the early Graph docs' functions example)"
            }
            SourceTag::RealExport => "keys seen in real Cloud Sync schema exports (SPEC.md §3.4)",
            SourceTag::Captured => {
                "a `/functions` response loaded with `--functions` or a `functions.json` beside the document"
            }
        }
    }
}

/// Where a parameter's name (its key in the structured tree) is known from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameSource {
    /// Seen as a key in real exports.
    RealExport,
    /// Given by a `/functions` response (the captured one in SPEC.md, or one loaded
    /// with [`Catalog::with_functions`]).
    FunctionsResponse,
    /// Not known from the server: the documented name (or `source` for a function's
    /// single input, the key real exports use for such parameters).
    Inferred,
}

impl NameSource {
    /// A short word for tables: `export`, `/functions`, `inferred`.
    pub fn as_str(self) -> &'static str {
        match self {
            NameSource::RealExport => "export",
            NameSource::FunctionsResponse => "/functions",
            NameSource::Inferred => "inferred",
        }
    }
}

/// The documented type of a parameter, normalised over the pages' wordings (`Num`,
/// `Number` and `num` are [`ValueType::Integer`]; `Multi-valued Attribute` and `mvstr`
/// are [`ValueType::MultiValued`]; …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueType {
    /// A string.
    String,
    /// A whole number (`Integer`, `Number`, `Num`).
    Integer,
    /// `True`/`False` (a Boolean string).
    Boolean,
    /// A DateTime (see `CDate`, `DateFromNum`, `Now`).
    DateTime,
    /// A multi-valued attribute.
    MultiValued,
    /// A reference (a DN).
    Reference,
    /// Binary data.
    Binary,
    /// One of a fixed set of bare names (`vbTextCompare`, `UTF8`, …).
    Enumeration,
    /// Any expression, judged by what it evaluates to (a condition, a value to test).
    Expression,
    /// A value of any type (IIF's results, CStr's input).
    Variant,
}

impl ValueType {
    /// The name `docs/functions.md` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::String => "String",
            ValueType::Integer => "Integer",
            ValueType::Boolean => "Boolean",
            ValueType::DateTime => "DateTime",
            ValueType::MultiValued => "multi-valued",
            ValueType::Reference => "Reference",
            ValueType::Binary => "Binary",
            ValueType::Enumeration => "enumeration",
            ValueType::Expression => "expression",
            ValueType::Variant => "any",
        }
    }

    /// The type a `/functions` response gives (an `attributeType` member).
    pub fn from_attribute_type(attribute_type: AttributeType) -> Self {
        match attribute_type {
            AttributeType::String => ValueType::String,
            AttributeType::Integer => ValueType::Integer,
            AttributeType::Reference => ValueType::Reference,
            AttributeType::Binary => ValueType::Binary,
            AttributeType::Boolean => ValueType::Boolean,
            AttributeType::DateTime => ValueType::DateTime,
        }
    }
}

/// A formal parameter of a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterSpec {
    /// The name, as the key in `attributeMappingSource.parameters`.
    pub name: String,
    /// Whether a call must supply it.
    pub required: bool,
    /// Whether it may repeat (`allowMultipleOccurrences`); repeats share the key.
    pub repeating: bool,
    /// Where the name is known from.
    pub name_source: NameSource,
    /// The name the reference page gives it, when that differs from [`Self::name`]
    /// (`value1` for BitAnd's `left`, `oldValue` for Replace's `Find`).
    pub doc_name: Option<String>,
    /// The documented type (or the one a `/functions` response gives); `None` when
    /// neither says.
    pub value_type: Option<ValueType>,
}

/// One parameter list of a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The parameters in order.
    pub parameters: Vec<ParameterSpec>,
}

/// What the catalog knows about a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpec {
    /// The name in its canonical spelling.
    pub name: String,
    /// Where the function is known from.
    pub source: FunctionSource,
    /// The pages and captures its facts come from, in [`SourceTag`] order.
    pub sources: Vec<SourceTag>,
    /// What it does, in one line (from the reference page; empty when no page
    /// describes it).
    pub description: String,
    /// Its parameter lists, shortest first. Most functions have one; FormatDateTime has
    /// the three-parameter server form and the documented four-parameter form.
    pub signatures: Vec<Signature>,
    /// Whether the first text slot is a condition spread over the first three
    /// parameters (IIF; see the module documentation).
    pub splits_comparison: bool,
    /// How the function is evaluated ([`crate::expr::eval`]), or why it cannot be.
    pub evaluation: FunctionEval,
}

/// How one text slot of a call maps onto parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotBinding<'a> {
    /// The slot is this parameter.
    Parameter(&'a ParameterSpec),
    /// The slot is a condition: a comparison fills all three, anything else `left`.
    Condition {
        /// The left operand (or the whole condition).
        left: &'a ParameterSpec,
        /// The operator.
        operator: &'a ParameterSpec,
        /// The right operand.
        right: &'a ParameterSpec,
    },
}

impl SlotBinding<'_> {
    /// The parameter that holds the slot (for a condition, its left operand).
    pub fn parameter(&self) -> &ParameterSpec {
        match self {
            SlotBinding::Parameter(parameter) => parameter,
            SlotBinding::Condition { left, .. } => left,
        }
    }
}

/// A call's slot count that no signature accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArityError {
    /// Fewer slots than the required parameters need.
    TooFew {
        /// The least number of slots.
        min: usize,
    },
    /// More slots than the parameters.
    TooMany {
        /// The most slots.
        max: usize,
    },
}

impl FunctionSpec {
    /// The text slots of `signature`: IIF's first three parameters are one slot.
    fn text_slots<'s>(&self, signature: &'s Signature) -> Vec<SlotBinding<'s>> {
        let parameters = &signature.parameters;
        match parameters.as_slice() {
            [left, operator, right, rest @ ..] if self.splits_comparison => {
                let mut slots = vec![SlotBinding::Condition {
                    left,
                    operator,
                    right,
                }];
                slots.extend(rest.iter().map(SlotBinding::Parameter));
                slots
            }
            _ => parameters.iter().map(SlotBinding::Parameter).collect(),
        }
    }

    /// The most text slots of a signature, `None` when a parameter repeats.
    fn max_slots(&self, signature: &Signature) -> Option<usize> {
        let slots = self.text_slots(signature);
        if slots.iter().any(|slot| slot.parameter().repeating) {
            None
        } else {
            Some(slots.len())
        }
    }

    /// The fewest text slots a call of `signature` must have.
    fn min_slots(&self, signature: &Signature) -> usize {
        let mut position = 0;
        let mut min = 0;
        for slot in self.text_slots(signature) {
            let parameter = slot.parameter();
            if !parameter.repeating || parameter.required {
                position += 1;
            }
            if parameter.required {
                min = position;
            }
        }
        min
    }

    /// The signature a call with `slot_count` slots uses: the first that has room for
    /// them, else the longest.
    pub fn signature_for(&self, slot_count: usize) -> Option<&Signature> {
        self.signatures
            .iter()
            .find(|signature| {
                self.max_slots(signature)
                    .is_none_or(|max| slot_count <= max)
            })
            .or_else(|| self.signatures.last())
    }

    /// The fewest slots any signature accepts.
    pub fn min_arguments(&self) -> usize {
        self.signatures
            .iter()
            .map(|signature| self.min_slots(signature))
            .min()
            .unwrap_or(0)
    }

    /// The most slots any signature accepts (`None`: unbounded).
    pub fn max_arguments(&self) -> Option<usize> {
        self.signatures
            .iter()
            .map(|signature| self.max_slots(signature))
            .try_fold(0, |most, max| max.map(|max| most.max(max)))
    }

    /// What each of `slot_count` text slots binds to. A repeating parameter takes every
    /// slot not needed by the parameters after it (at least one when required).
    pub fn bind(&self, slot_count: usize) -> Result<Vec<SlotBinding<'_>>, ArityError> {
        let Some(signature) = self.signature_for(slot_count) else {
            return if slot_count == 0 {
                Ok(Vec::new())
            } else {
                Err(ArityError::TooMany { max: 0 })
            };
        };
        let min = self.min_slots(signature);
        if slot_count < min {
            return Err(ArityError::TooFew { min });
        }
        let slots = self.text_slots(signature);
        let Some(repeat_at) = slots.iter().position(|slot| slot.parameter().repeating) else {
            return if slot_count > slots.len() {
                Err(ArityError::TooMany { max: slots.len() })
            } else {
                Ok(slots.into_iter().take(slot_count).collect())
            };
        };
        if slot_count <= repeat_at {
            return Ok(slots.into_iter().take(slot_count).collect());
        }
        let remaining = slot_count - repeat_at;
        let after = slots.len() - repeat_at - 1;
        let least = usize::from(slots[repeat_at].parameter().required);
        let repeats = remaining.saturating_sub(after).max(least).min(remaining);
        let mut bound: Vec<SlotBinding<'_>> = slots.iter().take(repeat_at).copied().collect();
        bound.extend(std::iter::repeat_n(slots[repeat_at], repeats));
        bound.extend(
            slots
                .iter()
                .skip(repeat_at + 1)
                .take(remaining - repeats)
                .copied(),
        );
        Ok(bound)
    }
}

impl FunctionSpec {
    /// Like [`FunctionSpec::bind`], but never fails: with too few slots, they bind as
    /// the first slots of the shortest accepted call; surplus slots are left unbound.
    pub fn bind_leniently(&self, slot_count: usize) -> Vec<SlotBinding<'_>> {
        match self.bind(slot_count) {
            Ok(bindings) => bindings,
            Err(ArityError::TooMany { max }) => self.bind(max).unwrap_or_default(),
            Err(ArityError::TooFew { min }) => self
                .bind(min)
                .map(|bindings| bindings.into_iter().take(slot_count).collect())
                .unwrap_or_default(),
        }
    }
}

/// A problem the catalog finds in an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// Where: the function name, the surplus slots, the empty slot, or the whole text.
    pub span: Span,
}

/// The kinds of [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The function is not in the catalog.
    #[error("unknown function {name}")]
    UnknownFunction {
        /// The name as written.
        name: String,
    },
    /// Fewer arguments than the required parameters need.
    #[error("{function} takes at least {}, {given} given", plural(*min, "argument"))]
    TooFewArguments {
        /// The function.
        function: String,
        /// The least number of arguments.
        min: usize,
        /// The number of argument slots written.
        given: usize,
    },
    /// More arguments than the function has parameters.
    #[error("{function} takes at most {}, {given} given", plural(*max, "argument"))]
    TooManyArguments {
        /// The function.
        function: String,
        /// The most arguments.
        max: usize,
        /// The number of argument slots written.
        given: usize,
    },
    /// A required parameter's slot is empty.
    #[error("argument {argument} of {function} ({parameter}) is required but empty")]
    MissingArgument {
        /// The function.
        function: String,
        /// The 1-based slot.
        argument: usize,
        /// The parameter's name.
        parameter: String,
    },
    /// The text is longer than Entra accepts.
    #[error("expression is {chars} characters long; Entra accepts at most {limit}")]
    ExpressionTooLong {
        /// Its length in characters.
        chars: usize,
        /// [`MAX_EXPRESSION_CHARS`].
        limit: usize,
    },
}

/// The length problem of an expression text, if it is longer than
/// [`MAX_EXPRESSION_CHARS`].
pub fn check_length(text: &str) -> Option<Problem> {
    let chars = text.chars().count();
    (chars > MAX_EXPRESSION_CHARS).then(|| Problem {
        kind: ProblemKind::ExpressionTooLong {
            chars,
            limit: MAX_EXPRESSION_CHARS,
        },
        span: Span::new(0, text.len()),
    })
}

/// The functions known to synclens, looked up case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    functions: BTreeMap<String, FunctionSpec>,
}

impl Catalog {
    /// The built-in catalog: every function of the reference pages (SPEC.md §3.3), the
    /// legacy ones of the captured `/functions` list, and `CRef` and `Contains`.
    pub fn builtin() -> Self {
        let functions = BUILTIN
            .iter()
            .map(|builtin| (builtin.name.to_ascii_lowercase(), builtin.spec()))
            .collect();
        Catalog { functions }
    }

    /// This catalog with the functions of a captured `GET …/schema/functions` response:
    /// each function it names replaces the entry of that name; the rest are kept. A
    /// replaced IIF keeps its condition handling when it still has three parameters or
    /// more; a replaced entry keeps its description, its parameters keep the documented
    /// names and types of the built-in parameters with the same key, and a longer
    /// built-in form holding every listed parameter stays (FormatDateTime's four slots
    /// against a list with three). Functions without a name are skipped.
    #[must_use]
    pub fn with_functions(mut self, list: &FunctionList) -> Self {
        for function in list.items() {
            let Some(name) = function.function_name() else {
                continue;
            };
            let key = name.to_ascii_lowercase();
            let before = self.functions.get(&key);
            let known = |parameter: &str| {
                before.and_then(|spec| {
                    spec.signatures
                        .iter()
                        .flat_map(|signature| &signature.parameters)
                        .find(|p| p.name.eq_ignore_ascii_case(parameter))
                })
            };
            // A parameter the built-in entry holds optional stays optional: real
            // exports omit it (FormatDateTime's inputFormat), and a configuration the
            // service produced and ran is never an error, whatever the list says.
            let optional_before = |parameter: &str| {
                before.is_some_and(|spec| {
                    spec.signatures.iter().any(|signature| {
                        signature
                            .parameters
                            .iter()
                            .any(|p| p.name.eq_ignore_ascii_case(parameter) && !p.required)
                    })
                })
            };
            let parameters: Vec<ParameterSpec> = function
                .parameters
                .items()
                .iter()
                .map(|parameter| {
                    let name = parameter.name.as_str().unwrap_or_default().to_owned();
                    let documented = known(&name);
                    ParameterSpec {
                        required: parameter.required.get() == Some(&true)
                            && !optional_before(&name),
                        repeating: parameter.allow_multiple_occurrences.get() == Some(&true),
                        name_source: NameSource::FunctionsResponse,
                        doc_name: documented.and_then(|p| p.doc_name.clone()),
                        value_type: parameter
                            .r#type
                            .get()
                            .and_then(crate::model::Enum::known)
                            .map(ValueType::from_attribute_type)
                            .or_else(|| documented.and_then(|p| p.value_type)),
                        name,
                    }
                })
                .collect();
            let splits_comparison =
                parameters.len() >= 3 && before.is_some_and(|spec| spec.splits_comparison);
            // A longer built-in form that holds every parameter of the list is a newer
            // form of the same function (FormatDateTime's four slots, written by the
            // service since 2025, against the three of older lists): it stays known.
            let newer: Vec<Signature> = before
                .into_iter()
                .flat_map(|spec| &spec.signatures)
                .filter(|signature| {
                    signature.parameters.len() > parameters.len()
                        && parameters.iter().all(|p| {
                            signature
                                .parameters
                                .iter()
                                .any(|q| q.name.eq_ignore_ascii_case(&p.name))
                        })
                })
                .cloned()
                .collect();
            let mut sources = vec![SourceTag::Captured];
            if let (false, Some(spec)) = (newer.is_empty(), before) {
                sources.extend(&spec.sources);
                sources.sort_unstable();
                sources.dedup();
            }
            let mut signatures = vec![Signature { parameters }];
            signatures.extend(newer);
            let spec = FunctionSpec {
                name: name.to_owned(),
                source: FunctionSource::Captured,
                sources,
                description: before
                    .map(|spec| spec.description.clone())
                    .unwrap_or_default(),
                signatures,
                splits_comparison,
                // A captured function evaluates as the built-in of the same name.
                evaluation: before.map_or(
                    FunctionEval::Unsupported("not a built-in function: its semantics are unknown"),
                    |spec| spec.evaluation,
                ),
            };
            self.functions.insert(key, spec);
        }
        self
    }

    /// The catalog as the Markdown tables of `docs/functions.md`: the sources, one row
    /// per function (description, sources) and one row per parameter (key, documented
    /// name, required / optional / repeating, type, where the key is known from).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        out.push_str("### Sources\n\n| Tag | Source |\n|---|---|\n");
        for tag in SourceTag::ALL {
            let _ = writeln!(out, "| `{}` | {} |", tag.tag(), tag.location());
        }
        out.push_str("\n### Functions\n\n| Function | Description | Known from | Sources |\n|---|---|---|---|\n");
        for spec in self.functions() {
            let sources: Vec<&str> = spec.sources.iter().map(|tag| tag.tag()).collect();
            let _ = writeln!(
                out,
                "| [`{}`](#{}) | {} | {} | {} |",
                spec.name,
                spec.name.to_ascii_lowercase(),
                table_cell(&spec.description),
                function_source(spec.source),
                sources.join(", ")
            );
        }
        out.push_str(
            "\n### Parameters\n\nR = required, O = optional, + = may repeat (every repeat has the \
             same key). IIF's first text slot (the condition) fills `one`, `two` and `three`.\n",
        );
        for spec in self.functions() {
            let _ = write!(out, "\n#### {}\n", spec.name);
            if spec.signatures.iter().all(|s| s.parameters.is_empty()) {
                out.push_str("\nNo parameters.\n");
                continue;
            }
            for signature in &spec.signatures {
                if spec.signatures.len() > 1 {
                    let slots = spec.text_slots(signature).len();
                    let _ = write!(out, "\nThe form with {slots} text slots:\n");
                }
                out.push_str(
                    "\n| Key | Documented name | R/O/+ | Type | Key known from |\n|---|---|---|---|---|\n",
                );
                for parameter in &signature.parameters {
                    let presence = match (parameter.required, parameter.repeating) {
                        (true, false) => "R",
                        (false, false) => "O",
                        (true, true) => "R+",
                        (false, true) => "O+",
                    };
                    let _ = writeln!(
                        out,
                        "| `{}` | {} | {presence} | {} | {} |",
                        parameter.name,
                        parameter
                            .doc_name
                            .as_deref()
                            .map_or_else(|| "(same)".to_owned(), table_cell),
                        parameter.value_type.map_or("?", ValueType::as_str),
                        parameter.name_source.as_str()
                    );
                }
            }
        }
        out
    }

    /// The function called `name`, ignoring ASCII case.
    pub fn lookup(&self, name: &str) -> Option<&FunctionSpec> {
        self.functions.get(&name.to_ascii_lowercase())
    }

    /// Every function, ordered by lower-cased name.
    pub fn functions(&self) -> impl Iterator<Item = &FunctionSpec> {
        self.functions.values()
    }

    /// Every problem of every call in `expr`: unknown functions, too few or too many
    /// arguments, empty required slots. In text order.
    pub fn check(&self, expr: &Expr) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (call, span) in expr.calls() {
            self.check_call(call, span, &mut problems);
        }
        problems
    }

    fn check_call(&self, call: &Call, call_span: Span, problems: &mut Vec<Problem>) {
        let Some(spec) = self.lookup(&call.name) else {
            problems.push(Problem {
                kind: ProblemKind::UnknownFunction {
                    name: call.name.clone(),
                },
                span: call.name_span,
            });
            return;
        };
        let given = call.args.len();
        match spec.bind(given) {
            Err(ArityError::TooFew { min }) => problems.push(Problem {
                kind: ProblemKind::TooFewArguments {
                    function: call.name.clone(),
                    min,
                    given,
                },
                span: call_span,
            }),
            Err(ArityError::TooMany { max }) => problems.push(Problem {
                kind: ProblemKind::TooManyArguments {
                    function: call.name.clone(),
                    max,
                    given,
                },
                span: surplus_span(&call.args[max.min(given)..]).unwrap_or(call_span),
            }),
            Ok(bindings) => {
                // A required parameter is missing when none of its slots has a value (an
                // empty extra slot of a repeating one is fine: real exports fill such
                // slots with runtime placeholders).
                // Linear in the slots, whatever their number (a `Join(` with a million
                // empty slots must not take quadratic time).
                let supplied: std::collections::HashSet<&str> = call
                    .args
                    .iter()
                    .zip(&bindings)
                    .filter(|(arg, _)| arg.value.is_some())
                    .map(|(_, binding)| binding.parameter().name.as_str())
                    .collect();
                let mut reported: std::collections::HashSet<&str> =
                    std::collections::HashSet::new();
                for (index, (arg, binding)) in call.args.iter().zip(&bindings).enumerate() {
                    let parameter = binding.parameter();
                    if arg.value.is_none()
                        && parameter.required
                        && !supplied.contains(parameter.name.as_str())
                        && reported.insert(parameter.name.as_str())
                    {
                        problems.push(Problem {
                            kind: ProblemKind::MissingArgument {
                                function: call.name.clone(),
                                argument: index + 1,
                                parameter: parameter.name.clone(),
                            },
                            span: arg.span,
                        });
                    }
                }
            }
        }
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::builtin()
    }
}

fn surplus_span(args: &[Arg]) -> Option<Span> {
    Some(args.first()?.span.to(args.last()?.span))
}

/// Text safe inside a Markdown table cell.
fn table_cell(text: &str) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        text.replace('|', "\\|")
    }
}

fn function_source(source: FunctionSource) -> &'static str {
    match source {
        FunctionSource::Documented => "documented",
        FunctionSource::CloudSync => "Cloud Sync only",
        FunctionSource::Legacy => "legacy (`/functions` only)",
        FunctionSource::Undocumented => "undocumented (examples)",
        FunctionSource::Captured => "captured `/functions`",
    }
}
