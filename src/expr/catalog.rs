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

use super::ast::{Arg, Call, Expr, Span};
use super::eval::functions;
use super::eval::{FunctionEval, Implementation};

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
    #[error("{function} takes at least {min} argument{}, {given} given", plural(*min))]
    TooFewArguments {
        /// The function.
        function: String,
        /// The least number of arguments.
        min: usize,
        /// The number of argument slots written.
        given: usize,
    },
    /// More arguments than the function has parameters.
    #[error("{function} takes at most {max} argument{}, {given} given", plural(*max))]
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

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
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

// ---- The built-in table --------------------------------------------------------------

/// How often a parameter occurs in a call.
#[derive(Debug, Clone, Copy)]
enum Occurs {
    Required,
    Optional,
    /// Required, and may repeat (Join's sources).
    RequiredRepeating,
    /// Optional, and may repeat (Switch's key/value pairs).
    OptionalRepeating,
}

/// A parameter of the built-in table.
#[derive(Debug, Clone, Copy)]
struct Param {
    key: &'static str,
    occurs: Occurs,
    value_type: ValueType,
    name_source: NameSource,
    doc_name: Option<&'static str>,
}

impl Param {
    /// The same parameter, with the name the reference page gives it.
    const fn doc(self, name: &'static str) -> Self {
        Param {
            doc_name: Some(name),
            ..self
        }
    }

    fn spec(&self) -> ParameterSpec {
        ParameterSpec {
            name: self.key.to_owned(),
            required: matches!(self.occurs, Occurs::Required | Occurs::RequiredRepeating),
            repeating: matches!(
                self.occurs,
                Occurs::RequiredRepeating | Occurs::OptionalRepeating
            ),
            name_source: self.name_source,
            doc_name: self.doc_name.map(str::to_owned),
            value_type: Some(self.value_type),
        }
    }
}

const fn param(
    key: &'static str,
    occurs: Occurs,
    value_type: ValueType,
    name_source: NameSource,
) -> Param {
    Param {
        key,
        occurs,
        value_type,
        name_source,
        doc_name: None,
    }
}

/// A required parameter.
const fn req(key: &'static str, value_type: ValueType, name_source: NameSource) -> Param {
    param(key, Occurs::Required, value_type, name_source)
}

/// An optional parameter.
const fn opt(key: &'static str, value_type: ValueType, name_source: NameSource) -> Param {
    param(key, Occurs::Optional, value_type, name_source)
}

/// A required parameter that may repeat.
const fn many(key: &'static str, value_type: ValueType, name_source: NameSource) -> Param {
    param(key, Occurs::RequiredRepeating, value_type, name_source)
}

/// An optional parameter that may repeat.
const fn any(key: &'static str, value_type: ValueType, name_source: NameSource) -> Param {
    param(key, Occurs::OptionalRepeating, value_type, name_source)
}

/// One built-in function: everything synclens knows about it, in one entry. Built with
/// [`Builtin::new`] and modifiers, so that a later field (an evaluator for the
/// function, next to its signatures) gets a default there instead of an edit of every
/// entry.
#[derive(Debug, Clone, Copy)]
struct Builtin {
    name: &'static str,
    origin: FunctionSource,
    sources: &'static [SourceTag],
    description: &'static str,
    /// Parameter lists, shortest first.
    signatures: &'static [&'static [Param]],
    splits_comparison: bool,
    /// How it is evaluated; `None` until declared (a test requires every entry to
    /// declare it).
    evaluation: Option<FunctionEval>,
}

impl Builtin {
    const fn new(
        name: &'static str,
        origin: FunctionSource,
        sources: &'static [SourceTag],
        description: &'static str,
        signatures: &'static [&'static [Param]],
    ) -> Self {
        Builtin {
            name,
            origin,
            sources,
            description,
            signatures,
            splits_comparison: false,
            evaluation: None,
        }
    }

    /// The same function, evaluated by `implementation`.
    const fn evaluated(self, implementation: super::eval::EvalFn) -> Self {
        Builtin {
            evaluation: Some(FunctionEval::Implemented(Implementation(implementation))),
            ..self
        }
    }

    /// The same function, declared not evaluable offline for `reason`.
    const fn unsupported(self, reason: &'static str) -> Self {
        Builtin {
            evaluation: Some(FunctionEval::Unsupported(reason)),
            ..self
        }
    }

    /// The same function, whose first text slot is a condition (IIF).
    const fn splitting_comparison(self) -> Self {
        Builtin {
            splits_comparison: true,
            ..self
        }
    }

    fn spec(&self) -> FunctionSpec {
        let mut sources = self.sources.to_vec();
        sources.sort_unstable();
        sources.dedup();
        FunctionSpec {
            name: self.name.to_owned(),
            source: self.origin,
            sources,
            description: self.description.to_owned(),
            signatures: self
                .signatures
                .iter()
                .map(|parameters| Signature {
                    parameters: parameters.iter().map(Param::spec).collect(),
                })
                .collect(),
            splits_comparison: self.splits_comparison,
            evaluation: self
                .evaluation
                .unwrap_or(FunctionEval::Unsupported("no evaluation declared")),
        }
    }
}

use FunctionSource::{CloudSync, Documented, Legacy, Undocumented};
use NameSource::{FunctionsResponse as Server, Inferred, RealExport as Export};
use ValueType as T;

const FN: SourceTag = SourceTag::AppProvisioning;
const CSX: SourceTag = SourceTag::CloudSync;
const CUST: SourceTag = SourceTag::CustomizeAttributes;
const CONNECT: SourceTag = SourceTag::ConnectSync;
const OLD_FN: SourceTag = SourceTag::FunctionsList;
const EXPORT: SourceTag = SourceTag::RealExport;

/// Legacy functions have no page: the description says so.
const LEGACY: &str =
    "Listed by the captured `/functions` response; documented on no reference page.";

/// The built-in table (SPEC.md §3.3, §3.4), alphabetical. Keys: export > `/functions`
/// response > inferred. Doc names are the app-provisioning page's (the Cloud Sync page's
/// for functions only it documents).
const BUILTIN: &[Builtin] = &[
    Builtin::new(
        "Append",
        Documented,
        &[FN, CSX, OLD_FN],
        "Takes a source string value and appends the suffix to the end of it.",
        &[&[
            req("source", T::String, Server),
            req("suffix", T::String, Server),
        ]],
    ).evaluated(functions::append),
    Builtin::new(
        "AppRoleAssignments",
        Legacy,
        &[OLD_FN],
        LEGACY,
        &[&[req("source", T::String, Server)]],
    ).unsupported(
        "legacy function listed only by `/functions`; no page documents what it returns",
    ),
    Builtin::new(
        "AppRoleAssignmentsComplex",
        Documented,
        &[FN, CUST],
        "Used to configure multiple roles for a user (SCIM apps).",
        &[&[req("source", T::String, Inferred).doc("[appRoleAssignments]")]],
    ).evaluated(functions::app_role_assignments_complex),
    Builtin::new(
        "AssertiveAppRoleAssignmentsComplex",
        Documented,
        &[CUST],
        "Like AppRoleAssignmentsComplex, but replaces the roles in the target, removing those no longer assigned.",
        &[&[req("source", T::String, Inferred).doc("[appRoleAssignments]")]],
    ).evaluated(functions::app_role_assignments_complex),
    Builtin::new(
        "BitAnd",
        Documented,
        &[FN, CSX, EXPORT],
        "Returns the bitwise AND of two numbers.",
        &[&[
            req("left", T::Integer, Export).doc("value1"),
            req("right", T::Integer, Export).doc("value2"),
        ]],
    ).evaluated(functions::bit_and),
    Builtin::new(
        "CBool",
        Documented,
        &[FN, CSX],
        "Returns True if the expression evaluates to a non-zero value, else False.",
        &[&[req("source", T::Expression, Inferred).doc("Expression")]],
    ).evaluated(functions::cbool),
    Builtin::new(
        "CDate",
        Documented,
        &[FN],
        "Returns a UTC DateTime from a string.",
        &[&[req("source", T::Expression, Inferred).doc("expression")]],
    ).evaluated(functions::cdate),
    Builtin::new(
        "Coalesce",
        Documented,
        &[FN],
        "Returns the first source value that isn't NULL, else defaultValue (or NULL).",
        &[&[
            many("source", T::String, Inferred).doc("source1 … sourceN"),
            opt("defaultValue", T::String, Inferred),
        ]],
    ).evaluated(functions::coalesce),
    Builtin::new(
        "Contains",
        Undocumented,
        &[CONNECT, CSX],
        "Returns the index of the first value of a multi-valued attribute containing a string (0 if none).",
        &[&[
            req("source", T::MultiValued, Inferred).doc("attribute"),
            req("value", T::String, Inferred).doc("search"),
            opt("caseType", T::Enumeration, Inferred).doc("Casetype"),
        ]],
    ).evaluated(functions::contains),
    Builtin::new(
        "ConvertFromBase64",
        CloudSync,
        &[CSX, CONNECT],
        "Converts the specified base64 encoded value to a regular string.",
        &[&[
            req("source", T::String, Inferred),
            opt("encoding", T::Enumeration, Inferred).doc("Encoding"),
        ]],
    ).evaluated(functions::convert_from_base64),
    Builtin::new(
        "ConvertToBase64",
        Documented,
        &[FN, CSX],
        "Converts a string to a Unicode base64 string.",
        &[&[req("source", T::String, Inferred)]],
    ).evaluated(functions::convert_to_base64),
    Builtin::new(
        "ConvertToUTF8Hex",
        Documented,
        &[FN, CSX],
        "Converts a string to a UTF8 Hex encoded value.",
        &[&[req("source", T::String, Inferred)]],
    ).evaluated(functions::convert_to_utf8_hex),
    Builtin::new(
        "Count",
        Documented,
        &[FN, CSX],
        "Returns the number of elements in a multi-valued attribute.",
        &[&[req("source", T::MultiValued, Inferred).doc("attribute")]],
    ).evaluated(functions::count),
    Builtin::new(
        "CRef",
        Undocumented,
        &[CONNECT, CSX],
        "Converts a string to a reference attribute.",
        &[&[req("source", T::String, Inferred).doc("value")]],
    ).evaluated(functions::cref),
    Builtin::new(
        "CStr",
        Documented,
        &[FN, CSX],
        "Converts a value (numeric, reference or Boolean) to a string data type.",
        &[&[req("source", T::Variant, Inferred).doc("value")]],
    ).evaluated(functions::cstr),
    Builtin::new(
        "DateAdd",
        Documented,
        &[FN],
        "Returns a date/time string representing a date to which a specified time interval is added.",
        &[&[
            req("interval", T::String, Inferred),
            req("value", T::Integer, Inferred),
            req("dateTime", T::DateTime, Inferred),
        ]],
    ).evaluated(functions::date_add),
    Builtin::new(
        "DateDiff",
        Documented,
        &[FN],
        "Returns the number of intervals between two dates (positive if date2 > date1).",
        &[&[
            req("interval", T::String, Inferred),
            req("date1", T::DateTime, Inferred),
            req("date2", T::DateTime, Inferred),
        ]],
    ).evaluated(functions::date_diff),
    Builtin::new(
        "DateFromNum",
        Documented,
        &[FN, CSX, EXPORT],
        "Converts a value in AD's date format to a DateTime type.",
        &[&[req("source", T::Integer, Export).doc("value")]],
    ).evaluated(functions::date_from_num),
    Builtin::new("DefaultDomain", Legacy, &[OLD_FN], LEGACY, &[&[]]).unsupported(
        "legacy function listed only by `/functions`; the tenant's default domain is not known offline",
    ),
    Builtin::new(
        "DNComponent",
        CloudSync,
        &[CSX, CONNECT],
        "Returns the value of a specified DN component going from left.",
        &[&[
            req("source", T::Reference, Inferred).doc("dn"),
            req("componentNumber", T::Integer, Inferred).doc("ComponentNumber"),
        ]],
    ).evaluated(functions::dn_component),
    Builtin::new(
        "Error",
        CloudSync,
        &[CSX, CONNECT, EXPORT],
        "Returns a custom error (the object fails with the message).",
        &[&[req("message", T::String, Export).doc("ErrorMessage")]],
    ).evaluated(functions::error),
    Builtin::new(
        "FormatDateTime",
        Documented,
        &[FN, CSX, OLD_FN, EXPORT],
        "Takes a date string from one format and converts it into a different format.",
        &[
            &[
                req("source", T::String, Export),
                opt("inputFormat", T::String, Server),
                req("outputFormat", T::String, Export),
            ],
            &[
                req("source", T::String, Export),
                opt("dateTimeStyle", T::String, Export).doc("dateTimeStyles"),
                opt("inputFormat", T::String, Server),
                req("outputFormat", T::String, Export),
            ],
        ],
    ).evaluated(functions::format_date_time),
    Builtin::new(
        "Guid",
        Documented,
        &[FN, CSX],
        "Generates a new random GUID.",
        &[&[]],
    ).evaluated(functions::guid),
    Builtin::new(
        "IgnoreFlowIfNullOrEmpty",
        Documented,
        &[FN],
        "Drops the attribute from the flow if the enclosed function or attribute is NULL or empty.",
        &[&[req("source", T::Expression, Inferred).doc("expression")]],
    ).evaluated(functions::ignore_flow_if_null_or_empty),
    Builtin::new(
        "IIF",
        Documented,
        &[FN, CSX, EXPORT],
        "Returns one of two values based on a condition.",
        &[&[
            req("one", T::Expression, Export).doc("condition"),
            opt("two", T::String, Export).doc("condition (operator)"),
            opt("three", T::Variant, Export).doc("condition (right operand)"),
            req("four", T::Variant, Export).doc("valueIfTrue"),
            opt("five", T::Variant, Export).doc("valueIfFalse"),
        ]],
    )
    .splitting_comparison()
    .evaluated(functions::iif),
    Builtin::new(
        "InStr",
        Documented,
        &[FN, CSX],
        "Finds the first occurrence of a substring in a string (its 1-based position, 0 if none).",
        &[&[
            req("value1", T::String, Inferred),
            req("value2", T::String, Inferred),
            opt("start", T::Integer, Inferred),
            opt("compareType", T::Enumeration, Inferred),
        ]],
    ).evaluated(functions::instr),
    Builtin::new(
        "IsNothing",
        Legacy,
        &[OLD_FN],
        LEGACY,
        &[&[req("source", T::Boolean, Server)]],
    ).unsupported(
        "legacy function listed only by `/functions`; no page documents its semantics",
    ),
    Builtin::new(
        "IsNull",
        Documented,
        &[FN, CSX],
        "Returns true if the expression evaluates to Null (an absent attribute).",
        &[&[req("source", T::Expression, Inferred).doc("Expression")]],
    ).evaluated(functions::is_null),
    Builtin::new(
        "IsNullOrEmpty",
        Documented,
        &[FN, CSX],
        "Returns true if the expression is null or an empty string.",
        &[&[req("source", T::Expression, Inferred).doc("Expression")]],
    ).evaluated(functions::is_null_or_empty),
    Builtin::new(
        "IsPresent",
        Documented,
        &[FN, CSX, EXPORT],
        "Returns true if the expression evaluates to a string that isn't Null and isn't empty.",
        &[&[req("source", T::Expression, Export).doc("Expression")]],
    ).evaluated(functions::is_present),
    Builtin::new(
        "IsString",
        Documented,
        &[FN, CSX],
        "Returns true if the expression can be evaluated to a string type.",
        &[&[req("source", T::Expression, Inferred).doc("Expression")]],
    ).evaluated(functions::is_string),
    Builtin::new(
        "Item",
        Documented,
        &[FN, CSX, EXPORT],
        "Returns one item from a multi-valued string/attribute.",
        &[&[
            req("source", T::MultiValued, Export).doc("attribute"),
            req("index", T::Integer, Export),
        ]],
    ).evaluated(functions::item),
    Builtin::new(
        "Join",
        Documented,
        &[FN, CSX, OLD_FN, EXPORT],
        "Combines source string values (every value of a multi-valued one) into one string, separated by a separator.",
        &[&[
            req("separator", T::String, Export),
            many("source", T::String, Export).doc("source1 … sourceN"),
        ]],
    ).evaluated(functions::join),
    Builtin::new(
        "Left",
        Documented,
        &[FN, CSX, EXPORT],
        "Returns a specified number of characters from the left of a string.",
        &[&[
            req("source", T::String, Export).doc("String"),
            req("length", T::Integer, Export).doc("NumChars"),
        ]],
    ).evaluated(functions::left),
    Builtin::new(
        "Mid",
        Documented,
        &[FN, CSX, OLD_FN],
        "Returns a substring of the source value.",
        &[&[
            req("source", T::String, Server),
            req("start", T::Integer, Server),
            req("length", T::Integer, Server),
        ]],
    ).evaluated(functions::mid),
    Builtin::new(
        "NormalizeDiacritics",
        Documented,
        &[FN, CSX],
        "Returns the string with any diacritical characters replaced with equivalent nondiacritical characters.",
        &[&[req("source", T::String, Inferred)]],
    ).evaluated(functions::normalize_diacritics),
    Builtin::new(
        "Not",
        Documented,
        &[FN, CSX, OLD_FN, EXPORT],
        "Flips the boolean value of the source (True becomes False; anything else True).",
        &[&[req("source", T::Boolean, Export)]],
    ).evaluated(functions::not),
    Builtin::new(
        "Now",
        Documented,
        &[FN],
        "Returns a string representing the current UTC DateTime in the format M/d/yyyy h:mm:ss tt.",
        &[&[]],
    ).evaluated(functions::now),
    Builtin::new(
        "NumFromDate",
        Documented,
        &[FN],
        "Converts a DateTime value (an ISO 8601 string) to Active Directory's number format.",
        &[&[req("source", T::String, Inferred).doc("value")]],
    ).evaluated(functions::num_from_date),
    Builtin::new(
        "PCase",
        Documented,
        &[FN],
        "Converts the first character of each word to upper case and all other characters to lower case.",
        &[&[
            req("source", T::String, Inferred),
            opt("wordSeparators", T::String, Inferred),
        ]],
    ).evaluated(functions::pcase),
    Builtin::new(
        "Prepend",
        Legacy,
        &[OLD_FN],
        LEGACY,
        &[&[
            req("prefix", T::String, Server),
            req("source", T::String, Server),
        ]],
    ).evaluated(functions::prepend),
    Builtin::new(
        "RandomString",
        Documented,
        &[FN],
        "Generates a random string based on the conditions specified.",
        &[&[
            req("length", T::Integer, Inferred).doc("Length"),
            req("minimumNumbers", T::Integer, Inferred).doc("MinimumNumbers"),
            req("minimumSpecialCharacters", T::Integer, Inferred).doc("MinimumSpecialCharacters"),
            req("minimumCapital", T::Integer, Inferred).doc("MinimumCapital"),
            req("minimumLowerCase", T::Integer, Inferred).doc("MinimumLowerCase"),
            opt("charactersToAvoid", T::String, Inferred).doc("CharactersToAvoid"),
        ]],
    ).evaluated(functions::random_string),
    Builtin::new(
        "Redact",
        Documented,
        &[FN],
        "Replaces the value with the string literal \"[Redact]\" in the provisioning logs.",
        &[&[req("source", T::String, Inferred).doc("attribute/value")]],
    ).evaluated(functions::redact),
    Builtin::new(
        "RemoveDuplicates",
        Documented,
        &[FN, CSX, EXPORT],
        "Takes a multi-valued string and makes sure each value is unique.",
        &[&[req("source", T::MultiValued, Export).doc("attribute")]],
    ).evaluated(functions::remove_duplicates),
    Builtin::new(
        "Replace",
        Documented,
        &[FN, CSX, OLD_FN],
        "Replaces values within a string, case-sensitively (by value, template or regular expression).",
        &[&[
            req("source", T::String, Server),
            opt("Find", T::String, Server).doc("oldValue"),
            opt("RegularExpression", T::String, Server).doc("regexPattern"),
            opt("RegularExpressionGroupName", T::String, Server).doc("regexGroupName"),
            opt("Replacement", T::String, Server).doc("replacementValue"),
            opt("ReplacementPropertyName", T::String, Server).doc("replacementAttributeName"),
            opt("Template", T::String, Server).doc("template"),
        ]],
    ).evaluated(functions::replace),
    Builtin::new(
        "SelectUniqueValue",
        Documented,
        &[FN, CSX],
        "Returns the first value of its rules that is unique in the target directory (top level only, at creation).",
        &[&[
            many("uniqueValueRule", T::String, Inferred).doc("uniqueValueRule1 … uniqueValueRuleN")
        ]],
    ).evaluated(functions::select_unique_value),
    Builtin::new(
        "SingleAppRoleAssignment",
        Documented,
        &[FN, CSX, OLD_FN],
        "Returns a single appRoleAssignment from all those assigned to a user for the application.",
        &[&[req("source", T::String, Server).doc("[appRoleAssignments]")]],
    ).evaluated(functions::single_app_role_assignment),
    Builtin::new(
        "Split",
        Documented,
        &[FN, CSX, OLD_FN],
        "Splits a string into a multi-valued array, using the specified delimiter character.",
        &[&[
            req("source", T::String, Server),
            opt("delimiter", T::String, Server),
        ]],
    ).evaluated(functions::split),
    Builtin::new(
        "StringFromSid",
        CloudSync,
        &[CSX],
        "Converts a byte array containing a security identifier to a string.",
        &[&[req("source", T::Binary, Inferred).doc("ObjectSID")]],
    ).evaluated(functions::string_from_sid),
    Builtin::new(
        "StripSpaces",
        Documented,
        &[FN, CSX, OLD_FN],
        "Removes all space (\" \") characters from the source string.",
        &[&[req("source", T::String, Server)]],
    ).evaluated(functions::strip_spaces),
    Builtin::new(
        "Switch",
        Documented,
        &[FN, CSX, OLD_FN],
        "When source matches a key, returns the value for that key; otherwise defaultValue.",
        &[&[
            req("source", T::String, Server),
            opt("defaultValue", T::String, Server),
            any("switchValue", T::String, Server).doc("key1, value1, key2, value2, …"),
        ]],
    ).evaluated(functions::switch),
    Builtin::new(
        "ToLower",
        Documented,
        &[FN, CSX],
        "Converts a string to lower case using the rules of a culture (invariant by default).",
        &[&[
            req("source", T::String, Inferred),
            opt("culture", T::String, Inferred),
        ]],
    ).evaluated(functions::to_lower),
    Builtin::new(
        "ToUpper",
        Documented,
        &[FN, CSX],
        "Converts a string to upper case using the rules of a culture (invariant by default).",
        &[&[
            req("source", T::String, Inferred),
            opt("culture", T::String, Inferred),
        ]],
    ).evaluated(functions::to_upper),
    Builtin::new(
        "Trim",
        CloudSync,
        &[CSX, EXPORT],
        "Removes leading and trailing white spaces from a string (from each value of a multi-valued one).",
        &[&[req("source", T::String, Export).doc("value")]],
    ).evaluated(functions::trim),
    Builtin::new(
        "Word",
        Documented,
        &[FN, CSX],
        "Returns the word of a given number in a string, words being separated by any of the delimiter characters.",
        &[&[
            req("source", T::String, Inferred).doc("String"),
            req("wordNumber", T::Integer, Inferred).doc("WordNumber"),
            req("delimiters", T::String, Inferred),
        ]],
    ).evaluated(functions::word),
];

#[cfg(test)]
mod evaluation_tests {
    use super::*;

    #[test]
    fn every_builtin_function_is_evaluable_or_declared_unsupported_with_a_reason() {
        for builtin in BUILTIN {
            match builtin.evaluation {
                None => panic!(
                    "{} declares no evaluation: attach one with .evaluated(…) or .unsupported(reason)",
                    builtin.name
                ),
                Some(FunctionEval::Unsupported(reason)) => {
                    assert!(reason.len() > 20, "{}: give a real reason", builtin.name);
                }
                Some(FunctionEval::Implemented(_)) => {}
            }
        }
    }
}
