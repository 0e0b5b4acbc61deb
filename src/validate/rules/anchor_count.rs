//! M404 anchor-count: an object should have exactly one anchor attribute.

use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "M404",
    name: "anchor-count",
    severity: Severity::Warning,
    summary: "An object that some object mapping uses has more than one attribute with \
              `anchor: true`, or none.",
    why: "The anchor identifies an object for its whole life; with two, which one the service \
          uses is not documented. Real, customised exports do carry two (a deliberate second \
          anchor can be ignored in synclens.toml), hence a warning. Objects no mapping uses are \
          not checked: directory catalogs list many of them without anchors.",
    example: "```json\n{\"name\": \"user\", \"attributes\": [{\"name\": \"objectGUID\", \"anchor\": \
              true},\n {\"name\": \"employeeID\", \"anchor\": true}]}\n```\n\nKeep one anchor.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        let mut used = Vec::new();
        for site in view.object_mappings() {
            used.extend(site.source);
            used.extend(site.target);
        }
        used.sort_by_key(|o| (o.directory, o.object));
        used.dedup_by_key(|o| (o.directory, o.object));
        for object in used {
            let anchors: Vec<usize> = object
                .definition
                .attributes()
                .iter()
                .enumerate()
                .filter(|(_, a)| a.anchor.get() == Some(&true))
                .map(|(i, _)| i)
                .collect();
            let at = view.object_pointer(object);
            let name = object.definition.name.as_str().unwrap_or_default();
            match anchors.as_slice() {
                [_] => {}
                [] => {
                    sink.report(
                        &META,
                        at,
                        format!("object `{name}` has no anchor attribute"),
                        "mark the attribute that identifies the object for life with `anchor: true`",
                    );
                }
                [first, rest @ ..] => {
                    for extra in rest {
                        let attribute = object
                            .definition
                            .attributes()
                            .get(*extra)
                            .and_then(|a| a.name.as_str())
                            .unwrap_or_default();
                        sink.report(
                            &META,
                            at.key("attributes").index(*extra).key("anchor"),
                            format!("object `{name}` has a second anchor, `{attribute}`"),
                            "keep one anchor; ignore this finding in synclens.toml if the \
                             second one is deliberate",
                        )
                        .related(
                            at.key("attributes").index(*first).key("anchor"),
                            "first anchor",
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
        assert!(findings.iter().any(|f| f.pointer == "/directories/1/objects/0/attributes/1/anchor"), "{findings:?}");
    }
}
