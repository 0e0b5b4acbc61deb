//! GitLab Code Quality: a JSON array with one issue per finding
//! (`description`, `check_name`, `fingerprint`, `severity`, `location.path`,
//! `location.lines.begin`), shown in merge requests when a job publishes it as its
//! `codequality` report.
//!
//! Severities: `error` → `major`, `warning` → `minor`, `info` → `info` (GitLab's
//! `critical` and `blocker` are not used). Paths are relative to the repository
//! root. Fingerprints come from the function behind SARIF's `partialFingerprints`
//! ([`fingerprint`]), over the code, the file and identity path, and the message, so
//! an issue keeps its fingerprint when `synclens fmt` or a new export moves it and
//! GitLab can tell new issues from fixed ones; a fingerprint already in the report (the same finding
//! twice at one identity path) is hashed again with its occurrence number, as GitLab
//! wants them unique.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::validate::finding::fingerprint;
use crate::validate::{Severity, ValidationReport};

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The report as a GitLab Code Quality report. `path_of` turns a path as given
/// into a repository-relative path.
pub fn validation_report(report: &ValidationReport, path_of: &dyn Fn(&str) -> String) -> String {
    let mut issues = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for file in &report.files {
        let path = path_of(&file.path).replace('\\', "/");
        let path = path.strip_prefix("./").unwrap_or(&path).to_owned();
        for finding in &file.findings {
            let identity = format!("{path}:{}", finding.identity_path);
            let mut print = fingerprint(finding.code, &identity, &finding.message);
            let count = seen.entry(print.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                print = fingerprint(
                    finding.code,
                    &format!("{identity}#{count}"),
                    &finding.message,
                );
            }
            issues.push(json!({
                "description": crate::escape::controls(&format!(
                    "{} {}: {} ({})",
                    finding.code, finding.name, finding.message, finding.help
                )),
                "check_name": finding.code,
                "fingerprint": print,
                "severity": severity(finding.severity),
                "location": {
                    "path": path,
                    "lines": {"begin": finding.line},
                },
            }));
        }
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default();
    text.push('\n');
    text
}
