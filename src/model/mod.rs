//! Typed serde models of the Microsoft Graph synchronization API (SPEC.md §1–§2) and
//! the document kinds synclens reads.
//!
//! Every Graph type is declared once with [`graph_object!`](object), which makes each
//! property a [`Field`] and keeps unknown properties in `extra`: loading a document and
//! writing it back gives the same JSON. Enumerations are [`Enum`]/[`Flags`] values that
//! never fail on members Graph added later and keep their spelling. Dates and durations
//! are kept as text ([`Timestamp`], [`Duration`]) because real exports carry sentinels.
//!
//! [`Document`] is one whole file of a known [`Kind`]; [`Kind::detect`] decides which
//! from the JSON alone.

#[macro_use]
pub(crate) mod object;
pub mod document;
pub mod enums;
pub mod facts;
pub mod field;
pub mod job;
pub mod kind;
pub mod mapping;
pub mod schema;
pub mod template;
pub mod time;
pub mod walk;

pub use document::{Document, TextReadError};
pub use enums::*;
pub use field::Field;
pub use job::*;
pub use kind::{Detection, JsonShape, Kind, UnknownKind};
pub use mapping::*;
pub use object::{Extra, RequiredProperties};
pub use schema::*;
pub use template::*;
pub use time::{Duration, Timestamp};
