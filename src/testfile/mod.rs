//! Mapping tests kept in a repository (`*.test.json`), as `synclens test` runs them.
//!
//! A test file names a schema export (a synchronization schema, job or template,
//! relative to the test file), optional evaluation settings (`now`, `seed`,
//! `placeholders`) and cases. A case either evaluates an expression for a source
//! object and compares the value, or runs an object mapping of the schema for a source
//! object and compares the listed target attributes (and, with `inScope`, whether the
//! object is in the mapping's scoping filter, as [`crate::expr::eval::scope`] decides).
//! An expected value is a string, a list of strings (a multi-valued target) or `null`
//! (the attribute does not flow).
//!
//! - [`TestFile`]: the file's shape (its JSON Schema is committed as
//!   `schemas/test-file.schema.json`).
//! - [`load`]: reads a file and everything it names (the schema, each mapping, each
//!   expression); what is wrong is a [`TestFileError`] with the file and a JSON
//!   pointer.
//! - [`Suite::run`]: runs the cases; the [`FileReport`] holds each comparison, and for
//!   a failing one the trace of the evaluation; [`crate::render::test`] presents
//!   reports.
//!
//! Attribute mappings are evaluated from their expression text, or from their
//! `attributeMappingSource` tree when the text is absent (2020 exports); a mapping
//! without a source, or whose value is null, gets its `defaultValue`. Attribute values
//! are computed whether or not the object is in scope.

mod schema;

pub use schema::file_schema;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::expr::eval::Shapes;
use crate::expr::eval::scope::{self, ScopeOutcome, Verdict};
use crate::expr::eval::{EvalOptions, Evaluation, Evaluator, Object, Output, Value};
use crate::expr::{Catalog, Expr, from_source_tree, parse, print};
use crate::model::{AttributeMapping, Filter, ObjectMapping, SynchronizationSchema};
use crate::pointer::JsonPointer;

/// The seed of `Guid()` and `RandomString()` when a test file gives none, so that runs
/// repeat.
pub const DEFAULT_SEED: u64 = 0;

/// A mapping test file (`*.test.json`).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "synclens mapping test file (*.test.json)")]
pub struct TestFile {
    /// The JSON Schema of this file, for editors (ignored).
    #[serde(rename = "$schema", default)]
    pub json_schema: Option<String>,
    /// The schema export the object mappings are taken from (a synchronization schema,
    /// job or template), relative to the test file.
    pub schema: String,
    /// The time `Now()` returns (RFC 3339); default: the clock.
    #[serde(default)]
    pub now: Option<String>,
    /// The seed of `Guid()` and `RandomString()`; default 0.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Values of `%Name%` placeholders (name without `%`); those not given stay as
    /// their text.
    #[serde(default)]
    pub placeholders: BTreeMap<String, String>,
    /// The cases, run in order.
    pub cases: Vec<Case>,
}

/// One case: an expression or an object mapping.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Case {
    /// Evaluates an expression.
    Expression(ExpressionCase),
    /// Runs an object mapping of the schema.
    ObjectMapping(MappingCase),
}

/// A case that evaluates an expression for a source object.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpressionCase {
    /// The case's name.
    pub name: String,
    /// The expression text.
    pub expression: String,
    /// The source object: attribute name -> string, list of strings, null or JSON.
    #[serde(default)]
    pub source: BTreeMap<String, serde_json::Value>,
    /// The expected value: a string, a list of strings, or null (does not flow).
    #[schemars(with = "ExpectedJson")]
    pub expect: serde_json::Value,
}

/// A case that runs an object mapping for a source object.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingCase {
    /// The case's name.
    pub name: String,
    /// The object mapping: its name, or `source -> target` object names (ignoring
    /// case).
    #[serde(rename = "objectMapping")]
    pub object_mapping: String,
    /// The source object: attribute name -> string, list of strings, null or JSON.
    #[serde(default)]
    pub source: BTreeMap<String, serde_json::Value>,
    /// Target attribute -> expected value (a string, a list of strings, or null: does
    /// not flow). Only the attributes listed are compared.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, ExpectedJson>")]
    pub expect: BTreeMap<String, serde_json::Value>,
    /// Whether the object is in the mapping's scoping filter.
    #[serde(rename = "inScope", default)]
    pub in_scope: Option<bool>,
}

/// An expected value as written (for the JSON Schema): a string, a list of strings, or
/// null (the attribute does not flow).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "describes the JSON Schema only")]
enum ExpectedJson {
    /// One string.
    String(String),
    /// Several values.
    List(Vec<String>),
    /// Does not flow.
    Null(()),
    /// The expression raises an error whose message contains this text.
    Error {
        /// Text the error message contains (`""`: any error).
        error: String,
    },
}

/// An expected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// The attribute does not flow.
    Null,
    /// One string.
    String(String),
    /// Several values.
    List(Vec<String>),
    /// The expression raises an error whose message contains the text.
    Error(String),
}

impl Expected {
    fn from_json(value: &serde_json::Value) -> Option<Expected> {
        match value {
            serde_json::Value::Null => Some(Expected::Null),
            serde_json::Value::String(text) => Some(Expected::String(text.clone())),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Expected::List),
            serde_json::Value::Object(fields) if fields.len() == 1 => fields
                .get("error")
                .and_then(serde_json::Value::as_str)
                .map(|text| Expected::Error(text.to_owned())),
            _ => None,
        }
    }

    /// The value expected to flow; `None` when an error is expected.
    fn to_output(&self) -> Option<Output> {
        match self {
            Expected::Null => Some(Output::Null),
            Expected::String(text) => Some(Output::String(text.clone())),
            Expected::List(items) => Some(Output::List(items.clone())),
            Expected::Error(_) => None,
        }
    }

    /// As the reports show it: the value, or `{"error": text}`.
    fn to_json(&self) -> serde_json::Value {
        match (self, self.to_output()) {
            (Expected::Error(text), _) => serde_json::json!({ "error": text }),
            (_, Some(output)) => output.to_json(),
            (_, None) => serde_json::Value::Null,
        }
    }

    /// Whether an evaluation's result (its value, or the error it raised) is the one
    /// expected.
    fn matches(&self, actual: &Output, error: Option<&str>) -> bool {
        match (self, error) {
            (Expected::Error(text), Some(message)) => message.contains(text.as_str()),
            (Expected::Error(_), None) | (_, Some(_)) => false,
            (expected, None) => expected.to_output().as_ref() == Some(actual),
        }
    }
}

/// Why a test file cannot be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFileError {
    /// The test file.
    pub path: PathBuf,
    /// The JSON pointer of the offending value in the test file, when known.
    pub pointer: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl TestFileError {
    /// What is wrong and where in the file, without the file's path.
    pub fn detail(&self) -> String {
        match &self.pointer {
            Some(pointer) => format!(
                "at {}: {}",
                if pointer.is_empty() { "/" } else { pointer },
                self.message
            ),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for TestFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.detail())
    }
}

impl std::error::Error for TestFileError {}

/// A loaded test file, ready to run.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The test file.
    pub path: PathBuf,
    /// The schema export, as joined to the test file's folder.
    pub schema_path: PathBuf,
    options: EvalOptions,
    cases: Vec<Prepared>,
}

#[derive(Debug, Clone)]
enum Prepared {
    Expression {
        name: String,
        text: String,
        expr: Expr,
        source: Object,
        expect: Expected,
    },
    Mapping {
        name: String,
        mapping: String,
        source: Object,
        scope: Option<Filter>,
        /// What the scope makes of attributes without a value (by the mapping's rule).
        nulls: scope::NullSemantics,
        attributes: Vec<PreparedAttribute>,
        in_scope: Option<bool>,
    },
}

#[derive(Debug, Clone)]
struct PreparedAttribute {
    target: String,
    expect: Expected,
    /// The expression text (for traces) and its tree; `None` for a constant default.
    expression: Option<(String, Expr)>,
    default_value: Option<String>,
}

/// Loads a test file and everything it names.
///
/// # Errors
///
/// When the file cannot be read, is not JSON or not a test file, when its schema
/// cannot be loaded, or when a case names a mapping or attribute the schema lacks or
/// an expression that does not parse.
pub fn load(path: &Path) -> Result<Suite, TestFileError> {
    let error = |pointer: Option<String>, message: String| TestFileError {
        path: path.to_owned(),
        pointer,
        message,
    };
    let bytes = crate::load::read_file(path)
        .map_err(|e| error(None, format!("cannot read the file: {e}")))?;
    if bytes.len() > crate::load::MAX_INPUT_BYTES {
        return Err(error(
            None,
            format!(
                "the file holds more than {} bytes",
                crate::load::MAX_INPUT_BYTES
            ),
        ));
    }
    let (text, _) = crate::load::decode_text(bytes).map_err(|message| error(None, message))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| error(None, format!("not JSON: {e}")))?;
    let file: TestFile =
        deserialize(&json).map_err(|(pointer, message)| error(Some(pointer), message))?;
    let schema_path = path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(&file.schema);
    let schema = crate::load::schema_of(&schema_path)
        .map_err(|e| error(Some("/schema".to_owned()), e.to_string()))?;
    let now = match &file.now {
        Some(text) => Some(crate::expr::eval::parse_date(text).ok_or_else(|| {
            error(
                Some("/now".to_owned()),
                format!("`{text}`: expected an RFC 3339 time such as 2025-01-01T12:00:00Z"),
            )
        })?),
        None => None,
    };
    let options = EvalOptions {
        now,
        seed: Some(file.seed.unwrap_or(DEFAULT_SEED)),
        placeholders: file
            .placeholders
            .iter()
            .map(|(name, value)| (name.trim_matches('%').to_owned(), value.clone()))
            .collect(),
        existing: Vec::new(),
        trace: true,
    };
    let catalog = Catalog::builtin();
    let mut cases = Vec::with_capacity(file.cases.len());
    for (index, case) in file.cases.iter().enumerate() {
        let at = JsonPointer::root().key("cases").index(index);
        cases.push(
            prepare(case, &at, &schema, &catalog)
                .map_err(|(pointer, message)| error(Some(pointer), message))?,
        );
    }
    Ok(Suite {
        path: path.to_owned(),
        schema_path,
        options,
        cases,
    })
}

/// Reads the test file's JSON into [`TestFile`], each case by the variant its keys
/// name, so that an error points into the case rather than "no variant matched".
fn deserialize(json: &serde_json::Value) -> Result<TestFile, (String, String)> {
    let serde_json::Value::Object(root) = json else {
        return Err((
            String::new(),
            "expected a JSON object (a test file)".to_owned(),
        ));
    };
    let mut header = root.clone();
    let raw_cases = header.remove("cases");
    header.insert("cases".to_owned(), serde_json::Value::Array(Vec::new()));
    let mut file: TestFile = serde_path_to_error::deserialize(&serde_json::Value::Object(header))
        .map_err(|e| (path_to_pointer(e.path()), e.inner().to_string()))?;
    let Some(raw_cases) = raw_cases else {
        return Err((String::new(), "missing field `cases`".to_owned()));
    };
    let serde_json::Value::Array(raw_cases) = raw_cases else {
        return Err(("/cases".to_owned(), "expected a list of cases".to_owned()));
    };
    for (index, raw) in raw_cases.iter().enumerate() {
        let at = JsonPointer::root().key("cases").index(index);
        let Some(object) = raw.as_object() else {
            return Err((at.into(), "expected a case (a JSON object)".to_owned()));
        };
        let case = match (
            object.contains_key("expression"),
            object.contains_key("objectMapping"),
        ) {
            (true, false) => serde_path_to_error::deserialize(raw).map(Case::Expression),
            (false, true) => serde_path_to_error::deserialize(raw).map(Case::ObjectMapping),
            _ => {
                return Err((
                    at.into(),
                    "a case has either `expression` or `objectMapping`".to_owned(),
                ));
            }
        };
        let case = case.map_err(|e| {
            let inner = path_to_pointer(e.path());
            (format!("{}{inner}", at.as_str()), e.inner().to_string())
        })?;
        file.cases.push(case);
    }
    Ok(file)
}

/// A serde path (`a.b[3].c`) as JSON pointer text.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    crate::pointer::JsonPointer::from_serde_path(path).into()
}

fn object(source: &BTreeMap<String, serde_json::Value>) -> Object {
    source
        .iter()
        .map(|(name, value)| (name.clone(), Value::from_json(value)))
        .collect()
}

fn expected(value: &serde_json::Value, at: String) -> Result<Expected, (String, String)> {
    Expected::from_json(value).ok_or_else(|| {
        (
            at,
            "expected a string, a list of strings, null, or {\"error\": \"text of the error\"}"
                .to_owned(),
        )
    })
}

fn prepare(
    case: &Case,
    at: &JsonPointer,
    schema: &SynchronizationSchema,
    catalog: &Catalog,
) -> Result<Prepared, (String, String)> {
    match case {
        Case::Expression(case) => {
            let expr = parse(&case.expression).map_err(|e| {
                (
                    at.key("expression").into(),
                    format!("the expression does not parse: {e}"),
                )
            })?;
            Ok(Prepared::Expression {
                name: case.name.clone(),
                text: case.expression.clone(),
                expr,
                source: object(&case.source),
                expect: expected(&case.expect, at.key("expect").into())?,
            })
        }
        Case::ObjectMapping(case) => {
            let mapping = find_mapping(schema, &case.object_mapping)
                .map_err(|message| (at.key("objectMapping").into(), message))?;
            let mut attributes = Vec::with_capacity(case.expect.len());
            for (target, value) in &case.expect {
                let pointer = at.key("expect").key(target);
                let expect = expected(value, pointer.clone().into())?;
                let attribute = mapping
                    .attribute_mappings()
                    .iter()
                    .find(|attribute| {
                        attribute
                            .target_attribute_name
                            .as_str()
                            .is_some_and(|name| name.eq_ignore_ascii_case(target))
                    })
                    .ok_or_else(|| {
                        (
                            pointer.clone().into(),
                            format!("the object mapping has no attribute mapping to `{target}`"),
                        )
                    })?;
                attributes.push(PreparedAttribute {
                    target: target.clone(),
                    expect,
                    expression: mapping_expression(attribute, catalog)
                        .map_err(|message| (pointer.into(), message))?,
                    default_value: attribute
                        .default_value
                        .as_str()
                        .filter(|text| !text.is_empty())
                        .map(str::to_owned),
                });
            }
            // Source values as the source object's attributes hold them (a Boolean
            // attribute's "true" is True, one value of a multi-valued attribute a list).
            let shapes = mapping
                .source_object_name
                .as_str()
                .and_then(|name| Shapes::from_schema(schema, Some(name)).ok())
                .unwrap_or_default();
            Ok(Prepared::Mapping {
                name: case.name.clone(),
                mapping: mapping_label(mapping),
                source: shapes.apply(object(&case.source)),
                scope: mapping.scope.get().cloned(),
                nulls: scope::NullSemantics::of_mapping(schema, mapping),
                attributes,
                in_scope: case.in_scope,
            })
        }
    }
}

/// The mapping's name, or its `source -> target` object names.
pub(crate) fn mapping_label(mapping: &ObjectMapping) -> String {
    match mapping.name.as_str() {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => objects_label(mapping),
    }
}

fn objects_label(mapping: &ObjectMapping) -> String {
    format!(
        "{} -> {}",
        mapping.source_object_name.as_str().unwrap_or_default(),
        mapping.target_object_name.as_str().unwrap_or_default()
    )
}

/// The one object mapping named `wanted` (its name, or `source -> target`).
pub(crate) fn find_mapping<'s>(
    schema: &'s SynchronizationSchema,
    wanted: &str,
) -> Result<&'s ObjectMapping, String> {
    let all: Vec<&ObjectMapping> = schema
        .rules()
        .iter()
        .flat_map(crate::model::SynchronizationRule::object_mappings)
        .collect();
    let objects = wanted
        .split_once("->")
        .map(|(source, target)| (source.trim(), target.trim()));
    let found: Vec<&ObjectMapping> = all
        .iter()
        .copied()
        .filter(|mapping| {
            let by_name = mapping
                .name
                .as_str()
                .is_some_and(|name| name.trim().eq_ignore_ascii_case(wanted.trim()));
            let by_objects = objects.is_some_and(|(source, target)| {
                mapping
                    .source_object_name
                    .as_str()
                    .is_some_and(|name| name.eq_ignore_ascii_case(source))
                    && mapping
                        .target_object_name
                        .as_str()
                        .is_some_and(|name| name.eq_ignore_ascii_case(target))
            });
            by_name || by_objects
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let known: Vec<String> = all
                .iter()
                .map(|mapping| format!("`{}` ({})", mapping_label(mapping), objects_label(mapping)))
                .collect();
            Err(format!(
                "no object mapping `{wanted}` in the schema; it has {}",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ))
        }
        several => Err(format!(
            "`{wanted}` names {} object mappings; give the mapping's name",
            several.len()
        )),
    }
}

/// An attribute mapping's expression: its tree, which the service runs (and which
/// keeps the runtime placeholders a 2020 export's text leaves out), printed; its text
/// when the tree has no encoding for it (`&`, a comparison outside IIF).
pub(crate) fn mapping_expression(
    attribute: &AttributeMapping,
    catalog: &Catalog,
) -> Result<Option<(String, Expr)>, String> {
    let Some(source) = attribute.source.get() else {
        return Ok(None);
    };
    match from_source_tree(source, catalog) {
        Ok(expr) => Ok(Some((print(&expr), expr))),
        Err(tree_error) => match source.expression.as_str().map(parse) {
            Some(Ok(expr)) => Ok(Some((
                source.expression.as_str().unwrap_or_default().to_owned(),
                expr,
            ))),
            _ => Err(format!(
                "the attribute mapping's source cannot be read: {tree_error}"
            )),
        },
    }
}

/// What one case's run found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseReport {
    /// The case's name.
    pub name: String,
    /// The object mapping's name, for an object-mapping case.
    pub object_mapping: Option<String>,
    /// Whether every comparison held.
    pub passed: bool,
    /// Each comparison: the expression's value, each listed target attribute, and
    /// `inScope`.
    pub checks: Vec<Check>,
}

/// One comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// `value` for an expression case, the target attribute, or `inScope`.
    pub target: String,
    /// The expected value.
    pub expected: serde_json::Value,
    /// What evaluation gave (null when nothing flows or on error).
    pub actual: serde_json::Value,
    /// Whether they agree.
    pub passed: bool,
    /// The error the expression raised, or why scope could not be decided.
    pub error: Option<String>,
    /// For a failing comparison: every call with its result (`call = result`), or the
    /// scoping filter's verdicts.
    pub trace: Vec<String>,
}

/// What one test file's run found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    /// The test file, as given or found.
    pub path: String,
    /// The schema export it names (`.` and `dir/..` folded), when loaded.
    pub schema: Option<String>,
    /// Why the file could not be run, and where in it (then `cases` is empty).
    pub error: Option<String>,
    /// Each case, in order.
    pub cases: Vec<CaseReport>,
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
}

impl FileReport {
    fn new(
        path: String,
        schema: Option<String>,
        error: Option<String>,
        cases: Vec<CaseReport>,
    ) -> Self {
        let passed = cases.iter().filter(|case| case.passed).count();
        let failed = cases.len() - passed;
        FileReport {
            path,
            schema,
            error,
            cases,
            passed,
            failed,
        }
    }

    /// A file that could not be run.
    pub fn from_error(error: &TestFileError) -> Self {
        FileReport::new(
            error.path.display().to_string(),
            None,
            Some(error.detail()),
            Vec::new(),
        )
    }
}

/// Loads and runs one test file; a file that cannot be run is a report with its error.
pub fn run_path(path: &Path) -> FileReport {
    match load(path) {
        Ok(suite) => suite.run(),
        Err(error) => FileReport::from_error(&error),
    }
}

impl Suite {
    /// Runs every case.
    pub fn run(&self) -> FileReport {
        let evaluator = Evaluator::new();
        let cases = self
            .cases
            .iter()
            .map(|case| self.run_case(&evaluator, case))
            .collect();
        FileReport::new(
            self.path.display().to_string(),
            Some(lexical(&self.schema_path).display().to_string()),
            None,
            cases,
        )
    }

    fn run_case(&self, evaluator: &Evaluator, case: &Prepared) -> CaseReport {
        match case {
            Prepared::Expression {
                name,
                text,
                expr,
                source,
                expect,
            } => {
                let result = evaluator.evaluate(expr, source, &self.options);
                let check = compare("value", expect, text, &result, None);
                CaseReport {
                    name: name.clone(),
                    object_mapping: None,
                    passed: check.passed,
                    checks: vec![check],
                }
            }
            Prepared::Mapping {
                name,
                mapping,
                source,
                scope,
                nulls,
                attributes,
                in_scope,
            } => {
                let mut checks = Vec::new();
                if let Some(expected) = in_scope {
                    checks.push(scope_check(*expected, scope.as_ref(), *nulls, source));
                }
                for attribute in attributes {
                    checks.push(match &attribute.expression {
                        Some((text, expr)) => {
                            let result = evaluator.evaluate(expr, source, &self.options);
                            compare(
                                &attribute.target,
                                &attribute.expect,
                                text,
                                &result,
                                attribute.default_value.as_deref(),
                            )
                        }
                        None => constant_check(attribute),
                    });
                }
                CaseReport {
                    name: name.clone(),
                    object_mapping: Some(mapping.clone()),
                    passed: checks.iter().all(|check| check.passed),
                    checks,
                }
            }
        }
    }
}

/// A path with `.` and `dir/..` folded away, for showing (the file is read by the path
/// as joined, so that a symbolic link is not misread).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn compare(
    target: &str,
    expect: &Expected,
    text: &str,
    result: &Evaluation,
    default_value: Option<&str>,
) -> Check {
    let mut actual = if result.flows && result.error.is_none() {
        result.output.clone()
    } else {
        Output::Null
    };
    let mut defaulted = false;
    if let (Some(default), None, Output::Null) = (default_value, &result.error, &result.output) {
        actual = Output::String(default.to_owned());
        defaulted = true;
    }
    let error = result.error.as_ref().map(|error| error.message.as_str());
    let passed = expect.matches(&actual, error);
    let trace = if passed {
        Vec::new()
    } else {
        let mut lines: Vec<String> = result
            .trace
            .iter()
            .map(|entry| {
                let call = entry.span.slice(text).unwrap_or("?");
                let call = call.split_whitespace().collect::<Vec<_>>().join(" ");
                match &entry.result {
                    Ok(output) => format!("{call} = {}", output.to_json()),
                    Err(message) => format!("{call} = error: {message}"),
                }
            })
            .collect();
        if lines.is_empty() {
            lines.push(format!("{text} = {}", result.output.to_json()));
        }
        if defaulted {
            lines.push(format!(
                "the value is null: defaultValue {} is written",
                serde_json::Value::from(default_value.unwrap_or_default())
            ));
        }
        lines
    };
    Check {
        target: target.to_owned(),
        expected: expect.to_json(),
        actual: actual.to_json(),
        passed,
        error: error.map(str::to_owned),
        trace,
    }
}

fn constant_check(attribute: &PreparedAttribute) -> Check {
    let actual = attribute
        .default_value
        .clone()
        .map_or(Output::Null, Output::String);
    let passed = attribute.expect.matches(&actual, None);
    Check {
        target: attribute.target.clone(),
        expected: attribute.expect.to_json(),
        actual: actual.to_json(),
        passed,
        error: None,
        trace: if passed {
            Vec::new()
        } else {
            vec!["no source: the mapping writes its defaultValue".to_owned()]
        },
    }
}

fn scope_check(
    expected: bool,
    filter: Option<&Filter>,
    nulls: scope::NullSemantics,
    source: &Object,
) -> Check {
    let outcome = scope::evaluate_filter(filter, source, nulls);
    let (actual, error) = match &outcome.verdict {
        Verdict::True => (serde_json::Value::Bool(true), None),
        Verdict::False => (serde_json::Value::Bool(false), None),
        Verdict::CannotEvaluate(reason) => (serde_json::Value::Null, Some(reason.clone())),
    };
    let passed = actual == serde_json::Value::Bool(expected);
    Check {
        target: "inScope".to_owned(),
        expected: serde_json::Value::Bool(expected),
        actual,
        passed,
        error,
        trace: if passed {
            Vec::new()
        } else {
            scope_trace(&outcome)
        },
    }
}

fn scope_trace(outcome: &ScopeOutcome) -> Vec<String> {
    let mut lines = Vec::new();
    if outcome.lists.is_empty() {
        lines.push("no scoping filter: every object is in scope".to_owned());
    }
    for list in &outcome.lists {
        if list.groups.is_empty() {
            continue;
        }
        lines.push(format!("{}: {}", list.list, list.verdict));
        for group in &list.groups {
            let name = group
                .name
                .as_deref()
                .map(|name| format!(" {}", serde_json::Value::from(name)))
                .unwrap_or_default();
            lines.push(format!("  group {}{name}: {}", group.group, group.verdict));
            if let Some(clause) = &group.first_failure {
                lines.push(format!(
                    "    clause {} ({} {}): {}",
                    clause.clause, clause.attribute, clause.operator, clause.reason
                ));
            }
        }
    }
    lines
}

/// The totals of a run over several files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
pub struct Totals {
    /// Files run.
    pub files: usize,
    /// Files that could not be run.
    pub errors: usize,
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
}

impl Totals {
    /// The totals of these reports.
    pub fn of(reports: &[FileReport]) -> Totals {
        Totals {
            files: reports.len(),
            errors: reports.iter().filter(|file| file.error.is_some()).count(),
            passed: reports.iter().map(|file| file.passed).sum(),
            failed: reports.iter().map(|file| file.failed).sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    #[test]
    fn expected_values_are_strings_lists_or_null() {
        assert_eq!(Expected::from_json(&json!(null)), Some(Expected::Null));
        assert_eq!(
            Expected::from_json(&json!("a")),
            Some(Expected::String("a".to_owned()))
        );
        assert_eq!(
            Expected::from_json(&json!(["a", "b"])),
            Some(Expected::List(vec!["a".to_owned(), "b".to_owned()]))
        );
        assert_eq!(Expected::from_json(&json!(1)), None);
        assert_eq!(Expected::from_json(&json!(["a", 1])), None);
        assert_eq!(Expected::from_json(&json!({"a": "b"})), None);
        assert_eq!(
            Expected::from_json(&json!({"error": "required"})),
            Some(Expected::Error("required".to_owned()))
        );
        assert_eq!(Expected::from_json(&json!({"error": 1})), None);
        assert_eq!(
            Expected::from_json(&json!({"error": "x", "also": "y"})),
            None
        );
    }

    #[test]
    fn an_expected_error_matches_an_error_containing_its_text_and_nothing_else() {
        let expected = Expected::Error("required".to_owned());
        assert!(expected.matches(&Output::Null, Some("sAMAccountName is required")));
        assert!(!expected.matches(&Output::Null, Some("another failure")));
        assert!(!expected.matches(&Output::String("x".to_owned()), None));
        assert!(Expected::Error(String::new()).matches(&Output::Null, Some("any")));
        let value = Expected::String("x".to_owned());
        assert!(value.matches(&Output::String("x".to_owned()), None));
        assert!(!value.matches(&Output::String("x".to_owned()), Some("raised")));
    }

    fn schema(mappings: &serde_json::Value) -> SynchronizationSchema {
        serde_json::from_value(json!({
            "synchronizationRules": [{"objectMappings": mappings}]
        }))
        .expect("a schema")
    }

    #[test]
    fn mappings_are_found_by_name_or_objects_and_never_guessed() {
        let schema = schema(&json!([
            {"name": "Users", "sourceObjectName": "user", "targetObjectName": "User"},
            {"name": "Users again", "sourceObjectName": "user", "targetObjectName": "User"},
            {"name": "Groups", "sourceObjectName": "group", "targetObjectName": "Group"}
        ]));
        let name = |mapping: &ObjectMapping| mapping.name.as_str().map(str::to_owned);
        assert_eq!(
            find_mapping(&schema, "users")
                .ok()
                .and_then(name)
                .as_deref(),
            Some("Users")
        );
        assert_eq!(
            find_mapping(&schema, " GROUP -> group ")
                .ok()
                .and_then(name)
                .as_deref(),
            Some("Groups")
        );
        let ambiguous = find_mapping(&schema, "user -> User")
            .err()
            .unwrap_or_default();
        assert!(ambiguous.contains("names 2 object mappings"), "{ambiguous}");
        let missing = find_mapping(&schema, "contact").err().unwrap_or_default();
        assert!(missing.contains("`Groups` (group -> Group)"), "{missing}");
    }
}
