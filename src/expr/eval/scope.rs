//! Scoping filters (SPEC.md §4): whether an object is in an object mapping's scope,
//! and why.
//!
//! A group list holds when any of its groups holds; a group holds when all its
//! clauses hold; an empty list holds for everything. `groups`, `inputFilterGroups`
//! and `categoryFilterGroups` are each evaluated; the object is in scope when every
//! list holds. Operators are matched by their exact API string; one synclens does not
//! know makes its clause "cannot evaluate", never guessed.
//!
//! Rules, decided from SPEC.md §4 and from Microsoft's own default Cloud Sync scope
//! (docs/observed.md, "Scoping"):
//! - a clause on a null or empty attribute is false, except `IS NULL` (true) and
//!   `IS NOT NULL` (false), as the app-provisioning scoping page says
//!   ([`NullSemantics::AppProvisioning`]). In a Cloud Sync rule (source directory
//!   `Active Directory`, [`NullSemantics::CloudSync`]) the exclusions — `NOT EQUALS`,
//!   `NOT REGEX MATCH`, `!&`, `IS FALSE` — hold on an attribute without a value:
//!   Microsoft's default scope excludes `adminDescription` `^User_`, `mailNickname`
//!   `^SystemMailbox{`, system recipient types and critical system objects
//!   (`isCriticalSystemObject IS FALSE`; AD sets that attribute on system objects
//!   only), and would otherwise scope out every user without those attributes;
//! - a multi-valued attribute holds a clause when every value does (the service's
//!   `/filterOperators` gives `multivaluedComparisonType` All);
//! - comparisons are case-sensitive; `IS TRUE` / `IS FALSE` compare with `True` /
//!   `False` ignoring case; `REGEX MATCH` is a .NET match anywhere in the value;
//!   `Greater_Than` and `Greater_Than_OR_EQUALS` need whole numbers on both sides
//!   (else the clause is false);
//! - `&` and `!&` test bits: `&` holds when the value and the clause's mask share a
//!   set bit, `!&` when they share none. The default Cloud Sync scope's
//!   `msExchRecipientTypeDetails !& 566259712` masks exactly the seven system
//!   recipient types (0x21C07000) that Entra Connect filters out. A value or mask
//!   that is not a whole number (decimal, or hexadecimal with `0x`) cannot be
//!   evaluated.

use std::borrow::Cow;
use std::fmt;

use crate::model::{Filter, FilterClause, FilterGroup, SynchronizationRule};

use crate::expr::runtime::{DotnetRegex, Object, Value};

/// Every operator synclens evaluates, by its exact API string.
pub const OPERATORS: [&str; 14] = [
    "EQUALS",
    "NOT EQUALS",
    "IS TRUE",
    "IS FALSE",
    "IS NULL",
    "IS NOT NULL",
    "REGEX MATCH",
    "NOT REGEX MATCH",
    "ENDS_WITH",
    "Includes",
    "Greater_Than",
    "Greater_Than_OR_EQUALS",
    "&",
    "!&",
];

/// What a clause makes of an attribute without a value (null, absent or empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NullSemantics {
    /// Every clause but `IS NULL` is false: the app-provisioning scoping page's rule
    /// (`NOT REGEX MATCH` "returns false if the attribute is null/empty").
    #[default]
    AppProvisioning,
    /// The exclusions (`NOT EQUALS`, `NOT REGEX MATCH`, `!&`, `IS FALSE`) hold; the
    /// rest is as above. What Cloud Sync's own default scope needs to provision anyone.
    CloudSync,
}

impl NullSemantics {
    /// The semantics of `rule`'s scoping filters: [`NullSemantics::CloudSync`] when its
    /// source is on-premises Active Directory (`sourceDirectoryName` `Active
    /// Directory`, or a rule named `AD2AAD…`), else the documented rule.
    pub fn of_rule(rule: &SynchronizationRule) -> NullSemantics {
        let source = rule.source_directory_name.as_str().unwrap_or_default();
        let name = rule.name.as_str().unwrap_or_default();
        let prefix = name.get(..6).unwrap_or_default();
        if source.eq_ignore_ascii_case("Active Directory") || prefix.eq_ignore_ascii_case("AD2AAD")
        {
            NullSemantics::CloudSync
        } else {
            NullSemantics::AppProvisioning
        }
    }

    /// The semantics of the rule of `schema` that holds `mapping` (the documented rule
    /// when no rule holds it).
    pub fn of_mapping(
        schema: &crate::model::SynchronizationSchema,
        mapping: &crate::model::ObjectMapping,
    ) -> NullSemantics {
        schema
            .rules()
            .iter()
            .find(|rule| {
                rule.object_mappings()
                    .iter()
                    .any(|candidate| std::ptr::eq(candidate, mapping))
            })
            .map_or_else(NullSemantics::default, NullSemantics::of_rule)
    }
}

/// A three-valued verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot be decided offline, for the reason given.
    CannotEvaluate(String),
}

impl Verdict {
    fn from_bool(value: bool) -> Verdict {
        if value { Verdict::True } else { Verdict::False }
    }
}

/// A clause that did not hold (or could not be evaluated), with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseOutcome {
    /// 0-based index of the clause in its group.
    pub clause: usize,
    /// The attribute it tests.
    pub attribute: String,
    /// The operator as written.
    pub operator: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, for people.
    pub reason: String,
}

/// How one group fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupOutcome {
    /// 0-based index in its list.
    pub group: usize,
    /// The group's name.
    pub name: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// When it does not hold: the first clause that failed (or could not be
    /// evaluated, when none failed).
    pub first_failure: Option<ClauseOutcome>,
}

/// How one group list fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOutcome {
    /// `groups`, `inputFilterGroups` or `categoryFilterGroups`.
    pub list: &'static str,
    /// The verdict (true for an empty list).
    pub verdict: Verdict,
    /// The group that decided it: the first that holds.
    pub deciding_group: Option<usize>,
    /// Every group's outcome.
    pub groups: Vec<GroupOutcome>,
}

/// Whether an object is in a filter's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeOutcome {
    /// In scope when every list holds.
    pub verdict: Verdict,
    /// The three lists, in the order above.
    pub lists: Vec<ListOutcome>,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::True => f.write_str("true"),
            Verdict::False => f.write_str("false"),
            Verdict::CannotEvaluate(reason) => write!(f, "cannot evaluate: {reason}"),
        }
    }
}

/// Evaluates a scoping filter for an object (`None`: no filter, everything in scope).
pub fn evaluate_filter(
    filter: Option<&Filter>,
    object: &Object,
    nulls: NullSemantics,
) -> ScopeOutcome {
    let Some(filter) = filter else {
        return ScopeOutcome {
            verdict: Verdict::True,
            lists: Vec::new(),
        };
    };
    let lists: Vec<ListOutcome> = filter
        .group_lists()
        .into_iter()
        .map(|(name, groups)| evaluate_groups(name, groups, object, nulls))
        .collect();
    let verdict = and(lists.iter().map(|list| list.verdict.clone()));
    ScopeOutcome { verdict, lists }
}

/// AND of verdicts: false wins over cannot-evaluate, which wins over true.
fn and(verdicts: impl Iterator<Item = Verdict>) -> Verdict {
    let mut unknown = None;
    for verdict in verdicts {
        match verdict {
            Verdict::False => return Verdict::False,
            Verdict::CannotEvaluate(reason) => {
                unknown.get_or_insert(reason);
            }
            Verdict::True => {}
        }
    }
    unknown.map_or(Verdict::True, Verdict::CannotEvaluate)
}

/// Evaluates one group list.
pub fn evaluate_groups(
    list: &'static str,
    groups: &[FilterGroup],
    object: &Object,
    nulls: NullSemantics,
) -> ListOutcome {
    let outcomes: Vec<GroupOutcome> = groups
        .iter()
        .enumerate()
        .map(|(index, group)| evaluate_group(index, group, object, nulls))
        .collect();
    let deciding_group = outcomes
        .iter()
        .position(|outcome| outcome.verdict == Verdict::True);
    let verdict = if groups.is_empty() || deciding_group.is_some() {
        Verdict::True
    } else if let Some(reason) = outcomes.iter().find_map(|outcome| match &outcome.verdict {
        Verdict::CannotEvaluate(reason) => Some(reason.clone()),
        _ => None,
    }) {
        Verdict::CannotEvaluate(reason)
    } else {
        Verdict::False
    };
    ListOutcome {
        list,
        verdict,
        deciding_group,
        groups: outcomes,
    }
}

fn evaluate_group(
    index: usize,
    group: &FilterGroup,
    object: &Object,
    nulls: NullSemantics,
) -> GroupOutcome {
    let mut first_unknown = None;
    for (position, clause) in group.clauses.items().iter().enumerate() {
        // Most clauses hold: nothing is allocated for them.
        let Some(outcome) = clause_unless_true(position, clause, object, nulls) else {
            continue;
        };
        match outcome.verdict {
            Verdict::True => {}
            Verdict::False => {
                return GroupOutcome {
                    group: index,
                    name: group.name.get().cloned(),
                    verdict: Verdict::False,
                    first_failure: Some(outcome),
                };
            }
            Verdict::CannotEvaluate(_) => {
                first_unknown.get_or_insert(outcome);
            }
        }
    }
    GroupOutcome {
        group: index,
        name: group.name.get().cloned(),
        verdict: first_unknown
            .as_ref()
            .map_or(Verdict::True, |outcome| outcome.verdict.clone()),
        first_failure: first_unknown,
    }
}

/// The attribute's values (borrowed where they are texts): exact name, else the only
/// one equal ignoring ASCII case.
fn values_of<'o>(object: &'o Object, name: &str) -> Vec<Cow<'o, str>> {
    let value = object.get(name).or_else(|| {
        let mut found = object
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name));
        match (found.next(), found.next()) {
            (Some((_, value)), None) => Some(value),
            _ => None,
        }
    });
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(text) | Value::Reference(text)) => vec![Cow::Borrowed(text.as_str())],
        Some(Value::List(items)) => items
            .iter()
            .map(|item| Cow::Borrowed(item.as_str()))
            .collect(),
        Some(other) => other.texts().into_iter().map(Cow::Owned).collect(),
    }
}

/// Evaluates one clause.
pub fn evaluate_clause(
    position: usize,
    clause: &FilterClause,
    object: &Object,
    nulls: NullSemantics,
) -> ClauseOutcome {
    clause_unless_true(position, clause, object, nulls).unwrap_or_else(|| ClauseOutcome {
        clause: position,
        attribute: clause
            .source_operand_name
            .get()
            .cloned()
            .unwrap_or_default(),
        operator: clause.operator_name.get().cloned().unwrap_or_default(),
        verdict: Verdict::True,
        reason: "holds".to_owned(),
    })
}

/// The outcome of a clause that does not hold (or cannot be evaluated); `None` when it
/// holds, at the cost of no allocation beyond reading the values.
fn clause_unless_true(
    position: usize,
    clause: &FilterClause,
    object: &Object,
    nulls: NullSemantics,
) -> Option<ClauseOutcome> {
    let operator = clause.operator_name.as_str().unwrap_or_default();
    let attribute = clause.source_operand_name.as_str().unwrap_or_default();
    let values = values_of(object, attribute);
    let target = clause
        .target_operand
        .get()
        .and_then(|operand| operand.values.items().first())
        .map(String::as_str);
    let (verdict, reason) = decide(operator, &values, target, nulls);
    (verdict != Verdict::True).then(|| ClauseOutcome {
        clause: position,
        attribute: attribute.to_owned(),
        operator: operator.to_owned(),
        verdict,
        reason: reason.into_owned(),
    })
}

fn decide(
    operator: &str,
    values: &[Cow<'_, str>],
    target: Option<&str>,
    nulls: NullSemantics,
) -> (Verdict, Cow<'static, str>) {
    let empty = values.iter().all(|value| value.is_empty());
    match operator {
        "IS NULL" => {
            return (
                Verdict::from_bool(empty),
                Cow::Borrowed(if empty {
                    "the attribute is null or empty"
                } else {
                    "the attribute has a value"
                }),
            );
        }
        "IS NOT NULL" => {
            return (
                Verdict::from_bool(!empty),
                Cow::Borrowed(if empty {
                    "the attribute is null or empty"
                } else {
                    "the attribute has a value"
                }),
            );
        }
        _ if !OPERATORS.contains(&operator) => {
            return (
                Verdict::CannotEvaluate(format!(
                    "synclens does not know the operator `{operator}`"
                )),
                Cow::Owned(format!("unknown operator `{operator}`")),
            );
        }
        _ => {}
    }
    if empty {
        if nulls == NullSemantics::CloudSync
            && matches!(
                operator,
                "NOT EQUALS" | "NOT REGEX MATCH" | "!&" | "IS FALSE"
            )
        {
            return (
                Verdict::True,
                Cow::Borrowed("the attribute is null or empty: the exclusion does not apply"),
            );
        }
        return (
            Verdict::False,
            Cow::Borrowed("the attribute is null or empty"),
        );
    }
    let unary = matches!(operator, "IS TRUE" | "IS FALSE");
    let target = match (unary, target) {
        (true, _) => "",
        (false, Some(target)) => target,
        (false, None) => {
            return (
                Verdict::CannotEvaluate(format!(
                    "`{operator}` needs a value and the clause has none"
                )),
                Cow::Borrowed("no targetOperand value"),
            );
        }
    };
    let regex = if matches!(operator, "REGEX MATCH" | "NOT REGEX MATCH") {
        match DotnetRegex::cached(target) {
            Ok(regex) => Some(regex),
            Err(message) => {
                return (
                    Verdict::CannotEvaluate(message.clone()),
                    Cow::Owned(message),
                );
            }
        }
    } else {
        None
    };
    for value in values {
        let value = value.as_ref();
        let holds = match operator {
            "EQUALS" => Ok(value == target),
            "NOT EQUALS" => Ok(value != target),
            "IS TRUE" => Ok(value.trim().eq_ignore_ascii_case("true")),
            "IS FALSE" => Ok(value.trim().eq_ignore_ascii_case("false")),
            "REGEX MATCH" | "NOT REGEX MATCH" => regex
                .as_ref()
                .map_or(Ok(false), |regex| regex.is_match(value))
                .map(|found| found == (operator == "REGEX MATCH")),
            "ENDS_WITH" => Ok(value.ends_with(target)),
            "Includes" => Ok(value.contains(target)),
            "Greater_Than" | "Greater_Than_OR_EQUALS" => {
                match (value.trim().parse::<i64>(), target.trim().parse::<i64>()) {
                    (Ok(a), Ok(b)) => Ok(if operator == "Greater_Than" {
                        a > b
                    } else {
                        a >= b
                    }),
                    _ => {
                        return (
                            Verdict::False,
                            Cow::Owned(format!("`{value}` or `{target}` is not a whole number")),
                        );
                    }
                }
            }
            "&" | "!&" => match (whole_number(value), whole_number(target)) {
                (Some(bits), Some(mask)) => Ok((bits & mask != 0) == (operator == "&")),
                _ => Err(format!(
                    "`{operator}` tests bits of whole numbers, and `{value}` or `{target}` is \
                     not one"
                )),
            },
            _ => Ok(false),
        };
        match holds {
            Ok(true) => {}
            Ok(false) => {
                let shown = if unary {
                    String::new()
                } else {
                    format!(" `{target}`")
                };
                return (
                    Verdict::False,
                    Cow::Owned(format!("`{value}` {operator}{shown} is false")),
                );
            }
            Err(message) => {
                return (
                    Verdict::CannotEvaluate(message.clone()),
                    Cow::Owned(message),
                );
            }
        }
    }
    (Verdict::True, Cow::Borrowed("holds"))
}

/// A whole number as AD and the scoping clauses write one: decimal (signed), or
/// hexadecimal after `0x`.
fn whole_number(text: &str) -> Option<i64> {
    let text = text.trim();
    match text.get(..2) {
        Some("0x" | "0X") => i64::from_str_radix(text.get(2..)?, 16).ok(),
        _ => text.parse().ok(),
    }
}
