//! Application templates: description, metadata and the template's schema.

use super::change;
use super::differ::{Differ, Place};
use crate::model::SynchronizationTemplate;

impl Differ<'_> {
    pub(super) fn template(
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
}
