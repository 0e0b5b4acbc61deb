//! X801 secret-values: a document that carries credentials. The value is masked in
//! every output.

use crate::model::facts::looks_like_credential;
use crate::model::{Document, SynchronizationSecret, SynchronizationSecretKeyStringValuePair};
use crate::pointer::JsonPointer;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "X801",
    name: "secret-values",
    severity: Severity::Warning,
    summary: "A credential value (a secrets or validateCredentials body's `SecretToken`, \
              `Password`, `ClientSecret`, …, or a job setting whose name says secret, password \
              or token) is present in the document. synclens never shows the value: it is \
              masked in human output and left out of JSON and SARIF.",
    why: "Documents checked by synclens usually end up in a repository; a committed credential \
          is a leaked credential.",
    example: "```json\n{\"value\": [{\"key\": \"SecretToken\", \"value\": \"…\"}]}\n```\n\nRemove \
              the value before committing; keep secrets in a vault.",
};

/// Reports each credential among key/value `pairs` (the array at `list`), masked.
fn report_pairs(
    sink: &mut Sink,
    list: &JsonPointer,
    pairs: &[SynchronizationSecretKeyStringValuePair],
) {
    for (index, pair) in pairs.iter().enumerate() {
        let Some(value) = pair.value.as_str().filter(|v| !v.is_empty()) else {
            continue;
        };
        let Some(key) = pair.key.get() else { continue };
        let credential = key.known().map_or_else(
            || looks_like_credential(key.as_str()),
            SynchronizationSecret::is_credential,
        );
        if credential {
            let name = key.as_str();
            sink.report(
                &META,
                list.index(index).key("value"),
                format!("the document carries the value of secret `{name}`"),
                "remove the value before committing the file; keep credentials in a vault",
            )
            .mask(value);
        }
    }
}

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    let root = JsonPointer::root();
    match cx.document {
        Document::Secrets(list) => report_pairs(sink, &root.key("value"), list.items()),
        Document::Credentials(body) => report_pairs(sink, &root.key("credentials"), body.items()),
        _ => {}
    }
    for (at, job) in &cx.jobs {
        for (index, setting) in job.settings().iter().enumerate() {
            let (Some(name), Some(value)) = (setting.name.as_str(), setting.value.as_str()) else {
                continue;
            };
            if !value.is_empty() && looks_like_credential(name) {
                sink.report(
                    &META,
                    at.key("synchronizationJobSettings")
                        .index(index)
                        .key("value"),
                    format!("job setting `{name}` carries a credential"),
                    "remove the value before committing the file; keep credentials in a vault",
                )
                .mask(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/value/1/value"), "{findings:?}");
    }
}
