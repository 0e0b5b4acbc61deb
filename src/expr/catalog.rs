//! The expression functions synclens knows (SPEC.md §3.3, §3.4): their parameters as the
//! server names them, which are required and which repeat; the arity check built on
//! them; and the length limit Entra documents.
//!
//! Parameter names come from three places, recorded per parameter in [`NameSource`]:
//! keys seen in real exports (which win), the captured Graph `/functions` response, and,
//! where neither has the function, the documented names (marked inferred). A parameter
//! real exports omit is optional whatever a doc page says (IIF's `five`,
//! FormatDateTime's `inputFormat`).
//!
//! IIF is special: its text has three slots (condition, value if true, value if false)
//! but its tree five (`one` … `five`). A comparison condition fills `one` (left
//! operand), `two` (the operator as a Constant) and `three` (right operand); any other
//! condition fills `one` alone. [`FunctionSpec::splits_comparison`] marks this.

use std::collections::BTreeMap;

use crate::model::FunctionList;

use super::ast::{Arg, Call, Expr, Span};

/// Entra's documented limit on the length of an expression, in characters.
pub const MAX_EXPRESSION_CHARS: usize = 10_000;

/// Where a function is known from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionSource {
    /// The app-provisioning function reference (and the real exports).
    Documented,
    /// Only the Cloud Sync function reference.
    CloudSync,
    /// Only the captured `/functions` list (legacy, undocumented on Learn).
    Legacy,
    /// Used in Microsoft examples but documented nowhere (`CRef`, `Contains`).
    Undocumented,
    /// A `/functions` response given to [`Catalog::with_functions`].
    Captured,
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
    /// Its parameter lists, shortest first. Most functions have one; FormatDateTime has
    /// the three-parameter server form and the documented four-parameter form.
    pub signatures: Vec<Signature>,
    /// Whether the first text slot is a condition spread over the first three
    /// parameters (IIF; see the module documentation).
    pub splits_comparison: bool,
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
    /// The built-in catalog: every function named in SPEC.md §3.3.
    pub fn builtin() -> Self {
        let functions = BUILTIN
            .iter()
            .map(|(name, source, signatures)| {
                let spec = FunctionSpec {
                    name: (*name).to_owned(),
                    source: *source,
                    signatures: signatures
                        .iter()
                        .map(|parameters| Signature {
                            parameters: parameters
                                .iter()
                                .map(|(name, flags, name_source)| ParameterSpec {
                                    name: (*name).to_owned(),
                                    required: flags.contains('R'),
                                    repeating: flags.contains('+'),
                                    name_source: *name_source,
                                })
                                .collect(),
                        })
                        .collect(),
                    splits_comparison: name.eq_ignore_ascii_case("IIF"),
                };
                (name.to_ascii_lowercase(), spec)
            })
            .collect();
        Catalog { functions }
    }

    /// This catalog with the functions of a captured `GET …/schema/functions` response:
    /// each function it names replaces the entry of that name; the rest are kept. A
    /// replaced IIF keeps its condition handling when it still has three parameters or
    /// more. Functions without a name are skipped.
    #[must_use]
    pub fn with_functions(mut self, list: &FunctionList) -> Self {
        for function in list.items() {
            let Some(name) = function.function_name() else {
                continue;
            };
            let key = name.to_ascii_lowercase();
            // A parameter the built-in entry holds optional stays optional: real
            // exports omit it (FormatDateTime's inputFormat), and a configuration the
            // service produced and ran is never an error, whatever the list says.
            let optional_before = |parameter: &str| {
                self.functions.get(&key).is_some_and(|spec| {
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
                    ParameterSpec {
                        required: parameter.required.get() == Some(&true)
                            && !optional_before(&name),
                        repeating: parameter.allow_multiple_occurrences.get() == Some(&true),
                        name_source: NameSource::FunctionsResponse,
                        name,
                    }
                })
                .collect();
            let splits_comparison = parameters.len() >= 3
                && self
                    .functions
                    .get(&key)
                    .is_some_and(|spec| spec.splits_comparison);
            let spec = FunctionSpec {
                name: name.to_owned(),
                source: FunctionSource::Captured,
                signatures: vec![Signature { parameters }],
                splits_comparison,
            };
            self.functions.insert(key, spec);
        }
        self
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
                let supplied = |name: &str| {
                    call.args.iter().zip(&bindings).any(|(arg, binding)| {
                        arg.value.is_some() && binding.parameter().name == name
                    })
                };
                let mut reported: Vec<&str> = Vec::new();
                for (index, (arg, binding)) in call.args.iter().zip(&bindings).enumerate() {
                    let parameter = binding.parameter();
                    if arg.value.is_none()
                        && parameter.required
                        && !supplied(&parameter.name)
                        && !reported.contains(&parameter.name.as_str())
                    {
                        reported.push(&parameter.name);
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

use FunctionSource::{CloudSync, Documented, Legacy, Undocumented};
use NameSource::{FunctionsResponse as Server, Inferred, RealExport as Export};

/// A parameter: name, flags (`R` required, `+` repeating; none: optional), name source.
type ParameterRow = (&'static str, &'static str, NameSource);

/// The built-in table (SPEC.md §3.3 and §3.4), alphabetical.
const BUILTIN: &[(&str, FunctionSource, &[&[ParameterRow]])] = &[
    (
        "Append",
        Documented,
        &[&[("source", "R", Server), ("suffix", "R", Server)]],
    ),
    ("AppRoleAssignments", Legacy, &[&[("source", "R", Server)]]),
    (
        "AppRoleAssignmentsComplex",
        Documented,
        &[&[("source", "R", Inferred)]],
    ),
    (
        "AssertiveAppRoleAssignmentsComplex",
        Documented,
        &[&[("source", "R", Inferred)]],
    ),
    (
        "BitAnd",
        Documented,
        &[&[("left", "R", Export), ("right", "R", Export)]],
    ),
    ("CBool", Documented, &[&[("source", "R", Inferred)]]),
    ("CDate", Documented, &[&[("source", "R", Inferred)]]),
    (
        "Coalesce",
        Documented,
        &[&[("source", "R+", Inferred), ("defaultValue", "", Inferred)]],
    ),
    (
        "Contains",
        Undocumented,
        &[&[("source", "R", Inferred), ("value", "R", Inferred)]],
    ),
    (
        "ConvertFromBase64",
        CloudSync,
        &[&[("source", "R", Inferred), ("encoding", "", Inferred)]],
    ),
    (
        "ConvertToBase64",
        Documented,
        &[&[("source", "R", Inferred)]],
    ),
    (
        "ConvertToUTF8Hex",
        Documented,
        &[&[("source", "R", Inferred)]],
    ),
    ("Count", Documented, &[&[("source", "R", Inferred)]]),
    ("CRef", Undocumented, &[&[("source", "R", Inferred)]]),
    ("CStr", Documented, &[&[("source", "R", Inferred)]]),
    (
        "DateAdd",
        Documented,
        &[&[
            ("interval", "R", Inferred),
            ("value", "R", Inferred),
            ("dateTime", "R", Inferred),
        ]],
    ),
    (
        "DateDiff",
        Documented,
        &[&[
            ("interval", "R", Inferred),
            ("date1", "R", Inferred),
            ("date2", "R", Inferred),
        ]],
    ),
    ("DateFromNum", Documented, &[&[("source", "R", Export)]]),
    ("DefaultDomain", Legacy, &[&[]]),
    (
        "DNComponent",
        CloudSync,
        &[&[
            ("source", "R", Inferred),
            ("componentNumber", "R", Inferred),
        ]],
    ),
    ("Error", CloudSync, &[&[("message", "R", Export)]]),
    (
        "FormatDateTime",
        Documented,
        &[
            &[
                ("source", "R", Export),
                ("inputFormat", "", Server),
                ("outputFormat", "R", Export),
            ],
            &[
                ("source", "R", Export),
                ("dateTimeStyles", "", Inferred),
                ("inputFormat", "R", Server),
                ("outputFormat", "R", Export),
            ],
        ],
    ),
    ("Guid", Documented, &[&[]]),
    (
        "IgnoreFlowIfNullOrEmpty",
        Documented,
        &[&[("source", "R", Inferred)]],
    ),
    (
        "IIF",
        Documented,
        &[&[
            ("one", "R", Export),
            ("two", "", Export),
            ("three", "", Export),
            ("four", "R", Export),
            ("five", "", Export),
        ]],
    ),
    (
        "InStr",
        Documented,
        &[&[
            ("value1", "R", Inferred),
            ("value2", "R", Inferred),
            ("start", "", Inferred),
            ("compareType", "", Inferred),
        ]],
    ),
    ("IsNothing", Legacy, &[&[("source", "R", Server)]]),
    ("IsNull", Documented, &[&[("source", "R", Inferred)]]),
    ("IsNullOrEmpty", Documented, &[&[("source", "R", Inferred)]]),
    ("IsPresent", Documented, &[&[("source", "R", Export)]]),
    ("IsString", Documented, &[&[("source", "R", Inferred)]]),
    (
        "Item",
        Documented,
        &[&[("source", "R", Export), ("index", "R", Export)]],
    ),
    (
        "Join",
        Documented,
        &[&[("separator", "R", Export), ("source", "R+", Export)]],
    ),
    (
        "Left",
        Documented,
        &[&[("source", "R", Export), ("length", "R", Export)]],
    ),
    (
        "Mid",
        Documented,
        &[&[
            ("source", "R", Server),
            ("start", "R", Server),
            ("length", "R", Server),
        ]],
    ),
    (
        "NormalizeDiacritics",
        Documented,
        &[&[("source", "R", Inferred)]],
    ),
    ("Not", Documented, &[&[("source", "R", Export)]]),
    ("Now", Documented, &[&[]]),
    ("NumFromDate", Documented, &[&[("source", "R", Inferred)]]),
    (
        "PCase",
        Documented,
        &[&[("source", "R", Inferred), ("wordSeparators", "", Inferred)]],
    ),
    (
        "Prepend",
        Legacy,
        &[&[("prefix", "R", Server), ("source", "R", Server)]],
    ),
    (
        "RandomString",
        Documented,
        &[&[
            ("length", "R", Inferred),
            ("minimumNumbers", "R", Inferred),
            ("minimumSpecialCharacters", "R", Inferred),
            ("minimumCapital", "R", Inferred),
            ("minimumLowerCase", "R", Inferred),
            ("charactersToAvoid", "", Inferred),
        ]],
    ),
    ("Redact", Documented, &[&[("source", "R", Inferred)]]),
    (
        "RemoveDuplicates",
        Documented,
        &[&[("source", "R", Export)]],
    ),
    (
        "Replace",
        Documented,
        &[&[
            ("source", "R", Server),
            ("Find", "", Server),
            ("RegularExpression", "", Server),
            ("RegularExpressionGroupName", "", Server),
            ("Replacement", "", Server),
            ("ReplacementPropertyName", "", Server),
            ("Template", "", Server),
        ]],
    ),
    (
        "SelectUniqueValue",
        Documented,
        &[&[("uniqueValueRule", "R+", Inferred)]],
    ),
    (
        "SingleAppRoleAssignment",
        Documented,
        &[&[("source", "R", Server)]],
    ),
    (
        "Split",
        Documented,
        &[&[("source", "R", Server), ("delimiter", "", Server)]],
    ),
    ("StringFromSid", CloudSync, &[&[("source", "R", Inferred)]]),
    ("StripSpaces", Documented, &[&[("source", "R", Server)]]),
    (
        "Switch",
        Documented,
        &[&[
            ("source", "R", Server),
            ("defaultValue", "", Server),
            ("switchValue", "+", Server),
        ]],
    ),
    (
        "ToLower",
        Documented,
        &[&[("source", "R", Inferred), ("culture", "", Inferred)]],
    ),
    (
        "ToUpper",
        Documented,
        &[&[("source", "R", Inferred), ("culture", "", Inferred)]],
    ),
    ("Trim", CloudSync, &[&[("source", "R", Export)]]),
    (
        "Word",
        Documented,
        &[&[
            ("source", "R", Inferred),
            ("wordNumber", "R", Inferred),
            ("delimiters", "R", Inferred),
        ]],
    ),
];
