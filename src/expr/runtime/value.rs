//! The values an expression computes with: null (an absent attribute), strings,
//! multi-valued attributes, Booleans, dates, numbers, references and complex values;
//! their conversions; and [`Output`], what the service would write to the target.

use std::fmt;

use super::date::DateTime;

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// No value: an absent attribute, or a function with nothing to return.
    Null,
    /// A string.
    String(String),
    /// A multi-valued attribute (or `Split`'s result).
    List(Vec<String>),
    /// `True` / `False`.
    Boolean(bool),
    /// A date and time (UTC).
    DateTime(DateTime),
    /// A whole number (an integer literal, `BitAnd`, `Count`, `InStr`, …).
    Number(i64),
    /// A reference (a DN), as `CRef` makes.
    Reference(String),
    /// A complex value given as JSON (`[appRoleAssignments]`).
    Complex(serde_json::Value),
}

impl Value {
    /// Whether the value is null (an empty multi-valued attribute counts as null).
    pub fn is_null(&self) -> bool {
        match self {
            Value::Null | Value::Complex(serde_json::Value::Null) => true,
            Value::List(items) => items.is_empty(),
            _ => false,
        }
    }

    /// Whether the value is null or the empty string.
    pub fn is_null_or_empty(&self) -> bool {
        match self {
            Value::String(text) | Value::Reference(text) => text.is_empty(),
            Value::List(items) => items.iter().all(String::is_empty),
            other => other.is_null(),
        }
    }

    /// The value as the service prints it: Booleans `True`/`False`, numbers in
    /// invariant culture, dates `M/d/yyyy h:mm:ss tt`, complex values as JSON. `None`
    /// for null and for a multi-valued value with more than one value.
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::String(text) | Value::Reference(text) => Some(text.clone()),
            Value::List(items) => match items.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            },
            Value::Boolean(true) => Some("True".to_owned()),
            Value::Boolean(false) => Some("False".to_owned()),
            Value::DateTime(date) => Some(date.to_string()),
            Value::Number(number) => Some(number.to_string()),
            Value::Complex(value) => Some(value.to_string()),
        }
    }

    /// Every value as text: the values of a multi-valued one, one for a single value,
    /// none for null.
    pub fn texts(&self) -> Vec<String> {
        match self {
            Value::List(items) => items.clone(),
            Value::Complex(serde_json::Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
                .collect(),
            other => other.text().into_iter().collect(),
        }
    }

    /// A short name of the value's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::String(_) => "string",
            Value::List(_) => "multi-valued",
            Value::Boolean(_) => "Boolean",
            Value::DateTime(_) => "DateTime",
            Value::Number(_) => "number",
            Value::Reference(_) => "reference",
            Value::Complex(_) => "complex",
        }
    }

    /// The value read from JSON input: a string, a list of strings, null, a number or
    /// Boolean (as the service reads them), anything else as a complex value.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::String(text) => Value::String(text.clone()),
            serde_json::Value::Bool(flag) => Value::Boolean(*flag),
            serde_json::Value::Number(number) => number
                .as_i64()
                .map_or_else(|| Value::String(number.to_string()), Value::Number),
            serde_json::Value::Array(items) if items.iter().all(serde_json::Value::is_string) => {
                Value::List(
                    items
                        .iter()
                        .filter_map(|item| item.as_str().map(str::to_owned))
                        .collect(),
                )
            }
            other => Value::Complex(other.clone()),
        }
    }

    /// [`Value::from_json`] taking the JSON value, so its texts are moved, not copied.
    pub fn from_json_owned(json: serde_json::Value) -> Value {
        match json {
            serde_json::Value::String(text) => Value::String(text),
            serde_json::Value::Array(items) if items.iter().all(serde_json::Value::is_string) => {
                Value::List(
                    items
                        .into_iter()
                        .filter_map(|item| match item {
                            serde_json::Value::String(text) => Some(text),
                            _ => None,
                        })
                        .collect(),
                )
            }
            other => Value::from_json(&other),
        }
    }

    /// What the service would write for this value.
    pub fn to_output(&self) -> Output {
        match self {
            Value::List(items) => Output::List(items.clone()),
            Value::Complex(serde_json::Value::Array(_)) => Output::List(self.texts()),
            other => other.text().map_or(Output::Null, Output::String),
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::String(text)
    }
}

/// What an expression gives the target attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Nothing: the attribute does not flow.
    Null,
    /// One string.
    String(String),
    /// Several values (a multi-valued target).
    List(Vec<String>),
}

impl Output {
    /// As JSON: a string, a list of strings or null.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Output::Null => serde_json::Value::Null,
            Output::String(text) => serde_json::Value::String(text.clone()),
            Output::List(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(|item| serde_json::Value::String(item.clone()))
                    .collect(),
            ),
        }
    }
}

impl fmt::Display for Output {
    /// A string as is, a list as a JSON array, null as `null`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Output::Null => f.write_str("null"),
            Output::String(text) => f.write_str(text),
            Output::List(_) => f.write_str(&self.to_json().to_string()),
        }
    }
}
