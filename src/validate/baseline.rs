//! Baselines: the findings a team has accepted when it adopts synclens on an existing
//! configuration. `synclens validate --write-baseline FILE` records today's findings
//! by fingerprint; `--baseline FILE` then reports only findings that are not in it.
//!
//! An entry is the finding's code, its file (relative to the baseline's folder, with
//! `/`), its identity path, its [fingerprint](super::Finding::fingerprint) and its
//! message (for people reading the file; matching uses file and fingerprint only).
//! Fingerprints do not depend on array positions or lines, so a baseline still holds
//! after `synclens fmt` and after a new export reorders arrays. Entries are matched as
//! a multiset: two identical findings need two entries. Load failures (`P001`) are
//! never recorded: a file that does not load was not checked.
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     {
//!       "code": "M404",
//!       "file": "exports/schema.json",
//!       "identityPath": "directories[Active Directory]/objects[user]",
//!       "fingerprint": "4f0c…",
//!       "message": "object `user` has a second anchor, `employeeID`"
//!     }
//!   ]
//! }
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::FileReport;

/// The format version this synclens writes and reads.
pub const VERSION: u32 = 1;

/// The code of load failures, which no baseline holds.
const LOAD_ERROR: &str = "P001";

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// The accepted findings, sorted by file, code, identity path, fingerprint and
    /// message.
    pub entries: Vec<Entry>,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Entry {
    /// The file, relative to the baseline's folder (`-` for standard input).
    pub file: String,
    /// The rule's code.
    pub code: String,
    /// The finding's identity path.
    pub identity_path: String,
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// The finding's message when it was recorded.
    pub message: String,
}

/// Why a baseline cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// Not JSON of the baseline's shape.
    #[error("not a synclens baseline: {0}")]
    Json(String),
    /// A format version this synclens does not know.
    #[error("baseline format version {0} is not supported (this synclens reads version {VERSION})")]
    Version(u32),
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Entries of the baseline.
    pub entries: usize,
    /// Entries that matched a finding (which was dropped).
    pub matched: usize,
}

impl Applied {
    /// Entries that matched no finding: fixed, or changed beyond recognition.
    pub fn gone(&self) -> usize {
        self.entries.saturating_sub(self.matched)
    }
}

impl Baseline {
    /// The baseline of these reports; each comes with its file's path relative to the
    /// baseline's folder.
    pub fn of<'a>(reports: impl IntoIterator<Item = (String, &'a FileReport)>) -> Self {
        let mut entries: Vec<Entry> = reports
            .into_iter()
            .flat_map(|(file, report)| {
                report
                    .findings
                    .iter()
                    .filter(|finding| finding.code != LOAD_ERROR)
                    .map(move |finding| Entry {
                        file: file.clone(),
                        code: finding.code.to_owned(),
                        identity_path: finding.identity_path.clone(),
                        fingerprint: finding.fingerprint(),
                        message: finding.message.clone(),
                    })
            })
            .collect();
        entries.sort();
        Baseline {
            version: VERSION,
            entries,
        }
    }

    /// Reads baseline text.
    pub fn parse(text: &str) -> Result<Self, BaselineError> {
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let version: Version =
            serde_json::from_str(text).map_err(|e| BaselineError::Json(e.to_string()))?;
        if version.version != VERSION {
            return Err(BaselineError::Version(version.version));
        }
        serde_json::from_str(text).map_err(|e| BaselineError::Json(e.to_string()))
    }

    /// The baseline as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        // Serializing these plain structs cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Drops the findings the baseline holds from `reports` (each with its file's path
    /// relative to the baseline's folder). Load failures are always kept.
    pub fn apply<'a>(
        &self,
        reports: impl IntoIterator<Item = (String, &'a mut FileReport)>,
    ) -> Applied {
        let mut left: BTreeMap<(String, String), usize> = BTreeMap::new();
        for entry in &self.entries {
            *left
                .entry((entry.file.clone(), entry.fingerprint.clone()))
                .or_default() += 1;
        }
        let mut matched = 0;
        for (file, report) in reports {
            report.findings.retain(|finding| {
                if finding.code == LOAD_ERROR {
                    return true;
                }
                match left.get_mut(&(file.clone(), finding.fingerprint())) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        matched += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        Applied {
            entries: self.entries.len(),
            matched,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Finding, Severity};

    fn finding(code: &'static str, path: &str, pointer: &str) -> Finding {
        Finding {
            code,
            name: "x",
            severity: Severity::Warning,
            pointer: pointer.to_owned(),
            identity_path: path.to_owned(),
            line: 1,
            column: 1,
            message: "m".to_owned(),
            help: String::new(),
            related: Vec::new(),
            snippet: None,
        }
    }

    fn report(findings: Vec<Finding>) -> FileReport {
        FileReport {
            path: "a.json".to_owned(),
            kind: Some("schema".to_owned()),
            findings,
        }
    }

    #[test]
    fn entries_match_by_file_and_fingerprint_as_a_multiset() {
        let recorded = report(vec![
            finding("M404", "objects[a]", "/objects/0"),
            finding("M404", "objects[a]", "/objects/0"),
            finding("P001", "", ""),
        ]);
        let baseline = Baseline::of([("a.json".to_owned(), &recorded)]);
        assert_eq!(baseline.entries.len(), 2, "P001 is never recorded");
        let text = baseline.to_json();
        assert_eq!(Baseline::parse(&text).unwrap(), baseline);

        let mut now = report(vec![
            finding("M404", "objects[a]", "/objects/5"),
            finding("M404", "objects[a]", "/objects/6"),
            finding("M404", "objects[a]", "/objects/7"),
            finding("M404", "objects[b]", "/objects/1"),
            finding("P001", "", ""),
        ]);
        let applied = baseline.apply([("a.json".to_owned(), &mut now)]);
        assert_eq!(applied.matched, 2);
        assert_eq!(applied.gone(), 0);
        assert_eq!(now.findings.len(), 3);

        let mut elsewhere = report(vec![finding("M404", "objects[a]", "/objects/0")]);
        let applied = baseline.apply([("b.json".to_owned(), &mut elsewhere)]);
        assert_eq!((applied.matched, applied.gone()), (0, 2));
        assert_eq!(elsewhere.findings.len(), 1);
    }

    #[test]
    fn other_versions_and_shapes_are_errors() {
        assert!(matches!(
            Baseline::parse(r#"{"version": 2, "entries": []}"#),
            Err(BaselineError::Version(2))
        ));
        assert!(matches!(
            Baseline::parse(r#"{"version": 1}"#),
            Err(BaselineError::Json(_))
        ));
        assert!(Baseline::parse("[]").is_err());
    }
}
