//! The built-in function table: one entry per function with its signatures (each
//! parameter's tree key, presence, type and where its name comes from), its one-line
//! description, the pages it is documented on, and its evaluation
//! ([`super::functions`]) or the reason it has none.

use super::functions;
use super::*;
use crate::expr::catalog::args::EvalFn;

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
pub(super) struct Builtin {
    pub(super) name: &'static str,
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
    const fn evaluated(self, implementation: EvalFn) -> Self {
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

    pub(super) fn spec(&self) -> FunctionSpec {
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
pub(super) const BUILTIN: &[Builtin] = &[
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
