//! R204 unknown-source-attribute: an attribute mapping reads an attribute the source
//! object does not define — an `Attribute` node of the source tree, or an
//! `[attribute]` reference in the expression text.

use std::collections::HashSet;

use super::{name_case_mismatch, source_nodes};
use crate::model::AttributeMappingSourceType;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "R204",
    name: "unknown-source-attribute",
    severity: Severity::Error,
    summary: "An attribute mapping's source reads an attribute that is not an attribute of the \
              object mapping's source object: an `Attribute` node of the structured source, or \
              an `[attribute]` reference in the expression.",
    why: "The attribute is always null, so the target gets the default value or nothing; Graph \
          may also reject the schema.",
    example: "```json\n{\"targetAttributeName\": \"displayName\",\n \"source\": {\"type\": \
              \"Attribute\", \"name\": \"dispalyName\"}}\n```\n\nDid you mean `displayName`?",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            let Some(source) = site.source else { continue };
            let names = source.attribute_names();
            for source_site in &site.sources {
                let (tree, at) = (source_site.source, &source_site.at);
                let mut in_tree = HashSet::new();
                for (node, node_at) in source_nodes(tree, at) {
                    if node.node_type() != Some(AttributeMappingSourceType::Attribute) {
                        continue;
                    }
                    let Some(name) = node.name.as_str() else {
                        continue;
                    };
                    in_tree.insert(name.to_lowercase());
                    let lookup = view.attribute_reference(source, name);
                    name_case_mismatch::report(
                        sink,
                        &META,
                        node_at.key("name"),
                        "source attribute",
                        name,
                        lookup,
                        &names,
                    );
                }
                // `[attribute]` references in the text that the tree does not carry
                // (a text-only source, or text and tree that disagree).
                let Some(parsed) = source_site.parsed() else {
                    continue;
                };
                for (name, span) in parsed.attribute_references() {
                    if !in_tree.insert(name.to_lowercase()) {
                        continue;
                    }
                    let lookup = view.attribute_reference(source, name);
                    let before = sink.reports.len();
                    name_case_mismatch::report(
                        sink,
                        &META,
                        at.key("expression"),
                        "source attribute",
                        name,
                        lookup,
                        &names,
                    );
                    if let Some(report) = sink.reports.get_mut(before) {
                        report.inside(span.start);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/name"), "{findings:?}");
    }
}
