//! J702 job-id-template-mismatch: a job id that does not start with its template id.

use crate::model::SynchronizationJob;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry .
pub(crate) static META: RuleMeta = RuleMeta {
    code: "J702",
    name: "job-id-template-mismatch",
    severity: Severity::Warning,
    summary: "A job id does not start with its `templateId` (ids look like \
              `<templateId>.<hex>`).",
    why: "The job was probably copied from another application's export, or its template \
          changed by hand: the schema may not fit the application. One documented example \
          does this, hence a warning.",
    example: "```json\n{\"id\": \"AD2AADProvisioning.0123\", \"templateId\": \"scim\"}\n```",
};

/// Reports the job's id unless it starts with its template id.
pub(super) fn check(at: &JsonPointer, job: &SynchronizationJob, sink: &mut Sink) {
    if let (Some(id), Some(template)) = (job.id.as_str(), job.template_id.as_str()) {
        let prefix = id.split('.').next().unwrap_or_default();
        if !template.is_empty() && !prefix.eq_ignore_ascii_case(template) {
            sink.report(
                &META,
                at.key("id"),
                format!("job id `{id}` does not start with its template id `{template}`"),
                "check that the job belongs to this application's template",
            )
            .related(at.key("templateId"), "the template id");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/id"), "{findings:?}");
    }
}
