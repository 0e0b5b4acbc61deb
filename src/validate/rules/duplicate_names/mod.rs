//! The duplicate names: U301 duplicate-directory, U302 duplicate-object and U303
//! duplicate-attribute (compared case-insensitively, as Graph does), from the name
//! indexes of each schema in one pass.

pub(crate) mod duplicate_attribute;
pub(crate) mod duplicate_directory;
pub(crate) mod duplicate_object;

use crate::validate::context::{Context, Sink};
use crate::validate::rule::RuleMeta;

/// Reports the second definition of a name, with the first as related.
fn report(
    sink: &mut Sink,
    meta: &'static RuleMeta,
    what: &str,
    name: &str,
    first: crate::pointer::JsonPointer,
    duplicate: crate::pointer::JsonPointer,
) {
    sink.report(
        meta,
        duplicate,
        format!("{what} `{name}` is defined twice"),
        format!("keep one {what} named `{name}` (names are compared ignoring case)"),
    )
    .related(first, format!("first definition of `{name}`"));
}

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        duplicate_directory::check(view, sink);
        for (d, directory) in view.schema.directories().iter().enumerate() {
            let objects_at = view.directory_pointer(d).key("objects");
            duplicate_object::check(view, d, directory, &objects_at, sink);
            for (o, object) in directory.objects().iter().enumerate() {
                let attributes_at = objects_at.index(o).key("attributes");
                duplicate_attribute::check(view, (d, o), object, &attributes_at, sink);
            }
        }
    }
}
