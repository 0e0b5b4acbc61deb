//! `diff`: what changed between two schemas, jobs, templates or folders of them,
//! matched by identity (never position) and classified by risk.
//!
//! Stages: pair the documents (two files, or files of two folders by relative
//! path) → match entities by [`identity`](crate::identity) keys ([`keyed`]) → compare
//! each matched pair by meaning (expressions as trees, scoping filters as
//! OR-of-AND sets: [`mapping`], [`scope`]) → a [`Change`] per difference with its
//! code and impact from the registry ([`change`]) → filter (server-maintained values
//! hidden unless asked, `--ignore` globs) and sort worst first ([`sort`]). The
//! findings of validating the new side travel with the report ([`NewSideFinding`]).

pub mod change;
mod differ;
mod keyed;
mod mapping;
pub mod path;
mod report_schema;
mod schema;
mod scope;

use schemars::JsonSchema;
use serde::Serialize;

pub use change::{Change, ChangeKind, ChangeMeta, Impact};
pub use path::SemanticPath;
pub use report_schema::report_schema;

use serde_json::Value;

use crate::identity::Key;
use crate::load::Loaded;
use crate::model::{
    Document, KeyValuePair, SynchronizationJob, SynchronizationSchema, SynchronizationTemplate,
};
use crate::pointer::JsonPointer;
use differ::{Differ, Place, Side, name_keys};
use keyed::{Pair, match_by_key, matched};

/// What to report.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Also report server-maintained values (versions, OData annotations, ids, status).
    pub all: bool,
    /// Template-vs-job mode: summarise what the job discovered where the template
    /// lists nothing.
    pub customizations: bool,
    /// Drop changes whose semantic path matches one of these patterns (`*` matches
    /// anything; see [`path::wildcard_match`]).
    pub ignore: Vec<String>,
}

/// Counts by impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
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
pub fn section(change: &Change) -> (u8, &str, &str, u8) {
    let segments = &change.segments;
    let segment = |index: usize| segments.get(index).map_or("", String::as_str);
    let (first, second, third) = (segment(0), segment(1), segment(2));
    if first.starts_with("rules[") {
        if second.starts_with("objectMappings[") {
            let level = if third.starts_with("attributeMappings[") {
                2
            } else {
                u8::from(third == "scope")
            };
            (1, first, second, level)
        } else {
            (1, first, "", 0)
        }
    } else if first.starts_with("directories[") {
        (2, "", "", 0)
    } else {
        (0, "", "", 0)
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
        let key = (
            change.impact,
            change.file.clone(),
            rule.to_owned(),
            mapping.to_owned(),
        );
        let value = depth(change);
        broadest
            .entry(key)
            .and_modify(|d| *d = (*d).min(value))
            .or_insert(value);
    }
    changes.sort_by_cached_key(|c| {
        let (rank, rule, mapping, level) = section(c);
        let key = (
            c.impact,
            c.file.clone(),
            rule.to_owned(),
            mapping.to_owned(),
        );
        (
            std::cmp::Reverse(c.impact),
            c.file.clone(),
            rank,
            broadest.get(&key).copied().unwrap_or(0),
            rule.to_owned(),
            mapping.to_owned(),
            level,
            c.path.clone(),
            c.code,
        )
    });
}

impl DiffReport {
    /// A report over these changes (filtered, sorted, counted).
    pub fn new(mut changes: Vec<Change>, initial_cycle: bool, options: &DiffOptions) -> Self {
        changes.retain(|change| {
            let noise = change::lookup(change.code).is_some_and(|meta| meta.noise);
            options.all || !noise
        });
        let before = changes.len();
        changes.retain(|change| {
            !options
                .ignore
                .iter()
                .any(|pattern| path::wildcard_match(pattern, &change.path))
        });
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

/// Changes between two loaded documents, and whether a schema changed.
pub fn diff_loaded(
    old: &Loaded,
    new: &Loaded,
    file: Option<&str>,
    options: &DiffOptions,
) -> (Vec<Change>, bool) {
    let mut differ = Differ::new(
        Side {
            source: &old.source,
        },
        Side {
            source: &new.source,
        },
        file.map(str::to_owned),
    );
    differ.customizations = options.customizations;
    differ.documents(&old.document, &new.document);
    let initial_cycle = differ.schema_changed;
    (differ.changes, initial_cycle)
}

/// The change for a file present only on one side of a folder diff.
pub fn file_change(file: &str, added: bool) -> Change {
    let (meta, kind, message) = if added {
        (
            &change::FILE_ADDED,
            ChangeKind::Added,
            format!("file `{file}` added"),
        )
    } else {
        (
            &change::FILE_REMOVED,
            ChangeKind::Removed,
            format!("file `{file}` removed"),
        )
    };
    Change {
        file: Some(file.to_owned()),
        code: meta.code,
        name: meta.name,
        impact: meta.impact,
        kind,
        path: String::new(),
        old_pointer: (!added).then(String::new),
        new_pointer: added.then(String::new),
        old_line: None,
        new_line: None,
        old: None,
        new: None,
        message,
        segments: Vec::new(),
        expression: false,
    }
}

fn schema_of(document: &Document) -> Option<(JsonPointer, &SynchronizationSchema)> {
    let root = JsonPointer::root();
    match document {
        Document::Schema(schema) => Some((root, schema)),
        Document::Job(job) => job.schema.get().map(|s| (root.key("schema"), s)),
        Document::Template(template) => template.schema.get().map(|s| (root.key("schema"), s)),
        _ => None,
    }
}

impl Differ<'_> {
    fn documents(&mut self, old: &Document, new: &Document) {
        let root = Place::both(
            SemanticPath::root(),
            JsonPointer::root(),
            JsonPointer::root(),
        );
        match (old, new) {
            (Document::Schema(before), Document::Schema(after)) => {
                self.schema_at(&root, before, after);
            }
            (Document::Job(before), Document::Job(after)) => self.job(&root, before, after),
            (Document::Template(before), Document::Template(after)) => {
                self.template(&root, before, after);
            }
            (Document::JobList(before), Document::JobList(after)) => {
                self.keyed_list(
                    &root,
                    "jobs",
                    before.items(),
                    after.items(),
                    |job| job.id.as_str(),
                    Self::job,
                );
                self.compare_rest(
                    &root,
                    &["value"],
                    &["@odata.nextLink"],
                    &change::OTHER_CHANGE,
                    "job list",
                );
            }
            (Document::TemplateList(before), Document::TemplateList(after)) => {
                self.keyed_list(
                    &root,
                    "templates",
                    before.items(),
                    after.items(),
                    |template| template.id.as_str(),
                    Self::template,
                );
                self.compare_rest(
                    &root,
                    &["value"],
                    &[],
                    &change::OTHER_CHANGE,
                    "template list",
                );
            }
            (Document::Secrets(before), Document::Secrets(after)) => {
                self.secrets(&root, "value", before.items(), after.items());
            }
            (Document::Credentials(before), Document::Credentials(after)) => {
                self.secrets(&root, "credentials", before.items(), after.items());
                self.compare_rest(
                    &root,
                    &["credentials"],
                    &[],
                    &change::OTHER_CHANGE,
                    "validateCredentials body",
                );
            }
            (Document::Functions(_), Document::Functions(_))
            | (Document::FilterOperators(_), Document::FilterOperators(_)) => {
                self.catalog(&root);
            }
            _ if old.kind() == new.kind() => {
                let top = JsonPointer::root();
                if self.old.at(&top) != self.new.at(&top) {
                    self.record(
                        &change::OTHER_CHANGE,
                        ChangeKind::Modified,
                        &root,
                        "the documents differ",
                    );
                }
            }
            _ => {
                self.record_values(
                    &change::DOCUMENT_KIND_CHANGED,
                    ChangeKind::Modified,
                    &root,
                    Some(serde_json::Value::from(old.kind().as_str())),
                    Some(serde_json::Value::from(new.kind().as_str())),
                    format!(
                        "comparing a {} with a {}: only their schemas are compared",
                        old.kind(),
                        new.kind()
                    ),
                    false,
                );
                if let (Some((old_at, before)), Some((new_at, after))) =
                    (schema_of(old), schema_of(new))
                {
                    let place = Place::both(SemanticPath::root(), old_at, new_at);
                    self.schema_at(&place, before, after);
                }
            }
        }
    }

    fn schema_at(
        &mut self,
        place: &Place,
        old: &SynchronizationSchema,
        new: &SynchronizationSchema,
    ) {
        let before = self.changes.len();
        self.schema(place, old, new);
        let reportable = self.changes.get(before..).is_some_and(|changes| {
            changes
                .iter()
                .any(|c| change::lookup(c.code).is_some_and(|meta| !meta.noise))
        });
        self.schema_changed |= reportable;
    }

    #[allow(clippy::type_complexity)]
    fn keyed_list<T>(
        &mut self,
        place: &Place,
        collection: &str,
        old: &[T],
        new: &[T],
        id: impl Fn(&T) -> Option<&str>,
        compare: fn(&mut Self, &Place, &T, &T),
    ) {
        let list = place.field("value");
        let entries = matched(&list, &place.path, collection, old, new, |t| {
            id(t).map(Key::name)
        });
        for entry in entries {
            let (key, here) = (&entry.key, &entry.place);
            match (entry.old, entry.new) {
                (Some(before), Some(after)) => compare(self, here, before, after),
                (Some(_), None) => self.record(
                    &change::OTHER_CHANGE,
                    ChangeKind::Removed,
                    here,
                    format!("`{key}` removed"),
                ),
                (None, Some(_)) => self.record(
                    &change::OTHER_CHANGE,
                    ChangeKind::Added,
                    here,
                    format!("`{key}` added"),
                ),
                (None, None) => {}
            }
        }
    }

    fn job(&mut self, place: &Place, old: &SynchronizationJob, new: &SynchronizationJob) {
        let what = format!("job `{}`", new.id.as_str().unwrap_or("?"));
        let schedule = place.field("schedule");
        for field in ["state", "interval", "expiration"] {
            self.compare_field(
                &schedule,
                field,
                &change::SCHEDULE_CHANGED,
                &format!("{what}: schedule"),
            );
        }
        self.compare_rest(
            &schedule,
            &["state", "interval", "expiration"],
            &[],
            &change::SCHEDULE_CHANGED,
            &format!("{what}: schedule"),
        );
        self.settings(place, old.settings(), new.settings(), &what);
        if let (Some(before), Some(after)) = (old.schema.get(), new.schema.get()) {
            self.schema_at(&place.field("schema"), before, after);
        }
        self.compare_rest(
            place,
            &["schedule", "synchronizationJobSettings", "schema"],
            &["id", "status"],
            &change::OTHER_CHANGE,
            &what,
        );
    }

    fn settings(&mut self, place: &Place, old: &[KeyValuePair], new: &[KeyValuePair], what: &str) {
        let list = place.field("synchronizationJobSettings");
        let entries = matched(&list, &place.path, "settings", old, new, |s| {
            s.name.as_str().map(Key::name)
        });
        for entry in entries {
            let key = &entry.key;
            let before = entry.old.and_then(|s| s.value.as_str());
            let after = entry.new.and_then(|s| s.value.as_str());
            let kind = match (entry.old, entry.new) {
                (Some(_), Some(_)) if before == after => continue,
                (Some(_), Some(_)) => ChangeKind::Modified,
                (Some(_), None) => ChangeKind::Removed,
                _ => ChangeKind::Added,
            };
            let here = &entry.place;
            let secret = crate::model::facts::looks_like_credential(key);
            let show = |v: Option<&str>| {
                if secret {
                    "(value hidden)".to_owned()
                } else {
                    differ::short(v.map(serde_json::Value::from).as_ref())
                }
            };
            let message = match kind {
                ChangeKind::Added => format!("{what}: setting `{key}` added ({})", show(after)),
                ChangeKind::Removed => format!("{what}: setting `{key}` removed"),
                ChangeKind::Modified => format!(
                    "{what}: setting `{key}` changed from {} to {}",
                    show(before),
                    show(after)
                ),
            };
            let value =
                |v: Option<&str>| (!secret).then(|| v.map(serde_json::Value::from)).flatten();
            self.record_values(
                &change::JOB_SETTING_CHANGED,
                kind,
                here,
                value(before),
                value(after),
                message,
                false,
            );
        }
    }

    fn template(
        &mut self,
        place: &Place,
        old: &SynchronizationTemplate,
        new: &SynchronizationTemplate,
    ) {
        let what = format!("template `{}`", new.id.as_str().unwrap_or("?"));
        self.compare_field(place, "description", &change::DESCRIPTION_CHANGED, &what);
        self.metadata(place, "metadata", &change::OTHER_CHANGE, &what);
        if let (Some(before), Some(after)) = (old.schema.get(), new.schema.get()) {
            self.schema_at(&place.field("schema"), before, after);
        }
        self.compare_rest(
            place,
            &["description", "metadata", "schema"],
            &["id"],
            &change::OTHER_CHANGE,
            &what,
        );
    }

    /// Compares the key/value pairs of a secrets body (`value`) or of a
    /// validateCredentials body (`credentials`) by key. Credentials (recognised as
    /// validate's X801 does) are never shown; other keys are settings and are shown,
    /// and `SyncAll` is a change of scope.
    fn secrets(
        &mut self,
        place: &Place,
        list: &str,
        old: &[crate::model::SynchronizationSecretKeyStringValuePair],
        new: &[crate::model::SynchronizationSecretKeyStringValuePair],
    ) {
        let list = place.field(list);
        let entries = matched(&list, &place.path, "secrets", old, new, |s| {
            s.key.get().map(|k| Key::name(k.as_str()))
        });
        for entry in entries {
            let name = &entry.key;
            let kind = match (entry.old, entry.new) {
                (Some(before), Some(after)) if before.value == after.value => continue,
                (Some(_), Some(_)) => ChangeKind::Modified,
                (Some(_), None) => ChangeKind::Removed,
                _ => ChangeKind::Added,
            };
            let credential = entry
                .new
                .or(entry.old)
                .and_then(|pair| pair.key.get())
                .is_none_or(|key| {
                    key.known().map_or_else(
                        || crate::model::facts::looks_like_credential(key.as_str()),
                        crate::model::SynchronizationSecret::is_credential,
                    )
                });
            let here = &entry.place;
            if credential {
                let verb = match kind {
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                    ChangeKind::Modified => "changed (values are never shown)",
                };
                self.record_values(
                    &change::OTHER_CHANGE,
                    kind,
                    here,
                    None,
                    None,
                    format!("secret `{name}` {verb}"),
                    false,
                );
                continue;
            }
            let value = |pair: Option<&crate::model::SynchronizationSecretKeyStringValuePair>| {
                pair.and_then(|p| p.value.as_str()).map(Value::from)
            };
            let (before, after) = (value(entry.old), value(entry.new));
            let flag = |v: &Option<Value>| {
                v.as_ref()
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("true"))
            };
            let (meta, note) = if name.eq_ignore_ascii_case("SyncAll")
                && flag(&before) != flag(&after)
            {
                if flag(&after) {
                    (
                        &change::SCOPE_WIDENED,
                        ": every user and group is now in scope, not only assigned ones; scope widened",
                    )
                } else {
                    (
                        &change::SCOPE_NARROWED,
                        ": only assigned users and groups stay in scope; scope narrowed",
                    )
                }
            } else {
                (&change::OTHER_CHANGE, "")
            };
            let message = match kind {
                ChangeKind::Added => {
                    format!(
                        "setting `{name}` added ({}){note}",
                        differ::short(after.as_ref())
                    )
                }
                ChangeKind::Removed => format!("setting `{name}` removed{note}"),
                ChangeKind::Modified => format!(
                    "setting `{name}` changed from {} to {}{note}",
                    differ::short(before.as_ref()),
                    differ::short(after.as_ref())
                ),
            };
            self.record_values(meta, kind, here, before, after, message, false);
        }
    }

    fn catalog(&mut self, place: &Place) {
        let list = place.field("value");
        let names = ["name", "id"];
        let old_items = self.old.named_items(list.old.as_ref(), &names);
        let new_items = self.new.named_items(list.new.as_ref(), &names);
        let (old_keys, new_keys) = (name_keys(&old_items), name_keys(&new_items));
        for pair in match_by_key(&old_keys, &new_keys) {
            let (name, o, n) = match pair {
                Pair::Both(o, n) => (schema::label(new_keys.get(n)), Some(o), Some(n)),
                Pair::Removed(o) => (schema::label(old_keys.get(o)), Some(o), None),
                Pair::Added(n) => (schema::label(new_keys.get(n)), None, Some(n)),
            };
            let here = Place {
                path: place.path.entry("entries", &name),
                old: o
                    .and_then(|o| old_items.get(o))
                    .and_then(|(_, i)| list.old.as_ref().map(|p| p.index(*i))),
                new: n
                    .and_then(|n| new_items.get(n))
                    .and_then(|(_, i)| list.new.as_ref().map(|p| p.index(*i))),
            };
            match (o, n) {
                (Some(_), Some(_)) => {
                    self.compare_rest(&here, &[], &[], &change::OTHER_CHANGE, &format!("`{name}`"));
                }
                (Some(_), None) => self.record(
                    &change::OTHER_CHANGE,
                    ChangeKind::Removed,
                    &here,
                    format!("`{name}` removed"),
                ),
                _ => self.record(
                    &change::OTHER_CHANGE,
                    ChangeKind::Added,
                    &here,
                    format!("`{name}` added"),
                ),
            }
        }
        self.compare_rest(place, &["value"], &[], &change::OTHER_CHANGE, "catalog");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(impact: Impact, path: &str, code: &'static str) -> Change {
        let mut change = file_change("x", true);
        change.file = None;
        change.impact = impact;
        change.code = code;
        change.path = path.to_owned();
        change.segments = path.split('/').map(str::to_owned).collect();
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
