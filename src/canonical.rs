//! The canonical form of a synchronization document: what `synclens fmt` writes and
//! what `synclens fetch` stores, so that a repository of exports only changes when
//! the configuration does.
//!
//! The canonical form is the typed document ([`Document`]) written back:
//! - object keys in the model's order (Graph's own order), then unknown properties
//!   sorted by name (see [`crate::model`]);
//! - arrays whose order carries no meaning sorted by the identity keys of
//!   [`crate::identity`] (the keys `diff` matches by), ties broken by the element's own
//!   canonical JSON so the result does not depend on the input order;
//! - arrays whose order does (or may) carry meaning kept as they came;
//! - 2-space indentation, `\n` line ends, a final newline; UTF-8 (the caller decides
//!   about a byte order mark).
//!
//! Values are never changed: enum spellings, flag lists, timestamps, wrongly typed
//! values ([`crate::model::Field::Invalid`]) and unknown properties are written as they
//! came. Only the *notation* of some values can differ from the input, because the text
//! goes through a JSON parser: see `docs/canonical-form.md` ("What is byte-preserved").
//!
//! ```
//! use std::path::Path;
//! use synclens::canonical::{canonical, canonical_text, canonicalize};
//! use synclens::load::{load_bytes, LoadOptions};
//!
//! let text = br#"{"directories": [{"name": "b"}, {"name": "A", "x": 1}], "id": "s"}"#;
//! let loaded = load_bytes(Path::new("schema.json"), text.to_vec(), LoadOptions::default())?;
//! let mut document = loaded.document.clone();
//! canonicalize(&mut document);
//! let expected = "{\n  \"id\": \"s\",\n  \"directories\": [\n    {\n      \"name\": \"A\",\n      \"x\": 1\n    },\n    {\n      \"name\": \"b\"\n    }\n  ]\n}\n";
//! assert_eq!(canonical_text(&document), expected);
//! // The same in one call, leaving the loaded document as it was.
//! assert_eq!(canonical(&loaded.document), expected);
//! # Ok::<(), synclens::load::LoadError>(())
//! ```
//!
//! Per-array decisions (SPEC.md §1.1, §1.5, §4), also in `docs/canonical-form.md`:
//!
//! | array | canonical order | why |
//! |---|---|---|
//! | `directories` | by name | names are unique in a schema; rules refer to them by name |
//! | `objects` | by name | unique in a directory; referenced by name |
//! | `attributes` | by name | unique in an object; referenced by name |
//! | object / attribute / object-mapping / rule / template `metadata` | by key | key/value entries: a dictionary |
//! | `apiExpressions` | by key | key/value entries |
//! | `referencedObjects` | by referencedObjectName | a set of object types |
//! | `supportedApis` | kept | undocumented whether it is a preference order |
//! | `synchronizationRules` | kept | "ordered set of rules" (SPEC §1.5) |
//! | `containerFilter.includedContainers`, `groupFilter.includedGroups` | by text | sets of OUs / groups in scope |
//! | `objectMappings` | kept | several mappings may share a source object and be told apart by `categoryFilterGroups`; whether the engine evaluates them in array order is undocumented |
//! | `attributeMappings` | by targetAttributeName | one mapping per target attribute; `matchingPriority` carries the only order |
//! | `groups`, `inputFilterGroups`, `categoryFilterGroups` | by name | groups are OR'ed (SPEC §4.1) |
//! | `clauses` | by the whole clause | clauses are AND'ed (SPEC §4.1) |
//! | `targetOperand.values` | kept | operand semantics beyond one value are undocumented (SPEC §4.3) |
//! | expression `parameters` | kept | arguments: repeated keys (`Join`) are positional |
//! | `synchronizationJobSettings` | by name | named settings |
//! | `status.progress` | kept | observations in time order |
//! | `status.synchronizedEntryCountByType` | by key | counts per mapping: a dictionary |
//! | jobs / templates of a collection | by id | an OData collection has no order |
//! | functions / filter operators of a catalog | by name | a catalog has no order |
//! | function `parameters` | kept | "ordered formal parameters" (SPEC §1.5) |
//! | operator `supportedAttributeTypes` | by text | a set of types |
//! | secrets | by key | named credentials |
//! | `credentials` of a validateCredentials body | by key | named credentials |
//! | arrays inside unknown properties | kept | synclens does not know what they mean |

use serde::Serialize;

use crate::identity::{self, Key};
use crate::model::{
    Document, Field, Filter, ObjectDefinition, ObjectMapping, SynchronizationJob,
    SynchronizationRule, SynchronizationSchema, SynchronizationTemplate,
};

/// Puts a document's order-free arrays into canonical order, in place (see the module
/// documentation for which arrays). Idempotent, and independent of the order the
/// arrays came in. Changes no value.
pub fn canonicalize(document: &mut Document) {
    match document {
        Document::Schema(schema) => canonicalize_schema(schema),
        Document::Job(job) => canonicalize_job(job),
        Document::JobList(list) => {
            items_mut(&mut list.value)
                .iter_mut()
                .for_each(canonicalize_job);
            sort_by_identity(items_mut(&mut list.value), identity::job);
        }
        Document::Template(template) => canonicalize_template(template),
        Document::TemplateList(list) => {
            items_mut(&mut list.value)
                .iter_mut()
                .for_each(canonicalize_template);
            sort_by_identity(items_mut(&mut list.value), identity::template);
        }
        Document::Functions(list) => {
            // Each function's `parameters` are ordered formal parameters: kept.
            sort_by_identity(items_mut(&mut list.value), identity::function);
        }
        Document::FilterOperators(list) => {
            for operator in items_mut(&mut list.value) {
                sort_texts(items_mut(&mut operator.supported_attribute_types), |kind| {
                    kind.as_str()
                });
            }
            sort_by_identity(items_mut(&mut list.value), identity::operator);
        }
        Document::Secrets(list) => sort_by_identity(items_mut(&mut list.value), identity::secret),
        Document::Credentials(body) => {
            sort_by_identity(items_mut(&mut body.credentials), identity::secret);
        }
        Document::Unknown(_) => {}
    }
}

/// The document as canonical text: the typed document written in the model's key
/// order, 2-space indentation, `\n` line ends and a final newline. It does not sort
/// anything itself: call [`canonicalize`] first (or use [`canonical`]).
pub fn canonical_text(document: &Document) -> String {
    let mut bytes = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    document
        .serialize(&mut serializer)
        .expect("writing a document into memory cannot fail: every key is a string");
    let mut text = String::from_utf8(bytes).expect("serde_json writes UTF-8");
    text.push('\n');
    text
}

/// The canonical text of a copy of the document: [`canonicalize`], then
/// [`canonical_text`].
pub fn canonical(document: &Document) -> String {
    let mut copy = document.clone();
    canonicalize(&mut copy);
    canonical_text(&copy)
}

/// The UTF-8 byte order mark, written before the canonical text on request (Windows
/// PowerShell 5.1 reads files without one as ANSI).
pub const UTF8_BOM: &str = "\u{feff}";

fn canonicalize_schema(schema: &mut SynchronizationSchema) {
    for directory in items_mut(&mut schema.directories) {
        for object in items_mut(&mut directory.objects) {
            canonicalize_object(object);
        }
        sort_by_identity(items_mut(&mut directory.objects), identity::object);
    }
    sort_by_identity(items_mut(&mut schema.directories), identity::directory);
    // Rules are an ordered set (SPEC §1.5): their order is kept.
    for rule in items_mut(&mut schema.synchronization_rules) {
        canonicalize_rule(rule);
    }
}

fn canonicalize_object(object: &mut ObjectDefinition) {
    for attribute in items_mut(&mut object.attributes) {
        sort_by_identity(items_mut(&mut attribute.api_expressions), identity::pair);
        sort_by_identity(
            items_mut(&mut attribute.metadata),
            identity::attribute_metadata,
        );
        sort_by_identity(
            items_mut(&mut attribute.referenced_objects),
            identity::referenced_object,
        );
    }
    sort_by_identity(items_mut(&mut object.attributes), identity::attribute);
    sort_by_identity(items_mut(&mut object.metadata), identity::object_metadata);
    // `supportedApis` is kept: whether it is a preference order is undocumented.
}

fn canonicalize_rule(rule: &mut SynchronizationRule) {
    if let Some(filter) = rule.container_filter.get_mut() {
        sort_texts(items_mut(&mut filter.included_containers), String::as_str);
    }
    if let Some(filter) = rule.group_filter.get_mut() {
        sort_texts(items_mut(&mut filter.included_groups), String::as_str);
    }
    sort_by_identity(items_mut(&mut rule.metadata), identity::pair);
    // Object mappings keep their order (see the module documentation).
    for mapping in items_mut(&mut rule.object_mappings) {
        canonicalize_object_mapping(mapping);
    }
}

fn canonicalize_object_mapping(mapping: &mut ObjectMapping) {
    // Expression trees (`source` and its `parameters`) are kept as they are.
    sort_by_identity(
        items_mut(&mut mapping.attribute_mappings),
        identity::attribute_mapping,
    );
    sort_by_identity(
        items_mut(&mut mapping.metadata),
        identity::object_mapping_metadata,
    );
    if let Some(scope) = mapping.scope.get_mut() {
        canonicalize_filter(scope);
    }
}

fn canonicalize_filter(filter: &mut Filter) {
    for groups in [
        &mut filter.groups,
        &mut filter.input_filter_groups,
        &mut filter.category_filter_groups,
    ] {
        for group in items_mut(groups) {
            // Operand `values` inside a clause are kept.
            sort_by_identity(items_mut(&mut group.clauses), |clause| {
                Some(identity::clause(clause))
            });
        }
        sort_by_identity(items_mut(groups), identity::filter_group);
    }
}

fn canonicalize_job(job: &mut SynchronizationJob) {
    sort_by_identity(
        items_mut(&mut job.synchronization_job_settings),
        identity::setting,
    );
    if let Some(status) = job.status.get_mut() {
        // `progress` is a series of observations: kept.
        sort_by_identity(
            items_mut(&mut status.synchronized_entry_count_by_type),
            identity::entry_count,
        );
    }
    if let Some(schema) = job.schema.get_mut() {
        canonicalize_schema(schema);
    }
}

fn canonicalize_template(template: &mut SynchronizationTemplate) {
    sort_by_identity(
        items_mut(&mut template.metadata),
        identity::template_metadata,
    );
    if let Some(schema) = template.schema.get_mut() {
        canonicalize_schema(schema);
    }
}

/// The elements of an array property, or nothing when it is absent, `null` or of the
/// wrong type (an invalid value is kept verbatim, never reordered).
fn items_mut<T>(field: &mut Field<Vec<T>>) -> &mut [T] {
    field.get_mut().map(Vec::as_mut_slice).unwrap_or_default()
}

/// Stable sort by identity key (elements without one first), then, among elements
/// with the same key, by their own canonical JSON: a total order on content, so the
/// result does not depend on the input order. Elements must already be canonical.
fn sort_by_identity<T: Serialize>(items: &mut [T], identity: impl Fn(&T) -> Option<Key>) {
    if items.len() < 2 {
        return;
    }
    items.sort_by_cached_key(|item| identity(item));
    for run in items.chunk_by_mut(|a, b| identity(a) == identity(b)) {
        if run.len() > 1 {
            run.sort_by_cached_key(|item| serde_json::to_string(item).unwrap_or_default());
        }
    }
}

/// Sorts a set of strings: case-insensitively, then exactly.
fn sort_texts<T>(items: &mut [T], text: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| identity::text(text(item)));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};

    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    fn document(value: &Value) -> Document {
        let bytes = serde_json::to_vec(value).unwrap();
        load_bytes(Path::new("test.json"), bytes, LoadOptions::default())
            .unwrap()
            .document
    }

    fn formatted(value: &Value) -> Value {
        serde_json::from_str(&canonical(&document(value))).unwrap()
    }

    #[test]
    fn sorts_order_free_arrays_and_keeps_ordered_ones() {
        let value = json!({
            "directories": [
                {"name": "b", "objects": [{"name": "Y", "attributes": [{"name": "z"}, {"name": "A"}]}, {"name": "x"}]},
                {"name": "A"}
            ],
            "synchronizationRules": [
                {"name": "second", "metadata": [{"key": "k2", "value": "2"}, {"key": "k1", "value": "1"}],
                 "objectMappings": [
                    {"name": "m2", "attributeMappings": [
                        {"targetAttributeName": "b", "source": {"name": "Join", "type": "Function", "parameters": [
                            {"key": "separator", "value": {"name": ",", "type": "Constant"}},
                            {"key": "source", "value": {"name": "z"}},
                            {"key": "source", "value": {"name": "a"}}]}},
                        {"targetAttributeName": "a"}],
                     "scope": {"groups": [
                        {"name": "g2", "clauses": [
                            {"operatorName": "EQUALS", "sourceOperandName": "y", "targetOperand": {"values": ["2", "1"]}},
                            {"operatorName": "EQUALS", "sourceOperandName": "x", "targetOperand": {"values": ["1"]}}]},
                        {"name": "g1", "clauses": []}]}},
                    {"name": "m1"}]},
                {"name": "first"}
            ]
        });
        let out = formatted(&value);
        let names = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|e| e["name"].as_str().unwrap_or("").to_owned())
                .collect()
        };
        assert_eq!(names(&out["directories"]), ["A", "b"]);
        assert_eq!(names(&out["directories"][1]["objects"]), ["x", "Y"]);
        assert_eq!(
            names(&out["directories"][1]["objects"][1]["attributes"]),
            ["A", "z"]
        );
        assert_eq!(names(&out["synchronizationRules"]), ["second", "first"]);
        let rule = &out["synchronizationRules"][0];
        assert_eq!(rule["metadata"][0]["key"], "k1");
        assert_eq!(names(&rule["objectMappings"]), ["m2", "m1"]);
        let mapping = &rule["objectMappings"][0];
        assert_eq!(mapping["attributeMappings"][0]["targetAttributeName"], "a");
        let parameters = &mapping["attributeMappings"][1]["source"]["parameters"];
        assert_eq!(parameters[1]["value"]["name"], "z");
        assert_eq!(names(&mapping["scope"]["groups"]), ["g1", "g2"]);
        let clauses = &mapping["scope"]["groups"][1]["clauses"];
        assert_eq!(clauses[0]["sourceOperandName"], "x");
        assert_eq!(clauses[1]["targetOperand"]["values"], json!(["2", "1"]));
    }

    #[test]
    fn ties_are_broken_by_content_so_input_order_does_not_matter() {
        let a = json!({"targetAttributeName": "x", "defaultValue": "1"});
        let b = json!({"targetAttributeName": "X", "defaultValue": "2"});
        let c = json!({"targetAttributeName": "x", "defaultValue": "0"});
        let schema = |items: Vec<&Value>| json!({"synchronizationRules": [{"objectMappings": [{"attributeMappings": items}]}]});
        let one = canonical(&document(&schema(vec![&a, &b, &c])));
        let two = canonical(&document(&schema(vec![&c, &a, &b])));
        let three = canonical(&document(&schema(vec![&b, &c, &a])));
        assert_eq!(one, two);
        assert_eq!(one, three);
    }

    #[test]
    fn invalid_values_and_unknown_properties_survive() {
        let value = json!({
            "directories": [
                {"name": "z", "objects": "not an array", "legacy": [3, 1, 2]},
                {"name": "a", "objects": [{"name": "User", "attributes": [
                    {"name": "b", "type": "string", "anchor": "yes"},
                    {"name": "a", "mutability": 5}]}]}
            ],
            "someLegacyField": {"nested": [2, 1]},
            "synchronizationRules": null
        });
        let out = formatted(&value);
        assert_eq!(out["directories"][1]["objects"], "not an array");
        assert_eq!(out["directories"][1]["legacy"], json!([3, 1, 2]));
        let attributes = &out["directories"][0]["objects"][0]["attributes"];
        assert_eq!(attributes[0]["mutability"], 5);
        assert_eq!(attributes[1]["type"], "string");
        assert_eq!(attributes[1]["anchor"], "yes");
        assert_eq!(out["someLegacyField"], json!({"nested": [2, 1]}));
        assert!(out["synchronizationRules"].is_null());
    }

    #[test]
    fn text_layout_is_two_spaces_lf_and_a_final_newline_in_model_order() {
        let text = canonical(&document(&json!({"zzz": 1, "directories": [], "id": "s"})));
        assert_eq!(
            text,
            "{\n  \"id\": \"s\",\n  \"directories\": [],\n  \"zzz\": 1\n}\n"
        );
    }

    #[test]
    fn canonical_form_is_idempotent() {
        let value = json!({"value": [
            {"id": "b.2", "templateId": "b", "synchronizationJobSettings": [{"name": "Z"}, {"name": "a"}]},
            {"id": "a.1", "templateId": "a"}]});
        let once = canonical(&document(&value));
        let again = document(&serde_json::from_str(&once).unwrap());
        assert_eq!(canonical(&again), once);
        assert!(once.find("\"a.1\"") < once.find("\"b.2\""));
    }
}
