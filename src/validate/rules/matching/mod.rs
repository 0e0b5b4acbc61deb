//! The matching rules: M401 no-matching-attribute and M402 duplicate-matching-priority,
//! how an enabled object mapping finds existing target objects. One pass over each
//! object mapping's attribute mappings.

pub(crate) mod duplicate_matching_priority;
pub(crate) mod no_matching_attribute;

use crate::validate::context::{Context, Sink};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            let matching = duplicate_matching_priority::check(site, sink);
            no_matching_attribute::check(site, matching, sink);
        }
    }
}
