//! `Field<T>`: one property of a Graph object, exactly as the document had it.
//!
//! Graph documents distinguish a property that is absent from one that is `null`, and
//! real exports carry both. A plain `Option<T>` would lose that difference on the way
//! back out, so every modelled property is a [`Field`]: absent, `null`, a value of the
//! expected type, or a value of the *wrong* JSON type kept verbatim ([`Field::Invalid`]).
//! Keeping wrongly typed values instead of failing means a document with a hand-edit
//! mistake such as `"matchingPriority": "1"` still loads, round-trips unchanged, and can
//! be reported by the structural validator with its location.

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    StringDeserializer, U64Deserializer,
};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The JSON shape a modelled type expects: decides whether an input value is of the
/// right kind before any of it is consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A string, number or boolean.
    Scalar,
    /// A JSON array.
    Array,
    /// A JSON object.
    Object,
}

/// Types that can sit in a [`Field`]: they say which JSON shape they are read from.
pub trait Shaped {
    /// The JSON shape this type deserializes from.
    const SHAPE: Shape;
}

macro_rules! scalar_shapes {
    ($($t:ty),*) => { $(impl Shaped for $t { const SHAPE: Shape = Shape::Scalar; })* };
}
scalar_shapes!(String, bool, i32, i64, u32, u64, f64);

impl<T> Shaped for Vec<T> {
    const SHAPE: Shape = Shape::Array;
}

impl Shaped for serde_json::Map<String, Value> {
    const SHAPE: Shape = Shape::Object;
}

/// One property of a Graph object: absent, `null`, a typed value, or a value of the
/// wrong JSON type kept as it came.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Field<T> {
    /// The property is not in the document.
    #[default]
    Absent,
    /// The property is present with the value `null`.
    Null,
    /// The property holds a value of the expected type.
    Value(T),
    /// The property holds a value of another JSON type (kept verbatim; the structural
    /// validator reports it).
    Invalid(Value),
}

impl<T> Field<T> {
    /// The typed value, if the property holds one.
    pub fn get(&self) -> Option<&T> {
        match self {
            Field::Value(value) => Some(value),
            _ => None,
        }
    }

    /// Mutable access to the typed value, if the property holds one.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(value) => Some(value),
            _ => None,
        }
    }

    /// Whether the property is missing from the document.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// Whether the property is present with `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// Whether the property is absent or `null`.
    pub fn is_missing(&self) -> bool {
        matches!(self, Field::Absent | Field::Null)
    }

    /// Whether the property holds a value of the wrong JSON type.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Field::Invalid(_))
    }
}

impl Field<String> {
    /// The string value, if the property holds one.
    pub fn as_str(&self) -> Option<&str> {
        self.get().map(String::as_str)
    }
}

impl<T> Field<Vec<T>> {
    /// The elements, or an empty slice when the property is absent, `null` or invalid.
    pub fn items(&self) -> &[T] {
        self.get().map_or(&[], Vec::as_slice)
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Absent | Field::Null => serializer.serialize_none(),
            Field::Value(value) => value.serialize(serializer),
            Field::Invalid(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T> Deserialize<'de> for Field<T>
where
    T: Deserialize<'de> + Shaped,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor(PhantomData))
    }
}

struct FieldVisitor<T>(PhantomData<T>);

impl<'de, T> FieldVisitor<T>
where
    T: Deserialize<'de> + Shaped,
{
    /// Reads a scalar into `T`, keeping the raw value when it does not fit.
    fn scalar<D>(deserializer: D, raw: impl FnOnce() -> Value) -> Field<T>
    where
        D: Deserializer<'de, Error = de::value::Error>,
    {
        if T::SHAPE != Shape::Scalar {
            return Field::Invalid(raw());
        }
        match T::deserialize(deserializer) {
            Ok(value) => Field::Value(value),
            Err(_) => Field::Invalid(raw()),
        }
    }
}

impl<'de, T> Visitor<'de> for FieldVisitor<T>
where
    T: Deserialize<'de> + Shaped,
{
    type Value = Field<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Field::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Self::scalar(BoolDeserializer::new(v), || Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Self::scalar(I64Deserializer::new(v), || Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Self::scalar(U64Deserializer::new(v), || Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Self::scalar(F64Deserializer::new(v), || Value::from(v)))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Self::scalar(BorrowedStrDeserializer::new(v), || {
            Value::String(v.to_owned())
        }))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if T::SHAPE != Shape::Scalar {
            return Ok(Field::Invalid(Value::String(v.to_owned())));
        }
        // `T` may borrow from 'de; a transient &str can only be read into owned types,
        // so go through an owned String.
        let owned = v.to_owned();
        Ok(Self::scalar(
            StringDeserializer::<de::value::Error>::new(owned.clone()),
            || Value::String(owned),
        ))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if T::SHAPE != Shape::Scalar {
            return Ok(Field::Invalid(Value::String(v)));
        }
        let keep = v.clone();
        Ok(Self::scalar(StringDeserializer::new(v), || {
            Value::String(keep)
        }))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let deserializer = de::value::SeqAccessDeserializer::new(seq);
        if T::SHAPE == Shape::Array {
            T::deserialize(deserializer).map(Field::Value)
        } else {
            Value::deserialize(deserializer).map(Field::Invalid)
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let deserializer = de::value::MapAccessDeserializer::new(map);
        if T::SHAPE == Shape::Object {
            T::deserialize(deserializer).map(Field::Value)
        } else {
            Value::deserialize(deserializer).map(Field::Invalid)
        }
    }
}

impl<T: JsonSchema> JsonSchema for Field<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Option<T> as JsonSchema>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <Option<T> as JsonSchema>::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T> as JsonSchema>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Probe {
        #[serde(default, skip_serializing_if = "Field::is_absent")]
        n: Field<i32>,
        #[serde(default, skip_serializing_if = "Field::is_absent")]
        s: Field<String>,
        #[serde(default, skip_serializing_if = "Field::is_absent")]
        v: Field<Vec<String>>,
    }

    fn round_trip(text: &str) -> (Probe, Value) {
        let probe: Probe = serde_json::from_str(text).unwrap();
        let back = serde_json::to_value(&probe).unwrap();
        (probe, back)
    }

    #[test]
    fn absent_null_value_and_invalid_are_kept_apart() {
        let text = r#"{"n": null, "s": "x", "v": ["a"]}"#;
        let (probe, back) = round_trip(text);
        assert!(probe.n.is_null());
        assert_eq!(probe.s.as_str(), Some("x"));
        assert_eq!(probe.v.items(), ["a".to_owned()]);
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());

        let (probe, back) = round_trip("{}");
        assert!(probe.n.is_absent() && probe.s.is_absent() && probe.v.is_absent());
        assert_eq!(back, serde_json::json!({}));
    }

    #[test]
    fn wrong_types_are_kept_verbatim() {
        let text = r#"{"n": "high", "s": {"a": [1, 2]}, "v": "not a list"}"#;
        let (probe, back) = round_trip(text);
        assert!(probe.n.is_invalid());
        assert!(probe.s.is_invalid());
        assert!(probe.v.is_invalid());
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn out_of_range_numbers_are_invalid_not_truncated() {
        let text = r#"{"n": 3000000000}"#;
        let (probe, back) = round_trip(text);
        assert!(probe.n.is_invalid());
        assert_eq!(back, serde_json::json!({"n": 3_000_000_000_u64}));
    }

    #[test]
    fn reading_from_a_value_works_like_reading_text() {
        let value: Value = serde_json::from_str(r#"{"n": 2, "s": 5}"#).unwrap();
        let probe = Probe::deserialize(&value).unwrap();
        assert_eq!(probe.n.get(), Some(&2));
        assert!(probe.s.is_invalid());
    }
}
