//! Walking a typed document: every property the model does not know and every
//! enumeration value that names no known member, each with its JSON pointer.
//!
//! The `graph_object!` macro implements [`Walk`] for every Graph type; collections,
//! enumerations and flags implement it here. Validation uses it for its
//! unknown-property and unknown-member findings without walking the JSON twice.

use serde_json::Value;

use super::enums::{Enum, Flags, Members};
use super::time::{Duration, Timestamp};
use crate::pointer::JsonPointer;

/// What a walk reports.
pub trait Visitor {
    /// `object` (at `at`) carries the property `key`, which its type `type_name` does
    /// not model; `known` lists the modelled properties.
    fn unknown_property(
        &mut self,
        at: &JsonPointer,
        type_name: &'static str,
        key: &str,
        known: &'static [&'static str],
    );

    /// The enumeration value at `at` (of the Graph enumeration `type_name`) names no
    /// known member; `members` lists the known ones; `open` says whether Graph extends
    /// the set over time ([`Members::OPEN`]).
    fn unknown_member(
        &mut self,
        at: &JsonPointer,
        type_name: &'static str,
        text: &str,
        members: &[&'static str],
        open: bool,
    );
}

/// A typed value that can be walked.
pub trait Walk {
    /// Reports what `visitor` asks about in this value, which sits at `at`.
    fn walk(&self, at: &JsonPointer, visitor: &mut dyn Visitor);
}

macro_rules! leaf {
    ($($t:ty),*) => {
        $(impl Walk for $t {
            fn walk(&self, _: &JsonPointer, _: &mut dyn Visitor) {}
        })*
    };
}

leaf!(String, bool, i32, i64, u64, Timestamp, Duration, Value);

impl<T: Walk> Walk for Vec<T> {
    fn walk(&self, at: &JsonPointer, visitor: &mut dyn Visitor) {
        for (index, item) in self.iter().enumerate() {
            item.walk(&at.index(index), visitor);
        }
    }
}

fn member_names<K: Members>() -> Vec<&'static str> {
    K::MEMBERS.iter().map(|(_, name, _)| *name).collect()
}

impl<K: Members> Walk for Enum<K> {
    fn walk(&self, at: &JsonPointer, visitor: &mut dyn Visitor) {
        if self.is_unknown() {
            visitor.unknown_member(
                at,
                K::TYPE_NAME,
                self.as_str(),
                &member_names::<K>(),
                K::OPEN,
            );
        }
    }
}

impl<K: Members> Walk for Flags<K> {
    fn walk(&self, at: &JsonPointer, visitor: &mut dyn Visitor) {
        let unknown = self.unknown_names();
        if !unknown.is_empty() {
            let members = member_names::<K>();
            for name in unknown {
                visitor.unknown_member(at, K::TYPE_NAME, name, &members, K::OPEN);
            }
        }
    }
}
