//! Graph enumerations that never fail to parse and are written back as they came.
//!
//! Graph adds enum members over time, real exports carry undocumented ones, and the
//! docs spell members in other cases (`"string"` for `String`; beta spells
//! `synchronizationMetadata` members in camelCase). So an enumeration value is an
//! [`Enum`]: the text exactly as it came plus the known member it matches
//! case-insensitively, if any. Flags enumerations ([`Flags`]) accept `"Add, Update"`,
//! `"Add,Update"` and the legacy numeric form, and keep the original spelling too.
//!
//! This module owns that machinery ([`Members`], [`Enum`], [`Flags`] and the `members!`
//! macro); the member lists, SPEC.md §2 (from the v1.0 CSDL) with their numeric values,
//! are in its submodules by what they describe (schema, mapping, job, secret, template).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::field::{Shape, Shaped};

/// The known members of one Graph enumeration.
pub trait Members: Sized + Copy + Eq + fmt::Debug + 'static {
    /// The enumeration's name in the Graph metadata (e.g. `attributeType`).
    const TYPE_NAME: &'static str;
    /// What the enumeration is for (used in the generated JSON Schemas).
    const DESCRIPTION: &'static str;
    /// Every member with its canonical spelling and numeric value.
    const MEMBERS: &'static [(Self, &'static str, u64)];
    /// Whether the set is open: Graph extends it over time and the service writes its
    /// members (metadata keys, secret names, status and quarantine reasons), so a
    /// member synclens has never seen is most likely a new one, not a misspelling.
    /// Closed sets are those people write (flow types, mutability, attribute types).
    const OPEN: bool;

    /// The canonical spelling of this member.
    fn name(self) -> &'static str {
        Self::MEMBERS
            .iter()
            .find(|(member, _, _)| *member == self)
            .map_or("", |(_, name, _)| name)
    }

    /// The numeric value of this member.
    fn bits(self) -> u64 {
        Self::MEMBERS
            .iter()
            .find(|(member, _, _)| *member == self)
            .map_or(0, |(_, _, bits)| *bits)
    }

    /// The member whose name matches `text`, ignoring ASCII case and surrounding spaces.
    fn lookup(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::MEMBERS
            .iter()
            .find(|(_, name, _)| name.eq_ignore_ascii_case(text))
            .map(|(member, _, _)| *member)
    }
}

/// Declares the known members of a Graph enumeration (variant names are the Graph
/// member names).
macro_rules! members {
    (
        $(#[$meta:meta])*
        $name:ident = $graph_name:literal, $set:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $bits:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(non_camel_case_types)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("The member `", stringify!($variant), "` (", stringify!($bits), ").")]
                $variant,
            )*
        }

        impl $crate::model::enums::Members for $name {
            const TYPE_NAME: &'static str = $graph_name;
            const DESCRIPTION: &'static str = concat!($(stringify!($meta), " "),*);
            const MEMBERS: &'static [(Self, &'static str, u64)] =
                &[ $( ($name::$variant, stringify!($variant), $bits) ),* ];
            const OPEN: bool = members!(@open $set);
        }
    };
    (@open open) => { true };
    (@open closed) => { false };
}

/// A value of a Graph enumeration: the text as it came, and the known member it names.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Enum<K> {
    raw: String,
    known: Option<K>,
}

impl<K: Members> Enum<K> {
    /// Reads an enumeration value from its text (never fails).
    pub fn parse(text: impl Into<String>) -> Self {
        let raw = text.into();
        let known = K::lookup(&raw);
        Enum { raw, known }
    }

    /// The value in its canonical spelling.
    pub fn from_member(member: K) -> Self {
        Enum {
            raw: member.name().to_owned(),
            known: Some(member),
        }
    }

    /// The text exactly as it appeared in the document.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The known member this value names, if any.
    pub fn known(&self) -> Option<K> {
        self.known
    }

    /// Whether this value names `member` (in any spelling).
    pub fn is(&self, member: K) -> bool {
        self.known == Some(member)
    }

    /// Whether the value names no known member (an undocumented or misspelled value).
    pub fn is_unknown(&self) -> bool {
        self.known.is_none()
    }

    /// Whether the value is spelled exactly as the Graph metadata spells it.
    pub fn is_canonical(&self) -> bool {
        self.known.is_some_and(|member| member.name() == self.raw)
    }
}

impl<K: Members> fmt::Debug for Enum<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.known {
            Some(member) => write!(f, "{member:?}({:?})", self.raw),
            None => write!(f, "Unknown({:?})", self.raw),
        }
    }
}

impl<K: Members> fmt::Display for Enum<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl<K> Shaped for Enum<K> {
    const SHAPE: Shape = Shape::Scalar;
}

impl<K> Serialize for Enum<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de, K: Members> Deserialize<'de> for Enum<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnumVisitor<K>(PhantomData<K>);
        impl<K: Members> Visitor<'_> for EnumVisitor<K> {
            type Value = Enum<K>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a {} string", K::TYPE_NAME)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Enum::parse(v))
            }
        }
        deserializer.deserialize_str(EnumVisitor(PhantomData))
    }
}

impl<K: Members> JsonSchema for Enum<K> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(K::TYPE_NAME)
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = K::MEMBERS.iter().map(|(_, name, _)| *name).collect();
        json_schema!({
            "description": format!(
                "{} Known members: {}. Matched case-insensitively; other strings are \
                 accepted (Graph adds members) and reported by `synclens validate`.",
                doc_text(K::DESCRIPTION),
                names.join(", ")
            ),
            "type": "string",
            "examples": names,
        })
    }
}

/// A value of a Graph flags enumeration (`objectFlowTypes`, …): comma-separated member
/// names (with or without spaces) or, in legacy documents, a number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Flags<K> {
    raw: FlagsText,
    _members: PhantomData<K>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FlagsText {
    Names(String),
    Number(u64),
}

impl<K: Members> Flags<K> {
    /// Reads a flags value from its comma-separated text (never fails).
    pub fn parse(text: impl Into<String>) -> Self {
        Flags {
            raw: FlagsText::Names(text.into()),
            _members: PhantomData,
        }
    }

    /// The value as it appeared: its text, or the number for the legacy numeric form.
    pub fn as_text(&self) -> Cow<'_, str> {
        match &self.raw {
            FlagsText::Names(text) => Cow::Borrowed(text),
            FlagsText::Number(bits) => Cow::Owned(bits.to_string()),
        }
    }

    /// The member names as written (trimmed), in order; empty for the numeric form.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let text = match &self.raw {
            FlagsText::Names(text) => text.as_str(),
            FlagsText::Number(_) => "",
        };
        text.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
    }

    /// The known members set in this value.
    pub fn members(&self) -> Vec<K> {
        match &self.raw {
            FlagsText::Names(_) => self.names().filter_map(K::lookup).collect(),
            FlagsText::Number(bits) => K::MEMBERS
                .iter()
                .filter(|(_, _, value)| *value != 0 && bits & value == *value)
                .map(|(member, _, _)| *member)
                .collect(),
        }
    }

    /// Names in the value that are not members of the enumeration.
    pub fn unknown_names(&self) -> Vec<&str> {
        self.names()
            .filter(|name| K::lookup(name).is_none())
            .collect()
    }

    /// The numeric value of the known members set (unknown names contribute nothing).
    pub fn bits(&self) -> u64 {
        match &self.raw {
            FlagsText::Names(_) => self
                .names()
                .filter_map(K::lookup)
                .fold(0, |acc, member| acc | member.bits()),
            FlagsText::Number(bits) => *bits,
        }
    }

    /// Whether `member` is set.
    pub fn contains(&self, member: K) -> bool {
        let bits = member.bits();
        if bits == 0 {
            return self.bits() == 0;
        }
        self.bits() & bits == bits
    }
}

impl<K: Members> fmt::Debug for Flags<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flags({:?})", self.as_text())
    }
}

impl<K: Members> fmt::Display for Flags<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl<K> Shaped for Flags<K> {
    const SHAPE: Shape = Shape::Scalar;
}

impl<K> Serialize for Flags<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.raw {
            FlagsText::Names(text) => serializer.serialize_str(text),
            FlagsText::Number(bits) => serializer.serialize_u64(*bits),
        }
    }
}

impl<'de, K: Members> Deserialize<'de> for Flags<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagsVisitor<K>(PhantomData<K>);
        impl<K: Members> Visitor<'_> for FlagsVisitor<K> {
            type Value = Flags<K>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a {} string such as \"A, B\"", K::TYPE_NAME)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Flags::parse(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Flags {
                    raw: FlagsText::Number(v),
                    _members: PhantomData,
                })
            }
        }
        deserializer.deserialize_any(FlagsVisitor(PhantomData))
    }
}

impl<K: Members> JsonSchema for Flags<K> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(K::TYPE_NAME)
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = K::MEMBERS.iter().map(|(_, name, _)| *name).collect();
        json_schema!({
            "description": format!(
                "{} Flags: comma-separated member names (\"A, B\" or \"A,B\"), or a \
                 non-negative number in legacy documents. Known members: {}.",
                doc_text(K::DESCRIPTION),
                names.join(", ")
            ),
            "type": ["string", "integer"],
            "minimum": 0,
        })
    }
}

/// Turns the `doc = "..."` attributes captured by `members!` into plain text.
fn doc_text(captured: &str) -> String {
    let mut text = String::new();
    for part in captured.split("doc =").skip(1) {
        let part = part.trim();
        let part = part.strip_prefix('r').unwrap_or(part);
        let part = part.strip_prefix('"').unwrap_or(part);
        let part = part.trim_end().trim_end_matches('"');
        let part = part.trim();
        if !text.is_empty() && !part.is_empty() {
            text.push(' ');
        }
        text.push_str(part);
    }
    text.replace("\\\"", "\"")
}

mod job;
mod mapping;
mod schema;
mod secret;
mod template;

pub use job::*;
pub use mapping::*;
pub use schema::*;
pub use secret::*;
pub use template::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_match_case_insensitively_and_keep_their_spelling() {
        let value: Enum<AttributeType> = serde_json::from_str(r#""string""#).unwrap();
        assert!(value.is(AttributeType::String));
        assert!(!value.is_canonical());
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""string""#);
    }

    #[test]
    fn unknown_members_parse_and_round_trip() {
        let value: Enum<Mutability> = serde_json::from_str(r#""Sometimes""#).unwrap();
        assert!(value.is_unknown());
        assert_eq!(value.as_str(), "Sometimes");
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""Sometimes""#);
    }

    #[test]
    fn flags_accept_both_separators_and_numbers() {
        for text in [
            "Add, Update, Delete",
            "Add,Update,Delete",
            "add ,update,DELETE",
        ] {
            let flags = Flags::<ObjectFlowTypes>::parse(text);
            assert_eq!(flags.bits(), 7, "{text}");
            assert!(flags.contains(ObjectFlowTypes::Delete));
            assert_eq!(serde_json::to_value(&flags).unwrap(), text);
        }
        let flags: Flags<ObjectFlowTypes> = serde_json::from_str("3").unwrap();
        assert_eq!(
            flags.members(),
            [ObjectFlowTypes::Add, ObjectFlowTypes::Update]
        );
        assert_eq!(serde_json::to_string(&flags).unwrap(), "3");
        let flags = Flags::<ObjectFlowTypes>::parse("Add, Merge");
        assert_eq!(flags.unknown_names(), ["Merge"]);
        assert!(!flags.contains(ObjectFlowTypes::Delete));
    }

    #[test]
    fn member_docs_become_schema_descriptions() {
        assert_eq!(
            doc_text(Mutability::DESCRIPTION),
            "Whether an attribute can be written."
        );
    }
}
