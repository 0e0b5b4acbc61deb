//! The catalogs a document is checked against: scoping-filter operators (built in
//! from SPEC.md §4.3, or a captured `/filterOperators` response) and expression
//! functions (built in from SPEC.md §3.3, with a captured `/functions` response laid
//! over it: see [`crate::expr::Catalog`]).

use crate::model::{
    Enum, FilterOperatorList, ScopeOperatorMultiValuedComparisonType, ScopeOperatorType,
};

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

/// How an operator treats a multi-valued attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultivaluedSupport {
    /// The service compares every value (`multivaluedComparisonType: All`, what the
    /// documented `/filterOperators` response says of all eight operators it lists).
    All,
    /// The service compares any value (`multivaluedComparisonType: Any`).
    Any,
    /// The operator tests one number (`Greater_Than`, `Greater_Than_OR_EQUALS`) or one
    /// bit mask (`&`, `!&`): there is no one value of a multi-valued attribute to test.
    Unsupported,
    /// Not stated (an operator known only from the portal's labels, or a captured
    /// entry without `multivaluedComparisonType`): not judged.
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
    /// How it treats a multi-valued attribute.
    pub multivalued: MultivaluedSupport,
}

/// The scoping operators known for a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorCatalog {
    operators: Vec<Operator>,
    /// Where the catalog came from, for messages.
    pub origin: String,
}

use MultivaluedSupport::{All, Unknown, Unsupported};
use OperatorArity::{Binary, Unary};

/// Operators from SPEC.md §4.3: eight from a captured `/filterOperators` response
/// (which states `multivaluedComparisonType: All` for each), six from the
/// scoping-filter documentation's UI labels.
const BUILTIN_OPERATORS: &[(&str, OperatorArity, MultivaluedSupport)] = &[
    ("EQUALS", Binary, All),
    ("NOT EQUALS", Binary, All),
    ("IS TRUE", Unary, All),
    ("IS FALSE", Unary, All),
    ("IS NULL", Unary, All),
    ("IS NOT NULL", Unary, All),
    ("REGEX MATCH", Binary, All),
    ("NOT REGEX MATCH", Binary, All),
    ("ENDS_WITH", Binary, Unknown),
    ("Includes", Binary, Unknown),
    ("Greater_Than", Binary, Unsupported),
    ("Greater_Than_OR_EQUALS", Binary, Unsupported),
    ("&", Binary, Unsupported),
    ("!&", Binary, Unsupported),
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
                .map(|(name, arity, multivalued)| Operator {
                    name: (*name).to_owned(),
                    arity: *arity,
                    regex: is_regex_operator(name),
                    multivalued: *multivalued,
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
            let built_in = catalog
                .exact(name)
                .map_or(MultivaluedSupport::Unknown, |operator| operator.multivalued);
            let multivalued = match schema
                .multivalued_comparison_type
                .get()
                .and_then(Enum::known)
            {
                Some(ScopeOperatorMultiValuedComparisonType::All) => MultivaluedSupport::All,
                Some(ScopeOperatorMultiValuedComparisonType::Any) => MultivaluedSupport::Any,
                None => built_in,
            };
            catalog.operators.retain(|operator| operator.name != name);
            catalog.operators.push(Operator {
                name: name.to_owned(),
                arity,
                regex: is_regex_operator(name),
                multivalued,
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

/// The name of a captured `/filterOperators` response beside a document (as
/// `synclens fetch` writes it).
pub const OPERATORS_FILE: &str = "filter-operators.json";

/// The name of a captured `/functions` response beside a document.
pub const FUNCTIONS_FILE: &str = "functions.json";

impl Catalogs {
    /// The catalogs for the document at `path`: the built-in ones, with the captured
    /// responses lying beside it ([`OPERATORS_FILE`], [`FUNCTIONS_FILE`]) laid over them.
    /// A file there that does not load as its kind is ignored.
    pub fn beside(path: &std::path::Path) -> Catalogs {
        use crate::load::{LoadOptions, load_path};
        use crate::model::{Document, Kind};
        let folder = path.parent().unwrap_or_else(|| std::path::Path::new(""));
        let mut catalogs = Catalogs::default();
        let load_kind = |file: &std::path::Path, kind: Kind| {
            file.is_file()
                .then(|| load_path(file, LoadOptions { kind: Some(kind) }).ok())
                .flatten()
        };
        let operators = folder.join(OPERATORS_FILE);
        if let Some(loaded) = load_kind(&operators, Kind::FilterOperators)
            && let Document::FilterOperators(list) = &loaded.document
        {
            catalogs.operators = OperatorCatalog::with_list(list, &operators.display().to_string());
        }
        if let Some(loaded) = load_kind(&folder.join(FUNCTIONS_FILE), Kind::Functions)
            && let Document::Functions(list) = &loaded.document
        {
            catalogs.functions = crate::expr::Catalog::builtin().with_functions(list);
        }
        catalogs
    }
}

impl Default for Catalogs {
    fn default() -> Self {
        Catalogs {
            operators: OperatorCatalog::builtin(),
            functions: crate::expr::Catalog::builtin(),
        }
    }
}
