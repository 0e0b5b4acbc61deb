//! S104 unknown-property: a property the Graph model does not define, with the
//! nearest known name. OData annotations and documented legacy fields are known.

use crate::model::facts::is_odata_annotation;
use crate::model::walk::Visitor;
use crate::pointer::JsonPointer;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;
use crate::validate::suggest;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "S104",
    name: "unknown-property",
    severity: Severity::Warning,
    summary: "A property that the Graph synchronization model does not define on this object \
              (OData annotations such as `@odata.type` and documented legacy fields such as \
              `provisioningTaskIdentifier` are not reported).",
    why: "Usually a misspelling: Graph ignores unknown properties on PUT, so a misspelled \
          `flowBehaviour` silently leaves the default in place.",
    example: "```json\n{\"targetAttributeName\": \"mail\", \"flowBehaviour\": \"FlowAlways\"}\n```\n\n\
              Did you mean `flowBehavior`?",
};

/// Properties the docs show on older documents (SPEC.md §0.1, §1.3), by Graph type.
const LEGACY: &[(&str, &str)] = &[
    ("synchronizationSchema", "provisioningTaskIdentifier"),
    ("synchronizationSchema", "metadata"),
    ("directoryDefinition", "metadata"),
];

/// Reports through the walk.
pub(crate) struct UnknownProperties<'s> {
    pub(crate) sink: &'s mut Sink,
    pub(crate) with_members: bool,
}

impl Visitor for UnknownProperties<'_> {
    fn unknown_property(
        &mut self,
        at: &JsonPointer,
        type_name: &'static str,
        key: &str,
        known: &'static [&'static str],
    ) {
        if is_odata_annotation(key)
            || LEGACY
                .iter()
                .any(|(owner, name)| *owner == type_name && *name == key)
        {
            return;
        }
        let candidates = known.iter().copied().filter(|name| !name.starts_with('@'));
        let help = match suggest::nearest(key, candidates) {
            Some(name) => {
                format!("did you mean `{name}`? Graph ignores properties it does not know")
            }
            None => format!(
                "{type_name} has no such property; remove it, or keep it if a newer Graph \
                 version defines it"
            ),
        };
        self.sink.report(
            &META,
            at.key(key),
            format!("`{key}` is not a property of {type_name}"),
            help,
        );
    }

    fn unknown_member(
        &mut self,
        at: &JsonPointer,
        type_name: &'static str,
        text: &str,
        members: &[&'static str],
        open: bool,
    ) {
        // Graph writes "" where it has no value (SPEC.md §0.1): not a misspelling.
        if self.with_members && !text.trim().is_empty() {
            super::enum_members::report(self.sink, at, type_name, text, members, open);
        }
    }
}

/// Walks the document for unknown properties and enum members.
pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    cx.document.walk(&mut UnknownProperties {
        sink,
        with_members: true,
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/attributeMappings/2/flowBehaviour"), "{findings:?}");
    }
}
