//! SARIF 2.1.0, as GitHub code scanning accepts it: rule metadata from the registry,
//! repository-relative URIs, one result per finding with its line, column (in
//! Unicode code points: the run's `columnKind` says so), JSON pointer and identity
//! path (as logical locations). Secret values never appear:
//! findings carry no snippets.
//!
//! `partialFingerprints` hold the finding's [fingerprint](crate::validate::Finding::fingerprint)
//! (code, identity path and normalized message), not its pointer or line: code
//! scanning keeps an alert open, rather than closing it and opening another, when
//! `synclens fmt` or a new export moves the place within its arrays.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::validate::registry::{self, RuleMeta};
use crate::validate::{Severity, ValidationReport};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a relative path for a SARIF `uri` (RFC 3986: unreserved
/// characters and `/` stay).
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn rule(meta: &RuleMeta) -> Value {
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": meta.why},
        "help": {
            "text": format!("{}\n\n{}", meta.summary, meta.why),
            "markdown": registry::explain(meta),
        },
        "defaultConfiguration": {"level": level(meta.severity)},
        "properties": {"tags": ["entra-provisioning"]},
    })
}

/// The report as a SARIF log. `uri_of` turns a path as given into a
/// repository-relative path.
pub fn validation_report(
    report: &ValidationReport,
    version: &str,
    uri_of: &dyn Fn(&str) -> String,
) -> String {
    let rules = registry::rules();
    let mut results = Vec::new();
    for file in &report.files {
        let location = uri(&uri_of(&file.path));
        for finding in &file.findings {
            let rule_index = rules.iter().position(|m| m.code == finding.code);
            let related: Vec<Value> = finding
                .related
                .iter()
                .enumerate()
                .map(|(id, related)| {
                    json!({
                        "id": id,
                        "message": {"text": related.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": location, "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": related.line, "startColumn": related.column},
                        },
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": finding.code,
                "level": level(finding.severity),
                "message": {"text": format!("{}. {}", finding.message, finding.help)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": location, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    },
                    "logicalLocations": [
                        {"fullyQualifiedName": finding.pointer, "kind": "member"},
                        {"name": "identityPath", "fullyQualifiedName": finding.identity_path, "kind": "element"},
                    ],
                }],
                "partialFingerprints": {
                    "synclens/v2": finding.fingerprint(),
                },
            });
            if let (Some(object), Some(index)) = (result.as_object_mut(), rule_index) {
                object.insert("ruleIndex".to_owned(), json!(index));
            }
            if let Some(object) = result.as_object_mut().filter(|_| !related.is_empty()) {
                object.insert("relatedLocations".to_owned(), Value::Array(related));
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "synclens",
                "version": version,
                "semanticVersion": version,
                "rules": rules.iter().map(|m| rule(m)).collect::<Vec<_>>(),
            }},
            // Columns count characters of the decoded text (see `Finding::column`).
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The repository root."}}},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("./exports/my schema.json"), "exports/my%20schema.json");
        assert_eq!(uri("a\\b.json"), "a/b.json");
    }
}
