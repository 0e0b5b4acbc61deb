//! [`Kind`]: the kinds of document synclens reads, in ONE table ([`KINDS`]: name,
//! help, JSON Schema title, committed schema file and generator per kind) that the
//! command line, schema generation and structural validation all read; and their
//! detection from the JSON alone ([`Kind::detect`], [`Detection`], the [`JsonShape`]
//! it reads through).

use std::fmt;
use std::str::FromStr;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::{
    CredentialsRequest, FilterOperatorList, FunctionList, JobList, SecretList, SynchronizationJob,
    SynchronizationSchema, SynchronizationTemplate, TemplateList,
};

/// The kinds of document synclens reads, as spelled on the command line and in JSON
/// output.
///
/// Everything else about a kind is its row in [`KINDS`] ([`Kind::row`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A synchronizationSchema (`GET …/jobs/{id}/schema`).
    Schema,
    /// A synchronizationJob.
    Job,
    /// A collection of jobs (`GET …/synchronization/jobs`).
    JobList,
    /// A synchronizationTemplate.
    Template,
    /// A collection of templates.
    TemplateList,
    /// The expression-function catalog (`GET …/schema/functions`).
    Functions,
    /// The scoping-operator catalog (`GET …/schema/filterOperators`).
    FilterOperators,
    /// A synchronization secrets body (`{"value":[{"key","value"}]}`).
    Secrets,
    /// A `validateCredentials` request body (`{"templateId", "useSavedCredentials",
    /// "credentials":[{"key","value"}]}`).
    Credentials,
    /// Anything else: JSON that is not a whole synchronization document.
    Unknown,
}

/// One row of [`KINDS`]: what synclens knows about a document kind.
#[derive(Debug, Clone, Copy)]
pub struct KindRow {
    /// The kind.
    pub kind: Kind,
    /// Its name on the command line and in JSON output.
    pub name: &'static str,
    /// One line saying what it is (the help of the `--kind` values).
    pub help: &'static str,
    /// Its JSON Schema; `None` for [`Kind::Unknown`] alone.
    pub schema: Option<KindSchema>,
}

/// The JSON Schema of a document kind: how it is generated and where it is committed.
#[derive(Debug, Clone, Copy)]
pub struct KindSchema {
    /// What the schema describes, in Graph's words (its title says
    /// `Microsoft Graph <title> (synclens kind `<name>`)`).
    pub title: &'static str,
    /// The committed file under `schemas/` (`job-list.schema.json`).
    pub file_name: &'static str,
    /// The committed file's text, embedded (equal to the generated schema: a test
    /// keeps `schemas/` up to date).
    pub committed: &'static str,
    /// Generates the schema of the kind's root type with the given settings (the
    /// settings are `schema_gen`'s).
    pub generate: fn(SchemaSettings) -> Schema,
}

/// The generator of a root type's schema, for [`KindSchema::generate`].
fn root<T: JsonSchema>(settings: SchemaSettings) -> Schema {
    settings.into_generator().into_root_schema_for::<T>()
}

/// A [`KindSchema`] from its committed file's name (one literal for both the name
/// and the embedded text), its title and its root type.
macro_rules! kind_schema {
    ($file_name:literal, $title:literal, $root:ty) => {
        Some(KindSchema {
            title: $title,
            file_name: $file_name,
            committed: include_str!(concat!("../../schemas/", $file_name)),
            generate: root::<$root>,
        })
    };
}

/// The document kinds, one row each, in the order of the [`Kind`] variants (checked
/// when compiling) and of documentation. The only list of kinds: [`Kind::ALL`], the
/// names, the `--kind` help, the JSON Schemas and structural validation read it.
pub const KINDS: [KindRow; 10] = [
    KindRow {
        kind: Kind::Schema,
        name: "schema",
        help: "A synchronization schema",
        schema: kind_schema!(
            "schema.schema.json",
            "synchronizationSchema",
            SynchronizationSchema
        ),
    },
    KindRow {
        kind: Kind::Job,
        name: "job",
        help: "A synchronization job",
        schema: kind_schema!("job.schema.json", "synchronizationJob", SynchronizationJob),
    },
    KindRow {
        kind: Kind::JobList,
        name: "job-list",
        help: "A collection of jobs",
        schema: kind_schema!(
            "job-list.schema.json",
            "collection of synchronizationJob",
            JobList
        ),
    },
    KindRow {
        kind: Kind::Template,
        name: "template",
        help: "A synchronization template",
        schema: kind_schema!(
            "template.schema.json",
            "synchronizationTemplate",
            SynchronizationTemplate
        ),
    },
    KindRow {
        kind: Kind::TemplateList,
        name: "template-list",
        help: "A collection of templates",
        schema: kind_schema!(
            "template-list.schema.json",
            "collection of synchronizationTemplate",
            TemplateList
        ),
    },
    KindRow {
        kind: Kind::Functions,
        name: "functions",
        help: "A /schema/functions response",
        schema: kind_schema!(
            "functions.schema.json",
            "collection of attributeMappingFunctionSchema",
            FunctionList
        ),
    },
    KindRow {
        kind: Kind::FilterOperators,
        name: "filter-operators",
        help: "A /schema/filterOperators response",
        schema: kind_schema!(
            "filter-operators.schema.json",
            "collection of filterOperatorSchema",
            FilterOperatorList
        ),
    },
    KindRow {
        kind: Kind::Secrets,
        name: "secrets",
        help: "A synchronization secrets body",
        schema: kind_schema!("secrets.schema.json", "synchronization secrets", SecretList),
    },
    KindRow {
        kind: Kind::Credentials,
        name: "credentials",
        help: "A validateCredentials request body",
        schema: kind_schema!(
            "credentials.schema.json",
            "validateCredentials request body",
            CredentialsRequest
        ),
    },
    KindRow {
        kind: Kind::Unknown,
        name: "unknown",
        help: "Not a synchronization document",
        schema: None,
    },
];

// Row `i` of KINDS is the kind whose discriminant is `i`, so `Kind::row` is an index
// that cannot miss; a row out of order fails to compile.
const _: () = {
    let mut index = 0;
    while index < KINDS.len() {
        assert!(
            KINDS[index].kind as usize == index,
            "KINDS must list the kinds in the order of the Kind variants"
        );
        index += 1;
    }
};

impl crate::choice::Choice for Kind {
    const ALL: &'static [Kind] = &Kind::ALL;

    fn name(self) -> &'static str {
        self.row().name
    }

    fn help(self) -> &'static str {
        self.row().help
    }
}

impl Kind {
    /// Every kind, in the order documentation lists them (the order of [`KINDS`]).
    pub const ALL: [Kind; KINDS.len()] = {
        let mut all = [Kind::Unknown; KINDS.len()];
        let mut index = 0;
        while index < KINDS.len() {
            all[index] = KINDS[index].kind;
            index += 1;
        }
        all
    };

    /// The kind's row in [`KINDS`].
    pub const fn row(self) -> &'static KindRow {
        // In bounds and the right row: checked when compiling, above.
        &KINDS[self as usize]
    }

    /// The kind's name as used on the command line and in JSON output.
    pub fn as_str(self) -> &'static str {
        self.row().name
    }

    /// The kind's JSON Schema (how it is generated, where it is committed); `None` for
    /// [`Kind::Unknown`].
    pub fn schema(self) -> Option<&'static KindSchema> {
        self.row().schema.as_ref()
    }

    /// Decides the kind of a parsed JSON document from its properties.
    ///
    /// OData hints (`@odata.type`, the tail of `@odata.context`) decide first; then the
    /// properties only one kind has. A collection is classified by its items (or by its
    /// context when it is empty).
    pub fn detect<'a>(value: impl JsonShape<'a>) -> Detection {
        if !value.is_object() {
            return Detection::unknown(format!(
                "the document is {}, not a JSON object",
                value.described()
            ));
        }
        if let Some(kind) = value
            .member("@odata.type")
            .and_then(JsonShape::string)
            .and_then(|odata_type| kind_from_odata_type(&odata_type))
        {
            return Detection::known(kind);
        }
        if let Some(items) = value.member("value").filter(|items| items.is_array()) {
            let context = value.member("@odata.context").and_then(JsonShape::string);
            return detect_collection(&items.items(), context.as_deref());
        }
        if let Some(kind) = value
            .member("@odata.context")
            .and_then(JsonShape::string)
            .and_then(|context| kind_from_entity_context(&context))
        {
            return Detection::known(kind);
        }
        detect_entity(value)
    }
}

/// What kind detection reads of a JSON value: implemented for parsed values
/// (`&serde_json::Value`) and for nodes of a scanned document
/// ([`crate::load::JsonNode`]), so a document is classified without being parsed
/// into a value first.
pub trait JsonShape<'a>: Copy {
    /// The member named `key` (objects only).
    fn member(self, key: &str) -> Option<Self>;
    /// The member names (empty for anything but an object).
    fn keys(self) -> Vec<std::borrow::Cow<'a, str>>;
    /// The string, for a string.
    fn string(self) -> Option<std::borrow::Cow<'a, str>>;
    /// Whether it is an object.
    fn is_object(self) -> bool;
    /// Whether it is an array.
    fn is_array(self) -> bool;
    /// The elements (empty for anything but an array).
    fn items(self) -> Vec<Self>;
    /// What it is, for messages ("an array").
    fn described(self) -> &'static str;
}

impl<'a> JsonShape<'a> for &'a Value {
    fn member(self, key: &str) -> Option<Self> {
        self.as_object()?.get(key)
    }
    fn keys(self) -> Vec<std::borrow::Cow<'a, str>> {
        self.as_object()
            .map(|object| object.keys().map(|k| k.as_str().into()).collect())
            .unwrap_or_default()
    }
    fn string(self) -> Option<std::borrow::Cow<'a, str>> {
        self.as_str().map(Into::into)
    }
    fn is_object(self) -> bool {
        Value::is_object(self)
    }
    fn is_array(self) -> bool {
        Value::is_array(self)
    }
    fn items(self) -> Vec<Self> {
        self.as_array()
            .map(|items| items.iter().collect())
            .unwrap_or_default()
    }
    fn described(self) -> &'static str {
        json_type_name(self)
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| UnknownKind(text.to_owned()))
    }
}

/// A kind name that synclens does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown document kind '{0}' (expected one of: {names})", names = kind_names())]
pub struct UnknownKind(pub String);

/// Every kind's name, comma-separated (for [`UnknownKind`]'s message).
fn kind_names() -> String {
    KINDS.map(|row| row.name).join(", ")
}

/// The outcome of [`Kind::detect`]: the kind, and for `unknown` what the JSON looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// The detected kind.
    pub kind: Kind,
    /// For [`Kind::Unknown`]: what the document looks like and what to do about it.
    pub note: Option<String>,
}

impl Detection {
    fn known(kind: Kind) -> Self {
        Detection { kind, note: None }
    }

    fn unknown(note: String) -> Self {
        Detection {
            kind: Kind::Unknown,
            note: Some(note),
        }
    }
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn kind_from_odata_type(odata_type: &str) -> Option<Kind> {
    let name = odata_type.trim_start_matches('#');
    let name = name.strip_prefix("microsoft.graph.").unwrap_or(name);
    match name {
        "synchronizationSchema" => Some(Kind::Schema),
        "synchronizationJob" => Some(Kind::Job),
        "synchronizationTemplate" => Some(Kind::Template),
        _ => None,
    }
}

/// Reads the entity kind from a single-entity `@odata.context` such as
/// `…/synchronization/jobs('…')/schema/$entity` or `…/synchronization/jobs/$entity`.
fn kind_from_entity_context(context: &str) -> Option<Kind> {
    let path = context
        .split_once("$metadata#")
        .map_or(context, |(_, path)| path);
    let path = path.strip_suffix("/$entity").unwrap_or(path);
    let last = path.rsplit('/').next().unwrap_or(path);
    let last = last.split('(').next().unwrap_or(last);
    match last {
        "schema" => Some(Kind::Schema),
        "jobs" => Some(Kind::Job),
        "templates" => Some(Kind::Template),
        _ => None,
    }
}

/// Reads the collection kind from a collection `@odata.context` (`…#functions`,
/// `…/synchronization/jobs`).
fn kind_from_collection_context(context: &str) -> Option<Kind> {
    let path = context
        .split_once("$metadata#")
        .map_or(context, |(_, path)| path);
    let last = path.rsplit('/').next().unwrap_or(path);
    match last {
        "jobs" => Some(Kind::JobList),
        "templates" => Some(Kind::TemplateList),
        "functions" => Some(Kind::Functions),
        "filterOperators" => Some(Kind::FilterOperators),
        "secrets" => Some(Kind::Secrets),
        _ => None,
    }
}

fn detect_collection<'a, J: JsonShape<'a>>(items: &[J], context: Option<&str>) -> Detection {
    if let Some(kind) = context.and_then(kind_from_collection_context) {
        return Detection::known(kind);
    }
    let mut kinds = items.iter().filter_map(|item| {
        if !item.is_object() {
            return None;
        }
        let kind = match detect_entity(*item).kind {
            Kind::Job => Kind::JobList,
            Kind::Template => Kind::TemplateList,
            Kind::Unknown => collection_item_kind(*item)?,
            _ => return None,
        };
        Some(kind)
    });
    match kinds.next() {
        Some(first) if kinds.all(|kind| kind == first) => Detection::known(first),
        Some(_) => {
            Detection::unknown("a Graph collection whose items are of different kinds".to_owned())
        }
        None if items.is_empty() => Detection::unknown(
            "an empty Graph collection without an @odata.context saying what it lists; \
             pass --kind"
                .to_owned(),
        ),
        None => Detection::unknown(
            "a Graph collection whose items are not synchronization documents".to_owned(),
        ),
    }
}

/// Kinds recognised from one item of a collection that are not entities on their own.
fn collection_item_kind<'a>(item: impl JsonShape<'a>) -> Option<Kind> {
    let has = |key: &str| item.member(key).is_some();
    if has("arity") || has("supportedAttributeTypes") || has("multivaluedComparisonType") {
        return Some(Kind::FilterOperators);
    }
    let names_something = has("name") || has("id");
    if names_something && item.member("parameters").is_some_and(JsonShape::is_array) && !has("type")
    {
        return Some(Kind::Functions);
    }
    let keys = item.keys();
    if has("key")
        && keys.len() <= 3
        && keys.iter().all(|key| {
            key == "key"
                || key == "value"
                || key.starts_with('@')
                || super::facts::is_odata_annotation(key)
        })
    {
        return Some(Kind::Secrets);
    }
    None
}

fn detect_entity<'a>(object: impl JsonShape<'a>) -> Detection {
    let has = |key: &str| object.member(key).is_some();
    // Before jobs: a validateCredentials body also carries `templateId`.
    if object
        .member("credentials")
        .is_some_and(JsonShape::is_array)
        || has("useSavedCredentials")
    {
        return Detection::known(Kind::Credentials);
    }
    if has("synchronizationRules") || has("directories") {
        return Detection::known(Kind::Schema);
    }
    if has("templateId") || has("schedule") || has("status") || has("synchronizationJobSettings") {
        return Detection::known(Kind::Job);
    }
    if has("factoryTag") || has("applicationId") || has("discoverable") {
        return Detection::known(Kind::Template);
    }
    if has("id") && object.member("schema").is_some_and(JsonShape::is_object) {
        return Detection::known(Kind::Template);
    }
    Detection::unknown(describe_fragment(object))
}

/// Says what a JSON object that is no whole document looks like.
fn describe_fragment<'a>(object: impl JsonShape<'a>) -> String {
    let has = |key: &str| object.member(key).is_some();
    let fragment = if has("attributeMappings") || has("sourceObjectName") || has("targetObjectName")
    {
        Some("an objectMapping")
    } else if has("targetAttributeName") {
        Some("an attributeMapping")
    } else if has("attributes") {
        Some("an objectDefinition")
    } else if has("objects") {
        Some("a directoryDefinition")
    } else if has("groups") || has("inputFilterGroups") || has("categoryFilterGroups") {
        Some("a scoping filter")
    } else if has("objectMappings") || has("sourceDirectoryName") {
        Some("a synchronizationRule")
    } else if has("clauses") {
        Some("a filterGroup")
    } else if has("operatorName") {
        Some("a filterClause")
    } else if has("anchor") || has("mutability") || has("multivalued") {
        Some("an attributeDefinition")
    } else {
        None
    };
    match fragment {
        Some(what) => format!(
            "looks like {what} fragment, not a whole document; synclens reads whole \
             schemas, jobs, templates and Graph collections (use --kind to force one)"
        ),
        None => "not a synchronization document (no schema, job, template or collection \
                 properties); use --kind to force one"
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_kinds_table_has_one_row_per_kind_with_a_unique_name_and_a_schema_file() {
        // Adding a variant fails to compile here until it has a row below and in KINDS.
        let covered = |kind: Kind| match kind {
            Kind::Schema
            | Kind::Job
            | Kind::JobList
            | Kind::Template
            | Kind::TemplateList
            | Kind::Functions
            | Kind::FilterOperators
            | Kind::Secrets
            | Kind::Credentials
            | Kind::Unknown => kind,
        };
        let mut names = std::collections::BTreeSet::new();
        for (index, row) in KINDS.iter().enumerate() {
            assert_eq!(row.kind as usize, index, "{}: row out of order", row.name);
            assert_eq!(covered(row.kind).row().name, row.name);
            assert!(names.insert(row.name), "{}: name used twice", row.name);
            assert!(!row.help.is_empty(), "{}: no help", row.name);
            assert!(
                row.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}: not a command-line name",
                row.name
            );
            match row.schema {
                None => assert_eq!(row.kind, Kind::Unknown, "{}: no schema", row.name),
                Some(schema) => {
                    assert_ne!(row.kind, Kind::Unknown);
                    assert_eq!(schema.file_name, format!("{}.schema.json", row.name));
                    assert!(!schema.title.is_empty());
                    assert!(
                        serde_json::from_str::<Value>(schema.committed)
                            .is_ok_and(|v| v.is_object()),
                        "{}: committed schema is not a JSON object",
                        schema.file_name
                    );
                }
            }
        }
        assert_eq!(Kind::ALL.len(), KINDS.len());
        assert_eq!(Kind::ALL.map(|kind| kind.row().kind), Kind::ALL);
    }

    #[test]
    fn unknown_kind_names_every_kind() {
        assert_eq!(
            UnknownKind("x".to_owned()).to_string(),
            "unknown document kind 'x' (expected one of: schema, job, job-list, template, \
             template-list, functions, filter-operators, secrets, credentials, unknown)"
        );
        assert_eq!(
            serde_json::to_value(Kind::JobList).ok(),
            Some(Value::from("job-list"))
        );
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
        }
        assert!("schemas".parse::<Kind>().is_err());
    }

    #[test]
    fn detection_by_properties() {
        let cases = [
            (
                json!({"directories": [], "synchronizationRules": []}),
                Kind::Schema,
            ),
            (json!({"id": "x.1", "templateId": "x"}), Kind::Job),
            (
                json!({"id": "Slack", "factoryTag": "CustomSCIM"}),
                Kind::Template,
            ),
            (
                json!({"value": [{"id": "a.b", "templateId": "a"}]}),
                Kind::JobList,
            ),
            (
                json!({"value": [{"id": "Slack", "factoryTag": "CustomSCIM"}]}),
                Kind::TemplateList,
            ),
            (
                json!({"value": [{"name": "Append", "parameters": []}]}),
                Kind::Functions,
            ),
            (
                json!({"value": [{"name": "EQUALS", "arity": "Binary"}]}),
                Kind::FilterOperators,
            ),
            (
                json!({"value": [{"key": "BaseAddress", "value": "https://x"}]}),
                Kind::Secrets,
            ),
            (
                json!({"useSavedCredentials": false, "templateId": "scim",
                    "credentials": [{"key": "SecretToken", "value": "x"}]}),
                Kind::Credentials,
            ),
            (
                json!({"credentials": [{"key": "BaseAddress", "value": "https://x"}]}),
                Kind::Credentials,
            ),
            (
                json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#functions", "value": []}),
                Kind::Functions,
            ),
            (
                json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#servicePrincipals('1')/synchronization/jobs('a')/schema/$entity", "id": "a"}),
                Kind::Schema,
            ),
            (
                json!({"@odata.type": "#microsoft.graph.synchronizationSchema"}),
                Kind::Schema,
            ),
        ];
        for (value, kind) in cases {
            assert_eq!(Kind::detect(&value).kind, kind, "{value}");
        }
    }

    #[test]
    fn fragments_are_unknown_and_say_what_they_look_like() {
        let detection = Kind::detect(&json!({"sourceObjectName": "User", "attributeMappings": []}));
        assert_eq!(detection.kind, Kind::Unknown);
        assert!(detection.note.unwrap().contains("objectMapping fragment"));
        let detection = Kind::detect(&json!([1, 2]));
        assert!(detection.note.unwrap().contains("an array"));
    }
}
