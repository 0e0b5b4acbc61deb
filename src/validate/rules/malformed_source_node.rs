//! E505 malformed-source-node: a node of an attribute mapping's structured source
//! that cannot mean anything (a Function without a name, a Constant or Attribute with
//! parameters, a parameter without a key).

use super::source_nodes;
use crate::model::AttributeMappingSourceType as NodeType;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "E505",
    name: "malformed-source-node",
    severity: Severity::Error,
    summary: "A node of the structured `source` tree is malformed: a Function or Attribute \
              without a `name`, a Constant or Attribute with `parameters`, a parameter without \
              a `key` or `value`.",
    why: "Graph rejects the mapping, or evaluates something other than the expression text \
          says.",
    example: "```json\n{\"type\": \"Function\", \"name\": null, \"parameters\": [...]}\n```\n\n\
              Name the function (e.g. `Join`).",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            for source in &site.sources {
                for (node, node_at) in source_nodes(source.source, &source.at) {
                    let named = node.name.as_str().is_some_and(|n| !n.is_empty());
                    let has_parameters = !node.parameters().is_empty();
                    match node.node_type() {
                        Some(NodeType::Function) if !named => {
                            sink.report(
                                &META,
                                node_at.clone(),
                                "a Function node has no name",
                                "set `name` to the function (e.g. `Join`)",
                            );
                        }
                        Some(NodeType::Attribute) if !named => {
                            sink.report(
                                &META,
                                node_at.clone(),
                                "an Attribute node has no name",
                                "set `name` to the source attribute",
                            );
                        }
                        Some(kind @ (NodeType::Attribute | NodeType::Constant))
                            if has_parameters =>
                        {
                            sink.report(
                                &META,
                                node_at.key("parameters"),
                                format!("a {kind:?} node has parameters"),
                                "only Function nodes take parameters; remove them or make the \
                                 node a Function",
                            );
                        }
                        _ => {}
                    }
                    for (p, parameter) in node.parameters().iter().enumerate() {
                        if parameter.key.as_str().is_none_or(str::is_empty)
                            || parameter.value.get().is_none()
                        {
                            sink.report(
                                &META,
                                node_at.key("parameters").index(p),
                                "a function parameter has no key or no value",
                                "give each parameter the function's parameter name as `key` and \
                                 a source node as `value`",
                            );
                        }
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
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/1/source"), "{findings:?}");
    }
}
