//! S105 unknown-enum-member: an enumeration value that names no member the Graph
//! metadata defines (compared case-insensitively). Reported from the same walk as
//! S104.

use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::registry::RuleMeta;
use crate::validate::suggest;

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

pub(crate) fn report(
    sink: &mut Sink,
    at: &JsonPointer,
    type_name: &str,
    text: &str,
    members: &[&'static str],
) {
    let help = match suggest::nearest(text, members.iter().copied()) {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("known members of {type_name}: {}", members.join(", ")),
    };
    sink.report(
        &META,
        at.clone(),
        format!("`{text}` is not a member of {type_name}"),
        help,
    );
}
