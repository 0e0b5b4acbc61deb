//! U301–U303: duplicate directory, object and attribute names (compared
//! case-insensitively, as Graph does).

use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::registry::RuleMeta;

/// Registry entry of U301.
pub(crate) static DIRECTORY: RuleMeta = RuleMeta {
    code: "U301",
    name: "duplicate-directory",
    severity: Severity::Error,
    summary: "Two directories of a schema share a name (ignoring case).",
    why: "Rules name their directories; with two of one name, which one a rule means is \
          undefined. Graph rejects the schema.",
    example: "```json\n{\"directories\": [{\"name\": \"Workday\"}, {\"name\": \"workday\"}]}\n```\n\n\
              Remove or rename one.",
};

/// Registry entry of U302.
pub(crate) static OBJECT: RuleMeta = RuleMeta {
    code: "U302",
    name: "duplicate-object",
    severity: Severity::Error,
    summary: "Two objects of a directory share a name (ignoring case).",
    why: "Object mappings name their objects; the second definition is unreachable or \
          rejected.",
    example: "```json\n{\"objects\": [{\"name\": \"User\"}, {\"name\": \"user\"}]}\n```\n\n\
              Merge their attributes into one object.",
};

/// Registry entry of U303.
pub(crate) static ATTRIBUTE: RuleMeta = RuleMeta {
    code: "U303",
    name: "duplicate-attribute",
    severity: Severity::Error,
    summary: "Two attributes of an object share a name (ignoring case).",
    why: "Mappings and scoping clauses name attributes; which definition (type, mutability, \
          anchor) applies is undefined. Graph rejects the schema.",
    example: "```json\n{\"attributes\": [{\"name\": \"mail\"}, {\"name\": \"Mail\"}]}\n```\n\n\
              Keep one definition.",
};

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
        let directories = view.schema.directories();
        for group in view.directory_index().duplicates() {
            if let [first, rest @ ..] = group {
                for d in rest {
                    let name = directories
                        .get(*d)
                        .and_then(|x| x.name.as_str())
                        .unwrap_or_default();
                    report(
                        sink,
                        &DIRECTORY,
                        "directory",
                        name,
                        view.directory_pointer(*first).key("name"),
                        view.directory_pointer(*d).key("name"),
                    );
                }
            }
        }
        for (d, directory) in directories.iter().enumerate() {
            let objects = directory.objects();
            let objects_at = view.directory_pointer(d).key("objects");
            if let Some(index) = view.object_index(d) {
                for group in index.duplicates() {
                    if let [first, rest @ ..] = group {
                        for o in rest {
                            let name = objects
                                .get(*o)
                                .and_then(|x| x.name.as_str())
                                .unwrap_or_default();
                            report(
                                sink,
                                &OBJECT,
                                "object",
                                name,
                                objects_at.index(*first).key("name"),
                                objects_at.index(*o).key("name"),
                            );
                        }
                    }
                }
            }
            for (o, object) in objects.iter().enumerate() {
                let attributes = object.attributes();
                let attributes_at = objects_at.index(o).key("attributes");
                let Some(index) = view.attribute_index(d, o) else {
                    continue;
                };
                for group in index.duplicates() {
                    if let [first, rest @ ..] = group {
                        for a in rest {
                            let name = attributes
                                .get(*a)
                                .and_then(|x| x.name.as_str())
                                .unwrap_or_default();
                            report(
                                sink,
                                &ATTRIBUTE,
                                "attribute",
                                name,
                                attributes_at.index(*first).key("name"),
                                attributes_at.index(*a).key("name"),
                            );
                        }
                    }
                }
            }
        }
    }
}
