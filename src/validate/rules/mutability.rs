//! M405 read-only-target, M406 always-into-immutable and M407
//! required-target-unmapped: what the target attribute's definition allows.

use std::collections::HashSet;

use crate::model::{AttributeFlowType, Enum, Mutability, ObjectFlowTypes};
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::registry::RuleMeta;

/// Registry entry of M405.
pub(crate) static READ_ONLY: RuleMeta = RuleMeta {
    code: "M405",
    name: "read-only-target",
    severity: Severity::Error,
    summary: "An attribute mapping writes a target attribute whose `mutability` is `ReadOnly`.",
    why: "The target system refuses the write: every export of the object fails.",
    example: "```json\n{\"name\": \"objectGUID\", \"mutability\": \"ReadOnly\"}\n```\n\nwith a \
              mapping targeting `objectGUID`: remove the mapping.",
};

/// Registry entry of M406.
pub(crate) static ALWAYS_IMMUTABLE: RuleMeta = RuleMeta {
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

/// Registry entry of M407.
pub(crate) static REQUIRED_UNMAPPED: RuleMeta = RuleMeta {
    code: "M407",
    name: "required-target-unmapped",
    severity: Severity::Warning,
    summary: "A target attribute marked `required: true` has no attribute mapping in an \
              enabled object mapping that creates objects (`flowTypes` has `Add`).",
    why: "Creating an object without a required attribute fails in the target system.",
    example: "```json\n{\"name\": \"userName\", \"required\": true}\n```\n\nwith no mapping \
              targeting `userName`: add one.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            let Some(target) = site.target else { continue };
            let mut mapped = HashSet::new();
            let at = site.at.key("attributeMappings");
            for (index, mapping) in site.mapping.attribute_mappings().iter().enumerate() {
                let Some(name) = mapping.target_attribute_name.as_str() else {
                    continue;
                };
                mapped.insert(name.to_lowercase());
                let Some((_, definition)) = view.attribute(target, name).found() else {
                    continue;
                };
                let mutability = definition.mutability.get().and_then(Enum::known);
                if mutability == Some(Mutability::ReadOnly) {
                    sink.report(
                        &READ_ONLY,
                        at.index(index).key("targetAttributeName"),
                        format!("target attribute `{name}` is read-only"),
                        "remove the mapping; the target system does not accept writes to it",
                    )
                    .related(view.object_pointer(target), "the target object");
                }
                let always = mapping.flow_type.is_absent()
                    || mapping
                        .flow_type
                        .get()
                        .is_some_and(|f| f.is(AttributeFlowType::Always));
                if mutability == Some(Mutability::Immutable) && always {
                    sink.report(
                        &ALWAYS_IMMUTABLE,
                        at.index(index),
                        format!("immutable target attribute `{name}` is written on every update"),
                        "use `\"flowType\": \"ObjectAddOnly\"` so it is set only on creation",
                    );
                }
            }
            let adds = site
                .mapping
                .flow_types
                .get()
                .is_none_or(|flags| flags.contains(ObjectFlowTypes::Add));
            if !site.mapping.is_enabled() || !adds {
                continue;
            }
            for attribute in target.definition.attributes() {
                let Some(name) = attribute.name.as_str() else {
                    continue;
                };
                let read_only = attribute
                    .mutability
                    .get()
                    .is_some_and(|m| m.is(Mutability::ReadOnly));
                if attribute.required.get() == Some(&true)
                    && !read_only
                    && attribute.anchor.get() != Some(&true)
                    && !mapped.contains(&name.to_lowercase())
                {
                    let mapping_name = site.mapping.name.as_str().unwrap_or_default();
                    sink.report(
                        &REQUIRED_UNMAPPED,
                        site.at.key("attributeMappings"),
                        format!(
                            "required target attribute `{name}` has no mapping in `{mapping_name}`"
                        ),
                        "add an attribute mapping for it, or objects cannot be created",
                    )
                    .related(view.object_pointer(target), "the target object");
                }
            }
        }
    }
}
