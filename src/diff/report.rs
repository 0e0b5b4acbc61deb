//! The report of a diff: the changes worst first ([`sort`], by [`section`]), their
//! totals ([`DiffSummary`]) and the findings of validating the new side
//! ([`NewSideFinding`]); filtering of server-maintained values and `--ignore`
//! patterns happens when the report is built.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::DiffOptions;
use super::change::{self, Change, Impact};
use super::path::{self, Segment};

/// Counts by impact.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DiffSummary {
    /// Breaking changes.
    pub breaking: usize,
    /// Changes that need review.
    pub needs_review: usize,
    /// Compatible changes.
    pub compatible: usize,
    /// Whether a schema changed: the job restarts in an initial cycle.
    pub initial_cycle: bool,
    /// Changes dropped by `--ignore` patterns (not counted above).
    pub ignored: usize,
    /// What the change does to a sample population (`diff --sample`); each change's
    /// own part is its `sample`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleSummary>,
}

/// The totals of `diff --sample`: `summary.sample` in JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SampleSummary {
    /// The object mapping compared (as the new schema names it).
    pub object_mapping: String,
    /// The source object it reads (`user`, `User`): what the sample's rows are.
    pub source_object: String,
    /// Objects of the sample previewed.
    pub objects: usize,
    /// Rows of the sample skipped (not an object).
    pub skipped: usize,
    /// Objects that enter scope: the service starts provisioning them.
    pub entering_scope: usize,
    /// Objects that leave scope: the service disables or deletes them.
    pub leaving_scope: usize,
    /// Objects in scope with both schemas that get another value of at least one
    /// target attribute.
    pub changed_objects: usize,
    /// Of those, per target attribute, how many get another value of it.
    pub changed_by_target: BTreeMap<String, usize>,
    /// Objects whose expressions raise an error with the new schema and did not before.
    pub new_errors: usize,
    /// Values of a unique target that two or more objects in scope share with the new
    /// schema and did not with the old.
    pub collisions: usize,
    /// What the sample shows that no change of the report explains (a change hidden by
    /// `--ignore`, or to a definition an expression reads); absent when every part is
    /// shown at a change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unattributed: Option<super::change::ChangeSample>,
}

/// A finding of validating the new side (error level, or warnings when asked), shown
/// above the changes: a change that makes the new side invalid is worse than any
/// impact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewSideFinding {
    /// The file (relative path) for folder diffs; `null` for two files.
    pub file: Option<String>,
    /// Rule code (e.g. `R203`).
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    /// Severity after the configuration is applied.
    pub severity: crate::validate::Severity,
    /// 1-based line in the new document.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl NewSideFinding {
    /// The finding of `validate` for the new side (`file` for folder diffs).
    pub fn new(file: Option<&str>, finding: &crate::validate::Finding) -> Self {
        NewSideFinding {
            file: file.map(str::to_owned),
            code: finding.code,
            name: finding.name,
            severity: finding.severity,
            line: finding.line,
            column: finding.column,
            message: finding.message.clone(),
        }
    }
}

/// The result of a diff: `synclens diff --format json` prints this.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "synclens diff report")]
pub struct DiffReport {
    /// What validating the new side found, by file and line.
    pub findings: Vec<NewSideFinding>,
    /// Every change, worst first: by impact, then file, then rule › object mapping ›
    /// attribute mapping, then definitions, then path (see [`sort`]).
    pub changes: Vec<Change>,
    /// Totals.
    pub summary: DiffSummary,
}

/// Where a change sits, for ordering and grouping: the section (`(rank, rule,
/// object mapping)`: the document itself, then rules and their object mappings,
/// then directories) and the level inside it (the object mapping's own properties,
/// then its scope, then its attribute mappings).
pub fn section(change: &Change) -> (u8, String, String, u8) {
    match change.path.segments() {
        [
            rule @ Segment::Rule(_),
            mapping @ Segment::ObjectMapping(_),
            inside @ ..,
        ] => {
            let level = match inside.first() {
                Some(Segment::AttributeMapping(_)) => 2,
                Some(Segment::Field(name)) => u8::from(name == "scope"),
                _ => 0,
            };
            (1, rule.to_string(), mapping.to_string(), level)
        }
        [rule @ Segment::Rule(_), ..] => (1, rule.to_string(), String::new(), 0),
        [Segment::Directory(_), ..] => (2, String::new(), String::new(), 0),
        _ => (0, String::new(), String::new(), 0),
    }
}

/// Sorts changes into the order of every output: impact (worst first), file, then
/// sections (the document, rules and their object mappings, directories; among rule
/// sections those holding a broader change first: a rule's own change, then an object
/// mapping's, then an attribute mapping's), then the level inside the section
/// ([`section`]), path and code; never the message text. Equal keys keep the order
/// the differ found them in (the sort is stable).
pub fn sort(changes: &mut [Change]) {
    // How broad a change is: 0 a rule's own, 1 an object mapping's, 2 an attribute
    // mapping's.
    let depth = |c: &Change| {
        let (_, _, mapping, level) = section(c);
        if mapping.is_empty() {
            0
        } else {
            1 + u8::from(level == 2)
        }
    };
    let mut broadest: std::collections::BTreeMap<(Impact, Option<String>, String, String), u8> =
        std::collections::BTreeMap::new();
    for change in changes.iter() {
        let (_, rule, mapping, _) = section(change);
        let key = (change.impact, change.file.clone(), rule, mapping);
        let value = depth(change);
        broadest
            .entry(key)
            .and_modify(|d| *d = (*d).min(value))
            .or_insert(value);
    }
    changes.sort_by_cached_key(|c| {
        let (rank, rule, mapping, level) = section(c);
        let key = (c.impact, c.file.clone(), rule, mapping);
        let broadest = broadest.get(&key).copied().unwrap_or(0);
        let (impact, file, rule, mapping) = key;
        (
            std::cmp::Reverse(impact),
            file,
            rank,
            broadest,
            rule,
            mapping,
            level,
            c.path.to_string(),
            c.code,
        )
    });
}

impl DiffReport {
    /// A report over these changes (filtered, sorted, counted).
    pub(crate) fn new(
        mut changes: Vec<Change>,
        initial_cycle: bool,
        options: &DiffOptions,
    ) -> Self {
        changes.retain(|change| {
            let noise = change::lookup(change.code).is_some_and(|meta| meta.noise);
            options.all || !noise
        });
        let before = changes.len();
        if !options.ignore.is_empty() {
            changes.retain(|change| {
                let text = change.path.to_string();
                !options
                    .ignore
                    .iter()
                    .any(|pattern| path::wildcard_match(pattern, &text))
            });
        }
        let ignored = before - changes.len();
        sort(&mut changes);
        let mut summary = DiffSummary {
            initial_cycle,
            ignored,
            ..DiffSummary::default()
        };
        for change in &changes {
            match change.impact {
                Impact::Breaking => summary.breaking += 1,
                Impact::NeedsReview => summary.needs_review += 1,
                Impact::Compatible => summary.compatible += 1,
            }
        }
        DiffReport {
            findings: Vec::new(),
            changes,
            summary,
        }
    }

    /// The report with the findings of validating the new side, ordered by file,
    /// line and column.
    #[must_use]
    pub fn with_findings(mut self, mut findings: Vec<NewSideFinding>) -> Self {
        findings.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
        });
        self.findings = findings;
        self
    }

    /// The highest impact of any change.
    pub fn max_impact(&self) -> Option<Impact> {
        self.changes.iter().map(|change| change.impact).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::path::ChangePath;

    fn change(impact: Impact, path: &str, code: &'static str) -> Change {
        let mut change = crate::diff::folders::file_change("x", true);
        change.file = None;
        change.impact = impact;
        change.code = code;
        change.path = path.split('/').fold(ChangePath::root(), |path, segment| {
            match segment.split_once('[') {
                Some((collection, key)) => {
                    path.entry(collection, key.strip_suffix(']').unwrap_or(key))
                }
                None => path.field(segment),
            }
        });
        change
    }

    #[test]
    fn worst_first_then_rule_object_mapping_attribute_then_definitions() {
        let mut changes = [
            change(Impact::NeedsReview, "directories[AD]/objects[user]", "O203"),
            change(
                Impact::Compatible,
                "rules[1]/objectMappings[A]/enabled",
                "M504",
            ),
            change(
                Impact::NeedsReview,
                "rules[1]/objectMappings[A]/attributeMappings[b]/source",
                "T603",
            ),
            change(
                Impact::NeedsReview,
                "rules[1]/objectMappings[A]/scope",
                "S704",
            ),
            change(
                Impact::NeedsReview,
                "rules[1]/objectMappings[A]/flowTypes",
                "M508",
            ),
            change(Impact::NeedsReview, "rules[1]/priority", "R403"),
            change(Impact::Breaking, "rules[1]/objectMappings[B]", "M502"),
            change(Impact::Breaking, "rules[2]", "R402"),
        ];
        sort(&mut changes);
        let codes: Vec<&str> = changes.iter().map(|c| c.code).collect();
        assert_eq!(
            codes,
            [
                "R402", "M502", "R403", "M508", "S704", "T603", "O203", "M504"
            ]
        );
    }
}
