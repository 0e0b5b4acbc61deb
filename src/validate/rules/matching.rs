//! M401 no-matching-attribute and M402 duplicate-matching-priority: how an enabled
//! object mapping finds existing target objects.

use std::collections::HashMap;

use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::registry::RuleMeta;

/// Registry entry of M401.
pub(crate) static NO_MATCHING: RuleMeta = RuleMeta {
    code: "M401",
    name: "no-matching-attribute",
    severity: Severity::Error,
    summary: "An enabled object mapping has no attribute mapping with `matchingPriority` > 0.",
    why: "Without a matching attribute the service cannot find existing target objects: it \
          creates duplicates or fails every object. Graph rejects such a schema.",
    example: "```json\n{\"enabled\": true, \"attributeMappings\": [{\"targetAttributeName\": \
              \"userName\", \"matchingPriority\": 0, ...}]}\n```\n\nSet `matchingPriority: 1` on \
              the attribute that identifies an object in both systems.",
};

/// Registry entry of M402.
pub(crate) static DUPLICATE_PRIORITY: RuleMeta = RuleMeta {
    code: "M402",
    name: "duplicate-matching-priority",
    severity: Severity::Error,
    summary: "Two attribute mappings of one object mapping have the same matching priority.",
    why: "Matching attributes are tried in priority order; two with one priority make the \
          order undefined.",
    example: "```json\n[{\"targetAttributeName\": \"userName\", \"matchingPriority\": 1},\n \
              {\"targetAttributeName\": \"externalId\", \"matchingPriority\": 1}]\n```\n\nGive \
              the second priority 2.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            let mut seen: HashMap<i32, usize> = HashMap::new();
            let at = site.at.key("attributeMappings");
            for (index, mapping) in site.mapping.attribute_mappings().iter().enumerate() {
                let Some(priority) = mapping.matching_priority() else {
                    continue;
                };
                if let Some(first) = seen.get(&priority) {
                    sink.report(
                        &DUPLICATE_PRIORITY,
                        at.index(index).key("matchingPriority"),
                        format!("matching priority {priority} is used twice"),
                        "give each matching attribute its own priority (1, 2, …)",
                    )
                    .related(
                        at.index(*first).key("matchingPriority"),
                        format!("first attribute mapping with priority {priority}"),
                    );
                } else {
                    seen.insert(priority, index);
                }
            }
            if site.mapping.is_enabled() && seen.is_empty() {
                let name = site.mapping.name.as_str().unwrap_or_default();
                sink.report(
                    &NO_MATCHING,
                    site.at.clone(),
                    format!("enabled object mapping `{name}` has no matching attribute"),
                    "set `matchingPriority: 1` on the attribute mapping whose target \
                     identifies an object in both systems",
                );
            }
        }
    }
}
