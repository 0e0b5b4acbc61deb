//! R206 unknown-referenced-object: an attribute's `referencedObjects` names an object
//! the directory does not define.

use std::collections::HashMap;

use crate::pointer::JsonPointer;
use crate::validate::context::{Context, Lookup, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "R206",
    name: "unknown-referenced-object",
    severity: Severity::Warning,
    summary: "A reference attribute's `referencedObjects[].referencedObjectName` is not an \
              object of the same directory.",
    why: "Reference values (manager, members) to objects of an unknown type cannot be \
          resolved. Real exports do this for object types the service has not discovered, \
          hence a warning.",
    example: "```json\n{\"name\": \"manager\", \"type\": \"Reference\",\n \"referencedObjects\": \
              [{\"referencedObjectName\": \"persn\"}]}\n```\n\nName an object of the directory.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for (d, directory) in view.schema.directories().iter().enumerate() {
            let directory_name = directory.name.as_str().unwrap_or_default();
            // One finding per missing object name, at its first reference: exports
            // repeat a reference on dozens of attributes.
            let mut missing: Vec<(&str, Vec<JsonPointer>)> = Vec::new();
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (o, object) in directory.objects().iter().enumerate() {
                for (a, attribute) in object.attributes().iter().enumerate() {
                    for (r, referenced) in attribute.referenced_objects.items().iter().enumerate() {
                        let Some(name) = referenced.referenced_object_name.as_str() else {
                            continue;
                        };
                        if !matches!(view.object(d, name), Lookup::Missing) {
                            continue;
                        }
                        let at = view
                            .directory_pointer(d)
                            .key("objects")
                            .index(o)
                            .key("attributes")
                            .index(a)
                            .key("referencedObjects")
                            .index(r)
                            .key("referencedObjectName");
                        if let Some(slot) = seen.get(name).and_then(|i| missing.get_mut(*i)) {
                            slot.1.push(at);
                        } else {
                            seen.insert(name, missing.len());
                            missing.push((name, vec![at]));
                        }
                    }
                }
            }
            for (name, pointers) in missing {
                let Some(first) = pointers.first() else {
                    continue;
                };
                let count = pointers.len();
                let by = if count == 1 {
                    "an attribute".to_owned()
                } else {
                    format!("{count} attributes")
                };
                sink.report(
                    &META,
                    first.clone(),
                    format!(
                        "`{name}` is referenced by {by} but is not an object of directory \
                         `{directory_name}`"
                    ),
                    "add the object type to the directory, or ignore this if the service has \
                     not discovered it yet",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/directories/0/objects/0/attributes/2/referencedObjects/0/referencedObjectName"), "{findings:?}");
    }
}
