//! The catalogs a document is checked against: scoping-filter operators (built in
//! from SPEC.md §4.3, or a captured `/filterOperators` response) and expression
//! functions (built in from SPEC.md §3.3, with a captured `/functions` response laid
//! over it: see [`crate::expr::Catalog`]).

use crate::model::{Enum, FilterOperatorList, ScopeOperatorType};

/// Whether an operator takes values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorArity {
    /// No values (`IS NULL`, `IS TRUE`, …).
    Unary,
    /// One or more values (`EQUALS`, `REGEX MATCH`, …).
    Binary,
    /// Not stated by the catalog: arity is not checked.
    Unknown,
}

/// One scoping operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// The exact API string, e.g. `IS NOT NULL`.
    pub name: String,
    /// Whether it takes values.
    pub arity: OperatorArity,
    /// Whether the operator's value is a .NET regular expression.
    pub regex: bool,
}

/// The scoping operators known for a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorCatalog {
    operators: Vec<Operator>,
    /// Where the catalog came from, for messages.
    pub origin: String,
}

/// Operators from SPEC.md §4.3: eight from a captured `/filterOperators` response,
/// six from the scoping-filter documentation's UI labels.
const BUILTIN_OPERATORS: &[(&str, OperatorArity)] = &[
    ("EQUALS", OperatorArity::Binary),
    ("NOT EQUALS", OperatorArity::Binary),
    ("IS TRUE", OperatorArity::Unary),
    ("IS FALSE", OperatorArity::Unary),
    ("IS NULL", OperatorArity::Unary),
    ("IS NOT NULL", OperatorArity::Unary),
    ("REGEX MATCH", OperatorArity::Binary),
    ("NOT REGEX MATCH", OperatorArity::Binary),
    ("ENDS_WITH", OperatorArity::Binary),
    ("Includes", OperatorArity::Binary),
    ("Greater_Than", OperatorArity::Binary),
    ("Greater_Than_OR_EQUALS", OperatorArity::Binary),
    ("&", OperatorArity::Binary),
    ("!&", OperatorArity::Binary),
];

fn is_regex_operator(name: &str) -> bool {
    name == "REGEX MATCH" || name == "NOT REGEX MATCH"
}

impl OperatorCatalog {
    /// The built-in catalog.
    pub fn builtin() -> Self {
        OperatorCatalog {
            operators: BUILTIN_OPERATORS
                .iter()
                .map(|(name, arity)| Operator {
                    name: (*name).to_owned(),
                    arity: *arity,
                    regex: is_regex_operator(name),
                })
                .collect(),
            origin: "the built-in operator list".to_owned(),
        }
    }

    /// The built-in catalog with a captured `/filterOperators` response laid over
    /// it: the response's entries replace the built-in ones of the same name, the
    /// rest are kept (the documented `/filterOperators` response lists eight
    /// operators, while the portal offers more, e.g. `ENDS_WITH`).
    pub fn with_list(list: &FilterOperatorList, origin: &str) -> Self {
        let mut catalog = OperatorCatalog::builtin();
        for schema in list.items() {
            let Some(name) = schema.operator_name() else {
                continue;
            };
            let arity = match schema.arity.get().and_then(Enum::known) {
                Some(ScopeOperatorType::Unary) => OperatorArity::Unary,
                Some(ScopeOperatorType::Binary) => OperatorArity::Binary,
                _ => OperatorArity::Unknown,
            };
            catalog.operators.retain(|operator| operator.name != name);
            catalog.operators.push(Operator {
                name: name.to_owned(),
                arity,
                regex: is_regex_operator(name),
            });
        }
        catalog.origin = format!("{origin} and the built-in operator list");
        catalog
    }

    /// The operator spelled exactly `name`.
    pub fn exact(&self, name: &str) -> Option<&Operator> {
        self.operators.iter().find(|operator| operator.name == name)
    }

    /// The operator spelled `name` ignoring case and surrounding spaces.
    pub fn ignoring_case(&self, name: &str) -> Option<&Operator> {
        let name = name.trim();
        self.operators
            .iter()
            .find(|operator| operator.name.eq_ignore_ascii_case(name))
    }

    /// The operator names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.operators.iter().map(|operator| operator.name.as_str())
    }
}

/// Everything a document is checked against.
#[derive(Debug, Clone)]
pub struct Catalogs {
    /// Scoping operators.
    pub operators: OperatorCatalog,
    /// Expression functions.
    pub functions: crate::expr::Catalog,
}

impl Default for Catalogs {
    fn default() -> Self {
        Catalogs {
            operators: OperatorCatalog::builtin(),
            functions: crate::expr::Catalog::builtin(),
        }
    }
}
