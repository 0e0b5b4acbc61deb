//! What a schema says about the source attributes an expression reads — their data
//! type and whether they hold several values — and values given as text or JSON
//! turned into what the service would hold: `"true"` of a Boolean attribute is the
//! Boolean `True`, `"42"` of an Integer attribute a number, a date of a DateTime
//! attribute a date, a DN of a Reference attribute a reference, and one value of a
//! multi-valued attribute a list of one. A value that does not read as its type stays
//! as given (the evaluator then reports what the function makes of it).

use std::collections::BTreeMap;

use super::{Object, Value, parse_date};
use crate::model::{AttributeType, DirectoryDefinition, Enum, SynchronizationSchema};

/// An attribute's type and multi-valuedness, as its definition states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The data type; `None` when the definition names a type synclens does not know
    /// (or none).
    pub attribute_type: Option<AttributeType>,
    /// Whether the attribute holds several values.
    pub multivalued: bool,
}

/// The shapes of the source attributes, by name (compared ignoring case, as directory
/// attribute names are).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shapes {
    by_name: BTreeMap<String, Shape>,
    /// Attributes defined with different shapes by the objects read: left untyped.
    pub conflicts: Vec<String>,
}

/// Why shapes cannot be read: the object named is not in the schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the schema has no object `{object}`; its objects: {}", choices.join(", "))]
pub struct UnknownObject {
    /// The object asked for.
    pub object: String,
    /// The objects the schema defines (sorted, each once).
    pub choices: Vec<String>,
}

impl Shapes {
    /// The shapes of the attributes of the objects named `object` (in any directory,
    /// ignoring case), or, when `None`, of every object of the schema; an attribute
    /// that two objects define differently is left out and named in
    /// [`Shapes::conflicts`].
    pub fn from_schema(
        schema: &SynchronizationSchema,
        object: Option<&str>,
    ) -> Result<Shapes, UnknownObject> {
        let objects: Vec<_> = schema
            .directories()
            .iter()
            .flat_map(DirectoryDefinition::objects)
            .filter(|definition| {
                object.is_none_or(|wanted| {
                    definition
                        .name
                        .as_str()
                        .is_some_and(|name| name.eq_ignore_ascii_case(wanted))
                })
            })
            .collect();
        if let (Some(wanted), true) = (object, objects.is_empty()) {
            let mut choices: Vec<String> = schema
                .directories()
                .iter()
                .flat_map(DirectoryDefinition::objects)
                .filter_map(|definition| definition.name.as_str().map(str::to_owned))
                .collect();
            choices.sort();
            choices.dedup();
            return Err(UnknownObject {
                object: wanted.to_owned(),
                choices,
            });
        }
        let mut shapes = Shapes::default();
        let mut conflicting = std::collections::BTreeSet::new();
        for definition in objects {
            for attribute in definition.attributes() {
                let Some(name) = attribute.name.as_str() else {
                    continue;
                };
                let shape = Shape {
                    attribute_type: attribute.r#type.get().and_then(Enum::known),
                    multivalued: attribute.multivalued.get() == Some(&true),
                };
                let key = name.to_lowercase();
                match shapes.by_name.get(&key) {
                    Some(seen) if *seen != shape => {
                        conflicting.insert(key);
                    }
                    Some(_) => {}
                    None => {
                        shapes.by_name.insert(key, shape);
                    }
                }
            }
        }
        for key in &conflicting {
            shapes.by_name.remove(key);
        }
        shapes.conflicts = conflicting.into_iter().collect();
        Ok(shapes)
    }

    /// The shape of an attribute, if the schema states one.
    pub fn get(&self, name: &str) -> Option<Shape> {
        // Attribute names are short ASCII: lower-cased on the stack, not allocated
        // (this runs for every attribute of every object of a sample).
        let mut buffer = [0_u8; 64];
        if name.is_ascii()
            && let Some(lower) = buffer.get_mut(..name.len())
        {
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            if let Ok(lower) = std::str::from_utf8(lower) {
                return self.by_name.get(lower).copied();
            }
        }
        self.by_name.get(&name.to_lowercase()).copied()
    }

    /// How many attributes have a shape.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether no attribute has a shape.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Every value of `object` given its attribute's shape ([`shaped`]).
    pub fn apply(&self, mut object: Object) -> Object {
        for (name, value) in &mut object {
            if let Some(shape) = self.get(name) {
                *value = shaped(std::mem::replace(value, Value::Null), shape);
            }
        }
        object
    }
}

/// `value` as an attribute of `shape` holds it (see the module documentation).
pub fn shaped(value: Value, shape: Shape) -> Value {
    match value {
        Value::String(text) if shape.multivalued => Value::List(vec![text]),
        Value::String(text) => match shape.attribute_type {
            Some(AttributeType::Boolean) if text.eq_ignore_ascii_case("true") => {
                Value::Boolean(true)
            }
            Some(AttributeType::Boolean) if text.eq_ignore_ascii_case("false") => {
                Value::Boolean(false)
            }
            Some(AttributeType::Integer) => match text.trim().parse::<i64>() {
                Ok(number) => Value::Number(number),
                Err(_) => Value::String(text),
            },
            Some(AttributeType::DateTime) => match parse_date(&text) {
                Some(date) => Value::DateTime(date),
                None => Value::String(text),
            },
            Some(AttributeType::Reference) => Value::Reference(text),
            _ => Value::String(text),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> SynchronizationSchema {
        serde_json::from_value(serde_json::json!({
            "directories": [
                {"name": "AD", "objects": [{"name": "user", "attributes": [
                    {"name": "accountEnabled", "type": "Boolean"},
                    {"name": "employeeNumber", "type": "Integer"},
                    {"name": "whenCreated", "type": "DateTime"},
                    {"name": "manager", "type": "Reference"},
                    {"name": "proxyAddresses", "type": "String", "multivalued": true},
                    {"name": "mail", "type": "String"}
                ]}, {"name": "group", "attributes": [
                    {"name": "mail", "type": "String", "multivalued": true}
                ]}]}
            ]
        }))
        .expect("a schema")
    }

    fn text(value: &str) -> Value {
        Value::String(value.to_owned())
    }

    #[test]
    fn text_becomes_what_the_attribute_holds() {
        let shapes = Shapes::from_schema(&schema(), Some("User")).expect("user exists");
        let object: Object = [
            ("AccountEnabled", text("TRUE")),
            ("employeeNumber", text("42")),
            ("whenCreated", text("2025-01-02T03:04:05Z")),
            ("manager", text("CN=Boss,DC=contoso,DC=com")),
            ("proxyAddresses", text("smtp:a@contoso.com")),
            ("mail", text("a@contoso.com")),
            ("notInTheSchema", text("true")),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
        let typed = shapes.apply(object);
        assert_eq!(typed["AccountEnabled"], Value::Boolean(true));
        assert_eq!(typed["employeeNumber"], Value::Number(42));
        assert!(matches!(typed["whenCreated"], Value::DateTime(_)));
        assert!(matches!(typed["manager"], Value::Reference(_)));
        assert_eq!(
            typed["proxyAddresses"],
            Value::List(vec!["smtp:a@contoso.com".to_owned()])
        );
        assert_eq!(typed["mail"], text("a@contoso.com"));
        assert_eq!(typed["notInTheSchema"], text("true"));
    }

    #[test]
    fn values_that_do_not_read_as_their_type_stay_as_given() {
        let shape = |attribute_type| Shape {
            attribute_type: Some(attribute_type),
            multivalued: false,
        };
        assert_eq!(
            shaped(text("yes"), shape(AttributeType::Boolean)),
            text("yes")
        );
        assert_eq!(
            shaped(text("4x"), shape(AttributeType::Integer)),
            text("4x")
        );
        assert_eq!(
            shaped(text("soon"), shape(AttributeType::DateTime)),
            text("soon")
        );
    }

    #[test]
    fn objects_that_disagree_leave_the_attribute_untyped_and_an_unknown_object_lists_the_choices() {
        let shapes = Shapes::from_schema(&schema(), None).expect("every object");
        assert_eq!(shapes.get("mail"), None);
        assert_eq!(shapes.conflicts, vec!["mail".to_owned()]);
        assert!(shapes.get("accountEnabled").is_some());
        let error = Shapes::from_schema(&schema(), Some("contact")).expect_err("no contact");
        assert_eq!(error.choices, vec!["group".to_owned(), "user".to_owned()]);
        assert!(error.to_string().contains("group, user"), "{error}");
    }
}
