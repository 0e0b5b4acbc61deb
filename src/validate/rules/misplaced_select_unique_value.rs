//! M403 misplaced-select-unique-value: SelectUniqueValue only at the top of an
//! expression, and never on a matching attribute.

use super::source_nodes;
use crate::model::AttributeMappingSourceType;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "M403",
    name: "misplaced-select-unique-value",
    severity: Severity::Error,
    summary: "`SelectUniqueValue` nested inside another function, or used on an attribute \
              mapping with `matchingPriority` > 0.",
    why: "The service evaluates SelectUniqueValue only as the outermost function, and a \
          generated unique value cannot identify an existing object.",
    example: "```text\nToLower(SelectUniqueValue(Join(\"@\", [givenName], \"contoso.com\")))\n```\n\n\
              Move SelectUniqueValue outside: \
              `SelectUniqueValue(ToLower(Join(\"@\", [givenName], \"contoso.com\")))`.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            for source in &site.sources {
                let (mapping, tree) = (source.mapping, source.source);
                let at = site.at.key("attributeMappings").index(source.index);
                for (node, node_at) in source_nodes(tree, &source.at) {
                    let is_unique = node.node_type() == Some(AttributeMappingSourceType::Function)
                        && node
                            .name
                            .as_str()
                            .is_some_and(|n| n.eq_ignore_ascii_case("SelectUniqueValue"));
                    if !is_unique {
                        continue;
                    }
                    let top = std::ptr::eq(node, tree);
                    if !top {
                        sink.report(
                            &META,
                            node_at,
                            "SelectUniqueValue is nested inside another function",
                            "make SelectUniqueValue the outermost function of the expression",
                        );
                    } else if mapping.matching_priority().is_some() {
                        sink.report(
                            &META,
                            at.key("matchingPriority"),
                            "SelectUniqueValue is used on a matching attribute",
                            "match on an attribute with a stable value, not a generated one",
                        );
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
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/parameters/0/value"), "{findings:?}");
    }
}
