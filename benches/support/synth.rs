//! Realistic synthetic synchronization schemas of any size, shaped like real Cloud
//! Sync and SCIM exports (two directories with thousands of attributes, object
//! mappings with nested expressions and scoping filters), and edited variants for
//! diffs (k random changes, arrays reordered). Deterministic for a seed.
//!
//! Shared by the benchmarks (`#[path]`-included); not part of the library.

#![allow(dead_code)]

use serde_json::{Value, json};

/// A small deterministic generator.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % n.max(1)
    }
}

const TYPES: &[&str] = &[
    "String",
    "String",
    "String",
    "Boolean",
    "Integer",
    "Reference",
    "DateTime",
];

fn attribute(name: &str, rng: &mut Rng, anchor: bool) -> Value {
    let kind = TYPES[rng.below(TYPES.len())];
    let referenced: Vec<Value> = if kind == "Reference" {
        vec![json!({"referencedObjectName": "user", "referencedProperty": null})]
    } else {
        Vec::new()
    };
    json!({
        "anchor": anchor,
        "caseExact": false,
        "defaultValue": null,
        "flowNullValues": false,
        "multivalued": rng.below(10) == 0,
        "mutability": "ReadWrite",
        "name": name,
        "required": false,
        "type": kind,
        "apiExpressions": [],
        "metadata": [],
        "referencedObjects": referenced,
    })
}

fn attribute_node(name: &str) -> Value {
    json!({"expression": format!("[{name}]"), "name": name, "parameters": [], "type": "Attribute"})
}

fn constant_node(value: &str) -> Value {
    json!({"expression": format!("\"{value}\""), "name": value, "parameters": [], "type": "Constant"})
}

fn function_node(name: &str, parameters: Vec<(&str, Value)>) -> Value {
    let texts: Vec<String> = parameters
        .iter()
        .map(|(_, v)| v["expression"].as_str().unwrap_or_default().to_owned())
        .collect();
    json!({
        "expression": format!("{name}({})", texts.join(", ")),
        "name": name,
        "parameters": parameters.into_iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
        "type": "Function",
    })
}

/// An expression tree of the given depth over the source attributes.
fn expression(sources: &[String], depth: usize, rng: &mut Rng) -> Value {
    let leaf = |rng: &mut Rng| attribute_node(&sources[rng.below(sources.len())]);
    if depth == 0 {
        return leaf(rng);
    }
    match rng.below(4) {
        0 => function_node(
            "Trim",
            vec![("source", expression(sources, depth - 1, rng))],
        ),
        1 => function_node(
            "Join",
            vec![
                ("separator", constant_node(" ")),
                ("source", expression(sources, depth - 1, rng)),
                ("source", leaf(rng)),
            ],
        ),
        2 => function_node(
            "Left",
            vec![
                ("source", expression(sources, depth - 1, rng)),
                ("length", constant_node("64")),
            ],
        ),
        _ => function_node(
            "IIF",
            vec![
                (
                    "one",
                    function_node("IsPresent", vec![("source", leaf(rng))]),
                ),
                ("four", expression(sources, depth - 1, rng)),
                ("five", leaf(rng)),
            ],
        ),
    }
}

/// A schema of roughly `target_bytes` of pretty-printed JSON.
pub(crate) fn schema(target_bytes: usize, seed: u64) -> Value {
    let mut rng = Rng::new(seed);
    // About 420 bytes per attribute definition and 1.2 KB per attribute mapping;
    // half the size goes to each.
    let attributes = (target_bytes / 2 / 420).max(8);
    let objects = (attributes / 400).max(1);
    let per_object = attributes / objects;
    let mut source_objects = Vec::new();
    let mut target_objects = Vec::new();
    let mut source_names: Vec<Vec<String>> = Vec::new();
    for o in 0..objects {
        let names: Vec<String> = (0..per_object).map(|a| format!("src{o}Attr{a}")).collect();
        let definitions: Vec<Value> = names
            .iter()
            .enumerate()
            .map(|(i, n)| attribute(n, &mut rng, i == 0))
            .collect();
        source_objects.push(json!({"name": format!("sourceObject{o}"), "supportedApis": [], "metadata": [], "attributes": definitions}));
        let targets: Vec<Value> = (0..per_object)
            .map(|a| attribute(&format!("tgt{o}Attr{a}"), &mut rng, a == 0))
            .collect();
        target_objects.push(json!({"name": format!("targetObject{o}"), "supportedApis": [], "metadata": [], "attributes": targets}));
        source_names.push(names);
    }
    let mappings_per_object = (target_bytes / 2 / 1200 / objects).clamp(4, per_object);
    let mut object_mappings = Vec::new();
    for (o, names) in source_names.iter().enumerate() {
        let attribute_mappings: Vec<Value> = (0..mappings_per_object)
            .map(|a| {
                let depth = rng.below(4);
                json!({
                    "defaultValue": null,
                    "exportMissingReferences": false,
                    "flowBehavior": "FlowWhenChanged",
                    "flowType": if rng.below(5) == 0 { "ObjectAddOnly" } else { "Always" },
                    "matchingPriority": i32::from(a == 0),
                    "targetAttributeName": format!("tgt{o}Attr{a}"),
                    "source": expression(names, depth, &mut rng),
                })
            })
            .collect();
        let operators = ["EQUALS", "IS NOT NULL", "NOT REGEX MATCH"];
        let clauses: Vec<Value> = (0..3)
            .map(|c| {
                json!({
                    "operatorName": operators[c],
                    "sourceOperandName": names[rng.below(names.len())],
                    "targetOperand": if c == 1 { Value::Null } else { json!({"values": [format!("value{c}")]}) },
                })
            })
            .collect();
        object_mappings.push(json!({
            "enabled": true,
            "flowTypes": "Add, Update, Delete",
            "metadata": [{"key": "Disposition", "value": "\"Normal\""}],
            "name": format!("Provision sourceObject{o} to targetObject{o}"),
            "scope": {"groups": [{"name": format!("Scope {o}"), "clauses": clauses}], "inputFilterGroups": [], "categoryFilterGroups": []},
            "sourceObjectName": format!("sourceObject{o}"),
            "targetObjectName": format!("targetObject{o}"),
            "attributeMappings": attribute_mappings,
        }));
    }
    json!({
        "id": format!("synthetic.{seed:016x}"),
        "version": "Date:2024-01-01T00:00:00.0000001Z",
        "directories": [
            {"id": "d0", "name": "Source Directory", "discoverabilities": "AttributeNames", "objects": source_objects, "readOnly": false},
            {"id": "d1", "name": "Target Directory", "discoverabilities": "AttributeNames", "objects": target_objects, "readOnly": false},
        ],
        "synchronizationRules": [{
            "editable": true,
            "id": "rule-0",
            "metadata": [],
            "name": "SOURCE_TO_TARGET",
            "objectMappings": object_mappings,
            "priority": 1,
            "sourceDirectoryName": "Source Directory",
            "targetDirectoryName": "Target Directory",
        }],
    })
}

/// `schema` with `k` random attribute-mapping edits and every attribute list and
/// mapping list reversed (reordering is no change).
pub(crate) fn edited(original: &Value, k: usize, seed: u64) -> Value {
    let mut rng = Rng::new(seed);
    let mut value = original.clone();
    if let Some(mappings) = value
        .pointer_mut("/synchronizationRules/0/objectMappings")
        .and_then(Value::as_array_mut)
    {
        for _ in 0..k {
            let m = rng.below(mappings.len());
            if let Some(list) = mappings[m]["attributeMappings"].as_array_mut() {
                let a = rng.below(list.len());
                list[a]["source"] = constant_node(&format!("edited{a}"));
            }
        }
        for mapping in mappings.iter_mut() {
            if let Some(list) = mapping["attributeMappings"].as_array_mut() {
                list.reverse();
            }
        }
    }
    if let Some(directories) = value
        .pointer_mut("/directories")
        .and_then(Value::as_array_mut)
    {
        for directory in directories {
            if let Some(objects) = directory["objects"].as_array_mut() {
                for object in objects {
                    if let Some(attributes) = object["attributes"].as_array_mut() {
                        attributes.reverse();
                    }
                }
            }
        }
    }
    value
}

/// Pretty-printed bytes.
pub(crate) fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}
