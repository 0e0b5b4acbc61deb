//! U304–U306: two attribute mappings writing one target attribute, duplicate rule
//! ids, duplicate object mapping names within a rule.

use std::collections::HashMap;

use crate::pointer::JsonPointer;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::registry::RuleMeta;

/// Registry entry of U304.
pub(crate) static TARGET_ATTRIBUTE: RuleMeta = RuleMeta {
    code: "U304",
    name: "duplicate-target-attribute-mapping",
    severity: Severity::Error,
    summary: "Two attribute mappings of one object mapping write the same target attribute \
              (ignoring case).",
    why: "Only one value can win; which one is undefined, and Graph rejects the schema.",
    example: "```json\n{\"attributeMappings\": [{\"targetAttributeName\": \"mail\", ...},\n \
              {\"targetAttributeName\": \"mail\", ...}]}\n```\n\nMerge them into one mapping \
              (e.g. with `Coalesce`).",
};

/// Registry entry of U305.
pub(crate) static RULE_ID: RuleMeta = RuleMeta {
    code: "U305",
    name: "duplicate-rule-id",
    severity: Severity::Error,
    summary: "Two synchronization rules of a schema share an id.",
    why: "Rules are identified by id; Graph rejects the schema, and tools that match rules \
          (synclens diff) cannot tell them apart.",
    example: "```json\n{\"synchronizationRules\": [{\"id\": \"USER_OUTBOUND\"}, {\"id\": \
              \"USER_OUTBOUND\"}]}\n```\n\nGive each rule its own id.",
};

/// Registry entry of U306.
pub(crate) static OBJECT_MAPPING_NAME: RuleMeta = RuleMeta {
    code: "U306",
    name: "duplicate-object-mapping-name",
    severity: Severity::Error,
    summary: "Two object mappings of one rule share a non-empty name (ignoring case).",
    why: "The portal and the provisioning logs name mappings; two of one name cannot be told \
          apart, and diff matches mappings by name.",
    example: "```json\n{\"objectMappings\": [{\"name\": \"Provision users\"}, {\"name\": \
              \"Provision users\"}]}\n```\n\nRename one.",
};

/// Reports every name seen before, with the first occurrence as related.
fn duplicates<'n>(
    sink: &mut Sink,
    meta: &'static RuleMeta,
    what: &str,
    names: impl Iterator<Item = (JsonPointer, &'n str)>,
    fold_case: bool,
) {
    let mut seen: HashMap<String, JsonPointer> = HashMap::new();
    for (at, name) in names {
        let key = if fold_case {
            name.to_lowercase()
        } else {
            name.to_owned()
        };
        if let Some(first) = seen.get(&key) {
            sink.report(
                meta,
                at,
                format!("{what} `{name}` appears twice"),
                format!("keep one {what} `{name}`"),
            )
            .related(first.clone(), format!("first {what} `{name}`"));
        } else {
            seen.insert(key, at);
        }
    }
}

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        let rules = view.schema.rules();
        duplicates(
            sink,
            &RULE_ID,
            "rule id",
            rules
                .iter()
                .enumerate()
                .filter_map(|(r, rule)| Some((view.rule_pointer(r).key("id"), rule.id.as_str()?))),
            false,
        );
        for (r, rule) in rules.iter().enumerate() {
            let mappings_at = view.rule_pointer(r).key("objectMappings");
            duplicates(
                sink,
                &OBJECT_MAPPING_NAME,
                "object mapping name",
                rule.object_mappings()
                    .iter()
                    .enumerate()
                    .filter_map(|(m, mapping)| {
                        let name = mapping.name.as_str().filter(|n| !n.trim().is_empty())?;
                        Some((mappings_at.index(m).key("name"), name))
                    }),
                true,
            );
            for (m, mapping) in rule.object_mappings().iter().enumerate() {
                let at = mappings_at.index(m).key("attributeMappings");
                duplicates(
                    sink,
                    &TARGET_ATTRIBUTE,
                    "target attribute",
                    mapping
                        .attribute_mappings()
                        .iter()
                        .enumerate()
                        .filter_map(|(a, attribute)| {
                            Some((
                                at.index(a).key("targetAttributeName"),
                                attribute.target_attribute_name.as_str()?,
                            ))
                        }),
                    true,
                );
            }
        }
    }
}
