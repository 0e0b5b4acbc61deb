//! The `graph_object!` macro: one declaration per Graph type gives the struct, lossless
//! (de)serialization and its JSON Schema.
//!
//! Each declared property becomes a [`Field`](super::Field) (absent, `null`, typed or
//! wrongly typed); every property the model does not know lands in `extra` and is
//! written back after the known ones, sorted by name. Known
//! properties are written in declaration order — the order Graph itself uses — so a
//! round trip through the model keeps both content and layout. The macro writes the
//! map visitor by hand instead of using `#[serde(flatten)]`, which would buffer every
//! object twice.

use std::borrow::Cow;
use std::fmt;

use schemars::Schema;
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Unknown properties of an object (legacy fields, OData annotations), kept verbatim.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A property name read without copying when the input allows it.
pub(crate) struct KeyText<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(KeyText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(KeyText(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(KeyText(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Graph types that list properties a document is meaningless without.
pub trait RequiredProperties {
    /// JSON names of the required properties (they may still be `null`).
    const REQUIRED: &'static [&'static str];
}

/// schemars transform: marks [`RequiredProperties::REQUIRED`] as `required`.
pub(crate) fn require<T: RequiredProperties>(schema: &mut Schema) {
    if T::REQUIRED.is_empty() {
        return;
    }
    if let Some(object) = schema.as_object_mut() {
        let names = T::REQUIRED
            .iter()
            .map(|name| serde_json::Value::from(*name))
            .collect();
        object.insert("required".to_owned(), serde_json::Value::Array(names));
    }
}

/// Declares a Graph object type. See the module documentation.
///
/// ```text
/// graph_object! {
///     /// Doc comment (becomes the JSON Schema description).
///     AttributeMapping = "attributeMapping", required ["targetAttributeName"] {
///         /// Doc comment.
///         default_value: String = "defaultValue",
///     }
/// }
/// ```
macro_rules! graph_object {
    (
        $(#[$meta:meta])*
        $name:ident = $graph_name:literal, required [$($required:literal),*] {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty = $json:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, ::schemars::JsonSchema)]
        #[serde(rename = $graph_name)]
        #[schemars(transform = $crate::model::object::require::<$name>)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $json, default)]
                pub $field: $crate::model::Field<$ty>,
            )*
            /// Properties the model does not know (legacy fields, OData annotations),
            /// kept and written back unchanged.
            #[serde(flatten)]
            pub extra: $crate::model::Extra,
        }

        impl $name {
            /// The JSON names of the modelled properties, in Graph's order.
            pub const PROPERTIES: &'static [&'static str] = &[$($json),*];
        }

        impl $crate::model::object::RequiredProperties for $name {
            const REQUIRED: &'static [&'static str] = &[$($required),*];
        }

        impl $crate::model::walk::Walk for $name {
            fn walk(
                &self,
                at: &$crate::pointer::JsonPointer,
                visitor: &mut dyn $crate::model::walk::Visitor,
            ) {
                $(
                    if let Some(value) = self.$field.get() {
                        $crate::model::walk::Walk::walk(value, &at.key($json), visitor);
                    }
                )*
                for key in self.extra.keys() {
                    visitor.unknown_property(at, $graph_name, key, Self::PROPERTIES);
                }
            }
        }

        impl $crate::model::field::Shaped for $name {
            const SHAPE: $crate::model::field::Shape = $crate::model::field::Shape::Object;
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let present = [$(!self.$field.is_absent()),*]
                    .iter()
                    .filter(|present| **present)
                    .count();
                let mut map = serializer.serialize_map(Some(present + self.extra.len()))?;
                $(
                    if !self.$field.is_absent() {
                        map.serialize_entry($json, &self.$field)?;
                    }
                )*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", $graph_name, " object"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        let mut object = $name::default();
                        while let Some(key) = map.next_key::<$crate::model::object::KeyText<'de>>()? {
                            match key.0.as_ref() {
                                $( $json => object.$field = map.next_value()?, )*
                                _ => {
                                    let value: ::serde_json::Value = map.next_value()?;
                                    object.extra.insert(key.0.into_owned(), value);
                                }
                            }
                        }
                        Ok(object)
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}
