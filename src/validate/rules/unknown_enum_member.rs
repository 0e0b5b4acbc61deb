//! S105 unknown-enum-member and S106 new-enum-member: an enumeration value that names
//! no member the Graph metadata defines (compared case-insensitively). Reported from
//! the same walk as S104.
//!
//! What happens to a member synclens has never seen depends on the set
//! ([`Members::OPEN`](crate::model::Members)): in a closed set, one people write (flow
//! types, mutability, attribute types), it is most likely a misspelling: S105, a
//! warning. In an open set, one Graph extends and the service writes (metadata keys,
//! secret names, discoverabilities, status and quarantine reasons), it is most likely a
//! member newer than synclens: S106, an info. Neither is ever an error.

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

/// Registry entry of S106.
pub(crate) static NEW_MEMBER: RuleMeta = RuleMeta {
    code: "S106",
    name: "new-enum-member",
    severity: Severity::Info,
    summary: "A member of a set that Graph extends over time and the service writes               (metadata keys, secret names, discoverabilities, status and quarantine               reasons) that synclens does not know yet. Case is ignored.",
    why: "The service adds such members (`Secret`, `IsHardDeletionSupported` and           `AzureIngestionAttributeOptimization` appeared in 2025 exports), so an unknown one is           most likely newer than synclens, not a mistake: an info, so that Microsoft's own           defaults stay clean. It is still shown, with the nearest known member, because a           hand-written key that is misspelt is ignored by the service.",
    example: "```json
{\"metadata\": [{\"key\": \"IsSoftDeletionSuported\", \"value\": \"true\"}]}
```

              Did you mean `IsSoftDeletionSupported`?",
};

pub(crate) fn report(
    sink: &mut Sink,
    at: &JsonPointer,
    type_name: &str,
    text: &str,
    members: &[&'static str],
    open: bool,
) {
    let nearest = suggest::nearest(text, members.iter().copied());
    let (meta, message, help) = if open {
        (
            &NEW_MEMBER,
            format!("`{text}` is not among the {type_name} members synclens knows"),
            match nearest {
                Some(name) => format!(
                    "if it is a member newer than synclens, nothing to do; if it was written \
                     by hand, did you mean `{name}`?"
                ),
                None => "most likely a member newer than synclens; nothing to do".to_owned(),
            },
        )
    } else {
        (
            &META,
            format!("`{text}` is not a member of {type_name}"),
            match nearest {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!("known members of {type_name}: {}", members.join(", ")),
            },
        )
    };
    sink.report(meta, at.clone(), message, help);
}
