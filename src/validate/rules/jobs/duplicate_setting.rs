//! J703 duplicate-setting: two `synchronizationJobSettings` entries of one name.

use std::collections::HashMap;

use crate::model::SynchronizationJob;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry .
pub(crate) static META: RuleMeta = RuleMeta {
    code: "J703",
    name: "duplicate-setting",
    severity: Severity::Error,
    summary: "Two `synchronizationJobSettings` entries share a name.",
    why: "Which value applies is undefined.",
    example: "```json\n[{\"name\": \"QuarantineTooManyDeletesThreshold\", \"value\": \"500\"},\n \
              {\"name\": \"QuarantineTooManyDeletesThreshold\", \"value\": \"50\"}]\n```\n\nKeep one.",
};

/// Reports every setting whose name an earlier one has.
pub(super) fn check(at: &JsonPointer, job: &SynchronizationJob, sink: &mut Sink) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let settings_at = at.key("synchronizationJobSettings");
    for (index, setting) in job.settings().iter().enumerate() {
        let Some(name) = setting.name.as_str() else {
            continue;
        };
        if let Some(first) = seen.get(name) {
            sink.report(
                &META,
                settings_at.index(index).key("name"),
                format!("setting `{name}` appears twice"),
                "keep one entry per setting",
            )
            .related(settings_at.index(*first).key("name"), "first entry");
        } else {
            seen.insert(name, index);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationJobSettings/3/name"), "{findings:?}");
    }
}
