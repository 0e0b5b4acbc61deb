//! Jobs: schedule, job settings (credential-like values hidden) and the job's schema;
//! everything else of a job as other changes.

use super::change::{self, ChangeKind};
use super::differ::{self, Differ, Place};
use super::keyed::matched;
use crate::identity::Key;
use crate::model::{KeyValuePair, SynchronizationJob};

impl Differ<'_> {
    pub(super) fn job(
        &mut self,
        place: &Place,
        old: &SynchronizationJob,
        new: &SynchronizationJob,
    ) {
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
            );
        }
    }
}
