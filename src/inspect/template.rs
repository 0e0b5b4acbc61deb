//! What `inspect` reports about a template: id, factory tag, and its schema.

use super::{Detail, Summary, text};
use crate::model::SynchronizationTemplate;

impl Summary {
    pub(super) fn add_template(&mut self, template: &SynchronizationTemplate, detail: Detail) {
        self.id = text(&template.id);
        self.factory_tag = text(&template.factory_tag);
        if let Some(schema) = template.schema.get() {
            self.add_schema(schema, detail);
        }
    }
}
