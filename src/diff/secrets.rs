//! Secrets and validateCredentials bodies: key/value pairs compared by key,
//! credential values never shown, `SyncAll` as a change of scope.

use serde_json::Value;

use super::change::{self, ChangeKind};
use super::differ::{self, Differ, Place};
use super::keyed::matched;
use crate::identity::Key;

impl Differ<'_> {
    /// Compares the key/value pairs of a secrets body (`value`) or of a
    /// validateCredentials body (`credentials`) by key. Credentials (recognised as
    /// validate's X801 does) are never shown; other keys are settings and are shown,
    /// and `SyncAll` is a change of scope.
    pub(super) fn secrets(
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
            self.record_values(meta, kind, here, before, after, message);
        }
    }
}
