//! M406 always-into-immutable: `flowType: Always` into an `Immutable` target attribute.

use crate::model::{AttributeFlowType, AttributeMapping};
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "M406",
    name: "always-into-immutable",
    severity: Severity::Warning,
    summary: "An attribute mapping with `flowType: Always` writes a target attribute whose \
              `mutability` is `Immutable`.",
    why: "An immutable attribute can be set only when the object is created; updating it \
          fails on every change of the source. Use `ObjectAddOnly`.",
    example: "```json\n{\"targetAttributeName\": \"employeeId\", \"flowType\": \"Always\"}\n```\n\n\
              with `employeeId` Immutable: use `\"flowType\": \"ObjectAddOnly\"`.",
};

/// Reports the attribute mapping at `at`, which writes the immutable target attribute
/// `name`, when it flows on every update.
pub(super) fn check(mapping: &AttributeMapping, at: &JsonPointer, name: &str, sink: &mut Sink) {
    let always = mapping.flow_type.is_absent()
        || mapping
            .flow_type
            .get()
            .is_some_and(|f| f.is(AttributeFlowType::Always));
    if always {
        sink.report(
            &META,
            at.clone(),
            format!("immutable target attribute `{name}` is written on every update"),
            "use `\"flowType\": \"ObjectAddOnly\"` so it is set only on creation",
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2"), "{findings:?}");
    }
}
