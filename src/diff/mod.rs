//! `diff`: what changed between two schemas, jobs, templates or folders of them,
//! matched by identity (never position) and classified by risk.
//!
//! Stages: pair the documents (two files, or files of two folders by relative
//! path) → match entities by [`identity`](crate::identity) keys ([`keyed`]) → compare
//! each matched pair by meaning (expressions as trees, scoping filters as
//! OR-of-AND sets: [`mapping`], [`scope`]) → a [`Change`] per difference with its
//! code and impact from the registry ([`change`]) → filter (server-maintained values
//! hidden unless asked, `--ignore` globs) and sort by path.

pub mod change;
mod differ;
mod keyed;
mod mapping;
pub mod path;
mod schema;
mod scope;

use schemars::JsonSchema;
use serde::Serialize;

pub use change::{Change, ChangeKind, ChangeMeta, Impact};
pub use path::SemanticPath;

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
}

/// The result of a diff: `synclens diff --format json` prints this.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "synclens diff report")]
pub struct DiffReport {
    /// Every change, sorted by file and path.
    pub changes: Vec<Change>,
    /// Totals.
    pub summary: DiffSummary,
}

impl DiffReport {
    /// A report over these changes (filtered, sorted, counted).
    pub fn new(mut changes: Vec<Change>, initial_cycle: bool, options: &DiffOptions) -> Self {
        changes.retain(|change| {
            let noise = change::lookup(change.code).is_some_and(|meta| meta.noise);
            (options.all || !noise)
                && !options
                    .ignore
                    .iter()
                    .any(|pattern| path::wildcard_match(pattern, &change.path))
        });
        changes.sort_by(|a, b| {
            (&a.file, &a.path, a.code, &a.message).cmp(&(&b.file, &b.path, b.code, &b.message))
        });
        let mut summary = DiffSummary {
            initial_cycle,
            ..DiffSummary::default()
        };
        for change in &changes {
            match change.impact {
                Impact::Breaking => summary.breaking += 1,
                Impact::NeedsReview => summary.needs_review += 1,
                Impact::Compatible => summary.compatible += 1,
            }
        }
        DiffReport { changes, summary }
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
                self.secrets(&root, before.items(), after.items());
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
            let secret = crate::validate::rules::secrets::looks_like_credential(key);
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

    fn secrets(
        &mut self,
        place: &Place,
        old: &[crate::model::SynchronizationSecretKeyStringValuePair],
        new: &[crate::model::SynchronizationSecretKeyStringValuePair],
    ) {
        let list = place.field("value");
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
            let here = &entry.place;
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
