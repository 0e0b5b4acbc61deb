//! The duplicate mappings: U304 duplicate-target-attribute-mapping, U305
//! duplicate-rule-id and U306 duplicate-object-mapping-name, in one pass over each
//! schema's rules.

pub(crate) mod duplicate_object_mapping_name;
pub(crate) mod duplicate_rule_id;
pub(crate) mod duplicate_target_attribute_mapping;

use std::collections::HashMap;

use crate::pointer::JsonPointer;
use crate::validate::context::{Context, Sink};
use crate::validate::rule::RuleMeta;

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
        duplicate_rule_id::check(view, sink);
        for (r, rule) in view.schema.rules().iter().enumerate() {
            let mappings_at = view.rule_pointer(r).key("objectMappings");
            duplicate_object_mapping_name::check(rule, &mappings_at, sink);
            for (m, mapping) in rule.object_mappings().iter().enumerate() {
                let at = mappings_at.index(m).key("attributeMappings");
                duplicate_target_attribute_mapping::check(mapping, &at, sink);
            }
        }
    }
}
