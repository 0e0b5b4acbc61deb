//! The enumeration members: S105 unknown-enum-member and S106 new-enum-member, an
//! enumeration value that names no member the Graph metadata defines (compared
//! case-insensitively). Reported from the same walk as S104.
//!
//! What happens to a member synclens has never seen depends on the set
//! ([`Members::OPEN`](crate::model::Members)): in a closed set, one people write (flow
//! types, mutability, attribute types), it is most likely a misspelling: S105, a
//! warning. In an open set, one Graph extends and the service writes (metadata keys,
//! secret names, discoverabilities, status and quarantine reasons), it is most likely a
//! member newer than synclens: S106, an info. Neither is ever an error.

pub(crate) mod new_enum_member;
pub(crate) mod unknown_enum_member;

use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::suggest;

/// Reports `text`, which is no known member of `type_name`: S106 in an open set, S105
/// in a closed one.
pub(crate) fn report(
    sink: &mut Sink,
    at: &JsonPointer,
    type_name: &str,
    text: &str,
    members: &[&'static str],
    open: bool,
) {
    let nearest = suggest::nearest(text, members.iter().copied());
    if open {
        new_enum_member::report(sink, at, type_name, text, nearest);
    } else {
        unknown_enum_member::report(sink, at, type_name, text, members, nearest);
    }
}
