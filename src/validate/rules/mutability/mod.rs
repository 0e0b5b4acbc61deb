//! The mutability rules: M405 read-only-target, M406 always-into-immutable and M407
//! required-target-unmapped, what the target attribute's definition allows. One pass
//! over each object mapping's attribute mappings.

pub(crate) mod always_into_immutable;
pub(crate) mod read_only_target;
pub(crate) mod required_target_unmapped;

use std::collections::HashSet;

use crate::model::{Enum, Mutability};
use crate::validate::context::{Context, Sink};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for site in view.object_mappings() {
            let Some(target) = site.target else { continue };
            let mut mapped = HashSet::new();
            let at = site.at.key("attributeMappings");
            for (index, mapping) in site.mapping.attribute_mappings().iter().enumerate() {
                let Some(name) = mapping.target_attribute_name.as_str() else {
                    continue;
                };
                mapped.insert(name.to_lowercase());
                let Some((_, definition)) = view.attribute(target, name).found() else {
                    continue;
                };
                let mapping_at = at.index(index);
                match definition.mutability.get().and_then(Enum::known) {
                    Some(Mutability::ReadOnly) => {
                        read_only_target::report(view, target, &mapping_at, name, sink);
                    }
                    Some(Mutability::Immutable) => {
                        always_into_immutable::check(mapping, &mapping_at, name, sink);
                    }
                    _ => {}
                }
            }
            required_target_unmapped::check(view, site, target, &mapped, sink);
        }
    }
}
