//! S105 unknown-enum-member: a value of a closed set (one people write: flow types,
//! mutability, attribute types) that names no member; most likely a misspelling.

use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "S105",
    name: "unknown-enum-member",
    severity: Severity::Warning,
    summary: "An enumeration value (flowType, mutability, attribute type, flags such as \
              flowTypes, …) that is not a member the Graph metadata defines. Case is ignored: \
              `\"string\"` is `String`.",
    why: "A misspelled member is rejected by Graph, or (for flags) silently drops the \
          misspelled flag. Graph does add members over time, hence a warning.",
    example: "```json\n{\"targetAttributeName\": \"mail\", \"flowType\": \"Allways\"}\n```\n\n\
              Did you mean `Always`?",
};

/// Reports `text`, which is no member of the closed set `type_name`.
pub(super) fn report(
    sink: &mut Sink,
    at: &JsonPointer,
    type_name: &str,
    text: &str,
    members: &[&'static str],
    nearest: Option<&str>,
) {
    sink.report(
        &META,
        at.clone(),
        format!("`{text}` is not a member of {type_name}"),
        match nearest {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("known members of {type_name}: {}", members.join(", ")),
        },
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/flowType"), "{findings:?}");
    }
}
