//! Pairing two documents by kind: schemas, jobs, templates, their lists, secrets
//! bodies and catalogs go to their own comparisons; documents of different kinds
//! compare only the schemas both carry.

use super::change::{self, ChangeKind};
use super::differ::{Differ, Place};
use super::keyed::matched;
use super::path::ChangePath;
use crate::identity::Key;
use crate::model::{Document, SynchronizationSchema};
use crate::pointer::JsonPointer;

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
    pub(super) fn documents(&mut self, old: &Document, new: &Document) {
        let root = Place::both(ChangePath::root(), JsonPointer::root(), JsonPointer::root());
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
                );
                if let (Some((old_at, before)), Some((new_at, after))) =
                    (schema_of(old), schema_of(new))
                {
                    let place = Place::both(ChangePath::root(), old_at, new_at);
                    self.schema_at(&place, before, after);
                }
            }
        }
    }

    pub(super) fn schema_at(
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
}
