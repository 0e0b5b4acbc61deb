//! S106 new-enum-member: a value of an open set (one Graph extends and the service
//! writes) that synclens does not know; most likely a member newer than synclens.

use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
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

/// Reports `text`, which is no member of the open set `type_name` that synclens knows.
pub(super) fn report(sink: &mut Sink, at: &JsonPointer, type_name: &str, text: &str, nearest: Option<&str>) {
    sink.report(
        &META,
        at.clone(),
        format!("`{text}` is not among the {type_name} members synclens knows"),
        match nearest {
            Some(name) => format!(
                "if it is a member newer than synclens, nothing to do; if it was written \
                 by hand, did you mean `{name}`?"
            ),
            None => "most likely a member newer than synclens; nothing to do".to_owned(),
        },
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/directories/0/objects/0/metadata/0/key"), "{findings:?}");
    }
}
